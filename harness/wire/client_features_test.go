package wire

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/s3errconform/s3errconform/harness/targets"
)

// wireServer accepts connections and records each request exactly as it
// arrived on the wire (request line, header lines, body bytes), answering
// 200 with an empty body.
type wireServer struct {
	addr string
	mu   sync.Mutex
	got  []wireRequest
}

type wireRequest struct {
	line   string
	header http.Header
	body   []byte
	// framing is how the body was delimited: "length", "chunked" or "none".
	framing string
}

func startWireServer(t *testing.T) *wireServer {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	ws := &wireServer{addr: l.Addr().String()}
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go ws.serve(c)
		}
	}()
	return ws
}

func (ws *wireServer) serve(c net.Conn) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	br := bufio.NewReader(c)
	req, err := http.ReadRequest(br)
	if err != nil {
		return
	}
	w := wireRequest{line: req.Method + " " + req.RequestURI, header: req.Header}
	switch {
	case len(req.TransferEncoding) > 0:
		w.framing = "chunked"
	case req.Header.Get("Content-Length") != "":
		w.framing = "length"
	default:
		w.framing = "none"
	}
	w.body, _ = io.ReadAll(req.Body)
	ws.mu.Lock()
	ws.got = append(ws.got, w)
	ws.mu.Unlock()
	io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
}

func (ws *wireServer) last(t *testing.T) wireRequest {
	t.Helper()
	ws.mu.Lock()
	defer ws.mu.Unlock()
	if len(ws.got) == 0 {
		t.Fatal("no request arrived")
	}
	return ws.got[len(ws.got)-1]
}

