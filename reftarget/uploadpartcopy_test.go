package reftarget

import (
	"net/http"
	"strings"
	"testing"
)

func TestUploadPartCopy(t *testing.T) {
	s := startServer(t, Options{})
	wantStatus(t, do(t, s, "PUT", "/bkt", nil), 200)
	wantStatus(t, do(t, s, "PUT", "/bkt/src", []byte("0123456789")), 200)
	id := createUpload(t, s, "/bkt/dst")
	copyPart := func(n string, h http.Header) response {
		return send(t, s, request{method: "PUT", path: "/bkt/dst?partNumber=" + n + "&uploadId=" + id, header: h, as: &alice})
	}
	r := copyPart("1", http.Header{"X-Amz-Copy-Source": {"bkt/src"}, "X-Amz-Copy-Source-Range": {"bytes=2-4"}})
	wantStatus(t, r, 200)
	if !strings.Contains(string(r.body), "<CopyPartResult") {
		t.Errorf("UploadPartCopy result: %s", r.body)
	}
	r = do(t, s, "GET", "/bkt/dst?uploadId="+id, nil)
	if !strings.Contains(string(r.body), "<Size>3</Size>") {
		t.Errorf("the copied part is not bytes 2-4: %s", r.body)
	}
	for value, code := range map[string]string{"bytes=4-2": "InvalidArgument", "0-2": "InvalidArgument", "bytes=0-10": "InvalidArgument", "bytes=10-12": "InvalidRequest"} {
		if got := codeOf(t, copyPart("2", http.Header{"X-Amz-Copy-Source": {"bkt/src"}, "X-Amz-Copy-Source-Range": {value}})); got != code {
			t.Errorf("range %s: %s, want %s", value, got, code)
		}
	}
	wantError(t, copyPart("2", http.Header{"X-Amz-Copy-Source": {"bkt/missing"}}), "NoSuchKey", "/bkt/dst", detail{"Key", "missing"})
	wantError(t, copyPart("2", http.Header{"X-Amz-Copy-Source": {"nobkt/src"}}), "NoSuchBucket", "/bkt/dst", detail{"BucketName", "nobkt"})
	wantError(t, copyPart("2", http.Header{"X-Amz-Copy-Source": {"bkt/src"}, "X-Amz-Copy-Source-If-Match": {`"nope"`}}),
		"PreconditionFailed", "/bkt/dst", detail{"Condition", "x-amz-copy-source-If-Match"})
}
