// Package hostile is a test fixture: an S3 target that misbehaves on
// purpose, the way products under test and the proxies in front of them
// do. It is a reverse proxy in front of a behaving S3 (the reference
// target) that, for one selected misbehaviour, corrupts the answers to the
// requests of one check, or breaks the connection itself.
//
// It is test code: only _test.go files import it, so it never ends up in
// the s3errconform binary (TestNothingButTestsImportsHostile holds that).
package hostile

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Misbehaviour names one way a target goes wrong.
type Misbehaviour string

// The misbehaviours. Unless its description says otherwise, each corrupts
// only the answer to a REST GET of a missing key that the real server
// answers with NoSuchKey (check rest-get-object-missing-key).
const (
	// None proxies everything faithfully.
	None Misbehaviour = ""

	HTMLErrorPage         Misbehaviour = "html-error-page"
	PlainTextBody         Misbehaviour = "plain-text-body"
	JSONBody              Misbehaviour = "json-body"
	EmptyErrorBody        Misbehaviour = "empty-error-body"
	TruncatedXML          Misbehaviour = "truncated-xml"
	BillionLaughs         Misbehaviour = "billion-laughs"
	ExternalEntity        Misbehaviour = "external-entity"
	HugeBody              Misbehaviour = "huge-body"
	EndlessBody           Misbehaviour = "endless-body"
	TrickleBody           Misbehaviour = "trickle-body"
	NeverAnswers          Misbehaviour = "never-answers"
	ResetMidBody          Misbehaviour = "reset-mid-body"
	WrongContentLength    Misbehaviour = "wrong-content-length"
	RedirectLoop          Misbehaviour = "redirect-loop"
	SuccessInsteadOfError Misbehaviour = "success-instead-of-error"
	DuplicateHeaders      Misbehaviour = "duplicate-headers"
	NonUTF8Message        Misbehaviour = "non-utf8-message"
	DeepNesting           Misbehaviour = "deep-nesting"
	NotHTTP               Misbehaviour = "not-http"
	SOAPHTML              Misbehaviour = "soap-html"
	SOAPUnboundPrefix     Misbehaviour = "soap-unbound-prefix"
	TLSUntrusted          Misbehaviour = "tls-untrusted"
	TLSWrongHost          Misbehaviour = "tls-wrong-host"
	TLSExpired            Misbehaviour = "tls-expired"
	SOAPSilent            Misbehaviour = "soap-silent"
	HangAfterProbe        Misbehaviour = "hang-after-probe"
	Silent                Misbehaviour = "silent"
)

// scope says which requests a misbehaviour affects.
type scope int

const (
	scopeNone scope = iota
	// scopeRESTMissingKey: a REST GET of a missing key answered NoSuchKey.
	scopeRESTMissingKey
	// scopeSOAPMissingKey: a SOAP GetObject answered with the NoSuchKey
	// fault (check soap-get-object-missing-key).
	scopeSOAPMissingKey
	// scopeTLS: every connection to a TLS listener (the SOAP endpoint,
	// and REST when Options.RESTOverTLS).
	scopeTLS
	// scopeAllButProbe: every REST request but GET / (the ListBuckets a
	// run starts with to see the target answers).
	scopeAllButProbe
	// scopeSOAPListener: every connection to the SOAP endpoint.
	scopeSOAPListener
	// scopeAll: every connection to every listener.
	scopeAll
)

// Description is what a misbehaviour does, for test names and messages.
type Description struct {
	Name Misbehaviour
	What string
	// Scope is "rest-missing-key", "soap-missing-key", "tls",
	// "soap-endpoint", "rest-after-probe" or "all".
	Scope string
	scope scope
}

