package judge

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/s3errconform/s3errconform/harness/soap"
	"github.com/s3errconform/s3errconform/harness/targets"
	"github.com/s3errconform/s3errconform/harness/wire"
	"github.com/s3errconform/s3errconform/internal/hostile"
)

func TestTransportProblemSaysWhatWentWrong(t *testing.T) {
	urlErr := func(err error) error { return &url.Error{Op: "Get", URL: "https://s3.test/b/k", Err: err} }
	withCL := http.Header{"Content-Length": {"349"}}
	tests := []struct {
		name string
		x    wire.Exchange
		want []string
	}{
		{"untrusted certificate", wire.Exchange{Err: urlErr(&tls.CertificateVerificationError{Err: x509.UnknownAuthorityError{}})},
			[]string{"TLS: the server's certificate is not signed by a trusted authority", "tls.ca_file"}},
		{"wrong host", wire.Exchange{Err: urlErr(&tls.CertificateVerificationError{Err: x509.HostnameError{Certificate: &x509.Certificate{}, Host: "127.0.0.1"}})},
			[]string{"not valid for this host name"}},
		{"expired", wire.Exchange{Err: urlErr(&tls.CertificateVerificationError{Err: x509.CertificateInvalidError{Reason: x509.Expired}})},
			[]string{"has expired"}},
		{"plain HTTP at an https endpoint", wire.Exchange{Err: urlErr(tls.RecordHeaderError{Msg: "first record does not look like a TLS handshake"})},
			[]string{"did not answer in TLS"}},
		{"no answer", wire.Exchange{Err: urlErr(context.DeadlineExceeded), Duration: 500 * time.Millisecond},
			[]string{"no answer within the request timeout", "after 500ms", "timeout:"}},
		{"slow body", wire.Exchange{Status: 404, ResponseHeader: withCL, Body: []byte("<"), Err: fmt.Errorf("reading the response body: %w", context.DeadlineExceeded), Duration: 501 * time.Millisecond},
			[]string{"the body did not arrive within the request timeout", "1 bytes received of the 349 its Content-Length announced", "after 501ms"}},
		{"reset mid-body", wire.Exchange{Status: 404, ResponseHeader: withCL, Body: make([]byte, 174), Err: fmt.Errorf("reading the response body: %w", syscall.ECONNRESET)},
			[]string{"reset the connection in the middle of the body", "174 bytes received of the 349"}},
		{"reset before answering", wire.Exchange{Err: urlErr(syscall.ECONNRESET)}, []string{"reset the connection without answering"}},
		{"short body", wire.Exchange{Status: 404, ResponseHeader: withCL, Body: make([]byte, 100), Err: fmt.Errorf("reading the response body: %w", io.ErrUnexpectedEOF)},
			[]string{"closed before the body was complete", "100 bytes received of the 349"}},
		{"closed without answering", wire.Exchange{Err: urlErr(io.EOF)}, []string{"closed the connection without answering"}},
		{"not HTTP", wire.Exchange{Err: urlErr(errors.New(`net/http: HTTP/1.x transport connection broken: malformed HTTP status code "Ubuntu"`))},
			[]string{"the answer is not HTTP"}},
		{"refused", wire.Exchange{Err: urlErr(syscall.ECONNREFUSED)}, []string{"nothing listens"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := wire.TransportProblem(&tt.x)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("%q lacks %q", got, w)
				}
			}
			if !strings.Contains(got, tt.x.Err.Error()) {
				t.Errorf("%q lacks the error itself", got)
			}
		})
	}
}

func TestTransportProblemIsBoundedAndRedacted(t *testing.T) {
	secrets := wire.NewSecrets()
	secrets.Add("problems-test-secret-value")
	x := *wire.NewResponse(&wire.Exchange{Err: fmt.Errorf("weird: %s problems-test-secret-value \xff", strings.Repeat("z", 5000))}, wire.Request{}, "", secrets, nil).Exchange
	got := wire.TransportProblem(&x)
	if len(got) > 2*wire.MaxProblemBytes || strings.Contains(got, "problems-test-secret-value") || strings.ContainsRune(got, '\uFFFD') {
		t.Errorf("got %d bytes: %.200q", len(got), got)
	}
}

func respond(status int, header http.Header, body string) *wire.Response {
	return &wire.Response{
		Exchange: &wire.Exchange{Method: http.MethodGet, URL: "http://s3.test/b/k", Status: status, Proto: "HTTP/1.1", ResponseHeader: header, Body: []byte(body)},
		Request:  wire.Request{Method: http.MethodGet, Bucket: "b", Key: "k"},
		Profile:  targets.ProfileStrict,
	}
}

func failedObservations(r *wire.Response) string {
	var lines []string
	for _, v := range verdictsOf(r) {
		if !v.Pass {
			lines = append(lines, v.Field+": "+v.Observed+" ("+v.Note+")")
		}
	}
	return strings.Join(lines, "\n")
}

