package soap

import (
	"github.com/s3errconform/s3errconform/harness"
	"github.com/s3errconform/s3errconform/harness/check"
	. "github.com/s3errconform/s3errconform/harness/judge"
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
		Title:  "DeleteObject of an existing object answers 200 with DeleteObjectResponse, Code 200, and no fault",
		Source: successSource + "; SOAP.md §5 (APIREF SOAPDeleteObject sample: nested Code 200, Description OK)",
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
}
