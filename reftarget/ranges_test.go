package reftarget

import (
	"net/http"
	"testing"
)

func TestParseRange(t *testing.T) {
	tests := []struct {
		header          string
		size            int
		ok, satisfiable bool
		first, last     int
		clipped         bool
	}{
		{"bytes=0-3", 10, true, true, 0, 3, false},
		{"bytes=5-100", 10, true, true, 5, 9, true},
		{"bytes=4-", 10, true, true, 4, 9, false},
		{"bytes=-3", 10, true, true, 7, 9, false},
		{"bytes=-30", 10, true, true, 0, 9, false},
		{"bytes=9-9", 10, true, true, 9, 9, false},
		{"bytes=10-20", 10, true, false, 0, 0, false},
		{"bytes=20-30", 10, true, false, 0, 0, false},
		{"bytes=-0", 10, true, false, 0, 0, false},
		{"bytes=40-50", 0, true, false, 0, 0, false},
		{"bytes=-5", 0, true, false, 0, 0, false},
		{"bytes=5-2", 10, false, false, 0, 0, false},
		{"bytes=abc", 10, false, false, 0, 0, false},
		{"bytes=0-1,3-4", 10, false, false, 0, 0, false},
		{"items=0-1", 10, false, false, 0, 0, false},
		{"bytes=", 10, false, false, 0, 0, false},
		{"bytes=-", 10, false, false, 0, 0, false},
		{"bytes=1-x", 10, false, false, 0, 0, false},
	}
	for _, tc := range tests {
		r, ok, satisfiable := parseRange(tc.header, tc.size)
		if ok != tc.ok || satisfiable != tc.satisfiable {
			t.Errorf("%q of %d: ok %v satisfiable %v, want %v %v", tc.header, tc.size, ok, satisfiable, tc.ok, tc.satisfiable)
			continue
		}
		if satisfiable && (r.first != tc.first || r.last != tc.last || r.clipped != tc.clipped) {
			t.Errorf("%q of %d: %+v, want %d-%d clipped %v", tc.header, tc.size, r, tc.first, tc.last, tc.clipped)
		}
	}
}

func TestRangeRequests(t *testing.T) {
	s := startServer(t, Options{})
	wantStatus(t, do(t, s, "PUT", "/bkt", nil), 200)
	wantStatus(t, do(t, s, "PUT", "/bkt/ten", []byte("0123456789")), 200)
	wantStatus(t, do(t, s, "PUT", "/bkt/empty", []byte{}), 200)
	get := func(method, key, rng string) response {
		return send(t, s, request{method: method, path: "/bkt/" + key, as: &alice, header: http.Header{"Range": {rng}}})
	}
	for _, tc := range []struct{ rng, contentRange, body string }{
		{"bytes=0-3", "bytes 0-3/10", "0123"},
		{"bytes=5-100", "bytes 5-9/10", "56789"},
		{"bytes=-3", "bytes 7-9/10", "789"},
	} {
		r := get("GET", "ten", tc.rng)
		wantStatus(t, r, 206)
		if r.header.Get("Content-Range") != tc.contentRange || string(r.body) != tc.body {
			t.Errorf("%s: Content-Range %q body %q", tc.rng, r.header.Get("Content-Range"), r.body)
		}
	}
	for _, rng := range []string{"bytes=5-2", "bytes=abc", "bytes=0-1,3-4"} {
		r := get("GET", "ten", rng)
		wantStatus(t, r, 200)
		if string(r.body) != "0123456789" || r.header.Get("Content-Range") != "" {
			t.Errorf("%s: ignored range answered %q, Content-Range %q", rng, r.body, r.header.Get("Content-Range"))
		}
	}
	r := get("GET", "ten", "bytes=20-30")
	wantError(t, r, "InvalidRange", "/bkt/ten", detail{"RangeRequested", "bytes=20-30"}, detail{"ActualObjectSize", "10"})
	if r.header.Get("Content-Range") != "bytes */10" {
		t.Errorf("416 Content-Range %q", r.header.Get("Content-Range"))
	}
	wantError(t, get("GET", "empty", "bytes=40-50"), "InvalidRange", "/bkt/empty", detail{"RangeRequested", "bytes=40-50"}, detail{"ActualObjectSize", "0"})
	r = get("HEAD", "ten", "bytes=20-30")
	wantStatus(t, r, 416)
	if len(r.body) != 0 {
		t.Errorf("HEAD 416 has a body: %q", r.body)
	}
	r = get("HEAD", "ten", "bytes=0-3")
	wantStatus(t, r, 206)
	if r.header.Get("Content-Range") != "bytes 0-3/10" || r.header.Get("Content-Length") != "4" {
		t.Errorf("HEAD 206 headers %v", r.header)
	}
}