var descriptions = []Description{
	{HTMLErrorPage, "a proxy's HTML error page (502, text/html) instead of the XML error", "rest-missing-key", scopeRESTMissingKey},
	{PlainTextBody, "the error as plain text (text/plain)", "rest-missing-key", scopeRESTMissingKey},
	{JSONBody, "the error as JSON (application/json)", "rest-missing-key", scopeRESTMissingKey},
	{EmptyErrorBody, "the error status with an empty body", "rest-missing-key", scopeRESTMissingKey},
	{TruncatedXML, "the XML error cut in half (Content-Length matching the cut)", "rest-missing-key", scopeRESTMissingKey},
	{BillionLaughs, "an XML body with a DOCTYPE declaring nested entities (billion laughs)", "rest-missing-key", scopeRESTMissingKey},
	{ExternalEntity, "an XML body referencing an external entity (XXE) on this server", "rest-missing-key", scopeRESTMissingKey},
	{HugeBody, "a 1 GiB body (Content-Length: 1073741824)", "rest-missing-key", scopeRESTMissingKey},
	{EndlessBody, "the right XML error followed by endless whitespace, chunked", "rest-missing-key", scopeRESTMissingKey},
	{TrickleBody, "the right XML error, one byte per second", "rest-missing-key", scopeRESTMissingKey},
	{NeverAnswers, "reads the request and never answers", "rest-missing-key", scopeRESTMissingKey},
	{ResetMidBody, "resets the connection (RST) halfway through the body", "rest-missing-key", scopeRESTMissingKey},
	{WrongContentLength, "a Content-Length 1000 bytes longer than the body, then closes", "rest-missing-key", scopeRESTMissingKey},
	{RedirectLoop, "a 307 redirect to the very same URL", "rest-missing-key", scopeRESTMissingKey},
	{SuccessInsteadOfError, "200 OK with an empty body where an error was expected", "rest-missing-key", scopeRESTMissingKey},
	{DuplicateHeaders, "two different x-amz-request-id and two Content-Type headers", "rest-missing-key", scopeRESTMissingKey},
	{NonUTF8Message, "bytes that are not UTF-8 in the error's Message", "rest-missing-key", scopeRESTMissingKey},
	{DeepNesting, "an XML body nested 100,000 levels deep", "rest-missing-key", scopeRESTMissingKey},
	{NotHTTP, "answers with bytes that are not HTTP (an SSH banner), then closes", "rest-missing-key", scopeRESTMissingKey},
	{SOAPHTML, "the SOAP endpoint answers the NoSuchKey fault with an HTML page", "soap-missing-key", scopeSOAPMissingKey},
	{SOAPUnboundPrefix, "the SOAP NoSuchKey fault's faultcode QName has a prefix no declaration binds", "soap-missing-key", scopeSOAPMissingKey},
	{TLSUntrusted, "TLS with a self-signed certificate the client does not trust", "tls", scopeTLS},
	{TLSWrongHost, "TLS with a trusted certificate for another host name", "tls", scopeTLS},
	{TLSExpired, "TLS with a trusted certificate that expired", "tls", scopeTLS},
	{SOAPSilent, "the SOAP endpoint accepts every connection and never sends a byte", "soap-endpoint", scopeSOAPListener},
	{HangAfterProbe, "answers the first ListBuckets, then never answers a REST request again", "rest-after-probe", scopeAllButProbe},
	{Silent, "accepts every connection and never sends a byte", "all", scopeAll},
}

// Misbehaviours lists every misbehaviour, in a stable order.
func Misbehaviours() []Description { return slices.Concat(descriptions, protocolDescriptions) }

func describe(m Misbehaviour) (Description, bool) {
	for _, d := range Misbehaviours() {
		if d.Name == m {
			return d, true
		}
	}
	return Description{}, m == None
}

// Options configure a Server.
type Options struct {
	// REST is the behaving server's REST base URL (http://host:port).
	REST string
	// SOAP is its SOAP URL (https://host:port/soap); empty for none.
	SOAP string
	// UpstreamCA is the PEM certificate the behaving SOAP endpoint uses.
	UpstreamCA []byte
	Misbehaviour
	// RESTOverTLS serves the REST endpoint over TLS too, with the same
	// certificate as the SOAP endpoint (so TLS misbehaviours hit it).
	RESTOverTLS bool
	// Echo makes every answer the misbehaviour leaves alone repeat the
	// request's signatures back, the ways proxies and debugging servers
	// do (see echo).
	Echo bool
}

// Exchange is what the server saw of one request.
type Exchange struct {
	Method, Path, RawQuery string
	SOAP                   bool
	Header                 http.Header
	Body                   []byte
}

// Server is a running hostile target.
type Server struct {
	opts     Options
	desc     Description
	upstream *http.Client
	ca       *authority
	rest     *listener
	soap     *listener

	mu        sync.Mutex
	seen      []Exchange
	corrupted []Exchange
	xxeHits   int
	probed    bool
	// streamed counts the body bytes HugeBody and EndlessBody wrote.
	streamed  int
	closing   chan struct{}
	closeOnce sync.Once
	conns     sync.WaitGroup
}

