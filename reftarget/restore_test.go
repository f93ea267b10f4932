package reftarget

import (
	"net/http"
	"testing"
)

func TestRestoreObject(t *testing.T) {
	s := startServer(t, Options{})
	wantStatus(t, do(t, s, "PUT", "/bkt", nil), 200)
	wantStatus(t, do(t, s, "PUT", "/bkt/warm", []byte("x")), 200)
	wantStatus(t, send(t, s, request{method: "PUT", path: "/bkt/cold", body: []byte("x"), header: http.Header{"X-Amz-Storage-Class": {"GLACIER"}}, as: &alice}), 200)
	body := []byte("<RestoreRequest><Days>1</Days></RestoreRequest>")
	doc := wantWordedError(t, do(t, s, "POST", "/bkt/warm?restore", body), "InvalidObjectState", "/bkt/warm")
	if doc.values["Message"] != restoreNotArchived {
		t.Errorf("restore of a STANDARD object: message %q", doc.values["Message"])
	}
	wantStatus(t, do(t, s, "POST", "/bkt/cold?restore", body), 202)
	wantError(t, do(t, s, "POST", "/bkt/cold?restore", []byte("<RestoreRequest/>")), "MalformedXML", "/bkt/cold")
	wantError(t, do(t, s, "POST", "/bkt/missing?restore", body), "NoSuchKey", "/bkt/missing", detail{"Key", "missing"})
	// The first restore is still in progress; a new object is not.
	wantError(t, do(t, s, "POST", "/bkt/cold?restore", body), "RestoreAlreadyInProgress", "/bkt/cold")
	wantStatus(t, send(t, s, request{method: "PUT", path: "/bkt/cold", body: []byte("y"), header: http.Header{"X-Amz-Storage-Class": {"GLACIER"}}, as: &alice}), 200)
	wantStatus(t, do(t, s, "POST", "/bkt/cold?restore", body), 202)
}
