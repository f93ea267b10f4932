package reftarget

import (
	"net/http"
	"strings"
	"testing"
)

func TestCopyObject(t *testing.T) {
	s := startServer(t, Options{})
	wantStatus(t, do(t, s, "PUT", "/src", nil), 200)
	wantStatus(t, do(t, s, "PUT", "/dst", nil), 200)
	wantStatus(t, send(t, s, request{method: "PUT", path: "/bobs", as: &bob}), 200)
	wantStatus(t, send(t, s, request{method: "PUT", path: "/src/obj", body: []byte("content"), as: &alice,
		header: http.Header{"X-Amz-Meta-Color": {"blue"}, "Content-Type": {"text/plain"}}}), 200)
	copyObject := func(path, source string, h http.Header) response {
		if h == nil {
			h = http.Header{}
		}
		h.Set("X-Amz-Copy-Source", source)
		return send(t, s, request{method: "PUT", path: path, as: &alice, header: h})
	}
	r := copyObject("/dst/copy", "/src/obj", nil)
	wantStatus(t, r, 200)
	if !strings.Contains(string(r.body), "<CopyObjectResult") || !strings.Contains(string(r.body), "<ETag>") {
		t.Errorf("CopyObject body %s", r.body)
	}
	got := do(t, s, "GET", "/dst/copy", nil)
	if string(got.body) != "content" || got.header.Get("X-Amz-Meta-Color") != "blue" || got.header.Get("Content-Type") != "text/plain" {
		t.Errorf("copy: %q %v", got.body, got.header)
	}
	wantStatus(t, copyObject("/dst/copy2", "src/obj", nil), 200) // no leading slash
	wantError(t, copyObject("/dst/x", "/src/missing", nil), "NoSuchKey", "/dst/x", detail{"Key", "missing"})
	wantError(t, copyObject("/dst/x", "/nobucket/obj", nil), "NoSuchBucket", "/dst/x", detail{"BucketName", "nobucket"})
	wantError(t, copyObject("/dst/x", "/bobs/obj", nil), "AccessDenied", "/dst/x")
	wantError(t, copyObject("/nobucket/x", "/src/obj", nil), "NoSuchBucket", "/nobucket/x", detail{"BucketName", "nobucket"})
	wantError(t, copyObject("/dst/x", "nonsense", nil), "InvalidArgument", "/dst/x",
		detail{"ArgumentName", "x-amz-copy-source"}, detail{"ArgumentValue", "nonsense"})
	r = copyObject("/src/obj", "/src/obj", nil)
	wantError(t, r, "InvalidRequest", "/src/obj")
	if !strings.Contains(string(r.body), "copy an object to itself") {
		t.Errorf("onto itself message: %s", r.body)
	}
	wantStatus(t, copyObject("/src/obj", "/src/obj", http.Header{"X-Amz-Metadata-Directive": {"REPLACE"}, "X-Amz-Meta-Color": {"red"}}), 200)
	if c := do(t, s, "HEAD", "/src/obj", nil).header.Get("X-Amz-Meta-Color"); c != "red" {
		t.Errorf("REPLACE onto itself left metadata %q", c)
	}
	wantStatus(t, copyObject("/src/obj", "/src/obj", http.Header{"X-Amz-Storage-Class": {"STANDARD_IA"}}), 200)
	wantError(t, copyObject("/dst/x", "/src/obj", http.Header{"X-Amz-Metadata-Directive": {"MOVE"}}), "InvalidArgument", "/dst/x",
		detail{"ArgumentName", "x-amz-metadata-directive"}, detail{"ArgumentValue", "MOVE"})
	wantError(t, copyObject("/dst/x", "/src/obj", http.Header{"X-Amz-Copy-Source-If-Match": {`"0123"`}}), "PreconditionFailed", "/dst/x",
		detail{"Condition", "x-amz-copy-source-If-Match"})
	etag := do(t, s, "HEAD", "/src/obj", nil).header.Get("ETag")
	wantStatus(t, copyObject("/dst/x", "/src/obj", http.Header{"X-Amz-Copy-Source-If-Match": {etag}}), 200)
	wantError(t, copyObject("/dst/x", "/src/obj", http.Header{"X-Amz-Copy-Source-If-None-Match": {etag}}), "PreconditionFailed", "/dst/x",
		detail{"Condition", "x-amz-copy-source-If-None-Match"})
}
