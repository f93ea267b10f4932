package wire

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"
	"syscall"
	"time"

	"github.com/s3errconform/s3errconform/harness/targets"
)

// AuthMode is how a request is authenticated.
type AuthMode int

// Authentication modes.
const (
	// AuthSigV4 signs the Authorization header with AWS Signature V4.
	AuthSigV4 AuthMode = iota
	// AuthAnonymous sends no credentials at all.
	AuthAnonymous
	// AuthPresignV4 puts a SigV4 signature in the query string.
	AuthPresignV4
	// AuthSigV2 signs the Authorization header with AWS Signature V2
	// ("AWS AccessKeyId:Signature", see sigv2.go).
	AuthSigV2
	// AuthPresignV2 puts a SigV2 signature in the query string
	// (AWSAccessKeyId, Expires, Signature).
	AuthPresignV2
)

// UnsignedPayload is the x-amz-content-sha256 value for a body the
// signature does not cover.
const UnsignedPayload = "UNSIGNED-PAYLOAD"

// Auth says who signs a request and how; the zero value signs it with
// SigV4 as the client's identity, now, in the target's region.
type Auth struct {
	Mode AuthMode
	// Credentials replace the client's identity (e.g. a wrong secret).
	Credentials *targets.Credentials
	// Time is the signing time; zero means now.
	Time time.Time
	// Region in the credential scope; empty means the target's.
	Region string
	// PayloadHash is sent as x-amz-content-sha256 and signed; empty means
	// the hex SHA-256 of the body.
	PayloadHash string
	// OmitPayloadHash sends no x-amz-content-sha256 header, so the
	// signature covers none (the canonical request still ends with the
	// payload hash): a client that never sends the header, not one that
	// signed it and lost it.
	OmitPayloadHash bool
	// Expires is X-Amz-Expires for a presigned URL; zero means 15 minutes.
	// For AuthPresignV2 the URL expires this long after Time.
	Expires time.Duration
}

// BodyFraming is how a request conveys the length of its body.
type BodyFraming int

// Body framings.
const (
	// FramingContentLength sends a Content-Length header (the default).
	FramingContentLength BodyFraming = iota
	// FramingChunked sends the body with Transfer-Encoding: chunked and no
	// Content-Length.
	FramingChunked
	// FramingNone sends neither Content-Length nor Transfer-Encoding, and
	// no body: the request S3 answers 411 MissingContentLength.
	FramingNone
	// FramingTruncated sends the Content-Length of the whole body but only
	// its first half, then ends its side of the connection: the request
	// S3 answers 400 IncompleteBody.
	FramingTruncated
	// FramingStalled sends the Content-Length of the whole body but only
	// its first half, then falls silent with the connection open: the
	// request S3 answers 400 RequestTimeout once the target's
	// StalledBodyTimeout has passed, which the request's timeout includes.
	FramingStalled
)

// Request is one S3 REST request as a check describes it; the client turns
// it into HTTP for the target's addressing style.
type Request struct {
	Method string
	Bucket string
	Key    string
	Query  url.Values
	Header http.Header
	Body   []byte
	Auth   Auth
	// RawPath, when set, is the request target's path sent exactly as
	// given, unescaped and unchecked: for URIs a server cannot parse.
	// Bucket and Key still name what the request is about.
	RawPath string
	// Framing is how the body's length is conveyed.
	Framing BodyFraming
	// Tamper edits the request's headers after signing, before sending:
	// for checks of a malformed or incomplete signature (see tamper.go).
	Tamper func(http.Header)
}

// Response is what came back for one request, with the profile the
// matchers judge it by.
type Response struct {
	*Exchange
	// Request is what the check asked for; matchers use its bucket and key.
	Request Request
	Profile string
	// sentBy is the client that sent the request, for Repro.
	sentBy *Client
	// reproduce, when set, renders Repro for a request the client did
	// not send (SOAP).
	reproduce func(*Response) string
}

// Client sends requests to one target. It never retries a check's request;
// the copy returned by Retrying does, for setup and cleanup only.
type Client struct {
	target   *targets.Target
	identity targets.Credentials
	http     *http.Client
	head     *http.Client
	endpoint *url.URL
	retry    bool
	// backoff are the waits between a retrying client's attempts.
	backoff []time.Duration
	// dial and tlsConfig connect the way the transports do, for the
	// requests net/http cannot send (FramingTruncated).
	dial      dialFunc
	tlsConfig *tls.Config
	// secrets receives every secret key this client signs with and every
	// signature it makes; its exchanges are redacted with it.
	secrets *Secrets
	// signers are shared with the client's copies.
	signers *signers
	// transcript, when set, records every request sent (RecordingTo).
	transcript *Transcript
}

// NewClient builds a client for target, signing as its main identity, with
// Secrets of its own.
func NewClient(target *targets.Target) (*Client, error) {
	return NewClientWith(target, NewSecrets())
}

