package reftarget

import (
	"net/http"
	"testing"
)

func TestExpectedBucketOwner(t *testing.T) {
	s := startServer(t, Options{})
	wantStatus(t, do(t, s, "PUT", "/bkt", nil), 200)
	owner := func(v string) http.Header { return http.Header{"X-Amz-Expected-Bucket-Owner": {v}} }
	wantStatus(t, send(t, s, request{method: "GET", path: "/bkt", as: &alice, header: owner(accountID(alice.AccessKey))}), 200)
	wantError(t, send(t, s, request{method: "GET", path: "/bkt", as: &alice, header: owner("not-an-account")}), "InvalidBucketOwnerAWSAccountID", "/bkt")
	wantError(t, send(t, s, request{method: "GET", path: "/bkt", as: &alice, header: owner("12345")}), "InvalidBucketOwnerAWSAccountID", "/bkt")
	wantError(t, send(t, s, request{method: "GET", path: "/bkt", as: &alice, header: owner(accountID(bob.AccessKey))}), "AccessDenied", "/bkt")
	wantStatus(t, send(t, s, request{method: "HEAD", path: "/bkt", as: &alice, header: owner("x")}), 400)
	// A missing bucket is reported as such.
	wantError(t, send(t, s, request{method: "GET", path: "/nobucket", as: &alice, header: owner("111122223333")}), "NoSuchBucket", "/nobucket", detail{"BucketName", "nobucket"})
	if len(accountID("a")) != 12 || accountID("a") == accountID("b") || !isAccountID(accountID("a")) {
		t.Error("account IDs")
	}
}
