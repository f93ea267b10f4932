package wire

import (
	"bufio"
	"context"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// answeringServer answers every connection with answer (after reading the
// request's first line) and counts the connections. hold keeps each
// connection open afterwards until the test ends.
func answeringServer(t *testing.T, answer []byte, hold bool) (url string, conns *atomic.Int32) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	t.Cleanup(func() { close(done); ln.Close() })
	conns = &atomic.Int32{}
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			conns.Add(1)
			go func() {
				defer conn.Close()
				bufio.NewReader(conn).ReadString('\n')
				conn.Write(answer)
				if hold {
					<-done
				}
			}()
		}
	}()
	return "http://" + ln.Addr().String(), conns
}

// http2Settings is what an HTTP/2-only server sends first: an empty
// SETTINGS frame on stream 0, with no line end for an HTTP/1 client.
var http2Settings = []byte{0, 0, 0, 0x4, 0, 0, 0, 0, 0}

// TestMalformedAnswersAreNotRetried: setup retries answers that may be
// better a moment later, never one that would come again the same.
func TestMalformedAnswersAreNotRetried(t *testing.T) {
	withFastRetries(t)
	cases := map[string][]byte{
		"header line over the limit": []byte("HTTP/1.1 200 OK\r\nX-Huge: " + strings.Repeat("a", 2<<20) + "\r\n\r\n"),
		"broken chunking":            []byte("HTTP/1.1 503 Slow Down\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"),
		"not HTTP":                   []byte("SSH-2.0-OpenSSH_9.6\r\n"),
		"HTTP/2 frame":               http2Settings,
	}
	for name, answer := range cases {
		t.Run(name, func(t *testing.T) {
			url, conns := answeringServer(t, answer, false)
			r := wireTestClient(t, wireTestTarget(url)).Retrying().Do(context.Background(), Request{Method: http.MethodPut, Bucket: "b"})
			if r.Err == nil {
				t.Fatalf("no error; status %d", r.Status)
			}
			if n := conns.Load(); n != 1 {
				t.Errorf("sent %d times, want once: %s", n, TransportProblem(r.Exchange))
			}
		})
	}
}

// TestHTTP2OnlyAnswerIsNamed: a server that answers with an HTTP/2 frame
// and waits is reported as answering HTTP/2 only, not as silent.
func TestHTTP2OnlyAnswerIsNamed(t *testing.T) {
	url, _ := answeringServer(t, http2Settings, true)
	target := wireTestTarget(url)
	target.Timeout = 200 * time.Millisecond
	r := wireTestClient(t, target).Do(context.Background(), Request{Method: http.MethodGet})
	problem := TransportProblem(r.Exchange)
	if !strings.Contains(problem, "the target answered in HTTP/2 only, not HTTP/1.1 (it sent an HTTP/2 SETTINGS frame)") {
		t.Errorf("problem: %s", problem)
	}
}

func TestNotHTTP1(t *testing.T) {
	for first, want := range map[string]string{
		"":                                     "",
		"HTTP/1.1 200 OK\r\n":                  "",
		"HTT":                                  "",
		"PRI * HTTP/2.0\r\n\r\n":               "the HTTP/2 connection preface",
		string(http2Settings):                  "an HTTP/2 SETTINGS frame",
		"\x00\x00\x08\x07\x00\x00\x00\x00\x00": "an HTTP/2 GOAWAY frame",
		"SSH-2.0-OpenSSH":                      "bytes that are not HTTP/1.1",
	} {
		if got, _ := notHTTP1([]byte(first)); got != want {
			t.Errorf("notHTTP1(%q) = %q, want %q", first, got, want)
		}
	}
}
