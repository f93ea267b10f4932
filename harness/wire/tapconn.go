package wire

import (
	"bytes"
	"net"
	"sync"
)

// tapLimit bounds what a tap keeps: a stray HEAD body is evidence, not data.
const tapLimit = 64 << 10

// tapConn keeps the first bytes read from a connection. Go's HTTP client
// never hands a HEAD response's body to the caller, so a server that wrongly
// sends one can only be caught in the raw bytes after the header.
type tapConn struct {
	net.Conn
	mu   sync.Mutex
	seen []byte
}

func (c *tapConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.mu.Lock()
	if room := tapLimit - len(c.seen); room > 0 {
		c.seen = append(c.seen, p[:min(n, room)]...)
	}
	c.mu.Unlock()
	return n, err
}

// afterHeader returns the bytes the server sent after the response header.
func (c *tapConn) afterHeader() []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	i := bytes.Index(c.seen, []byte("\r\n\r\n"))
	if i < 0 {
		return nil
	}
	return append([]byte(nil), c.seen[i+4:]...)
}