type listener struct {
	net.Listener
	tls    bool
	server *http.Server
}

// Start starts the hostile target in front of the behaving server.
func Start(opts Options) (*Server, error) {
	desc, ok := describe(opts.Misbehaviour)
	if !ok {
		return nil, fmt.Errorf("hostile: unknown misbehaviour %q", opts.Misbehaviour)
	}
	ca, err := newAuthority()
	if err != nil {
		return nil, err
	}
	roots := x509.NewCertPool()
	if len(opts.UpstreamCA) > 0 && !roots.AppendCertsFromPEM(opts.UpstreamCA) {
		return nil, errors.New("hostile: UpstreamCA holds no PEM certificate")
	}
	s := &Server{
		opts: opts, desc: desc, ca: ca, closing: make(chan struct{}),
		upstream: &http.Client{
			Transport: &http.Transport{
				Proxy:               nil,
				TLSClientConfig:     &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12},
				DisableCompression:  true,
				MaxIdleConnsPerHost: 16,
			},
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
			Timeout:       30 * time.Second,
		},
	}
	if s.rest, err = s.listen(opts.RESTOverTLS, false); err != nil {
		return nil, err
	}
	if opts.SOAP != "" {
		if s.soap, err = s.listen(true, true); err != nil {
			s.rest.Close()
			return nil, err
		}
	}
	return s, nil
}

func (s *Server) listen(useTLS, soap bool) (*listener, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("hostile: %w", err)
	}
	l := &listener{Listener: ln, tls: useTLS}
	if s.desc.scope == scopeHTTP2 {
		if err := s.answerHTTP2(ln, useTLS); err != nil {
			ln.Close()
			return nil, err
		}
		return l, nil
	}
	if s.desc.scope == scopeAll || soap && s.desc.scope == scopeSOAPListener {
		go s.holdEveryConnection(ln)
		return l, nil
	}
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { s.serve(w, r, soap) })
	l.server = &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		// HTTP/1.1 only: misbehaviours hijack the connection.
		TLSNextProto: map[string]func(*http.Server, *tls.Conn, http.Handler){},
		ErrorLog:     log.New(io.Discard, "", 0),
	}
	served := ln
	if useTLS {
		cert, err := s.ca.certificate(s.desc.Name)
		if err != nil {
			ln.Close()
			return nil, err
		}
		served = tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12, NextProtos: []string{"http/1.1"}})
	}
	go l.server.Serve(served)
	return l, nil
}

// holdEveryConnection is Silent: accept, read nothing, answer nothing,
// until the server closes.
func (s *Server) holdEveryConnection(ln net.Listener) {
	s.serveEach(ln, func(net.Conn) { <-s.closing })
}

// serveEach accepts every connection on ln until it closes and hands each
// to handle on its own goroutine, closing it after; Close waits for them.
func (s *Server) serveEach(ln net.Listener, handle func(net.Conn)) {
	for {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		s.conns.Add(1)
		go func() {
			defer s.conns.Done()
			defer conn.Close()
			handle(conn)
		}()
	}
}

func (l *listener) url() string {
	scheme := "http"
	if l.tls {
		scheme = "https"
	}
	return scheme + "://" + l.Addr().String()
}

// RESTURL is the REST endpoint to put in a targets file.
func (s *Server) RESTURL() string { return s.rest.url() }

// SOAPURL is the SOAP endpoint; empty without Options.SOAP.
func (s *Server) SOAPURL() string {
	if s.soap == nil {
		return ""
	}
	return s.soap.url() + "/soap"
}

// SOAPPlainHTTPURL is the SOAP path over plain HTTP (on the REST listener);
// empty when REST is served over TLS or there is no SOAP.
func (s *Server) SOAPPlainHTTPURL() string {
	if s.soap == nil || s.rest.tls {
		return ""
	}
	return s.rest.url() + "/soap"
}

// CAPEM is the certificate authority a client should trust (tls.ca_file).
// Certificates of the TLS misbehaviours are not what it would accept.
func (s *Server) CAPEM() []byte { return slices.Clone(s.ca.pem) }

// Seen returns every request the server received, in order.
func (s *Server) Seen() []Exchange {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.seen)
}

// Corrupted returns the requests whose answers the misbehaviour corrupted.
func (s *Server) Corrupted() []Exchange {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.corrupted)
}