// newClient builds a client registering what it signs with in secrets.
func NewClientWith(target *targets.Target, secrets *Secrets) (*Client, error) {
	endpoint, err := url.Parse(target.Endpoint)
	if err != nil {
		return nil, fmt.Errorf("target %q: endpoint: %w", target.Name, err)
	}
	tlsConfig, err := TLSConfig(target.TLS)
	if err != nil {
		return nil, fmt.Errorf("target %q: %w", target.Name, err)
	}
	secrets.Add(target.Identity.SecretKey)
	secrets.Add(target.SecondIdentity.SecretKey)
	secrets.Add(target.ExpiredSession.SecretKey)
	secrets.Add(target.ExpiredSession.SessionToken)
	timeout := target.Timeout
	if timeout <= 0 {
		timeout = targets.DefaultTimeout
	}
	dial := EndpointDialer(endpoint, timeout)
	c := &Client{target: target, identity: target.Identity, endpoint: endpoint, dial: dial, tlsConfig: tlsConfig, secrets: secrets, signers: &signers{}}
	c.http = &http.Client{
		Transport:     NewTransport(endpoint, dial, tlsConfig, timeout, false),
		CheckRedirect: DoNotFollow,
	}
	c.head = &http.Client{
		Transport:     NewTransport(endpoint, dial, tlsConfig, timeout, true),
		CheckRedirect: DoNotFollow,
	}
	return c, nil
}

// Target is the target this client talks to.
func (c *Client) Target() *targets.Target { return c.target }

// Secrets are what this client registers and redacts its exchanges with.
func (c *Client) Secrets() *Secrets { return c.secrets }

// Retrying returns a copy that retries 500 and 503 answers, and
// connections dropped before any answer, with backoff, all within one
// request timeout: for setup and cleanup, never for a check's request.
func (c *Client) Retrying() *Client {
	return c.RetryingAfter(retryBackoff...)
}

// RetryingAfter is Retrying with the given waits between attempts.
func (c *Client) RetryingAfter(backoff ...time.Duration) *Client {
	cp := *c
	cp.retry = true
	cp.backoff = backoff
	return &cp
}

var retryBackoff = []time.Duration{200 * time.Millisecond, time.Second, 3 * time.Second}

// Do sends req and returns what came back; a transport failure is in the
// response's Err, never a panic.
func (c *Client) Do(ctx context.Context, req Request) *Response {
	if c.retry {
		// Retries share the first attempt's timeout: a setup request costs
		// at most one timeout, however its attempts end.
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.timeout())
		defer cancel()
	}
	x := c.once(ctx, req)
	for i := 0; c.retry && i < len(c.backoff) && retryable(x); i++ {
		select {
		case <-ctx.Done():
			return c.response(req, x)
		case <-time.After(c.backoff[i]):
		}
		x = c.once(ctx, req)
	}
	return c.response(req, x)
}

func (c *Client) response(req Request, x *Exchange) *Response {
	x.Secrets = c.secrets
	if c.transcript != nil {
		c.transcript.add(c, req, x)
	}
	return &Response{Exchange: x, Request: req, Profile: c.target.Profile, sentBy: c}
}

// NewResponse is x, redacted with secrets, as the answer to req, for a
// request sent by other means than Client (SOAP); reproduce renders its
// Repro.
func NewResponse(x *Exchange, req Request, profile string, secrets *Secrets, reproduce func(*Response) string) *Response {
	x.Secrets = secrets
	return &Response{Exchange: x, Request: req, Profile: profile, reproduce: reproduce}
}

// Repro is a curl command line reproducing the request, made only for the
// responses a report shows.
func (r *Response) Repro() string {
	if r.reproduce != nil {
		return r.reproduce(r)
	}
	if r.sentBy == nil {
		return ""
	}
	return reproduce(r.sentBy.target, r.sentBy.identity, r.Request, r.Exchange)
}

// retryable: a server that answers 500 or 503, or drops the connection
// before answering (a kept-alive connection it closed as we reused it, a
// worker restarting), may do better a moment later, and said so quickly.
// Nothing else is retried: a timeout would cost another timeout; a
// malformed answer (a header too large, broken chunking, bytes that are
// not HTTP/1.1, a body cut short) would come again the same; a refused
// connection means nothing listens any more (a crashed server), and
// retrying it would only cost every remaining check the backoff.
func retryable(x *Exchange) bool {
	if x.Err != nil {
		var notH1 *notHTTP1Error
		// net/http reports a pooled connection the server had closed as
		// "server closed idle connection" (an unexported error): dropped
		// before any answer, like a reset.
		dropped := errors.Is(x.Err, syscall.ECONNRESET) || errors.Is(x.Err, syscall.EPIPE) || errors.Is(x.Err, io.EOF) ||
			errors.Is(x.Err, io.ErrUnexpectedEOF) || strings.Contains(x.Err.Error(), "server closed idle connection")
		return x.Status == 0 && dropped && !TimedOut(x.Err) && !errors.As(x.Err, &notH1)
	}
	return x.Status == http.StatusInternalServerError || x.Status == http.StatusServiceUnavailable
}

