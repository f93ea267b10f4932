package reftarget

import (
	"net/http"
	"testing"
)

func TestBucketACLAndOwnership(t *testing.T) {
	s := startServer(t, Options{})
	writer := http.Header{"X-Amz-Object-Ownership": {"ObjectWriter"}}
	wantStatus(t, send(t, s, request{method: "PUT", path: "/acls", as: &alice, header: writer}), 200)
	r := do(t, s, "GET", "/acls?acl", nil)
	wantStatus(t, r, 200)
	owner := canonicalUserID(alice.AccessKey)
	acl := func(perm string) []byte {
		return []byte(`<AccessControlPolicy><Owner><ID>` + owner + `</ID></Owner><AccessControlList><Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><ID>` +
			owner + `</ID></Grantee><Permission>` + perm + `</Permission></Grant></AccessControlList></AccessControlPolicy>`)
	}
	wantStatus(t, do(t, s, "PUT", "/acls?acl", acl("FULL_CONTROL")), 200)
	wantError(t, do(t, s, "PUT", "/acls?acl", acl("FULL_CONTROLL")), "MalformedACLError", "/acls")
	wantError(t, do(t, s, "PUT", "/acls?acl", []byte("<AccessControlPolicy>")), "MalformedACLError", "/acls")
	wantStatus(t, send(t, s, request{method: "PUT", path: "/acls?acl", as: &alice, header: http.Header{"X-Amz-Acl": {"log-delivery-write"}}}), 200)

	// Unknown canned ACLs: InvalidArgument with an empty message.
	for _, path := range []string{"/acls?acl", "/newbucket"} {
		r := send(t, s, request{method: "PUT", path: path, as: &alice, header: http.Header{"X-Amz-Acl": {"privatee"}, "X-Amz-Object-Ownership": {"ObjectWriter"}}})
		doc := parseErrorDoc(t, r.body)
		if r.status != 400 || doc.values["Code"] != "InvalidArgument" || doc.values["Message"] != "" || doc.values["ArgumentName"] != "x-amz-acl" || doc.values["ArgumentValue"] != "privatee" {
			t.Errorf("%s: %d %s", path, r.status, r.body)
		}
	}

	// BucketOwnerEnforced, the default: ACLs beyond the owner's are refused.
	wantStatus(t, do(t, s, "PUT", "/enforced", nil), 200)
	wantStatus(t, send(t, s, request{method: "PUT", path: "/enforced?acl", as: &alice, header: http.Header{"X-Amz-Acl": {"private"}}}), 200)
	wantStatus(t, do(t, s, "PUT", "/enforced?acl", acl("FULL_CONTROL")), 200)
	wantError(t, send(t, s, request{method: "PUT", path: "/enforced?acl", as: &alice, header: http.Header{"X-Amz-Acl": {"public-read"}}}), "AccessControlListNotSupported", "/enforced")
	wantError(t, do(t, s, "PUT", "/enforced?acl", acl("READ")), "AccessControlListNotSupported", "/enforced")
	for _, h := range []http.Header{
		{"X-Amz-Acl": {"log-delivery-write"}},
		{"X-Amz-Acl": {"log-delivery-write"}, "X-Amz-Object-Ownership": {"BucketOwnerEnforced"}},
		{"X-Amz-Grant-Read": {"uri=http://acs.amazonaws.com/groups/global/AllUsers"}},
	} {
		wantError(t, send(t, s, request{method: "PUT", path: "/aclcreate", as: &alice, header: h}), "InvalidBucketAclWithObjectOwnership", "/aclcreate")
	}
	wantStatus(t, send(t, s, request{method: "PUT", path: "/aclcreate", as: &alice, header: http.Header{"X-Amz-Acl": {"private"}}}), 200)
	wantError(t, send(t, s, request{method: "PUT", path: "/badown", as: &alice, header: http.Header{"X-Amz-Object-Ownership": {"Nobody"}}}), "InvalidArgument", "/badown",
		detail{"ArgumentName", "x-amz-object-ownership"}, detail{"ArgumentValue", "Nobody"})
	// Controls set after creation apply to later ACL requests.
	wantStatus(t, send(t, s, request{method: "PUT", path: "/enforced?ownershipControls", as: &alice,
		body: []byte(`<OwnershipControls><Rule><ObjectOwnership>BucketOwnerPreferred</ObjectOwnership></Rule></OwnershipControls>`)}), 200)
	wantStatus(t, send(t, s, request{method: "PUT", path: "/enforced?acl", as: &alice, header: http.Header{"X-Amz-Acl": {"public-read"}}}), 200)
}
