package reftarget

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"
)

// Options configure a Server. Zero values take the documented defaults.
type Options struct {
	// Addr is the listen address; default "127.0.0.1:0".
	Addr string
	// Region is the server's region, default "us-east-1". Credential scopes
	// must name it, and it decides whether re-creating an owned bucket is
	// an error.
	Region string
	// Identities are the accounts whose signed requests are accepted. Each
	// bucket is owned by the identity that created it.
	Identities []Identity
	// Deviations are names from Deviations().
	Deviations []string
	// VirtualHostSuffix, default "localhost", makes Host "b.SUFFIX[:port]"
	// address bucket b (virtual-hosted style); any other Host is path style.
	VirtualHostSuffix string
	// Latency delays every REST response, to make runs slow enough to
	// interrupt in tests.
	Latency time.Duration
	// SOAP starts the SOAP endpoint too (soap.go): HTTPS on SOAPAddr
	// (default: Addr's host, a free port) with a certificate generated at
	// start.
	SOAP     bool
	SOAPAddr string
	// OtherRegion, when set, starts a second REST listener (plain HTTP, on
	// OtherRegionAddr; default: Addr's host, a free port) answering as
	// that region of the same S3: one store, so bucket names are shared,
	// and each bucket lives in the region whose endpoint created it. A
	// request on one listener for a bucket of the other region is answered
	// 301 PermanentRedirect (regions.go). See OtherRegionURL.
	OtherRegion     string
	OtherRegionAddr string
	// RecordConsulted makes the server remember every deviation switch it
	// consulted (see Consulted).
	RecordConsulted bool
	// ExpiredSession is temporary credentials whose session has expired:
	// requests signed with them and carrying their token get ExpiredToken.
	ExpiredSession *Session
	// BucketLimit is how many buckets an account may have; default
	// DefaultBucketLimit.
	BucketLimit int
	// StalledBodyTimeout is how long a request body may go silent before
	// the answer is 400 RequestTimeout; default 2s (stall.go).
	StalledBodyTimeout time.Duration
	// KMSKeys are the IDs of the KMS keys S3 refuses to encrypt with
	// (kms.go); the zero value declares none.
	KMSKeys KMSKeys
}

// Identity is one account's keys.
type Identity struct{ AccessKey, SecretKey string }

// Session is temporary credentials: keys and the session's token.
type Session struct{ AccessKey, SecretKey, Token string }

// Server is a running reference target.
type Server struct {
	region             string
	virtualHostSuffix  string
	stalledBodyTimeout time.Duration
	expiredSession     *Session
	// secrets maps access keys to secret keys.
	secrets map[string]string
	dev     deviationSet
	// operations are the subresource operations it serves (rest.go).
	operations operationTable
	store      *store
	listener   net.Listener
	http       *http.Server
	// soap is the SOAP endpoint; nil without Options.SOAP.
	soap *soapEndpoint
	// kmsKeys are Options.KMSKeys, lower-cased as KMS compares key IDs.
	kmsKeys KMSKeys
	// peer is the listener of the other region (Options.OtherRegion),
	// sharing this one's store; each is the other's peer. Nil with one
	// region.
	peer *Server
}