func TestUnusableBodiesSayWhatTheServerSent(t *testing.T) {
	ids := func(ct ...string) http.Header {
		h := http.Header{"X-Amz-Request-Id": {"R"}, "X-Amz-Id-2": {"H"}}
		if len(ct) > 0 {
			h["Content-Type"] = ct
		}
		return h
	}
	tests := []struct {
		name string
		r    *wire.Response
		want []string
	}{
		{"proxy HTML page", respond(502, ids("text/html"), string(hostile.Body(hostile.HTMLErrorPage))),
			[]string{`body: body is not XML: Content-Type "text/html", 150 bytes; not well-formed`, `first bytes: "<html>\n<head><title>502 Bad Gateway`}},
		{"plain text", respond(404, ids("text/plain"), "Not Found"), []string{`body has no XML root element: Content-Type "text/plain", 9 bytes; first bytes: "Not Found"`}},
		{"empty", respond(404, ids("application/xml"), ""), []string{`body is empty: Content-Type "application/xml", 0 bytes`}},
		{"no content type", respond(404, ids(), ""), []string{`body is empty: no Content-Type, 0 bytes`}},
		{"cut XML", respond(404, ids("application/xml"), "<Error><Code>NoSuchKey</Code><Mess"), []string{"the document ends in the middle of a tag, a body cut short?"}},
		{"billion laughs", respond(404, ids("application/xml"), string(hostile.Body(hostile.BillionLaughs))), []string{"DOCTYPE whose entities the suite never expands", "&lol9;"}},
		{"deep nesting", respond(404, ids("application/xml"), string(hostile.Body(hostile.DeepNesting))), []string{"nested deeper than 1024 levels"}},
		{"redirect loop", func() *wire.Response {
			r := respond(307, ids(), "")
			r.ResponseHeader.Set("Location", r.URL)
			return r
		}(), []string{"status: 307 (a 307 redirect to this very URL, a redirect loop; the suite does not follow redirects)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if ok, _ := match(HaveS3Error("NoSuchKey"), tt.r); ok {
				t.Fatal("matched")
			}
			got := failedObservations(tt.r)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("verdicts lack %q:\n%s", w, got)
				}
			}
		})
	}
}

func TestABodyPastTheCapFailsEvenIfItStartsRight(t *testing.T) {
	r := respond(404, http.Header{"X-Amz-Request-Id": {"R"}, "X-Amz-Id-2": {"H"}, "Content-Type": {"application/xml"}},
		"<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>k</Key><RequestId>R</RequestId></Error>"+strings.Repeat(" ", 100))
	r.BodyTruncated = true
	if ok, _ := match(HaveS3Error("NoSuchKey", Element("Key", "k")), r); ok {
		t.Fatalf("an endless body passed:\n%s", failedObservations(r))
	}
	if got := failedObservations(r); !strings.Contains(got, "body size: more than 1048576 bytes") {
		t.Errorf("verdicts: %s", got)
	}
}

// TestHugeAndEndlessBodiesCostBoundedMemory reads a 1 GiB body and an
// endless one through the client and samples the heap meanwhile: the read
// cap must hold.
func TestHugeAndEndlessBodiesCostBoundedMemory(t *testing.T) {
	for _, size := range []int{1 << 30, -1} {
		name := "1GiB"
		if size < 0 {
			name = "endless"
		}
		t.Run(name, func(t *testing.T) {
			endpoint, stop := hostile.ServeBody(size)
			defer stop()
			client, err := wire.NewClient(&targets.Target{Name: "memory", Endpoint: endpoint, Region: "us-east-1", Timeout: 20 * time.Second})
			if err != nil {
				t.Fatal(err)
			}
			var r *wire.Response
			peak, allocated := measureHeap(func() {
				r = client.Do(context.Background(), wire.Request{Method: http.MethodGet, Bucket: "b", Key: "k"})
			})
			if r.Err != nil || !r.BodyTruncated || len(r.Body) != wire.MaxBodyBytes {
				t.Fatalf("err %v, truncated %v, %d bytes kept", r.Err, r.BodyTruncated, len(r.Body))
			}
			t.Logf("peak heap in use grew by %.1f MiB, %.1f MiB allocated in all", float64(peak)/(1<<20), float64(allocated)/(1<<20))
			if peak > 32<<20 || allocated > 64<<20 {
				t.Errorf("reading the body grew the heap by %d MiB and allocated %d MiB: the 1 MiB cap does not hold", peak>>20, allocated>>20)
			}
		})
	}
}

