package reftarget

import (
	"strings"
	"testing"
)

func TestObjectACL(t *testing.T) {
	s := startServer(t, Options{})
	wantStatus(t, do(t, s, "PUT", "/bkt", nil), 200)
	wantStatus(t, do(t, s, "PUT", "/bkt/obj", []byte("x")), 200)
	r := do(t, s, "GET", "/bkt/obj?acl", nil)
	wantStatus(t, r, 200)
	owner := canonicalUserID(alice.AccessKey)
	for _, want := range []string{"<AccessControlPolicy", "<Owner><ID>" + owner + "</ID></Owner>", `xsi:type="CanonicalUser"`, "<Permission>FULL_CONTROL</Permission>"} {
		if !strings.Contains(string(r.body), want) {
			t.Errorf("GetObjectAcl lacks %s: %s", want, r.body)
		}
	}
	wantStatus(t, send(t, s, request{method: "PUT", path: "/bkt/obj?acl", as: &alice, header: map[string][]string{"X-Amz-Acl": {"private"}}}), 200)
	// AWS answers an unknown canned ACL with an empty <Message/> (catalog
	// notes for InvalidArgument), which wantError would not accept.
	r = send(t, s, request{method: "PUT", path: "/bkt/obj?acl", as: &alice, header: map[string][]string{"X-Amz-Acl": {"everyone"}}})
	if doc := parseErrorDoc(t, r.body); r.status != 400 || doc.values["Code"] != "InvalidArgument" || doc.values["ArgumentName"] != "x-amz-acl" {
		t.Errorf("unknown canned ACL: %d %s", r.status, r.body)
	}
	wantError(t, do(t, s, "PUT", "/bkt/obj?acl", []byte("<AccessControlPolicy>")), "MalformedACLError", "/bkt/obj")
	wantError(t, do(t, s, "GET", "/bkt/missing?acl", nil), "NoSuchKey", "/bkt/missing", detail{"Key", "missing"})
	wantError(t, send(t, s, request{method: "PUT", path: "/bkt/missing?acl", as: &alice, header: map[string][]string{"X-Amz-Acl": {"private"}}}),
		"NoSuchKey", "/bkt/missing", detail{"Key", "missing"})
	wantError(t, do(t, s, "GET", "/nobucket/obj?acl", nil), "NoSuchBucket", "/nobucket/obj", detail{"BucketName", "nobucket"})
	wantStatus(t, do(t, s, "GET", "/bkt?acl", nil), 200) // bucket ACLs: bucketacl.go
}
