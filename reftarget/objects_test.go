package reftarget

import (
	"net/http"
	"strings"
	"testing"
)

func TestObjectWriteLimits(t *testing.T) {
	s := startServer(t, Options{})
	wantStatus(t, do(t, s, "PUT", "/bkt", nil), 200)
	put := func(path string, h http.Header) response {
		return send(t, s, request{method: "PUT", path: path, body: []byte("x"), as: &alice, header: h})
	}
	// User metadata: 2048 bytes of names and values pass, 2049 do not.
	wantStatus(t, put("/bkt/meta-ok", http.Header{"X-Amz-Meta-A": {strings.Repeat("v", 2047)}}), 200)
	wantError(t, put("/bkt/meta-big", http.Header{"X-Amz-Meta-A": {strings.Repeat("v", 2048)}}), "MetadataTooLarge", "/bkt/meta-big",
		detail{"Size", "2049"}, detail{"MaxSizeAllowed", "2048"})

	wantStatus(t, put("/bkt/ia", http.Header{"X-Amz-Storage-Class": {"STANDARD_IA"}}), 200)
	if got := do(t, s, "HEAD", "/bkt/ia", nil).header.Get("X-Amz-Storage-Class"); got != "STANDARD_IA" {
		t.Errorf("x-amz-storage-class %q", got)
	}
	wantError(t, put("/bkt/bad-class", http.Header{"X-Amz-Storage-Class": {"FAST"}}), "InvalidStorageClass", "/bkt/bad-class",
		detail{"StorageClassRequested", "FAST"})

	// Key length counts UTF-8 bytes: 513 two-byte characters are too many.
	long := strings.Repeat("é", 513)
	r := put("/bkt/"+long, nil)
	wantError(t, r, "KeyTooLongError", "/bkt/"+long, detail{"Size", "1026"}, detail{"MaxSizeAllowed", "1024"})
	wantStatus(t, put("/bkt/"+strings.Repeat("é", 512), nil), 200)

	for value, code := range map[string]string{"nope": "InvalidDigest", "AAAA": "InvalidDigest", "": "InvalidDigest", "1B2M2Y8AsgTpgAmY7PhCfg==": "BadDigest"} {
		r := put("/bkt/md5", http.Header{"Content-Md5": {value}})
		if code == "InvalidDigest" {
			wantError(t, r, code, "/bkt/md5", detail{"Content-MD5", value})
		} else {
			wantError(t, r, code, "/bkt/md5", detail{"ExpectedDigest", value}, detail{"CalculatedDigest", "ndTkYSaMgDT1yFZOFVxnpg=="})
		}
	}

	wantStatus(t, put("/bkt/cold", http.Header{"X-Amz-Storage-Class": {"GLACIER"}}), 200)
	wantError(t, do(t, s, "GET", "/bkt/cold", nil), "InvalidObjectState", "/bkt/cold", detail{"StorageClass", "GLACIER"})
	wantStatus(t, do(t, s, "HEAD", "/bkt/cold", nil), 200)

	wantStatus(t, put("/bkt/tagged", http.Header{"X-Amz-Tagging": {"a=1&b=2"}}), 200)
	if got := do(t, s, "HEAD", "/bkt/tagged", nil).header.Get("X-Amz-Tagging-Count"); got != "2" {
		t.Errorf("x-amz-tagging-count %q", got)
	}
	wantError(t, put("/bkt/badtag", http.Header{"X-Amz-Tagging": {strings.Repeat("k", 129) + "=v"}}), "InvalidTag", "/bkt/badtag")
	if r := do(t, s, "GET", "/bkt", nil); strings.Contains(string(r.body), "meta-big") || strings.Contains(string(r.body), "badtag") {
		t.Errorf("a rejected PUT stored an object: %s", r.body)
	}
}
