package soap

import (
	"time"

	"github.com/s3errconform/s3errconform/harness"
	"github.com/s3errconform/s3errconform/harness/check"
	. "github.com/s3errconform/s3errconform/harness/judge"
)

// authSource is what every authentication check rests on: the AWS table
// gives each code its SOAP class, DG ErrorCode.md says SOAP faults carry the
// table's codes, while which code AWS sent for each SOAP authentication
// failure is not documented (SOAP.md §4).
const authSource = "SOAP.md §4 (signature, 15-minute Timestamp window, codes of the APIREF table); DG ErrorCode.md via SOAP.md §6"

func authFaults(f *harness.Family) {
	f.It(check.Check{
		ID: "soap-wrong-secret-list-all-my-buckets", Operation: "ListAllMyBuckets", Code: "SignatureDoesNotMatch",
		Title: "ListAllMyBuckets signed with a wrong secret key is the Client.SignatureDoesNotMatch fault, its Detail giving " +
			"StringToSign \"AmazonS3\" + operation + Timestamp and SignatureProvided the Signature sent",
		Source: authSource + "; SOAP.md §6 (captured AWS fault, Zend Framework PR #1363: Detail StringToSign " +
			"AmazonS3ListAllMyBuckets2012-05-15T22:13:25.000Z, SignatureProvided); catalog SignatureDoesNotMatch (its description links SOAP Authentication)",
	}, func(t *harness.T) {
		t.Expect(t.SOAPWrongSecret().ListAllMyBuckets()).To(HaveSOAPSignatureMismatch())
	})

	f.It(check.Check{
		ID: "soap-unknown-access-key-list-all-my-buckets", Operation: "ListAllMyBuckets", Code: "InvalidAccessKeyId",
		Title:  "ListAllMyBuckets signed with an unknown access key is the Client.InvalidAccessKeyId fault naming the key in its Detail AWSAccessKeyId",
		Source: authSource + "; SOAP.md §6 (captured AWS fault, Zend Framework PR #1363: Detail AWSAccessKeyId); catalog InvalidAccessKeyId",
	}, func(t *harness.T) {
		r := t.SOAPUnknownKey()
		t.Expect(r.ListAllMyBuckets()).To(HaveSOAPFault("InvalidAccessKeyId", Detail("AWSAccessKeyId", r.AccessKey())))
	})

	f.It(check.Check{
		ID: "soap-stale-timestamp-list-all-my-buckets", Operation: "ListAllMyBuckets", Code: "RequestTimeTooSkewed",
		Title:  "ListAllMyBuckets with a Timestamp 20 minutes old is the Client.RequestTimeTooSkewed fault",
		Source: authSource + "; catalog RequestTimeTooSkewed (the catalog's code for a skewed request)",
	}, func(t *harness.T) {
		t.Expect(t.SOAPAt(time.Now().Add(-20 * time.Minute)).ListAllMyBuckets()).To(HaveSOAPFault("RequestTimeTooSkewed"))
	})

	f.It(check.Check{
		ID: "soap-future-timestamp-list-all-my-buckets", Operation: "ListAllMyBuckets", Code: "RequestTimeTooSkewed",
		Title:  "ListAllMyBuckets with a Timestamp 20 minutes ahead is the Client.RequestTimeTooSkewed fault",
		Source: authSource + " (\"more than 15 minutes away from the clock\", ahead as well as behind); catalog RequestTimeTooSkewed",
	}, func(t *harness.T) {
		t.Expect(t.SOAPAt(time.Now().Add(20 * time.Minute)).ListAllMyBuckets()).To(HaveSOAPFault("RequestTimeTooSkewed"))
	})

	f.It(check.Check{
		ID: "soap-missing-signature-list-all-my-buckets", Operation: "ListAllMyBuckets", Code: "MissingSecurityElement",
		Title: "ListAllMyBuckets with AWSAccessKeyId and Timestamp but no Signature is the Client.MissingSecurityElement fault " +
			"(neither anonymous nor signed)",
		Source: authSource + " (MissingSecurityElement: \"The SOAP 1.1 request is missing a security element\"); catalog MissingSecurityElement",
	}, func(t *harness.T) {
		t.Expect(t.SOAPWithout("Signature").ListAllMyBuckets()).To(HaveSOAPFault("MissingSecurityElement"))
	})

	anonymousSource := "SOAP.md §4 (anonymous requests are allowed, and answered as an anonymous caller); catalog AccessDenied"
	f.It(check.Check{
		ID: "soap-anonymous-create-bucket", Operation: "CreateBucket", Code: "AccessDenied",
		Title:  "Anonymous CreateBucket is the Client.AccessDenied fault: an anonymous caller can own no bucket",
		Source: anonymousSource,
	}, func(t *harness.T) {
		t.Expect(t.SOAPAnonymous().CreateBucket(t.UniqueBucketName())).To(HaveSOAPFault("AccessDenied"))
	})

	f.It(check.Check{
		ID: "soap-anonymous-list-all-my-buckets", Operation: "ListAllMyBuckets", Code: "AccessDenied",
		Title:  "Anonymous ListAllMyBuckets is the Client.AccessDenied fault: an anonymous caller has no buckets to list",
		Source: anonymousSource,
	}, func(t *harness.T) {
		t.Expect(t.SOAPAnonymous().ListAllMyBuckets()).To(HaveSOAPFault("AccessDenied"))
	})

	f.It(check.Check{
		ID: "soap-anonymous-list-bucket-private", Operation: "ListBucket", Code: "AccessDenied",
		Title:  "Anonymous ListBucket of a private bucket is the Client.AccessDenied fault",
		Source: "SOAP.md §4 (anonymous requests are allowed); SOAP.md §5 (APIREF SOAPCreateBucket: AccessDenied for a bucket someone else owns); catalog AccessDenied",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		t.NewObject(bucket, "private", []byte("secret data"))
		t.Expect(t.SOAPAnonymous().ListBucket(bucket)).To(HaveSOAPFault("AccessDenied"))
	})
}
