package wire

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/smithy-go/encoding/httpbinding"

	"github.com/s3errconform/s3errconform/harness/targets"
)

const (
	testAccessKey   = "AKIDHARNESSTEST"
	testSecretKey   = "cLiEnTtEsTsEcReT/wJalrXUtnFEMIK7MDENG0003"
	otherAccessKey  = "AKIDHARNESSOTHER"
	otherSecretKey  = "oThErTeStSeCrEt/wJalrXUtnFEMIK7MDENG0004"
	emptyBodySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
)

var testSecrets = map[string]string{testAccessKey: testSecretKey, otherAccessKey: otherSecretKey}

func wireTestTarget(endpoint string) *targets.Target {
	return &targets.Target{
		Name:       "test",
		Endpoint:   endpoint,
		Region:     "us-east-1",
		Addressing: targets.AddressingPath,
		Identity:   targets.Credentials{AccessKey: testAccessKey, SecretKey: testSecretKey},
		Profile:    targets.ProfileStrict,
		Timeout:    5 * time.Second,
	}
}

func wireTestClient(t *testing.T, target *targets.Target) *Client {
	t.Helper()
	c, err := NewClient(target)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	return c
}

// quietServer starts an httptest server that does not log to stderr.
func wireQuietServer(t *testing.T, h http.Handler) *httptest.Server {
	t.Helper()
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}

// seenRequest is what the server saw of one request.
type seenRequest struct {
	Method     string
	Host       string
	RequestURI string
	Path       string
	Query      url.Values
	Header     http.Header
	Body       []byte
	// SigErr is the server's verdict on the request's signature; nil when
	// it verified (or there was none and Anonymous is set).
	SigErr    error
	Anonymous bool
}

type recorder struct {
	mu   sync.Mutex
	reqs []seenRequest
}

func (rec *recorder) last(t *testing.T) seenRequest {
	t.Helper()
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if len(rec.reqs) == 0 {
		t.Fatal("the server saw no request")
	}
	return rec.reqs[len(rec.reqs)-1]
}

// recordingServer records every request, verifies its signature as a
// server would, and answers 200 (or what respond writes).
func recordingServer(t *testing.T, respond http.HandlerFunc) (*httptest.Server, *recorder) {
	rec := &recorder{}
	srv := wireQuietServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		s := seenRequest{
			Method: r.Method, Host: r.Host, RequestURI: r.RequestURI, Path: r.URL.Path,
			Query: r.URL.Query(), Header: r.Header.Clone(), Body: body,
		}
		if r.Header.Get("Authorization") == "" && r.URL.Query().Get("X-Amz-Signature") == "" {
			s.Anonymous = true
		} else {
			s.SigErr = verifySigV4(r, body)
		}
		rec.mu.Lock()
		rec.reqs = append(rec.reqs, s)
		rec.mu.Unlock()
		if respond != nil {
			respond(w, r)
		}
	}))
	return srv, rec
}

// canonicalCopy rebuilds the signed parts of a received request the way a
// server does: the decoded path re-encoded by the SigV4 rules (every byte
// but unreserved ones and "/"), the signed headers only, the Host.
func canonicalCopy(r *http.Request, signedHeaders []string, rawQuery string) *http.Request {
	u := &url.URL{Scheme: "http", Host: r.Host, Path: r.URL.Path, RawPath: httpbinding.EscapePath(r.URL.Path, false), RawQuery: rawQuery}
	req := &http.Request{Method: r.Method, URL: u, Host: r.Host, Header: http.Header{}}
	for _, h := range signedHeaders {
		switch h {
		case "host":
		case "content-length":
			req.ContentLength = r.ContentLength
		default:
			req.Header[http.CanonicalHeaderKey(h)] = r.Header.Values(h)
		}
	}
	return req
}

func credentialScope(credential string) (accessKey, date, region, service string, err error) {
	parts := strings.Split(credential, "/")
	if len(parts) != 5 || parts[4] != "aws4_request" {
		return "", "", "", "", fmt.Errorf("malformed credential %q", credential)
	}
	return parts[0], parts[1], parts[2], parts[3], nil
}

