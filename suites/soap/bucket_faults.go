package soap

import (
	"net/http"
	"strings"

	"github.com/s3errconform/s3errconform/harness"
	"github.com/s3errconform/s3errconform/harness/check"
	. "github.com/s3errconform/s3errconform/harness/judge"
	"github.com/s3errconform/s3errconform/harness/soap"
	"github.com/s3errconform/s3errconform/harness/wire"
)

// invalidBucketNames are names breaking the AWS bucket naming rules (S3 User
// Guide, "General purpose bucket naming rules"), one rule each.
var invalidBucketNames = []struct {
	id, rule string
	name     func(unique string) string
}{
	{"uppercase", "contains uppercase letters", strings.ToUpper},
	{"too-short", "is shorter than 3 characters", func(string) string { return "s3" }},
	{"ip-address", "is formatted as an IP address", func(string) string { return "192.168.5.4" }},
	{"underscore", "contains an underscore", func(u string) string { return u + "_bad" }},
}

func bucketFaults(f *harness.Family) {
	f.It(check.Check{
		ID: "soap-list-bucket-missing-bucket", Operation: "ListBucket", Code: "NoSuchBucket",
		Title:  "ListBucket of a missing bucket is the Client.NoSuchBucket fault naming the bucket in its Detail",
		Source: "SOAP.md §6; SOAP.md §5 (APIREF SOAPCreateBucket: ListBucket answers NoSuchBucket for a free name); catalog NoSuchBucket",
	}, func(t *harness.T) {
		bucket := t.UniqueBucketName()
		t.Expect(t.SOAP().ListBucket(bucket)).To(HaveSOAPFault("NoSuchBucket", DetailNaming(bucket, bucketDetailNames...)))
	})

	f.It(check.Check{
		ID: "soap-delete-bucket-missing", Operation: "DeleteBucket", Code: "NoSuchBucket",
		Title:  "DeleteBucket of a missing bucket is the Client.NoSuchBucket fault naming the bucket in its Detail",
		Source: "SOAP.md §6; catalog NoSuchBucket",
	}, func(t *harness.T) {
		bucket := t.UniqueBucketName()
		t.Expect(t.SOAP().DeleteBucket(bucket)).To(HaveSOAPFault("NoSuchBucket", DetailNaming(bucket, bucketDetailNames...)))
	})

	f.It(check.Check{
		ID: "soap-delete-bucket-not-empty", Operation: "DeleteBucket", Code: "BucketNotEmpty",
		Title:  "DeleteBucket of a bucket holding an object is the Client.BucketNotEmpty fault and deletes nothing",
		Source: "SOAP.md §6; catalog BucketNotEmpty",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		t.NewObject(bucket, "kept", []byte("still here"))
		t.Expect(t.SOAP().DeleteBucket(bucket)).To(HaveSOAPFault("BucketNotEmpty"))
		t.Expect(t.HeadObject(bucket, "kept")).To(HaveStatus(http.StatusOK), "the bucket and its object must survive")
	})

	for _, n := range invalidBucketNames {
		f.It(check.Check{
			ID: "soap-create-bucket-invalid-name-" + n.id, Operation: "CreateBucket", Code: "InvalidBucketName",
			Title:  "CreateBucket with a name that " + n.rule + " is the Client.InvalidBucketName fault",
			Source: "SOAP.md §6; catalog InvalidBucketName; AWS S3 User Guide, general purpose bucket naming rules",
		}, func(t *harness.T) {
			// Some names cannot carry the run ID: claimed first, so that a
			// bucket the server wrongly creates is deleted, and another's never.
			t.Expect(t.SOAP().CreateBucket(t.ClaimBucketName(n.name(t.UniqueBucketName())))).To(HaveSOAPFault("InvalidBucketName"))
		})
	}

	for _, c := range []struct {
		id, op string
		send   func(r harness.SOAPRequester, bucket string) *wire.Response
	}{
		{"soap-get-bucket-acp-missing-bucket", "GetBucketAccessControlPolicy", harness.SOAPRequester.GetBucketAccessControlPolicy},
		{"soap-set-bucket-acp-missing-bucket", "SetBucketAccessControlPolicy",
			func(r harness.SOAPRequester, b string) *wire.Response {
				return r.SetBucketAccessControlPolicy(b, guideGrant)
			}},
		{"soap-get-bucket-logging-status-missing-bucket", "GetBucketLoggingStatus", harness.SOAPRequester.GetBucketLoggingStatus},
		{"soap-set-bucket-logging-status-missing-bucket", "SetBucketLoggingStatus", harness.SOAPRequester.SetBucketLoggingStatus},
	} {
		f.It(check.Check{
			ID: c.id, Operation: c.op, Code: "NoSuchBucket",
			Title:  c.op + " of a missing bucket is the Client.NoSuchBucket fault naming the bucket in its Detail",
			Source: noSuchBucketSource,
		}, func(t *harness.T) {
			bucket := t.UniqueBucketName()
			t.Expect(c.send(t.SOAP(), bucket)).To(HaveSOAPFault("NoSuchBucket", DetailNaming(bucket, bucketDetailNames...)))
		})
	}

	f.It(check.Check{
		ID: "soap-set-bucket-acp-malformed-grant", Operation: "SetBucketAccessControlPolicy", Code: "MalformedACLError",
		Title: "SetBucketAccessControlPolicy granting the owner a permission S3 does not know (FULL_CONTROLL) is the Client.MalformedACLError fault",
		Source: "SOAP.md §5 (the Permission enumeration of the schema: READ, WRITE, READ_ACP, WRITE_ACP, FULL_CONTROL; this request alone " +
			"is meant not to validate); versity/versitygw#986 and aws/aws-sdk-ruby#787 (AWS: MalformedACLError for an unknown Permission); " +
			"catalog MalformedACLError",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		grant := soap.Grant{CanonicalUserID: t.BucketOwnerID(bucket), Permission: "FULL_CONTROLL"}
		t.Expect(t.SOAP().SetBucketAccessControlPolicy(bucket, grant)).To(HaveSOAPFault("MalformedACLError"))
	})
}
