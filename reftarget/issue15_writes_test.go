package reftarget

import (
	"net/http"
	"strings"
	"testing"
)

// Tests of the rest of issue 15's blind spots: conditional writes with an
// ETag, and object ACLs in a bucket whose ACLs are disabled.

func TestWriteIfNoneMatchTakesOnlyAStar(t *testing.T) {
	s := startServer(t, Options{})
	wantStatus(t, do(t, s, "PUT", "/bkt", nil), 200)
	r := do(t, s, "PUT", "/bkt/k", []byte("old"))
	wantStatus(t, r, 200)
	etag := r.header.Get("ETag")
	for _, value := range []string{etag, `"0123456789abcdef0123456789abcdef"`} {
		r := send(t, s, request{method: "PUT", path: "/bkt/k", body: []byte("new"), header: http.Header{"If-None-Match": {value}}, as: &alice})
		wantError(t, r, "NotImplemented", "/bkt/k", detail{"Header", "If-None-Match"}, detail{"additionalMessage", "*"})
	}
	r = do(t, s, "GET", "/bkt/k", nil)
	if string(r.body) != "old" {
		t.Errorf("a refused write stored %q", r.body)
	}
	wantError(t, send(t, s, request{method: "PUT", path: "/bkt/k", body: []byte("new"), header: http.Header{"If-None-Match": {"*"}}, as: &alice}),
		"PreconditionFailed", "/bkt/k", detail{"Condition", "If-None-Match"})
}

func TestObjectACLsInABucketOwnerEnforcedBucket(t *testing.T) {
	s := startServer(t, Options{})
	wantStatus(t, do(t, s, "PUT", "/enforced", nil), 200) // S3's default ownership
	wantStatus(t, send(t, s, request{method: "PUT", path: "/writer", header: http.Header{"X-Amz-Object-Ownership": {"ObjectWriter"}}, as: &alice}), 200)
	put := func(path string, h http.Header) response {
		return send(t, s, request{method: "PUT", path: path, body: []byte("x"), header: h, as: &alice})
	}
	for _, h := range []http.Header{{"X-Amz-Acl": {"public-read"}}, {"X-Amz-Grant-Read": {`uri="http://acs.amazonaws.com/groups/global/AllUsers"`}}} {
		wantError(t, put("/enforced/k", h), "AccessControlListNotSupported", "/enforced/k")
		wantStatus(t, put("/writer/k", h), 200)
	}
	wantStatus(t, do(t, s, "GET", "/enforced/k", nil), 404)
	wantStatus(t, put("/enforced/k", http.Header{"X-Amz-Acl": {"bucket-owner-full-control"}}), 200)
	putACL := func(path, canned string) response {
		return send(t, s, request{method: "PUT", path: path + "?acl", header: http.Header{"X-Amz-Acl": {canned}}, as: &alice})
	}
	wantError(t, putACL("/enforced/k", "public-read"), "AccessControlListNotSupported", "/enforced/k")
	wantStatus(t, putACL("/enforced/k", "bucket-owner-full-control"), 200)
	wantStatus(t, putACL("/writer/k", "public-read"), 200)
	wantError(t, send(t, s, request{method: "POST", path: "/enforced/mp?uploads", header: http.Header{"X-Amz-Acl": {"public-read"}}, as: &alice}),
		"AccessControlListNotSupported", "/enforced/mp")
	if strings.Contains(string(do(t, s, "GET", "/enforced?uploads", nil).body), "<Key>mp</Key>") {
		t.Error("a refused CreateMultipartUpload started an upload")
	}
}

func TestCompleteWithAnEmptyPartList(t *testing.T) {
	s := startServer(t, Options{})
	wantStatus(t, do(t, s, "PUT", "/bkt", nil), 200)
	id := createUpload(t, s, "/bkt/k")
	uploadPart(t, s, "/bkt/k", id, 1, []byte("part"))
	// What botocore sends for MultipartUpload={"Parts": []}.
	empty := []byte(`<CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/" />`)
	wantError(t, do(t, s, "POST", "/bkt/k?uploadId="+id, empty), "MalformedXML", "/bkt/k")
	wantStatus(t, do(t, s, "GET", "/bkt/k", nil), 404)
}

func TestCopySourceIfNoneMatchTheSource(t *testing.T) {
	s := startServer(t, Options{})
	wantStatus(t, do(t, s, "PUT", "/bkt", nil), 200)
	etag := do(t, s, "PUT", "/bkt/src", []byte("source")).header.Get("ETag")
	for _, value := range []string{etag, strings.Trim(etag, `"`)} {
		r := send(t, s, request{method: "PUT", path: "/bkt/dst", as: &alice,
			header: http.Header{"X-Amz-Copy-Source": {"/bkt/src"}, "X-Amz-Copy-Source-If-None-Match": {value}}})
		wantError(t, r, "PreconditionFailed", "/bkt/dst", detail{"Condition", "x-amz-copy-source-If-None-Match"})
	}
}