// verifySigV4 re-signs the request as received with the secret of its
// access key and compares signatures.
func verifySigV4(r *http.Request, body []byte) error {
	signer := v4.NewSigner(func(o *v4.SignerOptions) { o.DisableURIPathEscaping = true })
	auth := r.Header.Get("Authorization")
	if auth == "" {
		return verifyPresigned(r, signer)
	}
	const algorithm = "AWS4-HMAC-SHA256 "
	if !strings.HasPrefix(auth, algorithm) {
		return fmt.Errorf("authorization %q is not SigV4", auth)
	}
	fields := map[string]string{}
	for _, part := range strings.Split(strings.TrimPrefix(auth, algorithm), ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		fields[k] = v
	}
	ak, date, region, service, err := credentialScope(fields["Credential"])
	if err != nil {
		return err
	}
	signTime, err := time.Parse("20060102T150405Z", r.Header.Get("X-Amz-Date"))
	if err != nil {
		return fmt.Errorf("X-Amz-Date: %w", err)
	}
	if date != signTime.Format("20060102") {
		return fmt.Errorf("credential date %s is not the X-Amz-Date day", date)
	}
	payloadHash := r.Header.Get("X-Amz-Content-Sha256")
	if payloadHash != UnsignedPayload {
		sum := sha256.Sum256(body)
		if got := hex.EncodeToString(sum[:]); got != payloadHash {
			return fmt.Errorf("X-Amz-Content-Sha256 %s, body hashes to %s", payloadHash, got)
		}
	}
	req := canonicalCopy(r, strings.Split(fields["SignedHeaders"], ";"), r.URL.RawQuery)
	creds := aws.Credentials{AccessKeyID: ak, SecretAccessKey: testSecrets[ak]}
	if err := signer.SignHTTP(context.Background(), creds, req, payloadHash, service, region, signTime); err != nil {
		return err
	}
	if got := req.Header.Get("Authorization"); got != auth {
		return fmt.Errorf("signature mismatch:\nserver: %s\nclient: %s", got, auth)
	}
	return nil
}

func verifyPresigned(r *http.Request, signer *v4.Signer) error {
	q := r.URL.Query()
	sig := q.Get("X-Amz-Signature")
	q.Del("X-Amz-Signature")
	ak, _, region, service, err := credentialScope(q.Get("X-Amz-Credential"))
	if err != nil {
		return err
	}
	signTime, err := time.Parse("20060102T150405Z", q.Get("X-Amz-Date"))
	if err != nil {
		return fmt.Errorf("X-Amz-Date: %w", err)
	}
	req := canonicalCopy(r, strings.Split(q.Get("X-Amz-SignedHeaders"), ";"), q.Encode())
	creds := aws.Credentials{AccessKeyID: ak, SecretAccessKey: testSecrets[ak]}
	signed, _, err := signer.PresignHTTP(context.Background(), creds, req, UnsignedPayload, service, region, signTime)
	if err != nil {
		return err
	}
	su, err := url.Parse(signed)
	if err != nil {
		return err
	}
	if got := su.Query().Get("X-Amz-Signature"); got != sig {
		return fmt.Errorf("presigned signature mismatch: server %s, client %s", got, sig)
	}
	return nil
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func TestClientPathStyleRequests(t *testing.T) {
	srv, rec := recordingServer(t, nil)
	c := wireTestClient(t, wireTestTarget(srv.URL))
	tests := []struct {
		name     string
		req      Request
		wantURI  string
		wantPath string
	}{
		{"list buckets", Request{Method: "GET"}, "/", "/"},
		{"bucket", Request{Method: "PUT", Bucket: "my-bucket"}, "/my-bucket", "/my-bucket"},
		{"object", Request{Method: "GET", Bucket: "b", Key: "k"}, "/b/k", "/b/k"},
		{"object with body", Request{Method: "PUT", Bucket: "b", Key: "dir/obj.txt", Body: []byte("hello, world")}, "/b/dir/obj.txt", "/b/dir/obj.txt"},
		{"space plus unicode", Request{Method: "GET", Bucket: "b", Key: "dir/a b+c/é ü~.txt"}, "/b/dir/a%20b%2Bc/%C3%A9%20%C3%BC~.txt", "/b/dir/a b+c/é ü~.txt"},
		{"reserved characters", Request{Method: "GET", Bucket: "b", Key: "q?x#y%z&=;:@!$'()*,"}, "/b/q%3Fx%23y%25z%26%3D%3B%3A%40%21%24%27%28%29%2A%2C", "/b/q?x#y%z&=;:@!$'()*,"},
		{"query", Request{Method: "GET", Bucket: "b", Query: url.Values{"prefix": {"a b+c/é"}, "list-type": {"2"}, "acl": {""}}}, "/b?acl=&list-type=2&prefix=a%20b%2Bc%2F%C3%A9", "/b"},
		{"extra headers", Request{Method: "PUT", Bucket: "b", Key: "k", Body: []byte("x"), Header: http.Header{"Content-Type": {"text/plain"}, "X-Amz-Meta-Foo": {"bar"}}}, "/b/k", "/b/k"},
		{"empty body", Request{Method: "PUT", Bucket: "b", Key: "empty", Body: []byte{}}, "/b/empty", "/b/empty"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp := c.Do(context.Background(), tc.req)
			if resp.Err != nil || resp.Status != 200 {
				t.Fatalf("Do: status %d, err %v", resp.Status, resp.Err)
			}
			s := rec.last(t)
			if s.Method != tc.req.Method || s.RequestURI != tc.wantURI || s.Path != tc.wantPath {
				t.Errorf("server saw %s %s (path %q), want %s %s (path %q)", s.Method, s.RequestURI, s.Path, tc.req.Method, tc.wantURI, tc.wantPath)
			}
			if want := strings.TrimPrefix(srv.URL, "http://"); s.Host != want {
				t.Errorf("Host %q, want %q", s.Host, want)
			}
			if s.Anonymous || s.SigErr != nil {
				t.Errorf("signature not verified: anonymous %v, %v", s.Anonymous, s.SigErr)
			}
			if got, want := s.Header.Get("X-Amz-Content-Sha256"), sha256Hex(tc.req.Body); got != want {
				t.Errorf("X-Amz-Content-Sha256 %q, want %q", got, want)
			}
			if _, err := time.Parse("20060102T150405Z", s.Header.Get("X-Amz-Date")); err != nil {
				t.Errorf("X-Amz-Date %q: %v", s.Header.Get("X-Amz-Date"), err)
			}
			if auth := s.Header.Get("Authorization"); !strings.HasPrefix(auth, "AWS4-HMAC-SHA256 Credential="+testAccessKey+"/") || !strings.Contains(auth, "/us-east-1/s3/aws4_request") {
				t.Errorf("Authorization %q", auth)
			}
			if string(s.Body) != string(tc.req.Body) {
				t.Errorf("body %q, want %q", s.Body, tc.req.Body)
			}
			for name := range tc.req.Header {
				if s.Header.Get(name) != tc.req.Header.Get(name) {
					t.Errorf("header %s = %q, want %q", name, s.Header.Get(name), tc.req.Header.Get(name))
				}
			}
			if resp.Profile != targets.ProfileStrict || resp.Request.Method != tc.req.Method || resp.Request.Key != tc.req.Key {
				t.Errorf("response carries profile %q, request %+v", resp.Profile, resp.Request)
			}
			if resp.Method != tc.req.Method || !strings.HasPrefix(resp.URL, srv.URL+"/") {
				t.Errorf("exchange records %s %s", resp.Method, resp.URL)
			}
			if resp.RequestHeader.Get("Authorization") == "" {
				t.Error("exchange does not record the Authorization header")
			}
		})
	}
}

