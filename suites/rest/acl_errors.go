package rest

import (
	"net/http"

	"github.com/s3errconform/s3errconform/harness"
	"github.com/s3errconform/s3errconform/harness/check"
	. "github.com/s3errconform/s3errconform/harness/judge"
)

// Bucket ACLs and Object Ownership (S3 User Guide, "Controlling ownership
// of objects and disabling ACLs for your bucket").
func aclErrors(f *harness.Family) {
	acl := []string{"acl", "ownership"}
	const ownershipDoc = "S3 User Guide, Object Ownership: with BucketOwnerEnforced, 'requests to set ACLs or update ACLs fail and return the " +
		"AccessControlListNotSupported error code'"

	f.It(check.Check{
		ID: "rest-acl-create-bucket-invalid-canned", Operation: "CreateBucket", Code: "InvalidArgument", Capabilities: acl,
		Title:  "CreateBucket with an x-amz-acl value S3 does not know is 400 InvalidArgument naming x-amz-acl",
		Source: "versity/versitygw#1379 (direct to S3: InvalidArgument, empty <Message/>, ArgumentName x-amz-acl, ArgumentValue privatee); catalog InvalidArgument notes; REST.md §3",
	}, func(t *harness.T) {
		r := t.CreateBucketWith(t.UniqueBucketName(), http.Header{"X-Amz-Acl": {"privatee"}, "X-Amz-Object-Ownership": {"ObjectWriter"}}, t.LocationBody())
		t.Expect(r).To(HaveS3ErrorWorded("InvalidArgument", MessageMayBeEmpty, Element("ArgumentName", "x-amz-acl"), Element("ArgumentValue", "privatee")))
	})

	f.It(check.Check{
		ID: "rest-acl-put-bucket-acl-invalid-permission", Operation: "PutBucketAcl", Code: "MalformedACLError", Capabilities: acl,
		Title:  "PutBucketAcl with a grant of a permission S3 does not know is 400 MalformedACLError",
		Source: "versity/versitygw#986 (direct to S3: MalformedACLError for an unknown Permission); aws/aws-sdk-ruby#787 (FULL_CONTROLL: MalformedACLError); catalog MalformedACLError",
	}, func(t *harness.T) {
		bucket := t.NewBucketWithACLs()
		body := harness.AccessControlPolicy(t.BucketOwnerID(bucket), "FULL_CONTROLL")
		t.Expect(t.PutBucketConfig(bucket, harness.SubACL, body)).To(HaveS3Error("MalformedACLError"))
	})

	aclWays(f, acl)

	f.It(check.Check{
		ID: "rest-acl-put-bucket-acl-owner-enforced", Operation: "PutBucketAcl", Code: "AccessControlListNotSupported", Capabilities: acl,
		Title:  "PutBucketAcl granting more than the owner's full control on a BucketOwnerEnforced bucket is 400 AccessControlListNotSupported",
		Source: ownershipDoc + "; catalog AccessControlListNotSupported (anacronw/multer-s3#161, dspace-group/dspace-reference-architecture-aws#95)",
	}, func(t *harness.T) {
		bucket := t.NewBucketWith(http.Header{"X-Amz-Object-Ownership": {"BucketOwnerEnforced"}})
		r := t.BucketSubresource(http.MethodPut, bucket, harness.SubACL, nil, http.Header{"X-Amz-Acl": {"log-delivery-write"}})
		t.Expect(r).To(HaveS3Error("AccessControlListNotSupported"))
	})

	// Objects in such a bucket take no ACL but the owner's full control
	// either, whether it comes with the object or after it.
	f.It(check.Check{
		ID: "rest-acl-put-object-public-read-owner-enforced", Operation: "PutObject", Code: "AccessControlListNotSupported", Capabilities: acl,
		Title: "PutObject with x-amz-acl: public-read into a BucketOwnerEnforced bucket is 400 AccessControlListNotSupported",
		Source: ownershipDoc + "; S3 API reference PutObject (only no ACL or bucket-owner-full-control is accepted); " +
			"anacronw/multer-s3#161 and jakejarvis/s3-sync-action#85 (AWS answer to PutObject with public-read: 'The bucket does not allow ACLs')",
	}, func(t *harness.T) {
		bucket := t.NewBucketWith(http.Header{"X-Amz-Object-Ownership": {"BucketOwnerEnforced"}})
		r := t.PutObjectWith(bucket, "public", []byte("data"), http.Header{"X-Amz-Acl": {"public-read"}})
		t.Expect(r).To(HaveS3Error("AccessControlListNotSupported"))
	})

	f.It(check.Check{
		ID: "rest-acl-put-object-acl-owner-enforced", Operation: "PutObjectAcl", Code: "AccessControlListNotSupported", Capabilities: acl,
		Title:  "PutObjectAcl with x-amz-acl: public-read in a BucketOwnerEnforced bucket is 400 AccessControlListNotSupported",
		Source: ownershipDoc + "; catalog AccessControlListNotSupported (anacronw/multer-s3#161, dspace-group/dspace-reference-architecture-aws#95)",
	}, func(t *harness.T) {
		bucket := t.NewBucketWith(http.Header{"X-Amz-Object-Ownership": {"BucketOwnerEnforced"}})
		t.NewObject(bucket, "obj", []byte("data"))
		t.Expect(t.PutObjectACL(bucket, "obj", "public-read")).To(HaveS3Error("AccessControlListNotSupported"))
	})

	f.It(check.Check{
		ID: "rest-acl-create-bucket-acl-owner-enforced", Operation: "CreateBucket", Code: "InvalidBucketAclWithObjectOwnership", Capabilities: acl,
		Title: "CreateBucket with an ACL and Object Ownership BucketOwnerEnforced is 400 InvalidBucketAclWithObjectOwnership",
		Source: "REST.md §7 (ceph/s3-tests asserts 400 InvalidBucketAclWithObjectOwnership); aws-cloudformation/cloudformation-coverage-roadmap#1606 " +
			"(AccessControl LogDeliveryWrite); catalog (awslabs/game-analytics-pipeline#8)",
	}, func(t *harness.T) {
		r := t.CreateBucketWith(t.UniqueBucketName(), http.Header{"X-Amz-Acl": {"log-delivery-write"}, "X-Amz-Object-Ownership": {"BucketOwnerEnforced"}}, t.LocationBody())
		t.Expect(r).To(HaveS3Error("InvalidBucketAclWithObjectOwnership"))
	})
}

