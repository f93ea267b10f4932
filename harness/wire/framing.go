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
	case FramingTruncated:
		return req.Body[:len(req.Body)/2]
	}
	return req.Body
}

// sendTruncated writes httpReq, whose Content-Length covers its whole body,
// on a connection of its own without the body's last missing bytes, ends
// the sending side and reads the answer. net/http refuses to send a body
// shorter than its Content-Length, so the request is written raw; what it
// reads back is bounded like any other response.
func (c *Client) sendTruncated(ctx context.Context, httpReq *http.Request, missing int) (*http.Response, error) {
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
	if writeErr == nil {
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
