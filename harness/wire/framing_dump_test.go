package wire

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/s3errconform/s3errconform/harness/targets"
)

// headServer keeps each request's header bytes as they arrived and answers
// with a fixed raw response.
type headServer struct {
	addr   string
	answer string
	mu     sync.Mutex
	heads  []string
}

func startHeadServer(t *testing.T, answer string) *headServer {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	rs := &headServer{addr: l.Addr().String(), answer: answer}
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go rs.serve(c)
		}
	}()
	return rs
}

func (rs *headServer) serve(c net.Conn) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	var head bytes.Buffer
	req, err := http.ReadRequest(bufio.NewReader(io.TeeReader(c, &head)))
	if err != nil {
		return
	}
	io.Copy(io.Discard, req.Body)
	h, _, _ := strings.Cut(head.String(), "\r\n\r\n")
	rs.mu.Lock()
	rs.heads = append(rs.heads, h)
	rs.mu.Unlock()
	io.WriteString(c, rs.answer)
}

func (rs *headServer) last(t *testing.T) string {
	t.Helper()
	rs.mu.Lock()
	defer rs.mu.Unlock()
	if len(rs.heads) == 0 {
		t.Fatal("no request arrived")
	}
	return rs.heads[len(rs.heads)-1]
}

// framingLines are the framing header lines of a raw header block.
func framingLines(head string) []string {
	var out []string
	for _, line := range strings.Split(head, "\r\n") {
		name, _, _ := strings.Cut(line, ":")
		if n := http.CanonicalHeaderKey(name); n == "Content-Length" || n == "Transfer-Encoding" {
			out = append(out, n+": "+strings.TrimSpace(line[len(name)+1:]))
		}
	}
	return out
}

func rawClient(t *testing.T, addr string) *Client {
	t.Helper()
	c, err := NewClient(&targets.Target{
		Name: "raw", Endpoint: "http://" + addr, Region: "us-east-1", Addressing: targets.AddressingPath,
		Identity: targets.Credentials{AccessKey: "AKIDRAW", SecretKey: "raw-secret-key"},
		Profile:  targets.ProfileStrict, Timeout: 5 * time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// The exchange shows the framing that went on the wire, which net/http
// writes from fields of its own rather than the request's Header.
func TestExchangeShowsRequestFraming(t *testing.T) {
	rs := startHeadServer(t, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
	c := rawClient(t, rs.addr)
	for _, tc := range []struct {
		name string
		req  Request
		want []string
	}{
		{"PUT without body", Request{Method: http.MethodPut, Bucket: "bkt"}, []string{"Content-Length: 0"}},
		{"PUT with body", Request{Method: http.MethodPut, Bucket: "bkt", Key: "k", Body: []byte("payload")}, []string{"Content-Length: 7"}},
		{"POST without body", Request{Method: http.MethodPost, Bucket: "bkt", Key: "k"}, []string{"Content-Length: 0"}},
		{"GET", Request{Method: http.MethodGet, Bucket: "bkt"}, nil},
		{"DELETE", Request{Method: http.MethodDelete, Bucket: "bkt"}, nil},
		{"chunked", Request{Method: http.MethodPut, Bucket: "bkt", Key: "k", Body: []byte("payload"), Framing: FramingChunked}, []string{"Transfer-Encoding: chunked"}},
		{"no framing", Request{Method: http.MethodPut, Bucket: "bkt", Key: "k", Framing: FramingNone}, nil},
		{"truncated", Request{Method: http.MethodPut, Bucket: "bkt", Key: "k", Body: []byte("payload"), Framing: FramingTruncated}, []string{"Content-Length: 7"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := c.Do(context.Background(), tc.req)
			if r.Err != nil || r.Status != 200 {
				t.Fatalf("%v %d", r.Err, r.Status)
			}
			arrived := framingLines(rs.last(t))
			if strings.Join(arrived, "|") != strings.Join(tc.want, "|") {
				t.Fatalf("test premise: framing %q arrived, want %q", arrived, tc.want)
			}
			dumped := framingLines(strings.ReplaceAll(requestPart(r.Exchange.String()), "\n", "\r\n"))
			if strings.Join(dumped, "|") != strings.Join(arrived, "|") {
				t.Errorf("exchange shows framing %q, %q went on the wire\n%s", dumped, arrived, r.Exchange)
			}
		})
	}
}

func requestPart(dump string) string {
	req, _, _ := strings.Cut(dump, "--- response")
	return req
}

func TestExchangeShowsResponseFraming(t *testing.T) {
	for _, tc := range []struct{ name, answer, want string }{
		{"chunked", "HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n3\r\nabc\r\n0\r\n\r\n", "Transfer-Encoding: chunked"},
		{"length", "HTTP/1.1 404 Not Found\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc", "Content-Length: 3"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rs := startHeadServer(t, tc.answer)
			r := rawClient(t, rs.addr).Do(context.Background(), Request{Method: http.MethodGet, Bucket: "bkt", Key: "k"})
			if r.Err != nil || string(r.Body) != "abc" {
				t.Fatalf("%v %q", r.Err, r.Body)
			}
			_, resp, _ := strings.Cut(r.Exchange.String(), "--- response")
			if !strings.Contains(resp, "\n"+tc.want+"\n") {
				t.Errorf("response dump lacks %q:\n%s", tc.want, resp)
			}
		})
	}
}

// curl sends no Content-Length for a PUT without body unless told to.
func TestReproSendsEmptyContentLength(t *testing.T) {
	rs := startHeadServer(t, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
	c := rawClient(t, rs.addr)
	put := c.Do(context.Background(), Request{Method: http.MethodPut, Bucket: "bkt"})
	if !strings.Contains(put.Repro(), "--data-binary ''") {
		t.Errorf("PUT without body: %s", put.Repro())
	}
	for _, req := range []Request{{Method: http.MethodGet, Bucket: "bkt"}, {Method: http.MethodPut, Bucket: "bkt", Key: "k", Body: []byte("x")}} {
		if r := c.Do(context.Background(), req); strings.Contains(r.Repro(), "--data-binary ''") {
			t.Errorf("%s with %d bytes: %s", req.Method, len(req.Body), r.Repro())
		}
	}
}

// The shortcut for common requests must frame exactly as net/http does.
func TestPlainFramingAgreesWithNetHTTP(t *testing.T) {
	methods := []string{http.MethodGet, http.MethodHead, http.MethodPut, http.MethodPost, http.MethodDelete, http.MethodPatch, http.MethodOptions}
	for _, method := range methods {
		for _, body := range [][]byte{nil, []byte("x"), bytes.Repeat([]byte("b"), 70000)} {
			req, err := http.NewRequest(method, "http://example.invalid/b/k", bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			plain, ok := plainFraming(req, body)
			if !ok {
				t.Fatalf("%s with %d bytes: no shortcut for a plain request", method, len(body))
			}
			if written := writtenFraming(req, body); !reflect.DeepEqual(normalFraming(plain), normalFraming(written)) {
				t.Errorf("%s with %d bytes: shortcut frames %v, net/http %v", method, len(body), plain, written)
			}
		}
	}
}

func normalFraming(h http.Header) http.Header {
	if len(h) == 0 {
		return nil
	}
	return h
}
