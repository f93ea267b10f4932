package soap

import (
	"github.com/s3errconform/s3errconform/harness"
	"github.com/s3errconform/s3errconform/harness/check"
	. "github.com/s3errconform/s3errconform/harness/judge"
	"github.com/s3errconform/s3errconform/harness/soap"
	"github.com/s3errconform/s3errconform/harness/targets"
	"github.com/s3errconform/s3errconform/harness/wire"
)

// guideKey is the key of the S3 guide's SOAP fault example (SOAP.md §6).
const guideKey = "Fred"

const missingKey = "s3errconform-no-such-key"

// wrongETag is an ETag no object the suite writes has.
const wrongETag = `"00000000000000000000000000000000"`

// Sources shared by the checks of one kind.
const (
	noSuchBucketSource = "SOAP.md §6 (faultcode composition; Detail carries the resource involved); catalog NoSuchBucket " +
		"(its SOAP faultstring is unknown, so only required non-empty)"
	noSuchKeySource = "SOAP.md §6 (faultcode composition, NoSuchKey's Detail Key); catalog NoSuchKey"
)

// guideGrant is the owner grant of the SOAPPutObjectInline page's sample
// (SOAP.md §7), for requests on a missing bucket, where no owner ID exists.
var guideGrant = soap.Grant{CanonicalUserID: "a9a7b886d6fde241bf9b1c61be666e9", Permission: "FULL_CONTROL"}

// bucketDetailNames are the Detail elements accepted as naming the bucket of
// a NoSuchBucket fault: the SOAP element is not documented, so the REST
// element (BucketName, REST.md §3) and the one of the guide's SOAP redirect
// fault (Bucket, SOAP.md §6) are both accepted.
var bucketDetailNames = []string{"BucketName", "Bucket"}