// ExternalEntityFetches counts requests for the external entity of
// ExternalEntity: a client that expands entities fetches it.
func (s *Server) ExternalEntityFetches() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.xxeHits
}

// Close stops the server and drops every connection, held ones included.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		close(s.closing)
		for _, l := range []*listener{s.rest, s.soap} {
			if l == nil {
				continue
			}
			if l.server != nil {
				l.server.Close()
			}
			l.Close()
		}
		s.conns.Wait()
	})
}

// xxePath is where ExternalEntity's external entity points.
const xxePath = "/hostile-external-entity"

func (s *Server) serve(w http.ResponseWriter, r *http.Request, soap bool) {
	if r.URL.Path == xxePath {
		s.mu.Lock()
		s.xxeHits++
		s.mu.Unlock()
		w.Write([]byte("fetched"))
		return
	}
	body, stalled, err := readRequestBody(w, r)
	cutShort := errors.Is(err, io.ErrUnexpectedEOF) && !soap
	if err != nil && !cutShort {
		http.Error(w, "hostile: reading the request: "+err.Error(), http.StatusBadRequest)
		return
	}
	x := Exchange{Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery, SOAP: soap, Header: r.Header.Clone(), Body: body}
	s.mu.Lock()
	s.seen = append(s.seen, x)
	hang := s.desc.scope == scopeAllButProbe && !soap && (r.Method != http.MethodGet || r.URL.Path != "/" || s.probed)
	s.probed = s.probed || s.desc.scope == scopeAllButProbe && !hang
	if hang {
		s.corrupted = append(s.corrupted, x)
	}
	s.mu.Unlock()
	if hang {
		select {
		case <-r.Context().Done():
		case <-s.closing:
		}
		return
	}

	r = r.WithContext(context.WithValue(r.Context(), bodyKey{}, body))
	forward := s.forward
	switch {
	case cutShort:
		forward = s.forwardCutShort
	case stalled && !soap:
		forward = s.forwardStalled
	}
	up, err := forward(r, body, soap)
	if err != nil {
		http.Error(w, "hostile: upstream: "+err.Error(), http.StatusBadGateway)
		return
	}
	if !s.selected(r, up, soap) {
		if s.opts.Echo {
			up = echo(r, body, up, soap)
		}
		s.relay(w, up)
		return
	}
	s.mu.Lock()
	s.corrupted = append(s.corrupted, x)
	s.mu.Unlock()
	s.misbehave(w, r, up)
}

type bodyKey struct{}

// soapOperation is the request body serve read, where a SOAP request names
// its operation.
func soapOperation(r *http.Request) []byte {
	body, _ := r.Context().Value(bodyKey{}).([]byte)
	return body
}

func (s *Server) selected(r *http.Request, up *upstreamResponse, soap bool) bool {
	switch s.desc.scope {
	case scopeRESTMissingKey:
		return !soap && r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/s3errconform-no-such-key") &&
			up.status == http.StatusNotFound && bytes.Contains(up.body, []byte("<Code>NoSuchKey</Code>"))
	case scopeRESTCreateBucket:
		return isCreateBucket(r, soap)
	case scopeSOAPMissingKey:
		return soap && up.status == http.StatusInternalServerError && bytes.Contains(up.body, []byte("Client.NoSuchKey<")) &&
			bytes.Contains(soapOperation(r), []byte("<GetObject"))
	}
	return false
}

// relay writes the behaving server's answer unchanged.
func (s *Server) relay(w http.ResponseWriter, up *upstreamResponse) {
	h := w.Header()
	for name, values := range up.header {
		h[name] = slices.Clone(values)
	}
	h.Set("Content-Length", strconv.Itoa(len(up.body)))
	w.WriteHeader(up.status)
	w.Write(up.body)
}

// ServeBody starts a plain HTTP server answering every request with status
// 404 and an endless body (n < 0) or one of n bytes, for in-process memory
// tests of the client. It returns the URL and a stop function.
func ServeBody(n int) (string, func()) {
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		if n >= 0 {
			w.Header().Set("Content-Length", strconv.Itoa(n))
		}
		w.WriteHeader(http.StatusNotFound)
		stream(w, []byte("<Error><Code>NoSuchKey</Code><Message>"), n)
	}), ErrorLog: log.New(io.Discard, "", 0)}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String(), func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		srv.Shutdown(ctx)
		srv.Close()
	}
}
