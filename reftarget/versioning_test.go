package reftarget

import (
	"encoding/xml"
	"net/http"
	"strings"
	"testing"
)

func enableVersioning(t *testing.T, s *Server, bucket, status string) {
	t.Helper()
	body := `<VersioningConfiguration xmlns="` + s3XMLNS + `"><Status>` + status + `</Status></VersioningConfiguration>`
	wantStatus(t, do(t, s, "PUT", "/"+bucket+"?versioning", []byte(body)), 200)
}

type listedVersion struct {
	XMLName   xml.Name
	Key       string
	VersionId string
	IsLatest  bool
}

func listVersions(t *testing.T, s *Server, bucket string) []listedVersion {
	t.Helper()
	r := do(t, s, "GET", "/"+bucket+"?versions", nil)
	wantStatus(t, r, 200)
	var result struct {
		Entries []listedVersion `xml:",any"`
	}
	if err := xml.Unmarshal(r.body, &result); err != nil {
		t.Fatalf("ListObjectVersions: %v %s", err, r.body)
	}
	var out []listedVersion
	for _, e := range result.Entries {
		if e.XMLName.Local == "Version" || e.XMLName.Local == "DeleteMarker" {
			out = append(out, e)
		}
	}
	return out
}

func TestVersioning(t *testing.T) {
	s := startServer(t, Options{})
	wantStatus(t, do(t, s, "PUT", "/bkt", nil), 200)
	if r := do(t, s, "GET", "/bkt?versioning", nil); strings.Contains(string(r.body), "<Status>") {
		t.Errorf("never-versioned bucket reports a status: %s", r.body)
	}
	wantStatus(t, do(t, s, "PUT", "/bkt/k", []byte("before")), 200) // the "null" version
	enableVersioning(t, s, "bkt", "Enabled")
	if r := do(t, s, "GET", "/bkt?versioning", nil); !strings.Contains(string(r.body), "<Status>Enabled</Status>") {
		t.Errorf("GetBucketVersioning: %s", r.body)
	}
	v1 := do(t, s, "PUT", "/bkt/k", []byte("one")).header.Get("X-Amz-Version-Id")
	v2 := do(t, s, "PUT", "/bkt/k", []byte("two")).header.Get("X-Amz-Version-Id")
	if !wellFormedVersionID(v1) || v1 == v2 || v1 == nullVersion {
		t.Fatalf("version IDs %q %q", v1, v2)
	}
	for id, body := range map[string]string{v1: "one", v2: "two", nullVersion: "before"} {
		r := do(t, s, "GET", "/bkt/k?versionId="+id, nil)
		if string(r.body) != body || r.header.Get("X-Amz-Version-Id") != id {
			t.Errorf("version %s: %q %v", id, r.body, r.header)
		}
	}
	del := do(t, s, "DELETE", "/bkt/k", nil)
	wantStatus(t, del, 204)
	marker := del.header.Get("X-Amz-Version-Id")
	if del.header.Get("X-Amz-Delete-Marker") != "true" || marker == "" {
		t.Errorf("DELETE in a versioned bucket: %v", del.header)
	}
	r := do(t, s, "GET", "/bkt/k", nil)
	wantError(t, r, "NoSuchKey", "/bkt/k", detail{"Key", "k"})
	if r.header.Get("X-Amz-Delete-Marker") != "true" || r.header.Get("X-Amz-Version-Id") != marker {
		t.Errorf("GET of a delete marker: headers %v", r.header)
	}
	r = do(t, s, "GET", "/bkt/k?versionId="+marker, nil)
	wantError(t, r, "MethodNotAllowed", "/bkt/k", detail{"Method", "GET"}, detail{"ResourceType", "DeleteMarker"})
	if r.header.Get("Allow") != "DELETE" || r.header.Get("X-Amz-Delete-Marker") != "true" || r.header.Get("Last-Modified") == "" {
		t.Errorf("GET of a delete marker version: headers %v", r.header)
	}
	r = do(t, s, "HEAD", "/bkt/k?versionId="+marker, nil)
	if r.status != 405 || len(r.body) != 0 {
		t.Errorf("HEAD of a delete marker version: %d %q", r.status, r.body)
	}
	wantError(t, do(t, s, "PUT", "/bkt/k?tagging&versionId="+marker, taggingBody("a", "1")), "MethodNotAllowed", "/bkt/k",
		detail{"Method", "PUT"}, detail{"ResourceType", "DeleteMarker"})
	const unknown = "01G65Z755AFWAKHE12NY0CQ9FH"
	wantError(t, do(t, s, "GET", "/bkt/k?versionId="+unknown, nil), "NoSuchVersion", "/bkt/k", detail{"Key", "k"}, detail{"VersionId", unknown})
	wantError(t, do(t, s, "GET", "/bkt/k?versionId=test_file", nil), "InvalidArgument", "/bkt/k",
		detail{"ArgumentName", "versionId"}, detail{"ArgumentValue", "test_file"})
	wantError(t, do(t, s, "GET", "/bkt/k?versionId=", nil), "InvalidArgument", "/bkt/k",
		detail{"ArgumentName", "versionId"}, detail{"ArgumentValue", ""})

	got := listVersions(t, s, "bkt")
	if len(got) != 4 || got[0].XMLName.Local != "DeleteMarker" || !got[0].IsLatest || got[1].VersionId != v2 || got[3].VersionId != nullVersion {
		t.Errorf("ListObjectVersions: %+v", got)
	}
	wantError(t, do(t, s, "DELETE", "/bkt", nil), "BucketNotEmpty", "/bkt")
	// Deleting the marker brings the last version back.
	r = do(t, s, "DELETE", "/bkt/k?versionId="+marker, nil)
	wantStatus(t, r, 204)
	if r.header.Get("X-Amz-Delete-Marker") != "true" {
		t.Errorf("deleting a marker: %v", r.header)
	}
	if r := do(t, s, "GET", "/bkt/k", nil); string(r.body) != "two" {
		t.Errorf("after deleting the marker: %q", r.body)
	}
	for _, v := range listVersions(t, s, "bkt") {
		wantStatus(t, do(t, s, "DELETE", "/bkt/k?versionId="+v.VersionId, nil), 204)
	}
	wantStatus(t, do(t, s, "DELETE", "/bkt", nil), 204)
}

