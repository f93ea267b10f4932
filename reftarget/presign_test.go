package reftarget

import (
	"strings"
	"testing"
	"time"
)

func TestPresignedV4(t *testing.T) {
	s := startServer(t, Options{Region: "eu-central-1"})
	wantStatus(t, do(t, s, "PUT", "/bkt", nil), 200)
	wantStatus(t, do(t, s, "PUT", "/bkt/a%20key", []byte("content")), 200)

	r := presignedV4(t, s, "/bkt/a%20key", alice, "eu-central-1", time.Now().Add(-time.Minute), 300)
	if r.status != 200 || string(r.body) != "content" {
		t.Fatalf("valid presigned GET: %d %s", r.status, r.body)
	}
	// A URL signed days ago is fine while X-Amz-Expires lasts.
	wantStatus(t, presignedV4(t, s, "/bkt/a%20key", alice, "eu-central-1", time.Now().Add(-3*24*time.Hour), 604800), 200)

	doc := wantWordedError(t, presignedV4(t, s, "/bkt/a%20key", alice, "eu-central-1", time.Now().Add(-2*time.Hour), 3600),
		"AccessDenied", "/bkt/a key", detail{"X-Amz-Expires", "3600"}, detail{"Expires", "*"}, detail{"ServerTime", "*"})
	if doc.values["Message"] != "Request has expired" {
		t.Errorf("Message %q", doc.values["Message"])
	}
	wantWordedError(t, presignedV4(t, s, "/bkt/a%20key", alice, "eu-central-1", time.Now().Add(time.Hour), 60), "AccessDenied", "/bkt/a key")
	doc = wantError(t, presignedV4(t, s, "/bkt/a%20key", alice, "eu-central-1", time.Now(), 604801), "AuthorizationQueryParametersError", "/bkt/a key")
	if !strings.Contains(doc.values["Message"], "604800") {
		t.Errorf("Message %q", doc.values["Message"])
	}
	doc = wantError(t, presignedV4(t, s, "/bkt/a%20key", alice, "us-west-2", time.Now(), 60), "AuthorizationQueryParametersError", "/bkt/a key", detail{"Region", "eu-central-1"})
	if doc.values["Message"] != "Error parsing the X-Amz-Credential parameter; the region 'us-west-2' is wrong; expecting 'eu-central-1'" {
		t.Errorf("Message %q", doc.values["Message"])
	}
	wantError(t, presignedV4(t, s, "/bkt/a%20key", Identity{alice.AccessKey, "wrong"}, "eu-central-1", time.Now(), 60),
		"SignatureDoesNotMatch", "/bkt/a key", detail{"AWSAccessKeyId", alice.AccessKey}, detail{"StringToSign", "*"}, detail{"SignatureProvided", "*"},
		detail{"StringToSignBytes", "*"}, detail{"CanonicalRequest", "*"})
	wantError(t, presignedV4(t, s, "/bkt/a%20key", Identity{"AKIAUNKNOWN", "x"}, "eu-central-1", time.Now(), 60),
		"InvalidAccessKeyId", "/bkt/a key", detail{"AWSAccessKeyId", "AKIAUNKNOWN"})
	wantError(t, send(t, s, request{method: "GET", path: "/bkt/a%20key?X-Amz-Credential=x"}), "AuthorizationQueryParametersError", "/bkt/a key")
	// bob's presigned URL authenticates bob, who may not read alice's object.
	wantError(t, presignedV4(t, s, "/bkt/a%20key", bob, "eu-central-1", time.Now(), 60), "AccessDenied", "/bkt/a key")
	// Query values other than the signature are signed.
	r = presignedV4(t, s, "/bkt/a%20key?acl", alice, "eu-central-1", time.Now(), 60)
	wantStatus(t, r, 200)
}
