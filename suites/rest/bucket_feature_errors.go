package rest

import (
	"fmt"
	"net/http"

	"github.com/s3errconform/s3errconform/harness"
	"github.com/s3errconform/s3errconform/harness/check"
	. "github.com/s3errconform/s3errconform/harness/judge"
)

// The settings of optional bucket features: Transfer Acceleration,
// Requester Pays, Block Public Access and the policy status.

// featureSnapshot is where these answers were recorded from AWS.
const featureSnapshot = "LocalStack tests/aws/services/s3/%s (recorded from AWS 2026-02-21) "

// invalidFeatureSettings are PUTs of a setting that does not validate
// against S3's schema.
var invalidFeatureSettings = []struct {
	id, sub, operation, capability, what, body, source string
}{
	{"rest-bucket-put-accelerate-status-lowercase", "accelerate", "PutBucketAccelerateConfiguration", "accelerate", "a Status of \"enabled\" (lower case)",
		`<AccelerateConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Status>enabled</Status></AccelerateConfiguration>`,
		fmt.Sprintf(featureSnapshot, "test_s3_api.snapshot.json") + "TestS3BucketAccelerateConfiguration::test_bucket_acceleration_configuration_exc put-bucket-accelerate-config-lowercase (400 MalformedXML)"},
	{"rest-bucket-put-accelerate-status-unknown", "accelerate", "PutBucketAccelerateConfiguration", "accelerate", "a Status other than Enabled or Suspended",
		`<AccelerateConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Status>Random</Status></AccelerateConfiguration>`,
		fmt.Sprintf(featureSnapshot, "test_s3_api.snapshot.json") + "TestS3BucketAccelerateConfiguration::test_bucket_acceleration_configuration_exc put-bucket-accelerate-config-random (400 MalformedXML)"},
	{"rest-bucket-put-request-payment-payer-unknown", "requestPayment", "PutBucketRequestPayment", "request-payment", "a Payer other than Requester or BucketOwner",
		`<RequestPaymentConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Payer>Random</Payer></RequestPaymentConfiguration>`,
		fmt.Sprintf(featureSnapshot, "test_s3.snapshot.json") + "TestS3::test_s3_request_payer_exceptions wrong-payer-type (400 MalformedXML)"},
	{"rest-bucket-put-public-access-block-malformed-xml", "publicAccessBlock", "PutPublicAccessBlock", "public-access-block", "a body that is not well-formed XML",
		`<PublicAccessBlockConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><BlockPublicAcls>`,
		malformedXMLSource},
}

func bucketFeatureErrors(f *harness.Family) {
	for _, c := range invalidFeatureSettings {
		f.It(check.Check{
			ID: c.id, Operation: c.operation, Code: "MalformedXML", Capabilities: []string{c.capability},
			Title:  c.operation + " with " + c.what + " is 400 MalformedXML",
			Source: c.source + "; catalog MalformedXML",
		}, func(t *harness.T) {
			bucket := t.NewBucket()
			t.Expect(t.PutBucketConfig(bucket, c.sub, []byte(c.body))).To(HaveS3Error("MalformedXML"))
		})
	}

	f.It(check.Check{
		ID: "rest-bucket-put-accelerate-dotted-bucket", Operation: "PutBucketAccelerateConfiguration", Code: "InvalidRequest",
		Capabilities: []string{"accelerate"},
		Title:        "PutBucketAccelerateConfiguration on a bucket whose name has a period is 400 InvalidRequest",
		Source: fmt.Sprintf(featureSnapshot, "test_s3_api.snapshot.json") + "TestS3BucketAccelerateConfiguration::test_bucket_acceleration_configuration_exc " +
			"put-bucket-accelerate-config-dot-bucket (400 InvalidRequest 'S3 Transfer Acceleration is not supported for buckets with periods (.) in their names'); catalog InvalidRequest",
	}, func(t *harness.T) {
		// A name of the run with a period: deleted when the check ends
		// like any bucket of the run.
		bucket := t.UniqueBucketName() + ".accelerate"
		if r := t.CreateBucket(bucket); r.Status != http.StatusOK {
			t.Fail(fmt.Sprintf("setup failed, so the check could not run: CreateBucket of %s answered %d\n%s", bucket, r.Status, r.Exchange))
		}
		body := []byte(`<AccelerateConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Status>Enabled</Status></AccelerateConfiguration>`)
		t.Expect(t.PutBucketConfig(bucket, "accelerate", body)).To(HaveS3Error("InvalidRequest"))
	})

	f.It(check.Check{
		ID: "rest-bucket-get-policy-status-none", Operation: "GetBucketPolicyStatus", Code: "NoSuchBucketPolicy", Capabilities: []string{"policy-status"},
		Title: "GetBucketPolicyStatus of a bucket without a policy is 404 NoSuchBucketPolicy",
		Source: "turbot/steampipe-plugin-aws#1136 (AWS CloudTrail: GetBucketPolicyStatus answered NoSuchBucketPolicy 'The bucket policy does not exist'); " +
			"getmoto/moto#10214 (NoSuchBucketPolicy without a policy, 'matches AWS'); catalog NoSuchBucketPolicy",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		t.Expect(t.GetBucketConfig(bucket, "policyStatus")).To(HaveS3Error("NoSuchBucketPolicy"))
	})
}
