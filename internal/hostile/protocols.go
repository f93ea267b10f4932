package hostile

import (
	"bufio"
	"crypto/tls"
	"io"
	"net"
	"net/http"
	"strings"
)

// Misbehaviours of the protocol itself: answers a client must not retry
// and must name, not mistake for silence.
const (
	// SetupHugeHeader answers every REST CreateBucket (the first setup
	// request of most checks) with a 10 MB header line.
	SetupHugeHeader Misbehaviour = "setup-huge-header"
	// HTTP2Only answers every connection with an HTTP/2 SETTINGS frame,
	// as a server speaking HTTP/2 only (h2c) does, and keeps it open.
	HTTP2Only Misbehaviour = "http2-only"
	// TLSHTTP2Only offers only h2 by ALPN on its TLS listeners, then
	// speaks as HTTP2Only.
	TLSHTTP2Only Misbehaviour = "tls-http2-only"
)

// Scopes of the protocol misbehaviours, apart from hostile.go's.
const (
	// scopeRESTCreateBucket: a REST PUT of a bucket, no subresource.
	scopeRESTCreateBucket scope = iota + 100
	// scopeHTTP2: every connection to every listener.
	scopeHTTP2
)

var protocolDescriptions = []Description{
	{SetupHugeHeader, "answers every CreateBucket with a 10 MB header line", "rest-create-bucket", scopeRESTCreateBucket},
	{HTTP2Only, "answers every connection with an HTTP/2 SETTINGS frame and keeps it open (HTTP/2 only)", "all", scopeHTTP2},
	{TLSHTTP2Only, "offers only h2 by ALPN on TLS, then answers as http2-only", "all", scopeHTTP2},
}

// isCreateBucket reports whether r is a REST CreateBucket.
func isCreateBucket(r *http.Request, soap bool) bool {
	path := strings.Trim(r.URL.Path, "/")
	return !soap && r.Method == http.MethodPut && path != "" && !strings.Contains(path, "/") && r.URL.RawQuery == ""
}

// hugeHeader writes a status line and a header line of 10 MB, far past
// any client's header limit, then closes.
func hugeHeader(conn net.Conn) {
	io.WriteString(conn, "HTTP/1.1 200 OK\r\nX-Hostile: ")
	line := []byte(strings.Repeat("h", 64<<10))
	for written := 0; written < 10<<20; written += len(line) {
		if _, err := conn.Write(line); err != nil {
			return
		}
	}
	io.WriteString(conn, "\r\n\r\n")
}

// http2Settings is an empty SETTINGS frame on stream 0, what an HTTP/2
// server sends first.
var http2Settings = []byte{0, 0, 0, 0x4, 0, 0, 0, 0, 0}

// answerHTTP2 accepts every connection on ln (with TLS offering only h2
// when useTLS), reads the request's first line, answers with a SETTINGS
// frame and holds the connection until the server closes.
func (s *Server) answerHTTP2(ln net.Listener, useTLS bool) error {
	if useTLS {
		cert, err := s.ca.certificate(s.desc.Name)
		if err != nil {
			return err
		}
		ln = tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12, NextProtos: []string{"h2"}})
	}
	go s.serveEach(ln, func(conn net.Conn) {
		if _, err := bufio.NewReader(conn).ReadString('\n'); err != nil {
			return
		}
		s.mu.Lock()
		s.corrupted = append(s.corrupted, Exchange{})
		s.mu.Unlock()
		conn.Write(http2Settings)
		<-s.closing
	})
	return nil
}

func (s *Server) countStreamed(n int) {
	s.mu.Lock()
	s.streamed += n
	s.mu.Unlock()
}

// Streamed is how many body bytes HugeBody and EndlessBody wrote before
// the client stopped reading (what the kernel buffers included).
func (s *Server) Streamed() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.streamed
}
