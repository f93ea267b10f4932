package hostile

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"time"
)

// upstreamResponse is the behaving server's complete answer.
type upstreamResponse struct {
	status int
	header http.Header
	body   []byte
}

// forward sends the request to the behaving server as the client sent it:
// same method, request target, headers (Host included, which signatures
// cover) and body framing.
func (s *Server) forward(r *http.Request, body []byte, soap bool) (*upstreamResponse, error) {
	base := s.opts.REST
	if soap {
		base = strings.TrimSuffix(s.opts.SOAP, "/soap")
	}
	out, err := http.NewRequestWithContext(r.Context(), r.Method, base+r.RequestURI, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	out.Header = r.Header.Clone()
	out.Host = r.Host
	switch {
	case slices.Contains(r.TransferEncoding, "chunked"):
		out.ContentLength = -1
		out.Body = io.NopCloser(bytes.NewReader(body))
		out.GetBody = nil
	case r.Header.Get("Content-Length") == "" && len(body) == 0:
		// Neither Content-Length nor Transfer-Encoding: send the same.
		out.ContentLength = -1
		out.Body = io.NopCloser(bytes.NewReader(nil))
		out.GetBody = nil
		out.TransferEncoding = []string{"identity"}
		out.Close = true
	}
	out.Header.Del("Content-Length")
	return upstreamAnswer(s.upstream.Do(out))
}

// upstreamAnswer reads the behaving server's whole answer.
func upstreamAnswer(resp *http.Response, err error) (*upstreamResponse, error) {
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	return &upstreamResponse{status: resp.StatusCode, header: resp.Header, body: body}, nil
}

// bodyStallWait is how long a request body may go silent before the proxy
// relays it as far as it came: the behaving server then sees the silence
// itself (and answers RequestTimeout). Bytes that come later are relayed
// as they come, so a body that was only slow arrives whole.
const bodyStallWait = time.Second

// readRequestBody reads the client's body, up to 64 MiB, and reports
// whether it went silent before its end.
func readRequestBody(w http.ResponseWriter, r *http.Request) (body []byte, stalled bool, err error) {
	rc := http.NewResponseController(w)
	limited := io.LimitReader(r.Body, 64<<20)
	buf := make([]byte, 32<<10)
	for {
		rc.SetReadDeadline(time.Now().Add(bodyStallWait))
		n, err := limited.Read(buf)
		body = append(body, buf[:n]...)
		switch {
		case errors.Is(err, os.ErrDeadlineExceeded):
			rc.SetReadDeadline(time.Time{})
			return body, true, nil
		case err == io.EOF:
			rc.SetReadDeadline(time.Time{})
			return body, false, nil
		case err != nil:
			return body, false, err
		}
	}
}

// forwardStalled relays a REST request whose body went silent: the
// declared length and the bytes that came, then whatever else the client
// sends, until the behaving server answers.
func (s *Server) forwardStalled(r *http.Request, body []byte, _ bool) (*upstreamResponse, error) {
	return s.forwardPartial(r, body, true)
}

// forwardCutShort relays a REST request whose body ended before its
// Content-Length the same way: the declared length, the bytes that came,
// then the end of the sending side. net/http will not send such a request,
// and the client's request context is already cancelled by its close.
func (s *Server) forwardCutShort(r *http.Request, body []byte, _ bool) (*upstreamResponse, error) {
	return s.forwardPartial(r, body, false)
}

func (s *Server) forwardPartial(r *http.Request, body []byte, stalled bool) (*upstreamResponse, error) {
	base, err := url.Parse(s.opts.REST)
	if err != nil {
		return nil, err
	}
	if base.Scheme != "http" {
		return nil, errors.New("a body cut short is relayed over plain HTTP only")
	}
	header := r.Header.Clone()
	header.Del("Connection")
	var wire bytes.Buffer
	fmt.Fprintf(&wire, "%s %s HTTP/1.1\r\nHost: %s\r\nContent-Length: %d\r\nConnection: close\r\n", r.Method, r.RequestURI, r.Host, r.ContentLength)
	header.Write(&wire)
	wire.WriteString("\r\n")
	wire.Write(body)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := (&net.Dialer{}).DialContext(ctx, "tcp", base.Host)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := conn.Write(wire.Bytes()); err != nil {
		return nil, err
	}
	if stalled {
		go io.Copy(conn, r.Body)
	} else {
		conn.(*net.TCPConn).CloseWrite()
	}
	return upstreamAnswer(http.ReadResponse(bufio.NewReader(conn), r))
}
