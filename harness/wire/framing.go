package wire

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// frame sets how httpReq conveys its body's length (Request.Framing).
func frame(httpReq *http.Request, req Request) {
	switch req.Framing {
	case FramingChunked:
		// A reader of unknown length makes net/http send the body chunked.
		httpReq.Body = io.NopCloser(bytes.NewReader(req.Body))
		httpReq.GetBody = nil
		httpReq.ContentLength = -1
	case FramingNone:
		// An empty body of unknown length with the identity coding: net/http
		// then writes neither Content-Length nor Transfer-Encoding. The
		// connection is not reused, its framing being unknown to the server.
		httpReq.Body = io.NopCloser(bytes.NewReader(nil))
		httpReq.GetBody = nil
		httpReq.ContentLength = -1
		httpReq.TransferEncoding = []string{"identity"}
		httpReq.Close = true
	}
}

// sentBody is the body the request actually carries, whose hash a SigV4
// signature covers.
func sentBody(req Request) []byte {
	switch req.Framing {
	case FramingNone:
		return nil
	case FramingTruncated, FramingStalled:
		return req.Body[:len(req.Body)/2]
	}
	return req.Body
}

// sendTruncated writes httpReq, whose Content-Length covers its whole body,
// on a connection of its own without the body's last missing bytes, ends
// the sending side (or, stalled, keeps it open and silent) and reads the
// answer. net/http refuses to send a body
// shorter than its Content-Length, so the request is written raw; what it
// reads back is bounded like any other response.
func (c *Client) sendTruncated(ctx context.Context, httpReq *http.Request, missing int, stalled bool) (*http.Response, error) {
	if proxy, err := proxyFor(c.endpoint)(httpReq); err != nil || proxy != nil {
		return nil, errors.New("a body cut short cannot be sent through an HTTP proxy: exempt the endpoint with NO_PROXY")
	}
	var wire bytes.Buffer
	if err := httpReq.Write(&wire); err != nil {
		return nil, err
	}
	conn, err := c.dial(ctx, "tcp", hostPort(httpReq.URL))
	if err != nil {
		return nil, err
	}
	if httpReq.URL.Scheme == "https" {
		cfg := c.tlsConfig.Clone()
		if cfg.ServerName == "" {
			cfg.ServerName = httpReq.URL.Hostname()
		}
		tlsConn := tls.Client(conn, cfg)
		if err := tlsConn.HandshakeContext(ctx); err != nil {
			conn.Close()
			return nil, err
		}
		conn = tlsConn
	}
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	if deadline, ok := ctx.Deadline(); ok {
		conn.SetDeadline(deadline)
	}
	_, writeErr := conn.Write(wire.Bytes()[:wire.Len()-missing])
	if writeErr == nil && !stalled {
		if hc, ok := conn.(interface{ CloseWrite() error }); ok {
			writeErr = hc.CloseWrite()
		}
	}
	// A server may answer and close before taking the whole request; its
	// answer still counts.
	resp, err := http.ReadResponse(bufio.NewReader(io.LimitReader(conn, maxTruncatedAnswer)), httpReq)
	if err != nil {
		stop()
		conn.Close()
		if writeErr != nil {
			return nil, fmt.Errorf("sending the request: %w", writeErr)
		}
		return nil, fmt.Errorf("reading the response: %w", err)
	}
	resp.Body = struct {
		io.Reader
		io.Closer
	}{resp.Body, closerFunc(func() error { stop(); return conn.Close() })}
	return resp, nil
}

// maxTruncatedAnswer bounds what sendTruncated reads: a header as large as
// the transports accept and a body as large as a report keeps, plus one
// byte to tell a longer one.
const maxTruncatedAnswer = 1<<20 + MaxBodyBytes + 1

type closerFunc func() error

func (f closerFunc) Close() error { return f() }

// exchangeURL renders the URL a request was sent to, also when its path
// was sent verbatim (Request.RawPath, carried in URL.Opaque).
func exchangeURL(u *url.URL) string {
	if u.Opaque == "" {
		return u.String()
	}
	s := u.Scheme + "://" + u.Host + u.Opaque
	if u.RawQuery != "" {
		s += "?" + u.RawQuery
	}
	return s
}