func TestClientVirtualHostedRequests(t *testing.T) {
	srv, rec := recordingServer(t, nil)
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	target := wireTestTarget("http://localhost:" + port)
	target.Addressing = targets.AddressingVirtual
	c := wireTestClient(t, target)
	tests := []struct {
		req      Request
		wantHost string
		wantURI  string
	}{
		{Request{Method: "GET", Bucket: "my-bucket", Key: "a b/é+.txt"}, "my-bucket.localhost:" + port, "/a%20b/%C3%A9%2B.txt"},
		{Request{Method: "PUT", Bucket: "my-bucket"}, "my-bucket.localhost:" + port, "/"},
		{Request{Method: "GET", Bucket: "b", Query: url.Values{"list-type": {"2"}}}, "b.localhost:" + port, "/?list-type=2"},
		{Request{Method: "GET"}, "localhost:" + port, "/"},
	}
	for _, tc := range tests {
		resp := c.Do(context.Background(), tc.req)
		if resp.Err != nil || resp.Status != 200 {
			t.Fatalf("%+v: status %d, err %v", tc.req, resp.Status, resp.Err)
		}
		s := rec.last(t)
		if s.Host != tc.wantHost || s.RequestURI != tc.wantURI {
			t.Errorf("%+v: server saw Host %q URI %q, want %q %q", tc.req, s.Host, s.RequestURI, tc.wantHost, tc.wantURI)
		}
		if s.SigErr != nil || s.Anonymous {
			t.Errorf("%+v: signature not verified: %v", tc.req, s.SigErr)
		}
	}
}

func TestClientHostHeaderOverride(t *testing.T) {
	srv, rec := recordingServer(t, nil)
	c := wireTestClient(t, wireTestTarget(srv.URL))
	resp := c.Do(context.Background(), Request{Method: "GET", Bucket: "b", Header: http.Header{"Host": {"b.s3.example.com"}}})
	if resp.Status != 200 {
		t.Fatalf("status %d, err %v", resp.Status, resp.Err)
	}
	s := rec.last(t)
	if s.Host != "b.s3.example.com" || s.SigErr != nil {
		t.Errorf("server saw Host %q, signature error %v", s.Host, s.SigErr)
	}
	if got := resp.RequestHeader.Get("Host"); got != "b.s3.example.com" {
		t.Errorf("exchange records Host %q", got)
	}
}

