package reftarget

import (
	"net/http"
	"testing"
)

func TestAuthRules(t *testing.T) {
	s := startServer(t, Options{Region: "eu-central-1"})
	wantStatus(t, do(t, s, "PUT", "/bkt", []byte("<CreateBucketConfiguration><LocationConstraint>eu-central-1</LocationConstraint></CreateBucketConfiguration>")), 200)

	for _, auth := range []string{"garbage", "Bearer token", "AWS4-HMAC-SHA25 Credential=AKIAALICE/20240101/eu-central-1/s3/aws4_request, SignedHeaders=host, Signature=00"} {
		r := send(t, s, request{method: "GET", path: "/bkt", header: http.Header{"Authorization": {auth}}})
		doc := wantWordedError(t, r, "InvalidArgument", "/bkt", detail{"ArgumentName", "Authorization"}, detail{"ArgumentValue", auth})
		if doc.values["Message"] != "Unsupported Authorization Type" {
			t.Errorf("Message %q", doc.values["Message"])
		}
	}
	// "AWS ..." is SigV2, judged by sigv2.go: here there is no date.
	wantWordedError(t, send(t, s, request{method: "GET", path: "/bkt", header: http.Header{"Authorization": {"AWS AKIAALICE:c2lnbmF0dXJl"}}}), "AccessDenied", "/bkt")

	doc := wantWordedError(t, signedThen(t, s, "GET", "/bkt", func(r *http.Request) { r.Header.Set("X-Amz-Date", "Bad Date") }), "AccessDenied", "/bkt")
	if doc.values["Message"] != "AWS authentication requires a valid Date or x-amz-date header" {
		t.Errorf("Message %q", doc.values["Message"])
	}
	r := send(t, s, request{method: "GET", path: "/bkt", as: &alice, header: http.Header{"X-Amz-Content-Sha256": {"GIBBERISH"}}})
	wantError(t, r, "InvalidArgument", "/bkt", detail{"ArgumentName", "x-amz-content-sha256"}, detail{"ArgumentValue", "GIBBERISH"})
	wantStatus(t, send(t, s, request{method: "GET", path: "/bkt", as: &alice, header: http.Header{"X-Amz-Content-Sha256": {"UNSIGNED-PAYLOAD"}}}), 200)
	wantError(t, send(t, s, request{method: "GET", path: "/bkt", as: &alice, header: http.Header{"X-Amz-Security-Token": {"not-a-token"}}}), "InvalidToken", "/bkt")
	for _, edit := range []func(*http.Request){
		func(r *http.Request) { r.Header.Set("Authorization", r.Header.Get("Authorization")+"x") },
	} {
		wantError(t, signedThen(t, s, "GET", "/bkt", edit), "SignatureDoesNotMatch", "/bkt",
			detail{"AWSAccessKeyId", alice.AccessKey}, detail{"StringToSign", "*"}, detail{"SignatureProvided", "*"},
			detail{"StringToSignBytes", "*"}, detail{"CanonicalRequest", "*"})
	}
}
