package soap

import (
	"github.com/s3errconform/s3errconform/harness"
	"github.com/s3errconform/s3errconform/harness/check"
	. "github.com/s3errconform/s3errconform/harness/judge"
	"github.com/s3errconform/s3errconform/harness/targets"
	"github.com/s3errconform/s3errconform/harness/wire"
)

// guideKey is the key of the S3 guide's SOAP fault example (SOAP.md §6).
const guideKey = "Fred"

const missingKey = "s3errconform-no-such-key"

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
		{"soap-delete-object-missing-bucket", "DeleteObject", "DeleteObject of an object in a missing bucket",
			func(r harness.SOAPRequester, b string) *wire.Response { return r.DeleteObject(b, missingKey) }},
		{"soap-put-object-inline-missing-bucket", "PutObjectInline", "PutObjectInline into a missing bucket",
			func(r harness.SOAPRequester, b string) *wire.Response {
				return r.PutObjectInline(b, missingKey, []byte("data"))
			}},
	} {
		f.It(check.Check{
			ID: c.id, Operation: c.op, Code: "NoSuchBucket",
			Title: c.title + " is the Client.NoSuchBucket fault naming the bucket in its Detail",
			Source: "SOAP.md §6 (faultcode composition; Detail carries the resource involved); catalog NoSuchBucket " +
				"(its SOAP faultstring is unknown, so only required non-empty)",
		}, func(t *harness.T) {
			bucket := t.UniqueBucketName()
			t.Expect(c.send(t.SOAP(), bucket)).To(HaveSOAPFault("NoSuchBucket", DetailNaming(bucket, bucketDetailNames...)))
		})
	}
}
