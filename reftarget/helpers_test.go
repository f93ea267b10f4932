package reftarget

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/textproto"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/s3errconform/s3errconform/catalog"
)

var (
	alice = Identity{AccessKey: "AKIAALICE", SecretKey: "alice-secret"}
	// expiredSession's token has expired: its requests get ExpiredToken.
	expiredSession = Session{AccessKey: "ASIAEXPIRED", SecretKey: "expired-session-secret", Token: "expired-session-token"}
	bob            = Identity{AccessKey: "AKIABOB", SecretKey: "bob-secret"}
)

// startServer starts a reference target with alice and bob as identities.
func startServer(t *testing.T, opts Options) *Server {
	t.Helper()
	opts.Identities = append(opts.Identities, alice, bob)
	s, err := Start(opts)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// request describes one test request; the zero value of each field is the
// usual choice.
type request struct {
	method string
	path   string // with query, e.g. "/b/k?list-type=2"
	body   []byte
	header http.Header
	host   string    // Host header; default the server's address
	as     *Identity // signer; nil sends the request anonymously
	region string    // credential-scope region; default the server's region
	at     time.Time // signing time; default now
}

type response struct {
	status int
	header http.Header
	body   []byte
}

func send(t *testing.T, s *Server, r request) response {
	t.Helper()
	req, err := http.NewRequest(r.method, s.URL()+r.path, bytes.NewReader(r.body))
	if err != nil {
		t.Fatal(err)
	}
	if r.body == nil {
		req.Body, req.ContentLength = http.NoBody, 0
	}
	if r.host != "" {
		req.Host = r.host
	}
	for name, values := range r.header {
		req.Header[name] = values
	}
	if r.as != nil {
		sign(t, req, *r.as, r.body, defaultString(r.region, s.region), r.at)
	}
	return roundTrip(t, req)
}

func roundTrip(t *testing.T, req *http.Request) response {
	t.Helper()
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	return readResponse(t, resp)
}

// roundTripDeclared sends req's headers with its ContentLength declared
// but only partialBody as the body, then ends the stream; net/http's client
// refuses to do that.
func roundTripDeclared(t *testing.T, req *http.Request, partialBody []byte) response {
	t.Helper()
	return roundTripPartial(t, req, partialBody, false)
}

// roundTripStalled is roundTripDeclared with the sending side left open and
// silent after partialBody, as a client whose body stalls.
func roundTripStalled(t *testing.T, req *http.Request, partialBody []byte) response {
	t.Helper()
	return roundTripPartial(t, req, partialBody, true)
}

func roundTripPartial(t *testing.T, req *http.Request, partialBody []byte, stalled bool) response {
	t.Helper()
	conn, err := net.DialTimeout("tcp", req.URL.Host, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	w := bufio.NewWriter(conn)
	fmt.Fprintf(w, "%s %s HTTP/1.1\r\nHost: %s\r\nContent-Length: %d\r\n", req.Method, req.URL.RequestURI(), req.URL.Host, req.ContentLength)
	req.Header.Write(w)
	w.WriteString("\r\n")
	w.Write(partialBody)
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if !stalled {
		conn.(*net.TCPConn).CloseWrite()
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), req)
	if err != nil {
		t.Fatal(err)
	}
	return readResponse(t, resp)
}

func readResponse(t *testing.T, resp *http.Response) response {
	t.Helper()
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("reading body: %v", err)
	}
	return response{resp.StatusCode, resp.Header, body}
}

// sign signs req as the AWS SDK's S3 client does.
func sign(t *testing.T, req *http.Request, id Identity, body []byte, region string, at time.Time) {
	t.Helper()
	if at.IsZero() {
		at = time.Now()
	}
	sum := sha256.Sum256(body)
	payloadHash := req.Header.Get("X-Amz-Content-Sha256")
	if payloadHash == "" {
		payloadHash = hex.EncodeToString(sum[:])
		req.Header.Set("X-Amz-Content-Sha256", payloadHash)
	}
	signer := v4.NewSigner(func(o *v4.SignerOptions) { o.DisableURIPathEscaping = true })
	creds := aws.Credentials{AccessKeyID: id.AccessKey, SecretAccessKey: id.SecretKey}
	if err := signer.SignHTTP(context.Background(), creds, req, payloadHash, "s3", region, at); err != nil {
		t.Fatal(err)
	}
}

// do sends a request signed by alice.
func do(t *testing.T, s *Server, method, path string, body []byte) response {
	t.Helper()
	return send(t, s, request{method: method, path: path, body: body, as: &alice})
}

func wantStatus(t *testing.T, r response, status int) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d; body: %s", r.status, status, r.body)
	}
}

// errorDoc is a parsed REST error body: its elements in order.
type errorDoc struct {
	names  []string
	values map[string]string
}

