package reftarget

import (
	"net/http"
	"testing"
	"time"
)

func TestConditionalRequests(t *testing.T) {
	s := startServer(t, Options{})
	wantStatus(t, do(t, s, "PUT", "/bkt", nil), 200)
	put := do(t, s, "PUT", "/bkt/obj", []byte("content"))
	wantStatus(t, put, 200)
	etag := put.header.Get("ETag")
	head := do(t, s, "HEAD", "/bkt/obj", nil)
	lastModified, err := http.ParseTime(head.header.Get("Last-Modified"))
	if err != nil {
		t.Fatal(err)
	}
	past := "Sat, 01 Jan 2000 00:00:00 GMT"
	atModification := lastModified.Format(http.TimeFormat)
	future := time.Now().Add(time.Hour).UTC().Format(http.TimeFormat)
	tests := []struct {
		name      string
		header    http.Header
		status    int
		condition string
	}{
		{"If-Match holds", http.Header{"If-Match": {etag}}, 200, ""},
		{"If-Match star", http.Header{"If-Match": {"*"}}, 200, ""},
		{"If-Match fails", http.Header{"If-Match": {`"0123"`}}, 412, "If-Match"},
		{"If-Unmodified-Since fails", http.Header{"If-Unmodified-Since": {past}}, 412, "If-Unmodified-Since"},
		{"If-Unmodified-Since holds", http.Header{"If-Unmodified-Since": {atModification}}, 200, ""},
		{"If-Match beats If-Unmodified-Since", http.Header{"If-Match": {etag}, "If-Unmodified-Since": {past}}, 200, ""},
		{"If-None-Match matches", http.Header{"If-None-Match": {etag}}, 304, ""},
		{"If-None-Match differs", http.Header{"If-None-Match": {`"0123"`}}, 200, ""},
		{"If-Modified-Since not modified", http.Header{"If-Modified-Since": {atModification}}, 304, ""},
		{"If-Modified-Since modified", http.Header{"If-Modified-Since": {past}}, 200, ""},
		{"If-Modified-Since in the future is ignored", http.Header{"If-Modified-Since": {future}}, 200, ""},
		{"If-None-Match beats If-Modified-Since", http.Header{"If-None-Match": {etag}, "If-Modified-Since": {past}}, 304, ""},
		{"invalid date ignored", http.Header{"If-Unmodified-Since": {"yesterday"}}, 200, ""},
	}
	for _, tc := range tests {
		for _, method := range []string{"GET", "HEAD"} {
			r := send(t, s, request{method: method, path: "/bkt/obj", as: &alice, header: tc.header})
			if r.status != tc.status {
				t.Errorf("%s %s: status %d, want %d", method, tc.name, r.status, tc.status)
				continue
			}
			switch {
			case tc.status == 304:
				if len(r.body) != 0 || r.header.Get("ETag") != etag {
					t.Errorf("%s %s: 304 body %q ETag %q", method, tc.name, r.body, r.header.Get("ETag"))
				}
				wantIDHeaders(t, r)
			case tc.status == 412 && method == "GET":
				wantError(t, r, "PreconditionFailed", "/bkt/obj", detail{"Condition", tc.condition})
			case tc.status == 412 && len(r.body) != 0:
				t.Errorf("HEAD %s: 412 has a body", tc.name)
			}
		}
	}
}

func TestConditionalWrites(t *testing.T) {
	s := startServer(t, Options{})
	wantStatus(t, do(t, s, "PUT", "/bkt", nil), 200)
	put := func(key string, h http.Header) response {
		return send(t, s, request{method: "PUT", path: "/bkt/" + key, body: []byte("x"), as: &alice, header: h})
	}
	wantStatus(t, put("new", http.Header{"If-None-Match": {"*"}}), 200)
	wantError(t, put("new", http.Header{"If-None-Match": {"*"}}), "PreconditionFailed", "/bkt/new", detail{"Condition", "If-None-Match"})
	wantError(t, put("new", http.Header{"If-Match": {`"0123"`}}), "PreconditionFailed", "/bkt/new", detail{"Condition", "If-Match"})
	etag := do(t, s, "HEAD", "/bkt/new", nil).header.Get("ETag")
	wantStatus(t, put("new", http.Header{"If-Match": {etag}}), 200)
	wantError(t, put("missing", http.Header{"If-Match": {etag}}), "NoSuchKey", "/bkt/missing", detail{"Key", "missing"})
}
