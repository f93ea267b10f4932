package reftarget

import (
	"net/http"
	"strings"
	"testing"
)

func TestObjectLockReads(t *testing.T) {
	s := startServer(t, Options{})
	wantStatus(t, send(t, s, request{method: "PUT", path: "/locked", as: &alice, header: http.Header{"X-Amz-Bucket-Object-Lock-Enabled": {"true"}}}), 200)
	wantStatus(t, send(t, s, request{method: "PUT", path: "/plain", as: &alice}), 200)
	for _, path := range []string{"/locked/obj", "/plain/obj"} {
		wantStatus(t, send(t, s, request{method: "PUT", path: path, as: &alice, body: []byte("x")}), 200)
	}
	for _, sub := range []string{"retention", "legal-hold"} {
		r := send(t, s, request{method: "GET", path: "/locked/obj?" + sub, as: &alice})
		wantStatus(t, r, 404)
		// Worded as AWS sends it, not as its error table has it.
		if c, _ := errorField(t, r, "Code"); c != "NoSuchObjectLockConfiguration" {
			t.Errorf("%s: code %q", sub, c)
		}
		if msg, _ := errorField(t, r, "Message"); msg != "The specified object does not have a ObjectLock configuration" {
			t.Errorf("%s: message %q", sub, msg)
		}
		wantError(t, send(t, s, request{method: "GET", path: "/locked/missing?" + sub, as: &alice}), "NoSuchKey", "/locked/missing", detail{"Key", "missing"})
		wantError(t, send(t, s, request{method: "GET", path: "/plain/obj?" + sub, as: &alice}), "InvalidRequest", "/plain/obj")
	}
	r := send(t, s, request{method: "GET", path: "/locked?versioning", as: &alice})
	wantStatus(t, r, 200)
	if !strings.Contains(string(r.body), "<Status>Enabled</Status>") {
		t.Errorf("a bucket created with Object Lock is not versioned: %s", r.body)
	}
}