func TestClientAuthModes(t *testing.T) {
	srv, rec := recordingServer(t, nil)
	c := wireTestClient(t, wireTestTarget(srv.URL))
	ctx := context.Background()

	t.Run("anonymous", func(t *testing.T) {
		c.Do(ctx, Request{Method: "GET", Bucket: "b", Key: "k", Auth: Auth{Mode: AuthAnonymous}})
		s := rec.last(t)
		if !s.Anonymous || s.Header.Get("Authorization") != "" || s.Header.Get("X-Amz-Date") != "" || s.Query.Get("X-Amz-Signature") != "" {
			t.Errorf("anonymous request carries credentials: %v %v", s.Header, s.Query)
		}
	})

	t.Run("target without identity is anonymous", func(t *testing.T) {
		target := wireTestTarget(srv.URL)
		target.Identity = targets.Credentials{}
		wireTestClient(t, target).Do(ctx, Request{Method: "GET", Bucket: "b"})
		if s := rec.last(t); !s.Anonymous {
			t.Errorf("request signed: %v", s.Header)
		}
	})

	t.Run("presigned", func(t *testing.T) {
		resp := c.Do(ctx, Request{Method: "GET", Bucket: "b", Key: "a b+c", Query: url.Values{"versionId": {"v1"}}, Auth: Auth{Mode: AuthPresignV4}})
		s := rec.last(t)
		if s.Header.Get("Authorization") != "" {
			t.Errorf("presigned request has Authorization %q", s.Header.Get("Authorization"))
		}
		for _, p := range []string{"X-Amz-Signature", "X-Amz-Credential", "X-Amz-Date", "X-Amz-SignedHeaders", "X-Amz-Algorithm"} {
			if s.Query.Get(p) == "" {
				t.Errorf("query lacks %s: %v", p, s.Query)
			}
		}
		if got := s.Query.Get("X-Amz-Expires"); got != "900" {
			t.Errorf("X-Amz-Expires %q, want 900", got)
		}
		if s.Query.Get("versionId") != "v1" || s.Path != "/b/a b+c" {
			t.Errorf("presigning lost the request: %s %v", s.Path, s.Query)
		}
		if s.SigErr != nil {
			t.Errorf("presigned signature does not verify: %v", s.SigErr)
		}
		if strings.Contains(resp.String(), s.Query.Get("X-Amz-Signature")) {
			t.Errorf("exchange shows the presigned signature:\n%s", resp)
		}
	})

	t.Run("presigned expiry", func(t *testing.T) {
		c.Do(ctx, Request{Method: "PUT", Bucket: "b", Key: "k", Body: []byte("x"), Auth: Auth{Mode: AuthPresignV4, Expires: 90 * time.Second}})
		s := rec.last(t)
		if got := s.Query.Get("X-Amz-Expires"); got != "90" {
			t.Errorf("X-Amz-Expires %q, want 90", got)
		}
		if s.SigErr != nil {
			t.Errorf("presigned signature does not verify: %v", s.SigErr)
		}
	})

	t.Run("time and region", func(t *testing.T) {
		at := time.Date(2013, 5, 24, 1, 2, 3, 0, time.FixedZone("x", 3600))
		c.Do(ctx, Request{Method: "GET", Bucket: "b", Key: "k", Auth: Auth{Time: at, Region: "eu-west-9"}})
		s := rec.last(t)
		if got := s.Header.Get("X-Amz-Date"); got != "20130524T000203Z" {
			t.Errorf("X-Amz-Date %q, want 20130524T000203Z", got)
		}
		if auth := s.Header.Get("Authorization"); !strings.Contains(auth, "Credential="+testAccessKey+"/20130524/eu-west-9/s3/aws4_request,") {
			t.Errorf("credential scope in %q", auth)
		}
		if s.SigErr != nil {
			t.Errorf("signature does not verify: %v", s.SigErr)
		}
	})

	t.Run("presigned time and region", func(t *testing.T) {
		at := time.Date(2013, 5, 24, 0, 0, 0, 0, time.UTC)
		c.Do(ctx, Request{Method: "GET", Bucket: "b", Key: "k", Auth: Auth{Mode: AuthPresignV4, Time: at, Region: "eu-west-9"}})
		s := rec.last(t)
		if s.Query.Get("X-Amz-Date") != "20130524T000000Z" || s.Query.Get("X-Amz-Credential") != testAccessKey+"/20130524/eu-west-9/s3/aws4_request" {
			t.Errorf("presigned query %v", s.Query)
		}
		if s.SigErr != nil {
			t.Errorf("signature does not verify: %v", s.SigErr)
		}
	})

	t.Run("other credentials", func(t *testing.T) {
		other := targets.Credentials{AccessKey: otherAccessKey, SecretKey: otherSecretKey}
		c.Do(ctx, Request{Method: "GET", Bucket: "b", Auth: Auth{Credentials: &other}})
		s := rec.last(t)
		if !strings.HasPrefix(s.Header.Get("Authorization"), "AWS4-HMAC-SHA256 Credential="+otherAccessKey+"/") || s.SigErr != nil {
			t.Errorf("Authorization %q, signature error %v", s.Header.Get("Authorization"), s.SigErr)
		}
	})

	t.Run("wrong secret fails verification", func(t *testing.T) {
		wrong := targets.Credentials{AccessKey: testAccessKey, SecretKey: "wrong-secret-for-the-test-000000"}
		c.Do(ctx, Request{Method: "GET", Bucket: "b", Auth: Auth{Credentials: &wrong}})
		if s := rec.last(t); s.SigErr == nil {
			t.Error("the test's verifier accepted a signature made with a wrong secret")
		}
	})

	t.Run("payload hash", func(t *testing.T) {
		c.Do(ctx, Request{Method: "PUT", Bucket: "b", Key: "k", Body: []byte("data"), Auth: Auth{PayloadHash: UnsignedPayload}})
		s := rec.last(t)
		if s.Header.Get("X-Amz-Content-Sha256") != UnsignedPayload || s.SigErr != nil {
			t.Errorf("X-Amz-Content-Sha256 %q, signature error %v", s.Header.Get("X-Amz-Content-Sha256"), s.SigErr)
		}
		c.Do(ctx, Request{Method: "GET", Bucket: "b", Key: "k"})
		if s := rec.last(t); s.Header.Get("X-Amz-Content-Sha256") != emptyBodySHA256 {
			t.Errorf("X-Amz-Content-Sha256 of no body %q", s.Header.Get("X-Amz-Content-Sha256"))
		}
	})
}