// measureHeap runs f and returns how far HeapInuse rose above where it
// started at its peak (sampled every millisecond) and how much f
// allocated in all.
func measureHeap(f func()) (peak, allocated uint64) {
	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	var maxInUse uint64
	go func() {
		defer wg.Done()
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			maxInUse = max(maxInUse, m.HeapInuse)
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	f()
	close(done)
	wg.Wait()
	var end runtime.MemStats
	runtime.ReadMemStats(&end)
	maxInUse = max(maxInUse, end.HeapInuse)
	if maxInUse > base.HeapInuse {
		peak = maxInUse - base.HeapInuse
	}
	return peak, end.TotalAlloc - base.TotalAlloc
}

// TestHostileXMLCostsBoundedMemory parses the hostile documents with both
// parsers: entities stay unexpanded, deep nesting stops at the depth
// limit, and none of it costs more than a few MiB.
func TestHostileXMLCostsBoundedMemory(t *testing.T) {
	for _, m := range []hostile.Misbehaviour{hostile.BillionLaughs, hostile.ExternalEntity, hostile.DeepNesting} {
		body := hostile.Body(m)
		t.Run(string(m), func(t *testing.T) {
			var restErr, soapErr error
			peak, allocated := measureHeap(func() {
				_, restErr = wire.ParseErrorBody(body)
				_, soapErr = soap.ParseSOAPMessage(body)
			})
			if restErr == nil || soapErr == nil {
				t.Errorf("parsed: REST error %v, SOAP error %v", restErr, soapErr)
			}
			if allocated > 64<<20 || peak > 32<<20 {
				t.Errorf("parsing a %d-byte body allocated %d MiB (peak %d MiB)", len(body), allocated>>20, peak>>20)
			}
			for _, err := range []error{restErr, soapErr} {
				if err != nil && (len(err.Error()) > 1000 || strings.Contains(err.Error(), "lollollol") || strings.Contains(err.Error(), "root:x:0")) {
					t.Errorf("error %.300q", err)
				}
			}
		})
	}
}

// TestRedactTextRemovesQuotedAuthorizationSignatures: an error that echoes
// the Authorization header (InvalidArgument's ArgumentValue) must not show
// its signature; found by TestSecretsNeverLeak.
func TestRedactTextRemovesQuotedAuthorizationSignatures(t *testing.T) {
	for in, want := range map[string]string{
		`"AWS4-HMAC-SHA25 Credential=AK/20261125/eu-central-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=6f2ff31c033dda2f"`: `"AWS4-HMAC-SHA25 Credential=AK/20261125/eu-central-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=REDACTED"`,
		`<ArgumentValue>AWS4-HMAC-SHA256 Credential=AK/x,SignedHeaders=host,Signature=abcdef0123</ArgumentValue>`:                          `<ArgumentValue>AWS4-HMAC-SHA256 Credential=AK/x,SignedHeaders=host,Signature=REDACTED</ArgumentValue>`,
		`observed "AWS AKIAIOSFODNN7EXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg="`:                                                                 `observed "AWS AKIAIOSFODNN7EXAMPLE:REDACTED"`,
		`NotASignature=keep, the AWS docs: see`:                                                                                            `NotASignature=keep, the AWS docs: see`,
	} {
		if got := wire.RedactText(in); got != want {
			t.Errorf("RedactText(%q)\n = %q\nwant %q", in, got, want)
		}
	}
}

// TestRetryingClientDoesNotRetryATimeout: setup and cleanup retry errors,
// but a server that hangs costs one timeout, not four and the backoffs.
func TestRetryingClientDoesNotRetryATimeout(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var accepts atomic.Int32
	var held []net.Conn
	var mu sync.Mutex
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			accepts.Add(1)
			mu.Lock()
			held = append(held, conn)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		for _, c := range held {
			c.Close()
		}
		mu.Unlock()
	})
	client, err := wire.NewClient(&targets.Target{Name: "hang", Endpoint: "http://" + ln.Addr().String(), Region: "us-east-1", Timeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	r := client.Retrying().Do(context.Background(), wire.Request{Method: http.MethodPut, Bucket: "b"})
	if accepts.Load() != 1 || !wire.TimedOut(r.Err) {
		t.Errorf("%d connections, err %v; want one timeout", accepts.Load(), r.Err)
	}
}

// TestAColonWithoutAPrefixIsNoQName: ":Client.NoSuchKey" in the default
// namespace must not pass as a faultcode (found by FuzzParseSOAPMessage).
func TestAColonWithoutAPrefixIsNoQName(t *testing.T) {
	body := `<Envelope xmlns="` + soap.SOAPEnvelopeNS + `"><Body><Fault><faultcode>:Client.NoSuchKey</faultcode>` +
		`<faultstring>The specified key does not exist.</faultstring><detail><Key>k</Key></detail></Fault></Body></Envelope>`
	r := respond(500, http.Header{"Content-Type": {"text/xml"}}, body)
	r.RequestHeader = http.Header{soap.ActionHeader: {`""`}}
	if ok, _ := match(HaveSOAPFault("NoSuchKey", Detail("Key", "k")), r); ok {
		t.Fatalf("a faultcode that is no QName passed:\n%s", failedObservations(r))
	}
}
