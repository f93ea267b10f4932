package reftarget

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

func deleteDoc(quiet bool, keys ...string) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "<Delete><Quiet>%t</Quiet>", quiet)
	for _, k := range keys {
		fmt.Fprintf(&b, "<Object><Key>%s</Key></Object>", k)
	}
	b.WriteString("</Delete>")
	return []byte(b.String())
}

func TestDeleteObjects(t *testing.T) {
	s := startServer(t, Options{})
	wantStatus(t, do(t, s, "PUT", "/bkt", nil), 200)
	wantStatus(t, do(t, s, "PUT", "/bkt/a", []byte("x")), 200)
	body := deleteDoc(false, "a", "missing")
	r := send(t, s, request{method: "POST", path: "/bkt?delete", body: body, header: withMD5(body), as: &alice})
	wantStatus(t, r, 200)
	for _, want := range []string{"<DeleteResult", "<Deleted><Key>a</Key></Deleted>", "<Deleted><Key>missing</Key></Deleted>"} {
		if !strings.Contains(string(r.body), want) {
			t.Errorf("DeleteObjects result lacks %s: %s", want, r.body)
		}
	}
	wantStatus(t, do(t, s, "GET", "/bkt/a", nil), 404)

	quiet := deleteDoc(true, "x", "y")
	r = send(t, s, request{method: "POST", path: "/bkt?delete", body: quiet, header: withMD5(quiet), as: &alice})
	wantStatus(t, r, 200)
	if strings.Contains(string(r.body), "<Deleted>") {
		t.Errorf("quiet mode lists deleted keys: %s", r.body)
	}

	keys := make([]string, 1001)
	for i := range keys {
		keys[i] = fmt.Sprintf("k%d", i)
	}
	for name, doc := range map[string][]byte{
		"1001 keys":    deleteDoc(false, keys...),
		"not Delete":   []byte("<Tagging><TagSet/></Tagging>"),
		"no key":       []byte("<Delete><Object><VersionId>null</VersionId></Object></Delete>"),
		"not XML":      []byte("delete everything"),
		"empty Delete": []byte("<Delete></Delete>"),
	} {
		t.Run(name, func(t *testing.T) {
			wantError(t, send(t, s, request{method: "POST", path: "/bkt?delete", body: doc, header: withMD5(doc), as: &alice}), "MalformedXML", "/bkt")
		})
	}
	doc := wantWordedError(t, send(t, s, request{method: "POST", path: "/bkt?delete", body: body, as: &alice}), "InvalidRequest", "/bkt")
	if doc.values["Message"] != "Missing required header for this request: Content-MD5" {
		t.Errorf("no Content-MD5: message %q", doc.values["Message"])
	}
	// A checksum header stands in for Content-MD5, and is verified.
	r = send(t, s, request{method: "POST", path: "/bkt?delete", body: body, as: &alice,
		header: http.Header{"X-Amz-Checksum-Sha256": {sha256Base64(body)}}})
	wantStatus(t, r, 200)
	wantWordedError(t, send(t, s, request{method: "POST", path: "/bkt?delete", body: body, as: &alice,
		header: http.Header{"X-Amz-Checksum-Sha256": {sha256Base64([]byte("other"))}}}), "BadDigest", "/bkt")
	wantError(t, send(t, s, request{method: "POST", path: "/nobucket?delete", body: body, header: withMD5(body), as: &alice}), "NoSuchBucket", "/nobucket", detail{"BucketName", "nobucket"})
}

// A request naming an operation the target does not serve at that level
// and method is refused, never served as the plain operation.
func TestSubresourceNeverFallsThrough(t *testing.T) {
	s := startServer(t, Options{})
	wantStatus(t, do(t, s, "PUT", "/bkt", nil), 200)
	wantStatus(t, do(t, s, "PUT", "/bkt/k", []byte("x")), 200)
	for _, tc := range []struct{ method, path string }{
		{"DELETE", "/bkt?object-lock"},
		{"DELETE", "/bkt?logging"},
		{"DELETE", "/bkt?acl"},
		{"PUT", "/bkt?location"},
		{"POST", "/bkt?acl"},
		{"GET", "/bkt/k?uploads"},
		{"DELETE", "/bkt/k?retention"},
		{"POST", "/bkt/k?select"},
	} {
		r := do(t, s, tc.method, tc.path, nil)
		if r.status != http.StatusNotImplemented {
			t.Errorf("%s %s: status %d, want 501; body %s", tc.method, tc.path, r.status, r.body)
		}
	}
	wantStatus(t, do(t, s, "HEAD", "/bkt", nil), 200)
	wantStatus(t, do(t, s, "GET", "/bkt/k", nil), 200)
}