// SentHeader is the header httpReq goes on the wire with: its Header and
// the framing net/http writes from its ContentLength and TransferEncoding
// fields (Content-Length, Transfer-Encoding), which a reader of an exchange
// needs to tell what the server got. body is what the request carries.
func SentHeader(httpReq *http.Request, body []byte) http.Header {
	h := httpReq.Header.Clone()
	if h == nil {
		h = http.Header{}
	}
	framing, ok := plainFraming(httpReq, body)
	if !ok {
		framing = writtenFraming(httpReq, body)
	}
	for name, values := range framing {
		h[name] = values
	}
	return h
}

// plainFraming is net/http's framing of the common request, found without
// writing a copy of it (which every request would pay for): no
// Transfer-Encoding, and a ContentLength equal to the body's length.
// net/http sends Content-Length for a body, and "Content-Length: 0" for
// an empty POST, PUT or PATCH only. ok is false for any other request.
func plainFraming(httpReq *http.Request, body []byte) (framing http.Header, ok bool) {
	hasBody := httpReq.Body != nil && httpReq.Body != http.NoBody
	if len(httpReq.TransferEncoding) > 0 || httpReq.ContentLength != int64(len(body)) || hasBody != (len(body) > 0) {
		return nil, false
	}
	switch {
	case len(body) > 0:
		return http.Header{"Content-Length": {strconv.Itoa(len(body))}}, true
	case httpReq.Method == http.MethodPost || httpReq.Method == http.MethodPut || httpReq.Method == http.MethodPatch:
		return http.Header{"Content-Length": {"0"}}, true
	}
	return nil, true
}

// writtenFraming is the framing net/http writes for httpReq, read back
// from a copy of the request written without its other headers: net/http
// itself decides.
func writtenFraming(httpReq *http.Request, body []byte) http.Header {
	probe := &http.Request{
		Method: httpReq.Method, URL: &url.URL{Path: "/"}, Host: "framing", Header: http.Header{},
		ContentLength: httpReq.ContentLength, TransferEncoding: httpReq.TransferEncoding,
	}
	if httpReq.Body != nil && httpReq.Body != http.NoBody {
		probe.Body = io.NopCloser(bytes.NewReader(body))
	}
	var head headerCapture
	// A body shorter than its ContentLength (FramingTruncated) is an error
	// after the header is written: the header is all that is wanted.
	_ = probe.Write(&head)
	framing := http.Header{}
	lines := strings.Split(string(head.header()), "\r\n")
	for _, line := range lines[1:] {
		name, value, ok := strings.Cut(line, ":")
		if name = http.CanonicalHeaderKey(name); ok && (name == "Content-Length" || name == "Transfer-Encoding") {
			framing.Set(name, strings.TrimSpace(value))
		}
	}
	return framing
}

// ReceivedHeader is resp's header as it came on the wire, with the
// Transfer-Encoding net/http moves out of it into resp.TransferEncoding.
func ReceivedHeader(resp *http.Response) http.Header {
	if len(resp.TransferEncoding) == 0 {
		return resp.Header
	}
	h := resp.Header.Clone()
	if h == nil {
		h = http.Header{}
	}
	h["Transfer-Encoding"] = append([]string(nil), resp.TransferEncoding...)
	return h
}

// headerCapture keeps what is written up to the end of an HTTP header.
type headerCapture struct{ buf bytes.Buffer }

func (c *headerCapture) Write(p []byte) (int, error) {
	if !bytes.Contains(c.buf.Bytes(), []byte("\r\n\r\n")) {
		c.buf.Write(p)
	}
	return len(p), nil
}

// WriteByte makes Request.Write write to the capture unbuffered, so the
// header arrives also when writing the body fails.
func (c *headerCapture) WriteByte(b byte) error {
	_, err := c.Write([]byte{b})
	return err
}

func (c *headerCapture) header() []byte {
	head, _, _ := bytes.Cut(c.buf.Bytes(), []byte("\r\n\r\n"))
	return head
}