// Start listens on opts.Addr and serves in the background until Close.
func Start(opts Options) (*Server, error) {
	dev, err := newDeviationSet(opts.Deviations, opts.RecordConsulted)
	if err != nil {
		return nil, err
	}
	s := &Server{
		region:             defaultString(opts.Region, "us-east-1"),
		virtualHostSuffix:  defaultString(opts.VirtualHostSuffix, "localhost"),
		secrets:            map[string]string{},
		dev:                dev,
		operations:         newOperationTable(),
		stalledBodyTimeout: opts.StalledBodyTimeout,
		expiredSession:     opts.ExpiredSession,
		kmsKeys: KMSKeys{
			Disabled:        strings.ToLower(opts.KMSKeys.Disabled),
			PendingDeletion: strings.ToLower(opts.KMSKeys.PendingDeletion),
			SignVerify:      strings.ToLower(opts.KMSKeys.SignVerify),
		},
	}
	if e := opts.ExpiredSession; e != nil && (e.AccessKey == "" || e.SecretKey == "" || e.Token == "") {
		return nil, errors.New("reftarget: an expired session needs an access key, a secret key and a token")
	}
	if s.stalledBodyTimeout <= 0 {
		s.stalledBodyTimeout = defaultStalledBodyTimeout
	}
	for _, id := range opts.Identities {
		if id.AccessKey == "" || id.SecretKey == "" {
			return nil, errors.New("reftarget: an identity needs both an access key and a secret key")
		}
		if secret, dup := s.secrets[id.AccessKey]; dup && secret != id.SecretKey {
			return nil, fmt.Errorf("reftarget: access key %q is given twice with different secrets", id.AccessKey)
		}
		s.secrets[id.AccessKey] = id.SecretKey
	}
	bucketLimit := opts.BucketLimit
	if bucketLimit <= 0 {
		bucketLimit = DefaultBucketLimit
	}
	s.store = newStore(s.region, dev, bucketLimit)
	s.listener, err = net.Listen("tcp", defaultString(opts.Addr, "127.0.0.1:0"))
	if err != nil {
		return nil, fmt.Errorf("reftarget: %w", err)
	}
	handler := s.Handler()
	if opts.Latency > 0 {
		handler = delayed(opts.Latency, handler)
	}
	s.http = &http.Server{Handler: handler, ReadHeaderTimeout: 30 * time.Second}
	go s.http.Serve(s.listener)
	if opts.SOAP {
		if err := s.startSOAP(opts.SOAPAddr); err != nil {
			s.http.Close()
			return nil, err
		}
	}
	if opts.OtherRegion != "" {
		if err := s.startOtherRegion(opts); err != nil { // regions.go
			s.Close()
			return nil, err
		}
	}
	return s, nil
}

// Consulted lists, sorted, the deviations whose switch the server has
// looked at since it started, whether or not they were on: a deviation not
// listed cannot have changed any answer so far. Nil unless the server was
// started with RecordConsulted.
func (s *Server) Consulted() []string { return s.dev.consulted.sorted() }

// DefaultBucketLimit is the reference target's limit on the buckets of an
// account: S3's default until 2024 (now 10,000), small enough for the
// TooManyBuckets check to reach quickly.
const DefaultBucketLimit = 100

// BucketLimit is how many buckets an account may have.
func (s *Server) BucketLimit() int { return s.store.bucketLimit }

// ExpiredSession is the expired temporary credentials the server was
// started with, or nil.
func (s *Server) ExpiredSession() *Session { return s.expiredSession }

// StalledBodyTimeout is how long a request body may go silent before the
// server answers 400 RequestTimeout.
func (s *Server) StalledBodyTimeout() time.Duration { return s.stalledBodyTimeout }

// URL is the base URL of the REST endpoint, e.g. "http://127.0.0.1:PORT".
func (s *Server) URL() string { return "http://" + s.listener.Addr().String() }

// Handler is the REST endpoint (with the SOAP path refusing plain HTTP when
// SOAP is on), for use with net/http/httptest.
func (s *Server) Handler() http.Handler { return http.HandlerFunc(s.servePlainHTTP) }

// Close stops the server and drops open connections.
func (s *Server) Close() error {
	err := errors.Join(s.http.Close(), closeListener(s.listener), s.closeSOAP())
	if s.peer != nil {
		err = errors.Join(err, s.peer.http.Close(), closeListener(s.peer.listener))
	}
	return err
}

// closeListener closes a listener its server may not have taken over yet:
// http.Server.Close closes only the listeners Serve is already running on,
// so one whose Serve goroutine has not started would accept for a moment.
func closeListener(l net.Listener) error {
	if err := l.Close(); err != nil && !errors.Is(err, net.ErrClosed) {
		return err
	}
	return nil
}

func defaultString(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

func delayed(d time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(d):
			next.ServeHTTP(w, r)
		case <-r.Context().Done():
		}
	})
}
