package soap

import (
	"github.com/s3errconform/s3errconform/harness"
	"github.com/s3errconform/s3errconform/harness/check"
	. "github.com/s3errconform/s3errconform/harness/judge"
	"github.com/s3errconform/s3errconform/harness/soap"
	"github.com/s3errconform/s3errconform/harness/wire"
)

// presentData is the body of the object the success checks read, and
// presentETag its ETag: the quoted hex MD5 of a single-part upload.
const (
	presentData = "present data"
	presentETag = `"fc8e47b259e18d3c67b7552c7e45bff1"`
)

const successSource = "SOAP.md §6 (no fault means success); SOAP.md §5 (each operation answers <Operation>Response)"

func successResponses(f *harness.Family) {
	f.It(check.Check{
		ID: "soap-create-bucket-success", Operation: "CreateBucket",
		Title:  "CreateBucket of a free name answers 200 with CreateBucketResponse and no fault",
		Source: successSource,
	}, func(t *harness.T) {
		t.Expect(t.SOAP().CreateBucket(t.UniqueBucketName())).To(HaveNoSOAPFault("CreateBucket"))
	})

	f.It(check.Check{
		ID: "soap-put-object-inline-success", Operation: "PutObjectInline",
		Title:  "PutObjectInline into an owned bucket answers 200 with PutObjectInlineResponse and no fault",
		Source: successSource + "; SOAP.md §7 (PutObjectInline sample response)",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		t.Expect(t.SOAP().PutObjectInline(bucket, "inline", []byte("inline data"))).To(HaveNoSOAPFault("PutObjectInline"))
	})

	f.It(check.Check{
		ID: "soap-get-object-success", Operation: "GetObject",
		Title:  "GetObject of an existing object answers 200 with GetObjectResponse and no fault",
		Source: successSource,
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		t.NewObject(bucket, "present", []byte("present data"))
		t.Expect(t.SOAP().GetObject(bucket, "present")).To(HaveNoSOAPFault("GetObject"))
	})

	f.It(check.Check{
		ID: "soap-delete-object-success", Operation: "DeleteObject",
		Title:  "DeleteObject of an existing object answers 200 with DeleteObjectResponse, Code 200 or 204, and no fault",
		Source: successSource + "; SOAP.md §5 (APIREF SOAPDeleteObject sample: nested Code 200, Description OK); SOAP.md §6 (a captured DeleteBucket success: Code 204)",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		t.NewObject(bucket, "doomed", []byte("doomed data"))
		t.Expect(t.SOAP().DeleteObject(bucket, "doomed")).To(HaveNoSOAPFault("DeleteObject"))
	})

	f.It(check.Check{
		ID: "soap-list-bucket-success", Operation: "ListBucket",
		Title:  "ListBucket of an owned bucket answers 200 with ListBucketResponse and no fault",
		Source: successSource,
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		t.NewObject(bucket, "listed", []byte("listed data"))
		t.Expect(t.SOAP().ListBucket(bucket)).To(HaveNoSOAPFault("ListBucket"))
	})

	f.It(check.Check{
		ID: "soap-delete-bucket-success", Operation: "DeleteBucket",
		Title:  "DeleteBucket of an empty owned bucket answers 200 with DeleteBucketResponse, Code 200 or 204, and no fault",
		Source: successSource + "; SOAP.md §6 (a captured DeleteBucket success: Code 204 No Content; the doc samples show 200 elsewhere)",
	}, func(t *harness.T) {
		t.Expect(t.SOAP().DeleteBucket(t.NewBucket())).To(HaveNoSOAPFault("DeleteBucket"))
	})

	// The other operations: one success each, on an owned bucket holding
	// object "present" (presentData).
	for _, c := range []struct {
		id, op, title string
		send          func(r harness.SOAPRequester, bucket string) *wire.Response
	}{
		{"soap-put-object-success", "PutObject", "PutObject with its data as a DIME attachment",
			func(r harness.SOAPRequester, b string) *wire.Response {
				return r.PutObject(b, "attached", []byte("attached data"))
			}},
		{"soap-get-object-extended-success", "GetObjectExtended", "GetObjectExtended of bytes 2-4 with an IfMatch of the object's ETag",
			func(r harness.SOAPRequester, b string) *wire.Response {
				return r.GetObjectExtended(b, "present", &soap.ByteRange{Start: 2, End: 4}, presentETag)
			}},
		{"soap-copy-object-success", "CopyObject", "CopyObject of an object to another key",
			func(r harness.SOAPRequester, b string) *wire.Response { return r.CopyObject(b, "present", b, "copied") }},
		{"soap-get-bucket-acp-success", "GetBucketAccessControlPolicy", "GetBucketAccessControlPolicy of an owned bucket",
			harness.SOAPRequester.GetBucketAccessControlPolicy},
		{"soap-get-object-acp-success", "GetObjectAccessControlPolicy", "GetObjectAccessControlPolicy of an owned object",
			func(r harness.SOAPRequester, b string) *wire.Response {
				return r.GetObjectAccessControlPolicy(b, "present")
			}},
		{"soap-get-bucket-logging-status-success", "GetBucketLoggingStatus", "GetBucketLoggingStatus of an owned bucket",
			harness.SOAPRequester.GetBucketLoggingStatus},
		{"soap-set-bucket-logging-status-success", "SetBucketLoggingStatus", "SetBucketLoggingStatus turning logging off",
			harness.SOAPRequester.SetBucketLoggingStatus},
	} {
		f.It(check.Check{
			ID: c.id, Operation: c.op,
			Title:  c.title + " answers 200 with " + c.op + "Response and no fault",
			Source: successSource,
		}, func(t *harness.T) {
			bucket := t.NewBucket()
			t.NewObject(bucket, "present", []byte(presentData))
			t.Expect(c.send(t.SOAP(), bucket)).To(HaveNoSOAPFault(c.op))
		})
	}

	// Setting the policy an owner already has, its own full control, is
	// accepted whatever the bucket's Object Ownership.
	f.It(check.Check{
		ID: "soap-set-bucket-acp-success", Operation: "SetBucketAccessControlPolicy",
		Title:  "SetBucketAccessControlPolicy granting the owner FULL_CONTROL answers 200 with SetBucketAccessControlPolicyResponse and no fault",
		Source: successSource + "; SOAP.md §7 (the owner's FULL_CONTROL is the default policy)",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		grant := soap.Grant{CanonicalUserID: t.BucketOwnerID(bucket), Permission: "FULL_CONTROL"}
		t.Expect(t.SOAP().SetBucketAccessControlPolicy(bucket, grant)).To(HaveNoSOAPFault("SetBucketAccessControlPolicy"))
	})

	f.It(check.Check{
		ID: "soap-set-object-acp-success", Operation: "SetObjectAccessControlPolicy",
		Title:  "SetObjectAccessControlPolicy granting the owner FULL_CONTROL answers 200 with SetObjectAccessControlPolicyResponse and no fault",
		Source: successSource + "; SOAP.md §7 (the owner's FULL_CONTROL is the default policy)",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		t.NewObject(bucket, "present", []byte("present data"))
		grant := soap.Grant{CanonicalUserID: t.BucketOwnerID(bucket), Permission: "FULL_CONTROL"}
		t.Expect(t.SOAP().SetObjectAccessControlPolicy(bucket, "present", grant)).To(HaveNoSOAPFault("SetObjectAccessControlPolicy"))
	})
}
