package reftarget

import (
	"net/http"
	"strings"
	"testing"
)

func taggingBody(pairs ...string) []byte {
	var b strings.Builder
	b.WriteString(`<Tagging xmlns="` + s3XMLNS + `"><TagSet>`)
	for i := 0; i+1 < len(pairs); i += 2 {
		b.WriteString("<Tag><Key>" + pairs[i] + "</Key><Value>" + pairs[i+1] + "</Value></Tag>")
	}
	b.WriteString("</TagSet></Tagging>")
	return []byte(b.String())
}

func TestObjectTagging(t *testing.T) {
	s := startServer(t, Options{})
	wantStatus(t, do(t, s, "PUT", "/bkt", nil), 200)
	wantStatus(t, do(t, s, "PUT", "/bkt/obj", []byte("x")), 200)
	r := do(t, s, "GET", "/bkt/obj?tagging", nil)
	wantStatus(t, r, 200)
	if !strings.Contains(string(r.body), "<TagSet></TagSet>") {
		t.Errorf("untagged object: %s", r.body)
	}
	wantStatus(t, do(t, s, "PUT", "/bkt/obj?tagging", taggingBody("b", "2", "a", "1")), 200)
	r = do(t, s, "GET", "/bkt/obj?tagging", nil)
	if !strings.Contains(string(r.body), "<Tag><Key>a</Key><Value>1</Value></Tag><Tag><Key>b</Key><Value>2</Value></Tag>") {
		t.Errorf("tags: %s", r.body)
	}
	// Rewriting the object's tags keeps its body.
	if got := do(t, s, "GET", "/bkt/obj", nil); string(got.body) != "x" || got.header.Get("X-Amz-Tagging-Count") != "2" {
		t.Errorf("object after tagging: %q %v", got.body, got.header)
	}
	wantStatus(t, do(t, s, "DELETE", "/bkt/obj?tagging", nil), 204)
	if r := do(t, s, "GET", "/bkt/obj?tagging", nil); strings.Contains(string(r.body), "<Tag>") {
		t.Errorf("tags after DeleteObjectTagging: %s", r.body)
	}

	for name, body := range map[string][]byte{
		"key of 129 characters": taggingBody(strings.Repeat("k", 129), "v"),
		"value of 257":          taggingBody("k", strings.Repeat("v", 257)),
		"empty key":             taggingBody("", "v"),
		"duplicate key":         taggingBody("k", "1", "k", "2"),
	} {
		t.Run(name, func(t *testing.T) { wantError(t, do(t, s, "PUT", "/bkt/obj?tagging", body), "InvalidTag", "/bkt/obj") })
	}
	// More than 10 tags is AWS's BadRequest, a code the catalog lacks.
	eleven := taggingBody("1", "", "2", "", "3", "", "4", "", "5", "", "6", "", "7", "", "8", "", "9", "", "10", "", "11", "")
	for _, r := range []response{
		do(t, s, "PUT", "/bkt/obj?tagging", eleven),
		send(t, s, request{method: "PUT", path: "/bkt/new", body: []byte("x"), as: &alice,
			header: http.Header{"X-Amz-Tagging": {"1=&2=&3=&4=&5=&6=&7=&8=&9=&10=&11="}}}),
	} {
		if doc := parseErrorDoc(t, r.body); r.status != 400 || doc.values["Code"] != "BadRequest" || doc.values["Message"] != "Object tags cannot be greater than 10" {
			t.Errorf("eleven tags: status %d, body %s", r.status, r.body)
		}
	}
	wantStatus(t, do(t, s, "GET", "/bkt/new", nil), 404)
	wantStatus(t, do(t, s, "PUT", "/bkt/obj?tagging", taggingBody(strings.Repeat("k", 128), strings.Repeat("v", 256))), 200)
	wantError(t, do(t, s, "PUT", "/bkt/obj?tagging", []byte("<Tagging><TagSet>")), "MalformedXML", "/bkt/obj")
	wantError(t, do(t, s, "GET", "/bkt/missing?tagging", nil), "NoSuchKey", "/bkt/missing", detail{"Key", "missing"})
	wantError(t, do(t, s, "PUT", "/bkt/missing?tagging", taggingBody("a", "1")), "NoSuchKey", "/bkt/missing", detail{"Key", "missing"})
	wantError(t, do(t, s, "GET", "/nobucket/obj?tagging", nil), "NoSuchBucket", "/nobucket/obj", detail{"BucketName", "nobucket"})
	wantError(t, do(t, s, "GET", "/bkt/obj?tagging&versionId=test_file", nil), "InvalidArgument", "/bkt/obj",
		detail{"ArgumentName", "versionId"}, detail{"ArgumentValue", "test_file"})
}
