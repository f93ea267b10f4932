package wire

import (
	"bytes"
	"fmt"
	"net"
	"sync"
)

// prefixLimit is how much of a connection's first bytes a prefixConn keeps:
// enough to tell an HTTP/1.x status line from an HTTP/2 frame or a banner.
const prefixLimit = 32

// prefixConn keeps the first bytes read from a connection, so that a
// request that got no HTTP/1.1 answer can say what came instead: an
// HTTP/2-only server sends a frame with no line end, which the HTTP/1
// client waits on until the timeout.
type prefixConn struct {
	net.Conn
	mu    sync.Mutex
	first []byte
}

func (c *prefixConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.mu.Lock()
	if room := prefixLimit - len(c.first); room > 0 {
		c.first = append(c.first, p[:min(n, room)]...)
	}
	c.mu.Unlock()
	return n, err
}

func (c *prefixConn) firstBytes() []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	return bytes.Clone(c.first)
}

func (c *tapConn) firstBytes() []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	return bytes.Clone(c.seen[:min(len(c.seen), prefixLimit)])
}

// notHTTP1Error is a request's error when the server answered with bytes
// that do not start an HTTP/1.x response.
type notHTTP1Error struct {
	// what names the answer, e.g. "an HTTP/2 SETTINGS frame".
	what  string
	http2 bool
	first []byte
	err   error
}

func (e *notHTTP1Error) Error() string {
	return fmt.Sprintf("the server sent %s (first bytes %q): %v", e.what, e.first, e.err)
}

func (e *notHTTP1Error) Unwrap() error { return e.err }

// classifyAnswer wraps err, the error of a request that got no response,
// in a notHTTP1Error when what the server sent on conn was not HTTP/1.x.
func classifyAnswer(conn net.Conn, err error) error {
	c, ok := conn.(interface{ firstBytes() []byte })
	if !ok {
		return err
	}
	first := c.firstBytes()
	what, http2 := notHTTP1(first)
	if what == "" {
		return err
	}
	return &notHTTP1Error{what: what, http2: http2, first: first, err: err}
}

// notHTTP1 names what first is when it does not begin an HTTP/1.x
// response ("" when it does, or is empty), and whether it is HTTP/2.
func notHTTP1(first []byte) (what string, http2 bool) {
	const h1 = "HTTP/1."
	n := min(len(first), len(h1))
	switch {
	case len(first) == 0 || string(first[:n]) == h1[:n]:
		return "", false
	case bytes.HasPrefix(first, []byte("PRI * HTTP/2.0")):
		return "the HTTP/2 connection preface", true
	case bytes.HasPrefix(first, []byte("HTTP/2")):
		return "an HTTP/2 status line", true
	case len(first) >= 9 && first[5]&0x7f == 0 && first[6] == 0 && first[7] == 0 && first[8] == 0:
		// A frame on stream 0: what an HTTP/2 server sends first.
		switch first[3] {
		case 0x4:
			return "an HTTP/2 SETTINGS frame", true
		case 0x7:
			return "an HTTP/2 GOAWAY frame", true
		}
	}
	return "bytes that are not HTTP/1.1", false
}
