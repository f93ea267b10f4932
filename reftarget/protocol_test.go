package reftarget

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestProtocolChecks(t *testing.T) {
	s := startServer(t, Options{})
	wantStatus(t, do(t, s, "PUT", "/bkt", nil), 200)
	wantStatus(t, do(t, s, "PUT", "/bkt/obj", []byte("x")), 200)

	doc := wantError(t, do(t, s, "GET", "/bkt/%AE%8A-", nil), "InvalidURI", "/bkt")
	if doc.values["Message"] != "Couldn't parse the specified URI." {
		t.Errorf("Message %q", doc.values["Message"])
	}
	wantError(t, do(t, s, "GET", "/bkt/%C3%A9t%C3%A9-missing", nil), "NoSuchKey", "/bkt/été-missing", detail{"Key", "été-missing"})

	big := send(t, s, request{method: "GET", path: "/bkt/obj", as: &alice, header: http.Header{"X-S3ec-Padding": {strings.Repeat("p", 9000)}}})
	doc = wantWordedError(t, big, "RequestHeaderSectionTooLarge", "/bkt/obj", detail{"MaxSizeAllowed", "8192"})
	if doc.values["Message"] != "Your request header section exceeds the maximum allowed size." {
		t.Errorf("Message %q", doc.values["Message"])
	}
	wantStatus(t, send(t, s, request{method: "GET", path: "/bkt/obj", as: &alice, header: http.Header{"X-S3ec-Padding": {strings.Repeat("p", 7000)}}}), 200)

	wantError(t, noContentLength(t, s, "/bkt/unframed"), "MissingContentLength", "/bkt/unframed")
	// CreateBucket needs no Content-Length (ceph/s3-tests test_bucket_create_contentlength_none).
	wantStatus(t, noContentLength(t, s, "/unframed-bucket"), 200)

	req := newRequest(t, s, "PUT", "/bkt/chunked", []byte("data"))
	req.ContentLength = -1
	req.Body = readCloser{strings.NewReader("data")}
	sign(t, req, alice, []byte("data"), s.region, time.Time{})
	wantError(t, roundTrip(t, req), "NotImplemented", "/bkt/chunked", detail{"Header", "Transfer-Encoding"})

	expect := http.Header{"Expect": {"100-continue"}}
	wantStatus(t, send(t, s, request{method: "PUT", path: "/bkt/expected", body: []byte("x"), header: expect, as: &alice}), 200)
	wantError(t, send(t, s, request{method: "PUT", path: "/nobucket/expected", body: []byte("x"), header: expect, as: &alice}),
		"NoSuchBucket", "/nobucket/expected", detail{"BucketName", "nobucket"})

	r := do(t, s, "POST", "/bkt/obj", nil)
	wantError(t, r, "MethodNotAllowed", "/bkt/obj", detail{"Method", "POST"}, detail{"ResourceType", "OBJECT"})
	if r.header.Get("Allow") == "" {
		t.Error("405 without Allow")
	}
	r = do(t, s, "POST", "/", nil)
	if r.header.Get("Allow") != "GET" {
		t.Errorf("service 405 Allow %q", r.header.Get("Allow"))
	}
	wantError(t, do(t, s, "POST", "/bkt/obj?select", nil), "NotImplemented", "/bkt/obj")
}
