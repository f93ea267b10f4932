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
		Title:  "ListAllMyBuckets signed with a wrong secret key is the Client.SignatureDoesNotMatch fault",
		Source: authSource + "; catalog SignatureDoesNotMatch (its description links SOAP Authentication)",
	}, func(t *harness.T) {
		t.Expect(t.SOAPWrongSecret().ListAllMyBuckets()).To(HaveSOAPFault("SignatureDoesNotMatch"))
	})

	f.It(check.Check{
		ID: "soap-unknown-access-key-list-all-my-buckets", Operation: "ListAllMyBuckets", Code: "InvalidAccessKeyId",
		Title:  "ListAllMyBuckets signed with an unknown access key is the Client.InvalidAccessKeyId fault",
		Source: authSource + "; catalog InvalidAccessKeyId",
	}, func(t *harness.T) {
		t.Expect(t.SOAPUnknownKey().ListAllMyBuckets()).To(HaveSOAPFault("InvalidAccessKeyId"))
	})

	f.It(check.Check{
		ID: "soap-stale-timestamp-list-all-my-buckets", Operation: "ListAllMyBuckets", Code: "RequestTimeTooSkewed",
		Title:  "ListAllMyBuckets with a Timestamp 20 minutes old is the Client.RequestTimeTooSkewed fault",
		Source: authSource + "; catalog RequestTimeTooSkewed (the catalog's code for a skewed request)",
	}, func(t *harness.T) {
		t.Expect(t.SOAPAt(time.Now().Add(-20 * time.Minute)).ListAllMyBuckets()).To(HaveSOAPFault("RequestTimeTooSkewed"))
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