// TestSignersKeepSecretsApart alternates the right and a wrong secret of
// one access key, on one date, through a client and its retrying copy: a
// signer shared by both secrets would reuse the key derived from the
// first for the second.
func TestSignersKeepSecretsApart(t *testing.T) {
	srv, rec := recordingServer(t, nil)
	c := wireTestClient(t, wireTestTarget(srv.URL))
	wrong := targets.Credentials{AccessKey: testAccessKey, SecretKey: "wrong-secret-for-the-test-000000"}
	at := time.Date(2013, 5, 24, 0, 0, 0, 0, time.UTC)
	for i, cl := range []*Client{c, c.Retrying(), c, c.Retrying()} {
		for _, mode := range []AuthMode{AuthSigV4, AuthPresignV4} {
			for _, wrongSecret := range []bool{false, true} {
				auth := Auth{Mode: mode, Time: at}
				if wrongSecret {
					auth.Credentials = &wrong
				}
				cl.Do(context.Background(), Request{Method: "GET", Bucket: "b", Auth: auth})
				if s := rec.last(t); (s.SigErr != nil) != wrongSecret {
					t.Errorf("request %d, mode %d, wrong secret %v: signature error %v", i, mode, wrongSecret, s.SigErr)
				}
			}
		}
	}
}

func TestClientDoesNotFollowRedirects(t *testing.T) {
	var followed atomic.Int32
	srv := wireQuietServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/elsewhere/k" {
			followed.Add(1)
			return
		}
		w.Header().Set("Location", "/elsewhere/k")
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(http.StatusTemporaryRedirect)
		io.WriteString(w, "<Error><Code>TemporaryRedirect</Code></Error>")
	}))
	c := wireTestClient(t, wireTestTarget(srv.URL))
	for _, cl := range []*Client{c, c.Retrying()} {
		for _, method := range []string{"GET", "PUT", "HEAD"} {
			resp := cl.Do(context.Background(), Request{Method: method, Bucket: "b", Key: "k"})
			if resp.Status != http.StatusTemporaryRedirect || resp.ResponseHeader.Get("Location") != "/elsewhere/k" {
				t.Errorf("%s: status %d, Location %q, err %v", method, resp.Status, resp.ResponseHeader.Get("Location"), resp.Err)
			}
			if method != "HEAD" && !strings.Contains(string(resp.Body), "TemporaryRedirect") {
				t.Errorf("%s: body %q", method, resp.Body)
			}
		}
	}
	if n := followed.Load(); n != 0 {
		t.Errorf("the client followed the redirect %d times", n)
	}
}

func TestClientBodyCap(t *testing.T) {
	srv := wireQuietServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		chunk := []byte(strings.Repeat("x", 64<<10))
		switch r.URL.Path {
		case "/big":
			for i := 0; i < 48; i++ { // 3 MiB
				if _, err := w.Write(chunk); err != nil {
					return
				}
			}
		case "/exact":
			w.Write([]byte(strings.Repeat("y", MaxBodyBytes)))
		case "/endless":
			for {
				if _, err := w.Write(chunk); err != nil {
					return
				}
			}
		}
	}))
	c := wireTestClient(t, wireTestTarget(srv.URL))
	tests := []struct {
		bucket        string
		wantLen       int
		wantTruncated bool
	}{
		{"big", MaxBodyBytes, true},
		{"exact", MaxBodyBytes, false},
		{"endless", MaxBodyBytes, true},
	}
	for _, tc := range tests {
		start := time.Now()
		resp := c.Do(context.Background(), Request{Method: "GET", Bucket: tc.bucket})
		if resp.Err != nil || resp.Status != 200 {
			t.Errorf("%s: status %d, err %v", tc.bucket, resp.Status, resp.Err)
		}
		if len(resp.Body) != tc.wantLen || resp.BodyTruncated != tc.wantTruncated {
			t.Errorf("%s: body of %d bytes, truncated %v; want %d, %v", tc.bucket, len(resp.Body), resp.BodyTruncated, tc.wantLen, tc.wantTruncated)
		}
		if d := time.Since(start); d > 4*time.Second {
			t.Errorf("%s: took %s", tc.bucket, d)
		}
	}
}

