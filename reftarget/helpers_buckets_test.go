package reftarget

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/s3errconform/s3errconform/catalog"
	"github.com/s3errconform/s3errconform/harness"
	"github.com/s3errconform/s3errconform/harness/targets"
	"github.com/s3errconform/s3errconform/harness/wire"
)

// Test helpers of the bucket, auth, protocol and POST families. The SigV2
// and POST requests are built with the harness's own code, so these tests
// also prove the two sides agree.

// codeOf is the <Code> of an error response, "" for anything else.
func codeOf(t *testing.T, r response) string {
	t.Helper()
	if !bytes.Contains(r.body, []byte("<Error>")) {
		return ""
	}
	return parseErrorDoc(t, r.body).values["Code"]
}

// wantWordedError is wantError for a case AWS words its own way: the
// message must be there, whatever it says.
func wantWordedError(t *testing.T, r response, code, resource string, details ...detail) errorDoc {
	t.Helper()
	entry := catalog.MustLookup(code)
	if r.status != entry.HTTPStatus {
		t.Errorf("%s: status %d, want %d", code, r.status, entry.HTTPStatus)
	}
	wantIDHeaders(t, r)
	doc := parseErrorDoc(t, r.body)
	if doc.values["Code"] != code {
		t.Fatalf("Code %q, want %s; body: %s", doc.values["Code"], code, r.body)
	}
	for _, d := range details {
		if v, ok := doc.values[d.name]; !ok || d.value != "*" && v != d.value {
			t.Errorf("%s: <%s> %q, want %q", code, d.name, v, d.value)
		}
	}
	if doc.values["Resource"] != resource {
		t.Errorf("%s: Resource %q, want %q", code, doc.values["Resource"], resource)
	}
	return doc
}

// withMD5 is a header carrying body's Content-MD5.
func withMD5(body []byte) http.Header {
	return http.Header{"Content-Md5": {harness.ContentMD5(body)}}
}

// newRequest builds a request to the server, failing the test on error.
func newRequest(t *testing.T, s *Server, method, path string, body []byte) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, s.URL()+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body == nil {
		req.Body, req.ContentLength = http.NoBody, 0
	}
	return req
}

// signedThen signs a request as alice and edits it before it is sent.
func signedThen(t *testing.T, s *Server, method, path string, edit func(*http.Request)) response {
	t.Helper()
	req := newRequest(t, s, method, path, nil)
	sign(t, req, alice, nil, s.region, time.Time{})
	edit(req)
	return roundTrip(t, req)
}

func creds(id Identity) targets.Credentials {
	return targets.Credentials{AccessKey: id.AccessKey, SecretKey: id.SecretKey}
}

// sendV2 sends a request signed with SigV2 by id at time at, path style.
func sendV2(t *testing.T, s *Server, method, path string, id Identity, at time.Time, edit func(*http.Request)) response {
	t.Helper()
	req := newRequest(t, s, method, path, nil)
	wire.SignV2(req, creds(id), "", at)
	if edit != nil {
		edit(req)
	}
	return roundTrip(t, req)
}

// presignedV4 presigns GET path for id in region at time at.
func presignedV4(t *testing.T, s *Server, path string, id Identity, region string, at time.Time, expires int) response {
	t.Helper()
	req := newRequest(t, s, http.MethodGet, path, nil)
	q := req.URL.Query()
	q.Set("X-Amz-Expires", strconv.Itoa(expires))
	req.URL.RawQuery = q.Encode()
	signer := v4.NewSigner(func(o *v4.SignerOptions) { o.DisableURIPathEscaping = true })
	signed, _, err := signer.PresignHTTP(context.Background(), aws.Credentials{AccessKeyID: id.AccessKey, SecretAccessKey: id.SecretKey},
		req, "UNSIGNED-PAYLOAD", "s3", region, at)
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(signed)
	if err != nil {
		t.Fatal(err)
	}
	req.URL = u
	return roundTrip(t, req)
}

// post sends a POST upload form built by the harness, as id, to bucket.
func post(t *testing.T, s *Server, bucket string, id Identity, u wire.PostUpload) (response, wire.PostForm) {
	t.Helper()
	form, err := wire.BuildPostForm(u, bucket, creds(id), s.region, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	req := newRequest(t, s, http.MethodPost, "/"+bucket, form.Body)
	req.Header.Set("Content-Type", form.ContentType)
	return roundTrip(t, req), form
}

// probeRequest sends a request signed by alice with extra headers.
func probeRequest(method, path string, body []byte, h http.Header) func(t *testing.T, s *Server) response {
	return func(t *testing.T, s *Server) response {
		return send(t, s, request{method: method, path: path, body: body, header: h, as: &alice})
	}
}

func codeIs(code string) func(t *testing.T, r response) bool {
	return func(t *testing.T, r response) bool { return codeOf(t, r) == code }
}

func statusIsNow(status int) func(t *testing.T, r response) bool {
	return func(t *testing.T, r response) bool { return r.status == status }
}

// noContentLength sends PUT path signed by alice without Content-Length,
// Transfer-Encoding or body.
func noContentLength(t *testing.T, s *Server, path string) response {
	t.Helper()
	req := newRequest(t, s, http.MethodPut, path, nil)
	sign(t, req, alice, nil, s.region, time.Time{})
	req.Body = readCloser{strings.NewReader("")}
	req.ContentLength = -1
	req.TransferEncoding = []string{"identity"}
	req.Close = true
	return roundTrip(t, req)
}

type readCloser struct{ *strings.Reader }

func (readCloser) Close() error { return nil }