// An ACL is given exactly one way: a canned ACL, grant headers, or an
// AccessControlPolicy body. LocalStack's snapshot tests recorded what AWS
// answers otherwise.
func aclWays(f *harness.Family, acl []string) {
	const recorded = "localstack/localstack tests/aws/services/s3/test_s3.snapshot.json (recorded from AWS: "
	canned := http.Header{"X-Amz-Acl": {"private"}}

	f.It(check.Check{
		ID: "rest-acl-put-bucket-acl-nothing", Operation: "PutBucketAcl", Code: "MissingSecurityHeader", Capabilities: acl,
		Title:  "PutBucketAcl with no ACL header and no body is 400 MissingSecurityHeader naming x-amz-acl",
		Source: recorded + "test_s3_bucket_acl_exceptions put-bucket-empty, with <MissingHeaderName>); catalog MissingSecurityHeader",
	}, func(t *harness.T) {
		bucket := t.NewBucketWithACLs()
		r := t.BucketSubresource(http.MethodPut, bucket, harness.SubACL, nil, nil)
		t.Expect(r).To(HaveS3Error("MissingSecurityHeader", Element("MissingHeaderName", "x-amz-acl")))
	})

	f.It(check.Check{
		ID: "rest-acl-put-object-acl-nothing", Operation: "PutObjectAcl", Code: "MissingSecurityHeader", Capabilities: acl,
		Title:  "PutObjectAcl with no ACL header and no body is 400 MissingSecurityHeader naming x-amz-acl",
		Source: recorded + "test_s3_object_acl_exceptions put-object-acl-empty, with <MissingHeaderName>); catalog MissingSecurityHeader",
	}, func(t *harness.T) {
		bucket := t.NewBucketWithACLs()
		t.NewObject(bucket, "obj", []byte("data"))
		t.Expect(t.PutObjectACLWith(bucket, "obj", nil, nil)).To(HaveS3Error("MissingSecurityHeader", Element("MissingHeaderName", "x-amz-acl")))
	})

	f.It(check.Check{
		ID: "rest-acl-put-bucket-acl-header-and-body", Operation: "PutBucketAcl", Code: "UnexpectedContent", Capabilities: acl,
		Title:  "PutBucketAcl with both x-amz-acl and an AccessControlPolicy body is 400 UnexpectedContent",
		Source: recorded + "test_s3_bucket_acl_exceptions put-bucket-two-type-acl-acp); catalog UnexpectedContent",
	}, func(t *harness.T) {
		bucket := t.NewBucketWithACLs()
		body := harness.AccessControlPolicy(t.BucketOwnerID(bucket), "FULL_CONTROL")
		t.Expect(t.BucketSubresource(http.MethodPut, bucket, harness.SubACL, body, canned)).To(HaveS3Error("UnexpectedContent"))
	})

	f.It(check.Check{
		ID: "rest-acl-put-object-acl-header-and-body", Operation: "PutObjectAcl", Code: "UnexpectedContent", Capabilities: acl,
		Title:  "PutObjectAcl with both x-amz-acl and an AccessControlPolicy body is 400 UnexpectedContent",
		Source: recorded + "test_s3_object_acl_exceptions put-object-two-type-acl-acp); catalog UnexpectedContent",
	}, func(t *harness.T) {
		bucket := t.NewBucketWithACLs()
		t.NewObject(bucket, "obj", []byte("data"))
		body := harness.AccessControlPolicy(t.BucketOwnerID(bucket), "FULL_CONTROL")
		t.Expect(t.PutObjectACLWith(bucket, "obj", canned, body)).To(HaveS3Error("UnexpectedContent"))
	})

	f.It(check.Check{
		ID: "rest-acl-put-bucket-acl-canned-and-grant", Operation: "PutBucketAcl", Code: "InvalidRequest", Capabilities: acl,
		Title:  "PutBucketAcl with both x-amz-acl and an x-amz-grant-* header is 400 InvalidRequest",
		Source: recorded + "test_s3_bucket_acl_exceptions put-bucket-two-type-acl, 'Specifying both Canned ACLs and Header Grants is not allowed'); catalog InvalidRequest",
	}, func(t *harness.T) {
		bucket := t.NewBucketWithACLs()
		header := http.Header{"X-Amz-Acl": {"private"}, "X-Amz-Grant-Read": {`uri="http://acs.amazonaws.com/groups/s3/LogDelivery"`}}
		t.Expect(t.BucketSubresource(http.MethodPut, bucket, harness.SubACL, nil, header)).To(HaveS3Error("InvalidRequest"))
	})
}
