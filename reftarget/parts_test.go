package reftarget

import (
	"bytes"
	"net/http"
	"testing"
)

func TestGetObjectPart(t *testing.T) {
	s := startServer(t, Options{})
	wantStatus(t, do(t, s, "PUT", "/bkt", nil), 200)
	wantStatus(t, do(t, s, "PUT", "/bkt/whole", []byte("test-123")), 200)

	// An object written whole is one part: itself.
	r := do(t, s, "GET", "/bkt/whole?partNumber=1", nil)
	wantStatus(t, r, 206)
	if string(r.body) != "test-123" || r.header.Get("Content-Range") != "bytes 0-7/8" || r.header.Get("X-Amz-Mp-Parts-Count") != "" {
		t.Errorf("part 1 of a whole object: body %q, headers %v", r.body, r.header)
	}
	wantStatus(t, do(t, s, "HEAD", "/bkt/whole?partNumber=1", nil), 206)
	r = do(t, s, "GET", "/bkt/whole?partNumber=2", nil)
	if r.status != http.StatusRequestedRangeNotSatisfiable {
		t.Fatalf("part 2 of a whole object: status %d, body %s", r.status, r.body)
	}
	doc := parseErrorDoc(t, r.body)
	if doc.values["Code"] != "InvalidPartNumber" || doc.values["PartNumberRequested"] != "2" || doc.values["ActualPartCount"] != "1" ||
		doc.values["Message"] != "The requested partnumber is not satisfiable" {
		t.Errorf("part 2 of a whole object: %s", r.body)
	}
	wantError(t, do(t, s, "GET", "/bkt/missing?partNumber=1", nil), "NoSuchKey", "/bkt/missing", detail{"Key", "missing"})
	wantError(t, do(t, s, "GET", "/bkt/whole?partNumber=0", nil), "InvalidArgument", "/bkt/whole", detail{"ArgumentName", "partNumber"}, detail{"ArgumentValue", "0"})
	wantError(t, send(t, s, request{method: "GET", path: "/bkt/whole?partNumber=1", header: http.Header{"Range": {"bytes=0-1"}}, as: &alice}),
		"InvalidRequest", "/bkt/whole")

	// A multipart object: each part, and how many there are.
	first := bytes.Repeat([]byte("a"), minPartSize)
	id := createUpload(t, s, "/bkt/mp")
	e1 := uploadPart(t, s, "/bkt/mp", id, 1, first)
	e2 := uploadPart(t, s, "/bkt/mp", id, 2, []byte("tail"))
	wantStatus(t, send(t, s, request{method: "POST", path: "/bkt/mp?uploadId=" + id, body: completeBody(1, e1, 2, e2), as: &alice}), 200)
	r = do(t, s, "GET", "/bkt/mp?partNumber=2", nil)
	wantStatus(t, r, 206)
	if string(r.body) != "tail" || r.header.Get("X-Amz-Mp-Parts-Count") != "2" || r.header.Get("Content-Range") != "bytes 5242880-5242883/5242884" {
		t.Errorf("part 2: body %q, headers %v", r.body, r.header)
	}
	r = do(t, s, "GET", "/bkt/mp?partNumber=3", nil)
	if doc := parseErrorDoc(t, r.body); r.status != 416 || doc.values["ActualPartCount"] != "2" {
		t.Errorf("part 3 of 2: status %d, body %s", r.status, r.body)
	}
	// A copy is written whole.
	wantStatus(t, send(t, s, request{method: "PUT", path: "/bkt/copy", header: http.Header{"X-Amz-Copy-Source": {"/bkt/mp"}}, as: &alice}), 200)
	r = do(t, s, "GET", "/bkt/copy?partNumber=2", nil)
	if r.status != 416 {
		t.Errorf("part 2 of a copy: status %d", r.status)
	}
}