func objectFaults(f *harness.Family) {
	f.It(check.Check{
		ID: "soap-delete-object-missing-key", Operation: "DeleteObject", Code: "NoSuchKey",
		Title: "DeleteObject of the missing key Fred is the guide's example fault: 500, Client.NoSuchKey, " +
			"\"The specified key does not exist.\", Detail Key Fred (or success where the target follows the SOAPDeleteObject page)",
		Source: "SOAP.md §6 (DG/UG UsingSOAPError.md example fault); spec README decision 2 " +
			"(APIREF SOAPDeleteObject instead says success; soap_delete_missing: success selects it); catalog NoSuchKey",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		resp := t.SOAP().DeleteObject(bucket, guideKey)
		if t.Target().SOAPDeleteMissing == targets.SOAPDeleteMissingSuccess {
			t.Expect(resp).To(HaveNoSOAPFault("DeleteObject"))
			return
		}
		t.Expect(resp).To(HaveSOAPFault("NoSuchKey", Detail("Key", guideKey)))
	})

	f.It(check.Check{
		ID: "soap-get-object-missing-key", Operation: "GetObject", Code: "NoSuchKey",
		Title:  "GetObject of a missing key is the Client.NoSuchKey fault with Detail Key",
		Source: "SOAP.md §6 (faultcode composition, NoSuchKey's Detail Key); catalog NoSuchKey",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		t.Expect(t.SOAP().GetObject(bucket, missingKey)).To(HaveSOAPFault("NoSuchKey", Detail("Key", missingKey)))
	})

	for _, c := range []struct {
		id, op, title string
		send          func(r harness.SOAPRequester, bucket string) *wire.Response
	}{
		{"soap-get-object-missing-bucket", "GetObject", "GetObject of an object in a missing bucket",
			func(r harness.SOAPRequester, b string) *wire.Response { return r.GetObject(b, missingKey) }},
		{"soap-get-object-extended-missing-bucket", "GetObjectExtended", "GetObjectExtended of an object in a missing bucket",
			func(r harness.SOAPRequester, b string) *wire.Response { return r.GetObjectExtended(b, missingKey, nil) }},
		{"soap-delete-object-missing-bucket", "DeleteObject", "DeleteObject of an object in a missing bucket",
			func(r harness.SOAPRequester, b string) *wire.Response { return r.DeleteObject(b, missingKey) }},
		{"soap-put-object-inline-missing-bucket", "PutObjectInline", "PutObjectInline into a missing bucket",
			func(r harness.SOAPRequester, b string) *wire.Response {
				return r.PutObjectInline(b, missingKey, []byte("data"))
			}},
		{"soap-put-object-missing-bucket", "PutObject", "PutObject (its data a DIME attachment) into a missing bucket",
			func(r harness.SOAPRequester, b string) *wire.Response {
				return r.PutObject(b, missingKey, []byte("data"))
			}},
		{"soap-get-object-acp-missing-bucket", "GetObjectAccessControlPolicy", "GetObjectAccessControlPolicy of an object in a missing bucket",
			func(r harness.SOAPRequester, b string) *wire.Response {
				return r.GetObjectAccessControlPolicy(b, missingKey)
			}},
		{"soap-set-object-acp-missing-bucket", "SetObjectAccessControlPolicy", "SetObjectAccessControlPolicy of an object in a missing bucket",
			func(r harness.SOAPRequester, b string) *wire.Response {
				return r.SetObjectAccessControlPolicy(b, missingKey, guideGrant)
			}},
	} {
		f.It(check.Check{
			ID: c.id, Operation: c.op, Code: "NoSuchBucket",
			Title:  c.title + " is the Client.NoSuchBucket fault naming the bucket in its Detail",
			Source: noSuchBucketSource,
		}, func(t *harness.T) {
			bucket := t.UniqueBucketName()
			t.Expect(c.send(t.SOAP(), bucket)).To(HaveSOAPFault("NoSuchBucket", DetailNaming(bucket, bucketDetailNames...)))
		})
	}

	for _, c := range []struct {
		id, op, title string
		send          func(r harness.SOAPRequester, bucket string) *wire.Response
	}{
		{"soap-get-object-extended-missing-key", "GetObjectExtended", "GetObjectExtended of a missing key",
			func(r harness.SOAPRequester, b string) *wire.Response { return r.GetObjectExtended(b, missingKey, nil) }},
		{"soap-get-object-acp-missing-key", "GetObjectAccessControlPolicy", "GetObjectAccessControlPolicy of a missing key",
			func(r harness.SOAPRequester, b string) *wire.Response {
				return r.GetObjectAccessControlPolicy(b, missingKey)
			}},
		{"soap-set-object-acp-missing-key", "SetObjectAccessControlPolicy", "SetObjectAccessControlPolicy of a missing key",
			func(r harness.SOAPRequester, b string) *wire.Response {
				return r.SetObjectAccessControlPolicy(b, missingKey, guideGrant)
			}},
	} {
		f.It(check.Check{
			ID: c.id, Operation: c.op, Code: "NoSuchKey",
			Title:  c.title + " is the Client.NoSuchKey fault with Detail Key",
			Source: noSuchKeySource,
		}, func(t *harness.T) {
			bucket := t.NewBucket()
			t.Expect(c.send(t.SOAP(), bucket)).To(HaveSOAPFault("NoSuchKey", Detail("Key", missingKey)))
		})
	}

	f.It(check.Check{
		ID: "soap-get-object-extended-if-match-failed", Operation: "GetObjectExtended", Code: "PreconditionFailed",
		Title: "GetObjectExtended with an IfMatch ETag the object does not have is the Client.PreconditionFailed fault",
		Source: "SOAP.md §5 (GetObjectExtended IfMatch); AWS GetObject reference (If-Match not matching: 412 PreconditionFailed); " +
			"catalog PreconditionFailed (the REST <Condition> element is not required: no SOAP Detail is recorded for it)",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		t.NewObject(bucket, "conditional", []byte("conditional data"))
		t.Expect(t.SOAP().GetObjectExtended(bucket, "conditional", nil, wrongETag)).To(HaveSOAPFault("PreconditionFailed"))
	})

	f.It(check.Check{
		ID: "soap-get-object-extended-range-unsatisfiable", Operation: "GetObjectExtended", Code: "InvalidRange",
		Title: "GetObjectExtended of bytes 100-200 of a 10-byte object is the Client.InvalidRange fault",
		Source: "SOAP.md §5 (GetObjectExtended ByteRangeStart, ByteRangeEnd); AWS GetObject reference (a range starting past the end: " +
			"416 InvalidRange); catalog InvalidRange (the REST <RangeRequested> element is not required: no SOAP Detail is recorded for it)",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		t.NewObject(bucket, "ten-bytes", []byte("0123456789"))
		t.Expect(t.SOAP().GetObjectExtended(bucket, "ten-bytes", &soap.ByteRange{Start: 100, End: 200})).To(HaveSOAPFault("InvalidRange"))
	})

	f.It(check.Check{
		ID: "soap-put-object-without-attachment", Operation: "PutObject", Code: "MissingAttachment",
		Title:  "PutObject sent as a plain SOAP message, without the DIME attachment holding its data, is the Client.MissingAttachment fault",
		Source: "SOAP.md §3 (APIREF SOAPPutObject: the data is a DIME attachment; MissingAttachment, \"A SOAP attachment was expected, but none was found.\"); catalog MissingAttachment",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		t.Expect(t.SOAP().PutObjectWithoutAttachment(bucket, "unattached", 4)).To(HaveSOAPFault("MissingAttachment"))
	})

	f.It(check.Check{
		ID: "soap-put-object-inline-too-large", Operation: "PutObjectInline", Code: "InlineDataTooLarge",
		Title: "PutObjectInline of 1 MiB + 1 byte is the Client.InlineDataTooLarge fault",
		Source: "APIREF SOAPPutObjectInline (\"limits this operation to working with objects 1MB or smaller\"; 1 MiB + 1 is larger under " +
			"either reading of 1MB). That page says it fails \"with the InlineDataTooLargeError status code\"; the check expects " +
			"InlineDataTooLarge, the code of the AWS error-code table (catalog, Client), because DG ErrorCode.md says SOAP faults carry " +
			"the table's codes (SOAP.md §6) and the \"Error\" spelling appears on that one page only",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		t.Expect(t.SOAP().PutObjectInline(bucket, "too-large", make([]byte, 1<<20+1))).To(HaveSOAPFault("InlineDataTooLarge"))
	})

	copySource := "SOAP.md §5 (CopyObject SourceBucket, SourceKey; CopySourceIfMatch, added to the WSDL in 2008 for conditional copying, " +
		"soap/PROVENANCE.txt); AWS CopyObject reference"
	f.It(check.Check{
		ID: "soap-copy-object-missing-source-bucket", Operation: "CopyObject", Code: "NoSuchBucket",
		Title:  "CopyObject from a missing source bucket is the Client.NoSuchBucket fault naming that bucket in its Detail",
		Source: copySource + "; " + noSuchBucketSource,
	}, func(t *harness.T) {
		source, destination := t.UniqueBucketName(), t.NewBucket()
		t.Expect(t.SOAP().CopyObject(source, missingKey, destination, "copy")).To(HaveSOAPFault("NoSuchBucket", DetailNaming(source, bucketDetailNames...)))
	})

	f.It(check.Check{
		ID: "soap-copy-object-missing-source-key", Operation: "CopyObject", Code: "NoSuchKey",
		Title:  "CopyObject from a missing source key is the Client.NoSuchKey fault with Detail Key naming it",
		Source: copySource + "; " + noSuchKeySource,
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		t.Expect(t.SOAP().CopyObject(bucket, missingKey, bucket, "copy")).To(HaveSOAPFault("NoSuchKey", Detail("Key", missingKey)))
	})

	f.It(check.Check{
		ID: "soap-copy-object-if-match-failed", Operation: "CopyObject", Code: "PreconditionFailed",
		Title:  "CopyObject with a CopySourceIfMatch ETag the source does not have is the Client.PreconditionFailed fault",
		Source: copySource + " (x-amz-copy-source-if-match not matching: 412 PreconditionFailed); catalog PreconditionFailed",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		t.NewObject(bucket, "source", []byte("source data"))
		t.Expect(t.SOAP().CopyObject(bucket, "source", bucket, "copy", wrongETag)).To(HaveSOAPFault("PreconditionFailed"))
	})
}