func parseErrorDoc(t *testing.T, body []byte) errorDoc {
	t.Helper()
	if !bytes.HasPrefix(body, []byte(xml.Header)) {
		t.Fatalf("error body does not start with the XML declaration: %q", body)
	}
	var raw struct {
		XMLName xml.Name `xml:"Error"`
		Fields  []struct {
			XMLName xml.Name
			Value   string `xml:",chardata"`
		} `xml:",any"`
	}
	if err := xml.Unmarshal(body, &raw); err != nil {
		t.Fatalf("error body is not an <Error> document: %v\n%s", err, body)
	}
	doc := errorDoc{values: map[string]string{}}
	for _, f := range raw.Fields {
		doc.names = append(doc.names, f.XMLName.Local)
		doc.values[f.XMLName.Local] = f.Value
	}
	return doc
}

func (d errorDoc) has(name string) bool {
	_, ok := d.values[name]
	return ok
}

// wantError checks that r is the error code exactly as the catalog and
// REST.md describe it, with the given code-specific elements (a value of
// "*" only requires the element), and returns the parsed body.
func wantError(t *testing.T, r response, code string, resource string, details ...detail) errorDoc {
	t.Helper()
	entry := catalog.MustLookup(code)
	if r.status != entry.HTTPStatus {
		t.Errorf("%s: status %d, want %d", code, r.status, entry.HTTPStatus)
	}
	wantIDHeaders(t, r)
	if ct := r.header.Get("Content-Type"); ct != "application/xml" {
		t.Errorf("%s: Content-Type %q, want application/xml", code, ct)
	}
	doc := parseErrorDoc(t, r.body)
	if doc.values["Code"] != entry.OnWire() {
		t.Fatalf("Code %q, want %s; body: %s", doc.values["Code"], entry.OnWire(), r.body)
	}
	if entry.MessageKind != catalog.KindContextDependent && doc.values["Message"] != entry.Message {
		t.Errorf("%s: Message %q, want %q", code, doc.values["Message"], entry.Message)
	}
	if doc.values["Message"] == "" {
		t.Errorf("%s: empty Message", code)
	}
	want := []string{"Code", "Message"}
	for _, d := range details {
		want = append(want, d.name)
		if d.value != "*" && doc.values[d.name] != d.value {
			t.Errorf("%s: <%s> %q, want %q", code, d.name, doc.values[d.name], d.value)
		}
	}
	want = append(want, "Resource", "RequestId", "HostId")
	if strings.Join(doc.names, ",") != strings.Join(want, ",") {
		t.Errorf("%s: elements %v, want %v", code, doc.names, want)
	}
	if doc.values["Resource"] != resource {
		t.Errorf("%s: Resource %q, want %q", code, doc.values["Resource"], resource)
	}
	if doc.values["RequestId"] != r.header.Get(hdrRequestID) {
		t.Errorf("%s: RequestId %q differs from header %q", code, doc.values["RequestId"], r.header.Get(hdrRequestID))
	}
	if doc.values["HostId"] != r.header.Get(hdrID2) {
		t.Errorf("%s: HostId %q differs from x-amz-id-2 %q", code, doc.values["HostId"], r.header.Get(hdrID2))
	}
	return doc
}

// wantIDHeaders checks the headers every response carries exactly once.
func wantIDHeaders(t *testing.T, r response) {
	t.Helper()
	for _, name := range []string{hdrRequestID, hdrID2, "Server"} {
		if n := len(r.header.Values(name)); n != 1 {
			t.Errorf("%s appears %d times, want once", name, n)
		}
	}
	if id := r.header.Get(hdrRequestID); len(id) != 16 || strings.ToUpper(id) != id {
		t.Errorf("x-amz-request-id %q is not 16 upper-case hex digits", id)
	}
	if r.header.Get(hdrID2) == "" {
		t.Error("empty x-amz-id-2")
	}
	if got := r.header.Get("Server"); got != serverName {
		t.Errorf("Server %q, want %q", got, serverName)
	}
}

// rawHead sends an anonymous HEAD on a bare connection and returns the
// status line, the headers and whatever bytes follow them, which net/http's
// client would not read.
func rawHead(t *testing.T, s *Server, path string) (statusLine string, header http.Header, rest []byte) {
	t.Helper()
	addr := strings.TrimPrefix(s.URL(), "http://")
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.WriteString(conn, "HEAD "+path+" HTTP/1.1\r\nHost: "+addr+"\r\nConnection: close\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	all, err := io.ReadAll(conn)
	if err != nil {
		t.Fatal(err)
	}
	head, rest, ok := bytes.Cut(all, []byte("\r\n\r\n"))
	if !ok {
		t.Fatalf("no end of headers in %q", all)
	}
	statusLine, headerBlock, _ := strings.Cut(string(head), "\r\n")
	mime, err := textproto.NewReader(bufio.NewReader(strings.NewReader(headerBlock + "\r\n\r\n"))).ReadMIMEHeader()
	if err != nil {
		t.Fatal(err)
	}
	return statusLine, http.Header(mime), rest
}