// timeout is the target's per-request timeout.
func (c *Client) timeout() time.Duration {
	if c.target.Timeout <= 0 {
		return targets.DefaultTimeout
	}
	return c.target.Timeout
}

func (c *Client) once(ctx context.Context, req Request) *Exchange {
	timeout := c.timeout()
	if req.Framing == FramingStalled {
		timeout += c.target.StalledBodyTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	x := &Exchange{Method: req.Method}
	// The connection the request went out on, for telling how an answer
	// broke off (classifyAnswer) and reading what followed its header.
	var conn net.Conn
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		GotConn: func(info httptrace.GotConnInfo) { conn = info.Conn },
	})
	httpReq, err := c.build(ctx, req)
	if err != nil {
		x.Err = err
		return x
	}
	x.URL = exchangeURL(httpReq.URL)
	x.RequestBody = sentBody(req)
	x.RequestHeader = SentHeader(httpReq, x.RequestBody)
	if httpReq.Host != "" && httpReq.Host != httpReq.URL.Host {
		x.RequestHeader.Set("Host", httpReq.Host)
	}

	client := c.http
	if req.Method == http.MethodHead {
		client = c.head
	}
	start := time.Now()
	var resp *http.Response
	if req.Framing == FramingTruncated || req.Framing == FramingStalled {
		resp, err = c.sendTruncated(ctx, httpReq, len(req.Body)-len(sentBody(req)), req.Framing == FramingStalled)
	} else {
		resp, err = client.Do(httpReq)
	}
	if err != nil {
		x.Duration = time.Since(start)
		x.Err = classifyAnswer(conn, err)
		return x
	}
	tap, _ := conn.(*tapConn)
	defer resp.Body.Close()
	x.Status = resp.StatusCode
	x.Proto = resp.Proto
	x.ResponseHeader = ReceivedHeader(resp)
	x.Body, x.BodyTruncated, x.Err = ReadCapped(resp.Body)
	if tap != nil {
		x.Body = append(x.Body, tap.afterHeader()...)
	}
	x.Duration = time.Since(start)
	return x
}

// readCapped reads at most MaxBodyBytes and reports whether there was more.
func ReadCapped(r io.Reader) ([]byte, bool, error) {
	body, err := io.ReadAll(io.LimitReader(r, MaxBodyBytes+1))
	if len(body) > MaxBodyBytes {
		return body[:MaxBodyBytes], true, nil
	}
	if err != nil {
		return body, false, fmt.Errorf("reading the response body: %w", err)
	}
	return body, false, nil
}

func (c *Client) build(ctx context.Context, req Request) (*http.Request, error) {
	u := *c.endpoint
	u.RawQuery = req.Query.Encode()
	path := "/"
	switch {
	case req.Bucket == "":
	case c.target.Addressing == targets.AddressingVirtual:
		u.Host = req.Bucket + "." + u.Host
		path = "/" + req.Key
	default:
		path = "/" + req.Bucket
		if req.Key != "" {
			path += "/" + req.Key
		}
	}
	u.Path = path
	u.RawPath = escapePath(path)

	if req.RawPath != "" {
		u.Path, u.RawPath = req.RawPath, req.RawPath
		if p, err := url.PathUnescape(req.RawPath); err == nil {
			u.Path = p
		}
	}

	var body io.Reader
	if req.Body != nil {
		body = bytes.NewReader(req.Body)
	}
	httpReq, err := http.NewRequestWithContext(ctx, req.Method, u.String(), body)
	if err != nil {
		return nil, err
	}
	frame(httpReq, req)
	for name, values := range req.Header {
		httpReq.Header[name] = append([]string(nil), values...)
	}
	if host := httpReq.Header.Get("Host"); host != "" {
		httpReq.Host = host
		httpReq.Header.Del("Host")
	}
	if err := c.sign(ctx, httpReq, req); err != nil {
		return nil, err
	}
	if req.RawPath != "" {
		httpReq.URL.Opaque = req.RawPath
	}
	if req.Tamper != nil {
		// The signatures as made, in case an edit moves one where
		// AddRequest does not look.
		c.secrets.AddRequest(httpReq.Header, httpReq.URL.RawQuery, nil)
		req.Tamper(httpReq.Header)
	}
	// What goes on the wire, tampered or not, is what a server can echo.
	c.secrets.AddRequest(httpReq.Header, httpReq.URL.RawQuery, req.Body)
	// A server that answers before reading a body (an error, or after
	// 100 Continue) and keeps the connection open leaves the body's bytes
	// in front of the next request on it (Ceph RGW 16 does). One connection
	// per request with a body keeps that from breaking another check.
	if len(req.Body) > 0 || httpReq.Header.Get("Expect") != "" {
		httpReq.Close = true
	}
	return httpReq, nil
}