func TestClientTimeout(t *testing.T) {
	release := make(chan struct{})
	srv := wireQuietServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/stall-body" {
			w.Header().Set("Content-Length", "100")
			w.WriteHeader(200)
			io.WriteString(w, "part")
			w.(http.Flusher).Flush()
		}
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(func() { close(release) }) // runs before srv.Close
	target := wireTestTarget(srv.URL)
	target.Timeout = 300 * time.Millisecond
	c := wireTestClient(t, target)

	for _, method := range []string{"GET", "HEAD"} {
		start := time.Now()
		resp := c.Do(context.Background(), Request{Method: method, Bucket: "never"})
		elapsed := time.Since(start)
		if resp.Err == nil || resp.Status != 0 {
			t.Errorf("%s: status %d, err %v; want a transport error", method, resp.Status, resp.Err)
		}
		if elapsed < 250*time.Millisecond || elapsed > 3*time.Second {
			t.Errorf("%s: gave up after %s, want about 300ms", method, elapsed)
		}
		if !strings.Contains(resp.String(), "transport error: ") {
			t.Errorf("%s: exchange does not show the transport error:\n%s", method, resp)
		}
	}

	start := time.Now()
	resp := c.Do(context.Background(), Request{Method: "GET", Bucket: "stall-body"})
	if resp.Status != 200 || resp.Err == nil || string(resp.Body) != "part" {
		t.Errorf("stalled body: status %d, body %q, err %v", resp.Status, resp.Body, resp.Err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("stalled body: gave up after %s", d)
	}
}

func TestClientResetMidBody(t *testing.T) {
	srv := wireQuietServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, buf, err := w.(http.Hijacker).Hijack()
		if err != nil {
			return
		}
		buf.WriteString("HTTP/1.1 404 Not Found\r\nContent-Type: application/xml\r\nContent-Length: 1000\r\n\r\n<Error><Code>NoSu")
		buf.Flush()
		time.Sleep(20 * time.Millisecond)
		if tcp, ok := conn.(*net.TCPConn); ok {
			tcp.SetLinger(0) // RST, not FIN
		}
		conn.Close()
	}))
	c := wireTestClient(t, wireTestTarget(srv.URL))
	resp := c.Do(context.Background(), Request{Method: "GET", Bucket: "b", Key: "k"})
	if resp.Err == nil {
		t.Fatalf("no error for a connection reset mid-body; status %d body %q", resp.Status, resp.Body)
	}
	if resp.Status != 404 || !strings.HasPrefix(string(resp.Body), "<Error>") {
		t.Errorf("status %d body %q", resp.Status, resp.Body)
	}
	if !strings.Contains(resp.Err.Error(), "reading the response body") {
		t.Errorf("error %q does not say where it happened", resp.Err)
	}
}

// withFastRetries shortens the retry backoff for one test.
func withFastRetries(t *testing.T) {
	saved := retryBackoff
	retryBackoff = []time.Duration{time.Millisecond, time.Millisecond, time.Millisecond}
	t.Cleanup(func() { retryBackoff = saved })
}

func TestClientRetries(t *testing.T) {
	withFastRetries(t)
	var attempts atomic.Int32
	var failFirst atomic.Int32 // how many attempts fail before success
	var failStatus atomic.Int32
	srv := wireQuietServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := attempts.Add(1)
		body, _ := io.ReadAll(r.Body)
		if string(body) != "payload" && r.Method == "PUT" {
			t.Errorf("attempt %d: body %q", n, body)
		}
		if n <= failFirst.Load() {
			w.WriteHeader(int(failStatus.Load()))
			return
		}
		w.WriteHeader(200)
	}))
	c := wireTestClient(t, wireTestTarget(srv.URL))
	maxAttempts := 1 + len(retryBackoff)
	tests := []struct {
		name         string
		client       *Client
		status       int
		failFirst    int
		wantAttempts int
		wantStatus   int
	}{
		{"503 then success", c.Retrying(), 503, 2, 3, 200},
		{"500 then success", c.Retrying(), 500, 1, 2, 200},
		{"always 503", c.Retrying(), 503, 100, maxAttempts, 503},
		{"always 500", c.Retrying(), 500, 100, maxAttempts, 500},
		{"404 is not retried", c.Retrying(), 404, 100, 1, 404},
		{"409 is not retried", c.Retrying(), 409, 100, 1, 409},
		{"non-retrying client, 503", c, 503, 100, 1, 503},
		{"non-retrying client, 500", c, 500, 100, 1, 500},
	}
	for _, tc := range tests {
		attempts.Store(0)
		failFirst.Store(int32(tc.failFirst))
		failStatus.Store(int32(tc.status))
		resp := tc.client.Do(context.Background(), Request{Method: "PUT", Bucket: "b", Key: "k", Body: []byte("payload")})
		if got := int(attempts.Load()); got != tc.wantAttempts || resp.Status != tc.wantStatus {
			t.Errorf("%s: %d attempts, status %d; want %d, %d", tc.name, got, resp.Status, tc.wantAttempts, tc.wantStatus)
		}
	}
	if c.retry {
		t.Error("Retrying changed the client it was called on")
	}
}

