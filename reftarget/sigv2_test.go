package reftarget

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/s3errconform/s3errconform/harness/wire"
)

// The SigV2 string to sign of the reference target against the AWS
// document's examples (see harness/sigv2_test.go for the bucket renaming
// the document did without recomputing).
func TestSigV2StringToSignDocumentExamples(t *testing.T) {
	s := &Server{virtualHostSuffix: "s3.amazonaws.com"}
	for _, ex := range []struct{ method, rawURL, date, sts string }{
		{"GET", "http://johnsmith.s3.amazonaws.com/photos/puppy.jpg", "Tue, 27 Mar 2007 19:36:42 +0000", "GET\n\n\nTue, 27 Mar 2007 19:36:42 +0000\n/johnsmith/photos/puppy.jpg"},
		{"GET", "http://johnsmith.s3.amazonaws.com/?acl", "Tue, 27 Mar 2007 19:44:46 +0000", "GET\n\n\nTue, 27 Mar 2007 19:44:46 +0000\n/johnsmith/?acl"},
		{"GET", "http://johnsmith.s3.amazonaws.com/?prefix=photos&max-keys=50&marker=puppy", "Tue, 27 Mar 2007 19:42:41 +0000", "GET\n\n\nTue, 27 Mar 2007 19:42:41 +0000\n/johnsmith/"},
		{"GET", "http://s3.us-west-1.amazonaws.com/dictionary/fran%C3%A7ais/pr%c3%a9f%c3%a8re", "Wed, 28 Mar 2007 01:49:49 +0000",
			"GET\n\n\nWed, 28 Mar 2007 01:49:49 +0000\n/dictionary/fran%C3%A7ais/pr%c3%a9f%c3%a8re"},
	} {
		req, _ := http.NewRequest(ex.method, ex.rawURL, nil)
		req.RequestURI = req.URL.RequestURI()
		if got := s.sigV2StringToSign(req, ex.date, req.URL.Query()); got != ex.sts {
			t.Errorf("%s: %q, want %q", ex.rawURL, got, ex.sts)
		}
	}
	if sig := sigV2Sign("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "GET\n\n\nTue, 27 Mar 2007 19:36:42 +0000\n/johnsmith/photos/puppy.jpg"); sig != "bWq2s1WEIj+Ydj0vQ697zp+IXMU=" {
		t.Errorf("signature %s", sig)
	}
}

func TestSigV2(t *testing.T) {
	s := startServer(t, Options{})
	wantStatus(t, do(t, s, "PUT", "/bkt", nil), 200)
	wantStatus(t, do(t, s, "PUT", "/bkt/a%20key", []byte("content")), 200)
	if r := sendV2(t, s, "GET", "/bkt/a%20key?acl", alice, time.Now(), nil); r.status != 200 {
		t.Errorf("ACL with SigV2: %d %s", r.status, r.body)
	}
	if r := sendV2(t, s, "GET", "/bkt/a%20key", alice, time.Now(), nil); r.status != 200 || string(r.body) != "content" {
		t.Errorf("GET with SigV2: %d %s", r.status, r.body)
	}
	// An x-amz-date header stands in for Date.
	req := newRequest(t, s, "GET", "/", nil)
	req.Header.Set("X-Amz-Date", time.Now().UTC().Format(http.TimeFormat))
	wire.SignV2(req, creds(alice), "", time.Now())
	req.Header.Del("Date")
	wantStatus(t, roundTrip(t, req), 200)

	doc := wantError(t, sendV2(t, s, "GET", "/bkt", Identity{alice.AccessKey, "wrong"}, time.Now(), nil), "SignatureDoesNotMatch", "/bkt",
		detail{"AWSAccessKeyId", alice.AccessKey}, detail{"StringToSign", "*"}, detail{"SignatureProvided", "*"}, detail{"StringToSignBytes", "*"})
	if !strings.HasPrefix(doc.values["StringToSign"], "GET\n\n\n") || !strings.HasSuffix(doc.values["StringToSign"], "\n/bkt") {
		t.Errorf("StringToSign %q", doc.values["StringToSign"])
	}
	wantError(t, sendV2(t, s, "GET", "/bkt", Identity{"AKIAUNKNOWN", "x"}, time.Now(), nil), "InvalidAccessKeyId", "/bkt", detail{"AWSAccessKeyId", "AKIAUNKNOWN"})
	wantError(t, sendV2(t, s, "GET", "/bkt", alice, time.Now().Add(-time.Hour), nil), "RequestTimeTooSkewed", "/bkt",
		detail{"RequestTime", "*"}, detail{"ServerTime", "*"}, detail{"MaxAllowedSkewMilliseconds", "900000"})
	wantWordedError(t, sendV2(t, s, "GET", "/bkt", alice, time.Now(), func(r *http.Request) { r.Header.Del("Date") }), "AccessDenied", "/bkt")
	wantWordedError(t, sendV2(t, s, "GET", "/bkt", alice, time.Now(), func(r *http.Request) { r.Header.Set("Date", "Bad Date") }), "AccessDenied", "/bkt")
	wantError(t, sendV2(t, s, "GET", "/bkt", alice, time.Now(), func(r *http.Request) { r.Header.Set("Authorization", "AWS HAHAHA") }),
		"InvalidArgument", "/bkt", detail{"ArgumentName", "Authorization"}, detail{"ArgumentValue", "AWS HAHAHA"})
	// bob is authenticated and may not read alice's bucket.
	wantError(t, sendV2(t, s, "GET", "/bkt", bob, time.Now(), nil), "AccessDenied", "/bkt")
}

func TestPresignedV2(t *testing.T) {
	s := startServer(t, Options{})
	wantStatus(t, do(t, s, "PUT", "/bkt", nil), 200)
	wantStatus(t, do(t, s, "PUT", "/bkt/obj", []byte("content")), 200)
	presigned := func(id Identity, expires time.Time, query string) response {
		req := newRequest(t, s, "GET", "/bkt/obj"+query, nil)
		wire.PresignV2(req, creds(id), "", expires)
		return roundTrip(t, req)
	}
	if r := presigned(alice, time.Now().Add(time.Minute), ""); r.status != 200 || string(r.body) != "content" {
		t.Fatalf("valid: %d %s", r.status, r.body)
	}
	wantStatus(t, presigned(alice, time.Now().Add(time.Minute), "?acl"), 200)
	doc := wantWordedError(t, presigned(alice, time.Now().Add(-time.Minute), ""), "AccessDenied", "/bkt/obj", detail{"Expires", "*"}, detail{"ServerTime", "*"})
	if doc.values["Message"] != "Request has expired" {
		t.Errorf("Message %q", doc.values["Message"])
	}
	wantError(t, presigned(Identity{alice.AccessKey, "wrong"}, time.Now().Add(time.Minute), ""), "SignatureDoesNotMatch", "/bkt/obj",
		detail{"AWSAccessKeyId", alice.AccessKey}, detail{"StringToSign", "*"}, detail{"SignatureProvided", "*"}, detail{"StringToSignBytes", "*"})
	wantError(t, presigned(Identity{"AKIAUNKNOWN", "x"}, time.Now().Add(time.Minute), ""), "InvalidAccessKeyId", "/bkt/obj", detail{"AWSAccessKeyId", "AKIAUNKNOWN"})
	q := url.Values{"AWSAccessKeyId": {alice.AccessKey}, "Expires": {strconv.FormatInt(time.Now().Add(time.Minute).Unix(), 10)}}
	wantWordedError(t, send(t, s, request{method: "GET", path: "/bkt/obj?" + q.Encode()}), "AccessDenied", "/bkt/obj")
}