func featureClient(t *testing.T, ws *wireServer, addressing string) *Client {
	t.Helper()
	c, err := NewClient(&targets.Target{
		Name: "features", Endpoint: "http://" + ws.addr, Region: "eu-central-1", Addressing: addressing,
		Identity: targets.Credentials{AccessKey: "AKIDFEATURES", SecretKey: "features-secret-key"},
		Profile:  targets.ProfileStrict, Timeout: 5 * time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestClientBodyFraming(t *testing.T) {
	ws := startWireServer(t)
	c := featureClient(t, ws, targets.AddressingPath)
	for _, tc := range []struct {
		framing BodyFraming
		want    string
		body    string
	}{
		{FramingContentLength, "length", "payload"},
		{FramingChunked, "chunked", "payload"},
		{FramingNone, "none", ""},
		{FramingTruncated, "length", "pay"},
	} {
		r := c.Do(context.Background(), Request{Method: http.MethodPut, Bucket: "bkt", Key: "k", Body: []byte("payload"), Framing: tc.framing})
		if r.Err != nil || r.Status != 200 {
			t.Fatalf("framing %d: %v %d", tc.framing, r.Err, r.Status)
		}
		got := ws.last(t)
		if got.framing != tc.want || string(got.body) != tc.body {
			t.Errorf("framing %d: arrived %s with body %q, want %s with %q", tc.framing, got.framing, got.body, tc.want, tc.body)
		}
		if string(r.RequestBody) != tc.body {
			t.Errorf("framing %d: exchange reports body %q, sent %q", tc.framing, r.RequestBody, tc.body)
		}
		if tc.framing == FramingTruncated && (got.header.Get("Content-Length") != "7" || r.RequestHeader.Get("Content-Length") != "7") {
			t.Errorf("truncated body: Content-Length %q arrived, exchange shows %q; want the whole body's 7", got.header.Get("Content-Length"), r.RequestHeader.Get("Content-Length"))
		}
	}
}

func TestClientRawPath(t *testing.T) {
	ws := startWireServer(t)
	c := featureClient(t, ws, targets.AddressingPath)
	r := c.Do(context.Background(), Request{Method: http.MethodGet, Bucket: "bkt", Key: "x", RawPath: "/bkt/%AE%8A-", Query: url.Values{"a": {"b"}}})
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	if got := ws.last(t).line; got != "GET /bkt/%AE%8A-?a=b" {
		t.Fatalf("request line %q", got)
	}
	if !strings.HasSuffix(r.URL, "/bkt/%AE%8A-?a=b") || !strings.HasPrefix(r.URL, "http://"+ws.addr) {
		t.Fatalf("exchange URL %q", r.URL)
	}
	// Without RawPath the key is escaped byte by byte, invalid UTF-8 too.
	c.Do(context.Background(), Request{Method: http.MethodGet, Bucket: "bkt", Key: "\xae\x8a-"})
	if got := ws.last(t).line; got != "GET /bkt/%AE%8A-" {
		t.Fatalf("request line %q", got)
	}
}

func TestClientTamperAfterSigning(t *testing.T) {
	ws := startWireServer(t)
	c := featureClient(t, ws, targets.AddressingPath)
	c.Do(context.Background(), Request{Method: http.MethodGet, Bucket: "bkt", Tamper: Tampers(
		WithoutHeader("X-Amz-Content-Sha256"), WithoutAuthorizationPart("Signature"), WithCredentialService("s2"))})
	h := ws.last(t).header
	auth := h.Get("Authorization")
	if h.Get("X-Amz-Content-Sha256") != "" || strings.Contains(auth, "Signature=") || !strings.Contains(auth, "/eu-central-1/s2/aws4_request") ||
		!strings.HasPrefix(auth, "AWS4-HMAC-SHA256 Credential=AKIDFEATURES/") || !strings.Contains(auth, "SignedHeaders=") {
		t.Fatalf("tampered headers: %v", h)
	}
	c.Do(context.Background(), Request{Method: http.MethodGet, Bucket: "bkt", Tamper: Tampers(WithAuthorizationScheme("AWS4-HMAC-SHA25"), WithCredential("HAHAHA"))})
	if auth := ws.last(t).header.Get("Authorization"); !strings.HasPrefix(auth, "AWS4-HMAC-SHA25 Credential=HAHAHA,") {
		t.Fatalf("Authorization %q", auth)
	}
	c.Do(context.Background(), Request{Method: http.MethodGet, Tamper: WithAuthorization("AWS HAHAHA")})
	if auth := ws.last(t).header.Get("Authorization"); auth != "AWS HAHAHA" {
		t.Fatalf("Authorization %q", auth)
	}
}

func TestClientSigV2Modes(t *testing.T) {
	for _, addressing := range []string{targets.AddressingPath, targets.AddressingVirtual} {
		ws := startWireServer(t)
		c := featureClient(t, ws, addressing)
		at := time.Now().Add(-time.Minute).UTC().Truncate(time.Second)
		virtual := ""
		if addressing == targets.AddressingVirtual {
			virtual = "bkt"
		}
		r := c.Do(context.Background(), Request{Method: http.MethodGet, Bucket: "bkt", Key: "a key", Query: url.Values{"acl": {""}}, Auth: Auth{Mode: AuthSigV2, Time: at}})
		if r.Err != nil {
			t.Fatal(r.Err)
		}
		got := ws.last(t)
		path := "/bkt/a%20key"
		if virtual != "" {
			path = "/a%20key"
		}
		sts := SigV2StringToSign("GET", got.header, at.Format(http.TimeFormat), SigV2CanonicalResource(virtual, path, url.Values{"acl": {""}}))
		if want := "AWS AKIDFEATURES:" + SigV2Signature("features-secret-key", sts); got.header.Get("Authorization") != want || got.header.Get("Date") != at.Format(http.TimeFormat) {
			t.Fatalf("%s: Authorization %q Date %q, want %q", addressing, got.header.Get("Authorization"), got.header.Get("Date"), want)
		}
		if got.header.Get("X-Amz-Content-Sha256") != "" {
			t.Fatalf("%s: SigV2 request carries x-amz-content-sha256", addressing)
		}

		c.Do(context.Background(), Request{Method: http.MethodGet, Bucket: "bkt", Key: "k", Auth: Auth{Mode: AuthPresignV2, Time: at, Expires: time.Hour}})
		got = ws.last(t)
		u, _ := url.ParseRequestURI(strings.TrimPrefix(got.line, "GET "))
		q := u.Query()
		exp := at.Add(time.Hour).Unix()
		path = "/bkt/k"
		if virtual != "" {
			path = "/k"
		}
		sts = SigV2StringToSign("GET", http.Header{}, strings.TrimSpace(q.Get("Expires")), SigV2CanonicalResource(virtual, path, url.Values{}))
		if q.Get("AWSAccessKeyId") != "AKIDFEATURES" || q.Get("Expires") != strconv.FormatInt(exp, 10) || q.Get("Signature") != SigV2Signature("features-secret-key", sts) ||
			got.header.Get("Authorization") != "" {
			t.Fatalf("%s: presigned V2 query %v", addressing, q)
		}
		if strings.Contains(r.RequestLine(), "Signature=") && !strings.Contains(RedactURL(got.line), Redacted) {
			t.Fatal("presigned V2 URL not redacted")
		}
	}
}

// A body cut short over TLS: the server reads the bytes that came and the
// end of the stream (TLS close_notify), then answers on the same connection.
func TestClientTruncatedBodyOverTLS(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, err := io.ReadAll(r.Body)
		w.Header().Set("X-Got", strconv.Itoa(len(got)))
		if errors.Is(err, io.ErrUnexpectedEOF) {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		w.WriteHeader(http.StatusOK)
	}))
	defer srv.Close()
	c, err := NewClient(&targets.Target{
		Name: "tls", Endpoint: srv.URL, Region: "eu-central-1", Addressing: targets.AddressingPath,
		Identity: targets.Credentials{AccessKey: "AKIDFEATURES", SecretKey: "features-secret-key"},
		Profile:  targets.ProfileStrict, Timeout: 5 * time.Second, TLS: targets.TLS{InsecureSkipVerify: true},
	})
	if err != nil {
		t.Fatal(err)
	}
	r := c.Do(context.Background(), Request{Method: http.MethodPut, Bucket: "bkt", Key: "k", Body: []byte("0123456789"), Framing: FramingTruncated})
	if r.Err != nil || r.Status != http.StatusBadRequest || r.ResponseHeader.Get("X-Got") != "5" {
		t.Fatalf("err %v, status %d, server read %q bytes; want 400 after 5", r.Err, r.Status, r.ResponseHeader.Get("X-Got"))
	}
}

// A stalled body is half sent with the connection left open: the server
// reads no end of the request (a further read waits, where a truncated
// body's ends at once), and its answer, whenever it comes, is the
// response.
func TestStalledBodyKeepsTheConnectionOpenUntilTheAnswer(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	seen := make(chan string, 1)
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			seen <- err.Error()
			return
		}
		defer conn.Close()
		br := bufio.NewReader(conn)
		req, err := http.ReadRequest(br)
		if err != nil {
			seen <- err.Error()
			return
		}
		half := make([]byte, req.ContentLength/2)
		if _, err := io.ReadFull(br, half); err != nil {
			seen <- err.Error()
			return
		}
		// The client sends nothing more and does not end its side: the
		// read can only end by this deadline.
		conn.SetReadDeadline(time.Now().Add(100 * time.Millisecond))
		_, err = br.ReadByte()
		if errors.Is(err, os.ErrDeadlineExceeded) {
			seen <- "silent"
		} else {
			seen <- fmt.Sprintf("read after the half body: %v", err)
		}
		io.WriteString(conn, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
	}()
	c, err := NewClient(&targets.Target{
		Name: "stall", Endpoint: "http://" + ln.Addr().String(), Region: "eu-central-1", Addressing: targets.AddressingPath,
		Identity: targets.Credentials{AccessKey: "AKIDFEATURES", SecretKey: "features-secret-key"},
		Profile:  targets.ProfileStrict, Timeout: 5 * time.Second, StalledBodyTimeout: time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	r := c.Do(context.Background(), Request{Method: http.MethodPut, Bucket: "bkt", Key: "k", Body: []byte("0123456789"), Framing: FramingStalled})
	if got := <-seen; got != "silent" {
		t.Fatalf("server saw: %s", got)
	}
	if r.Err != nil || r.Status != http.StatusBadRequest || string(r.RequestBody) != "01234" {
		t.Fatalf("err %v, status %d, body sent %q; want 400 after 01234", r.Err, r.Status, r.RequestBody)
	}
}