func TestClientRetriesTransportErrors(t *testing.T) {
	withFastRetries(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	var accepts atomic.Int32
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			accepts.Add(1)
			conn.Close()
		}
	}()
	c := wireTestClient(t, wireTestTarget("http://"+ln.Addr().String()))
	resp := c.Retrying().Do(context.Background(), Request{Method: "GET", Bucket: "b"})
	if resp.Err == nil {
		t.Fatalf("no error from a server closing every connection; status %d", resp.Status)
	}
	lastErr := resp.Err
	// A connection dialled for an attempt that already failed waits in the
	// pool and serves the next attempt, so attempts can outnumber accepts:
	// more than one accept shows a retry, no more than the attempts allowed.
	want := int32(1 + len(retryBackoff))
	if got := accepts.Load(); got < 2 || got > want {
		t.Errorf("retrying client connected %d times, want 2 to %d (last error: %v)", got, want, lastErr)
	}
	accepts.Store(0)
	if resp := c.Do(context.Background(), Request{Method: "GET", Bucket: "b"}); resp.Err == nil {
		t.Fatal("no error")
	}
	if got := accepts.Load(); got != 1 {
		t.Errorf("non-retrying client connected %d times", got)
	}
}

func TestClientRetryStopsWhenContextEnds(t *testing.T) {
	saved := retryBackoff
	retryBackoff = []time.Duration{time.Hour}
	t.Cleanup(func() { retryBackoff = saved })
	var requests atomic.Int32
	srv := wireQuietServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		w.WriteHeader(503)
	}))
	c := wireTestClient(t, wireTestTarget(srv.URL)).Retrying()
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	// Do returning at all shows it did not wait out the hour.
	resp := c.Do(ctx, Request{Method: "GET", Bucket: "b"})
	if resp.Status != 503 || requests.Load() != 1 {
		t.Errorf("status %d after %d requests", resp.Status, requests.Load())
	}
}

// rawServer answers every connection with response, written at once, and
// closes it.
func rawServer(t *testing.T, response string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	t.Cleanup(func() { ln.Close(); wg.Wait() })
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer conn.Close()
				conn.SetDeadline(time.Now().Add(5 * time.Second))
				if _, err := http.ReadRequest(bufio.NewReader(conn)); err != nil {
					return
				}
				conn.Write([]byte(response))
			}()
		}
	}()
	return "http://" + ln.Addr().String()
}

func TestClientHeadStrayBody(t *testing.T) {
	const stray = "<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>"
	endpoint := rawServer(t, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\nx-amz-request-id: R\r\n\r\n"+stray)
	c := wireTestClient(t, wireTestTarget(endpoint))
	resp := c.Do(context.Background(), Request{Method: "HEAD", Bucket: "b", Key: "k"})
	if resp.Status != 404 || resp.Err != nil {
		t.Fatalf("status %d, err %v", resp.Status, resp.Err)
	}
	if string(resp.Body) != stray {
		t.Errorf("HEAD body %q, want the stray bytes %q", resp.Body, stray)
	}

	// A well-behaved server: Content-Length describes the GET body, none is sent.
	endpoint = rawServer(t, "HTTP/1.1 200 OK\r\nContent-Length: 42\r\nConnection: close\r\n\r\n")
	resp = wireTestClient(t, wireTestTarget(endpoint)).Do(context.Background(), Request{Method: "HEAD", Bucket: "b", Key: "k"})
	if resp.Status != 200 || resp.Err != nil || len(resp.Body) != 0 {
		t.Errorf("status %d, body %q, err %v", resp.Status, resp.Body, resp.Err)
	}

	srv, rec := recordingServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "5")
		w.Header().Set("x-amz-request-id", "R")
	})
	resp = wireTestClient(t, wireTestTarget(srv.URL)).Do(context.Background(), Request{Method: "HEAD", Bucket: "b", Key: "k"})
	if resp.Status != 200 || resp.Err != nil || len(resp.Body) != 0 || resp.RequestID() != "R" {
		t.Errorf("status %d, body %q, err %v, request id %q", resp.Status, resp.Body, resp.Err, resp.RequestID())
	}
	if s := rec.last(t); s.Method != "HEAD" || s.SigErr != nil {
		t.Errorf("server saw %s, signature error %v", s.Method, s.SigErr)
	}
}