func TestVersioningConfiguration(t *testing.T) {
	s := startServer(t, Options{})
	wantStatus(t, do(t, s, "PUT", "/bkt", nil), 200)
	for _, body := range []string{"<VersioningConfiguration><Status>suspend</Status></VersioningConfiguration>", "<VersioningConfiguration>"} {
		wantError(t, do(t, s, "PUT", "/bkt?versioning", []byte(body)), "MalformedXML", "/bkt")
	}
	enableVersioning(t, s, "bkt", "Suspended")
	wantStatus(t, do(t, s, "PUT", "/bkt/k", []byte("x")), 200)
	r := do(t, s, "DELETE", "/bkt/k", nil)
	if r.header.Get("X-Amz-Version-Id") != nullVersion || r.header.Get("X-Amz-Delete-Marker") != "true" {
		t.Errorf("DELETE while suspended: %v", r.header)
	}
	for _, path := range []string{"/nobucket?versioning", "/nobucket?versions"} {
		wantError(t, do(t, s, "GET", path, nil), "NoSuchBucket", "/nobucket", detail{"BucketName", "nobucket"})
	}
	wantError(t, send(t, s, request{method: "PUT", path: "/nobucket?versioning", as: &alice, body: []byte("<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>"),
		header: http.Header{}}), "NoSuchBucket", "/nobucket", detail{"BucketName", "nobucket"})
}

func TestWellFormedVersionID(t *testing.T) {
	for id, want := range map[string]bool{
		"null": true, "01G65Z755AFWAKHE12NY0CQ9FH": true, "v5n1PPUjOCMHLyyfq0ayjoZ5RZLfVQKA": true, "L1.k_KfY55TAt7PpJLRTJ_iOkp6bp8D3": true,
		"": false, "dsf": false, "test_file": false, "nonexistent-version-id-12345": false,
	} {
		if got := wellFormedVersionID(id); got != want {
			t.Errorf("wellFormedVersionID(%q) = %v", id, got)
		}
	}
	for i := 0; i < 100; i++ {
		if id := newVersionID(); !wellFormedVersionID(id) || len(id) != 32 {
			t.Fatalf("newVersionID() = %q", id)
		}
	}
}
