package rest

import (
	"net/http"

	. "github.com/onsi/gomega"

	. "github.com/s3errconform/s3errconform/harness"
)

// Bucket ACLs and Object Ownership (S3 User Guide, "Controlling ownership
// of objects and disabling ACLs for your bucket").
func aclErrors(f *Family) {
	acl := []string{"acl", "ownership"}
	const ownershipDoc = "S3 User Guide, Object Ownership: with BucketOwnerEnforced, 'requests to set ACLs or update ACLs fail and return the " +
		"AccessControlListNotSupported error code'"

	f.It(Check{
		ID: "rest-acl-create-bucket-invalid-canned", Operation: "CreateBucket", Code: "InvalidArgument", Capabilities: acl,
		Title:  "CreateBucket with an x-amz-acl value S3 does not know is 400 InvalidArgument naming x-amz-acl",
		Source: "versity/versitygw#1379 (direct to S3: InvalidArgument, empty <Message/>, ArgumentName x-amz-acl, ArgumentValue privatee); catalog InvalidArgument notes; REST.md §3",
	}, func(t *T) {
		r := t.CreateBucketWith(t.UniqueBucketName(), http.Header{"X-Amz-Acl": {"privatee"}, "X-Amz-Object-Ownership": {"ObjectWriter"}}, t.LocationBody())
		Expect(r).To(HaveS3ErrorWorded("InvalidArgument", MessageMayBeEmpty, Element("ArgumentName", "x-amz-acl"), Element("ArgumentValue", "privatee")))
	})

	f.It(Check{
		ID: "rest-acl-put-bucket-acl-invalid-permission", Operation: "PutBucketAcl", Code: "MalformedACLError", Capabilities: acl,
		Title:  "PutBucketAcl with a grant of a permission S3 does not know is 400 MalformedACLError",
		Source: "versity/versitygw#986 (direct to S3: MalformedACLError for an unknown Permission); aws/aws-sdk-ruby#787 (FULL_CONTROLL: MalformedACLError); catalog MalformedACLError",
	}, func(t *T) {
		bucket := t.NewBucketWithACLs()
		owner := t.BucketOwnerID(bucket)
		body := `<AccessControlPolicy xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Owner><ID>` + owner + `</ID></Owner><AccessControlList>` +
			`<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><ID>` + owner + `</ID></Grantee>` +
			`<Permission>FULL_CONTROLL</Permission></Grant></AccessControlList></AccessControlPolicy>`
		Expect(t.PutBucketConfig(bucket, SubACL, []byte(body))).To(HaveS3Error("MalformedACLError"))
	})

	f.It(Check{
		ID: "rest-acl-put-bucket-acl-owner-enforced", Operation: "PutBucketAcl", Code: "AccessControlListNotSupported", Capabilities: acl,
		Title:  "PutBucketAcl granting more than the owner's full control on a BucketOwnerEnforced bucket is 400 AccessControlListNotSupported",
		Source: ownershipDoc + "; catalog AccessControlListNotSupported (anacronw/multer-s3#161, dspace-group/dspace-reference-architecture-aws#95)",
	}, func(t *T) {
		bucket := t.NewBucketWith(http.Header{"X-Amz-Object-Ownership": {"BucketOwnerEnforced"}})
		r := t.BucketSubresource(http.MethodPut, bucket, SubACL, nil, http.Header{"X-Amz-Acl": {"log-delivery-write"}})
		Expect(r).To(HaveS3Error("AccessControlListNotSupported"))
	})

	f.It(Check{
		ID: "rest-acl-create-bucket-acl-owner-enforced", Operation: "CreateBucket", Code: "InvalidBucketAclWithObjectOwnership", Capabilities: acl,
		Title: "CreateBucket with an ACL and Object Ownership BucketOwnerEnforced is 400 InvalidBucketAclWithObjectOwnership",
		Source: "REST.md §7 (ceph/s3-tests asserts 400 InvalidBucketAclWithObjectOwnership); aws-cloudformation/cloudformation-coverage-roadmap#1606 " +
			"(AccessControl LogDeliveryWrite); catalog (awslabs/game-analytics-pipeline#8)",
	}, func(t *T) {
		r := t.CreateBucketWith(t.UniqueBucketName(), http.Header{"X-Amz-Acl": {"log-delivery-write"}, "X-Amz-Object-Ownership": {"BucketOwnerEnforced"}}, t.LocationBody())
		Expect(r).To(HaveS3Error("InvalidBucketAclWithObjectOwnership"))
	})
}