func TestClientTLS(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("x-amz-request-id", "TLS")
		io.WriteString(w, "ok")
	}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	t.Cleanup(srv.Close)
	caPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(caFile, caPEM, 0o600); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name   string
		tls    targets.TLS
		wantOK bool
	}{
		{"CA PEM", targets.TLS{CAPEM: caPEM}, true},
		{"CA file", targets.TLS{CAFile: caFile}, true},
		{"system roots only", targets.TLS{}, false},
		{"insecure", targets.TLS{InsecureSkipVerify: true}, true},
	}
	for _, tc := range tests {
		target := wireTestTarget(srv.URL)
		target.TLS = tc.tls
		c := wireTestClient(t, target)
		for _, method := range []string{"GET", "HEAD"} {
			resp := c.Do(context.Background(), Request{Method: method, Bucket: "b", Key: "k"})
			if tc.wantOK {
				if resp.Err != nil || resp.Status != 200 || resp.RequestID() != "TLS" {
					t.Errorf("%s %s: status %d, err %v", tc.name, method, resp.Status, resp.Err)
				}
				if method == "HEAD" && len(resp.Body) != 0 {
					t.Errorf("%s HEAD: body %q", tc.name, resp.Body)
				}
				continue
			}
			if resp.Err == nil || resp.Status != 0 {
				t.Errorf("%s %s: status %d, err %v; want a certificate error", tc.name, method, resp.Status, resp.Err)
			} else if !strings.Contains(resp.Err.Error(), "certificate") {
				t.Errorf("%s %s: error %q does not mention the certificate", tc.name, method, resp.Err)
			}
		}
	}
}

func TestTLSConfigErrors(t *testing.T) {
	if _, err := TLSConfig(targets.TLS{CAPEM: []byte("not a certificate")}); err == nil || !strings.Contains(err.Error(), "no PEM certificate") {
		t.Errorf("bad CA PEM: %v", err)
	}
	if _, err := TLSConfig(targets.TLS{CAFile: filepath.Join(t.TempDir(), "missing.pem")}); err == nil || !strings.Contains(err.Error(), "ca_file") {
		t.Errorf("missing CA file: %v", err)
	}
	target := wireTestTarget("https://127.0.0.1:1")
	target.TLS = targets.TLS{CAPEM: []byte("junk")}
	if _, err := NewClient(target); err == nil {
		t.Error("NewClient accepted a CA bundle without certificates")
	}
	cfg, err := TLSConfig(targets.TLS{})
	if err != nil || cfg.InsecureSkipVerify || cfg.RootCAs != nil {
		t.Errorf("default TLS config %+v, %v", cfg, err)
	}
}

func TestNewClientErrors(t *testing.T) {
	if _, err := NewClient(wireTestTarget("http://[::1")); err == nil {
		t.Error("NewClient accepted an unparsable endpoint")
	}
}

func TestClientRegistersSecrets(t *testing.T) {
	target := wireTestTarget("http://127.0.0.1:1")
	target.SecondIdentity = targets.Credentials{AccessKey: "AK2", SecretKey: "sEcOnDiDeNtItYsEcReT0005"}
	c := wireTestClient(t, target)
	for _, s := range []string{testSecretKey, "sEcOnDiDeNtItYsEcReT0005"} {
		if got := c.Secrets().Text("x " + s + " y"); got != "x "+Redacted+" y" {
			t.Errorf("secret not registered by NewClient: %q", got)
		}
	}
}

func TestClientTransportErrorIsNotPanic(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	c := wireTestClient(t, wireTestTarget("http://"+addr))
	resp := c.Do(context.Background(), Request{Method: "GET", Bucket: "b"})
	var opErr *net.OpError
	if resp.Err == nil || resp.Status != 0 || !errors.As(resp.Err, &opErr) {
		t.Errorf("status %d, err %v", resp.Status, resp.Err)
	}
}

// A server that died refuses connections; retrying it only costs every
// remaining check the backoff.
func TestRetryingClientDoesNotRetryARefusedConnection(t *testing.T) {
	saved := retryBackoff
	retryBackoff = []time.Duration{time.Hour}
	t.Cleanup(func() { retryBackoff = saved })
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	// Do returning at all shows it did not wait out the hour's backoff.
	resp := wireTestClient(t, wireTestTarget("http://"+addr)).Retrying().Do(context.Background(), Request{Method: "GET", Bucket: "b"})
	if resp.Err == nil {
		t.Fatalf("no error from a closed port; status %d", resp.Status)
	}
}
