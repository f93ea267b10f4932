package rest

import (
	"strings"

	"github.com/s3errconform/s3errconform/harness"
	"github.com/s3errconform/s3errconform/harness/check"
	. "github.com/s3errconform/s3errconform/harness/judge"
)

// lifecycleRule is one lifecycle Rule: its ID, Status and Expiration
// content, on a prefix no check writes to.
func lifecycleRule(id, status, expiration string) string {
	return `<Rule><ID>` + id + `</ID><Filter><Prefix>s3errconform-expire/</Prefix></Filter>` +
		`<Status>` + status + `</Status><Expiration>` + expiration + `</Expiration></Rule>`
}

func lifecycleConfig(rules ...string) []byte {
	return []byte(`<LifecycleConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">` + strings.Join(rules, "") + `</LifecycleConfiguration>`)
}

// lifecycleErrors: the rules S3 applies to a lifecycle configuration beyond
// its being well-formed.
func lifecycleErrors(f *harness.Family) {
	lifecycle := []string{"lifecycle"}
	const oneDay = "<Days>1</Days>"

	f.It(check.Check{
		ID: "rest-lifecycle-date-not-midnight", Operation: "PutBucketLifecycleConfiguration", Code: "InvalidArgument", Capabilities: lifecycle,
		Title: "PutBucketLifecycleConfiguration with an Expiration Date not at midnight UTC is 400 InvalidArgument naming Date",
		Source: "localstack/localstack tests/aws/services/s3/test_s3.snapshot.json (recorded from AWS: test_put_bucket_lifecycle_conf_exc, " +
			"wrong-data-no-midnight: 'Date' must be at midnight GMT, ArgumentName Date, ArgumentValue); catalog InvalidArgument",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		body := lifecycleConfig(lifecycleRule("noon", "Enabled", "<Date>2031-01-01T12:00:00Z</Date>"))
		t.Expect(t.PutBucketConfig(bucket, harness.SubLifecycle, body)).To(HaveS3Error("InvalidArgument",
			Element("ArgumentName", "Date"), ElementPresent("ArgumentValue")))
	})

	invalid := []struct {
		id, what, source string
		rules            []string
	}{
		{"rest-lifecycle-duplicate-rule-id", "two rules with the same ID",
			"ceph/s3-tests test_lifecycle_same_id (400 InvalidArgument); AWS's answer 'Rule ID must be unique. Found same ID for more than one rule' as aws-cli printed it, quoted in a boto3 lifecycle script",
			[]string{lifecycleRule("twice", "Enabled", oneDay), `<Rule><ID>twice</ID><Filter><Prefix>s3errconform-other/</Prefix></Filter><Status>Enabled</Status><Expiration>` + oneDay + `</Expiration></Rule>`}},
		{"rest-lifecycle-rule-id-too-long", "a rule ID of 256 characters (the limit is 255)",
			"ceph/s3-tests test_lifecycle_id_too_long (400 InvalidArgument); S3 User Guide, lifecycle configuration elements (ID up to 255 characters)",
			[]string{lifecycleRule(strings.Repeat("i", 256), "Enabled", oneDay)}},
		{"rest-lifecycle-expiration-days-zero", "Expiration Days 0",
			"ceph/s3-tests test_lifecycle_expiration_days0 (400 InvalidArgument); apache/ozone#11003 (AWS answers InvalidArgument for Days 0)",
			[]string{lifecycleRule("days0", "Enabled", "<Days>0</Days>")}},
	}
	for _, c := range invalid {
		f.It(check.Check{
			ID: c.id, Operation: "PutBucketLifecycleConfiguration", Code: "InvalidArgument", Capabilities: lifecycle,
			Title:  "PutBucketLifecycleConfiguration with " + c.what + " is 400 InvalidArgument",
			Source: c.source + "; catalog InvalidArgument",
		}, func(t *harness.T) {
			bucket := t.NewBucket()
			t.Expect(t.PutBucketConfig(bucket, harness.SubLifecycle, lifecycleConfig(c.rules...))).To(HaveS3Error("InvalidArgument"))
		})
	}

	f.It(check.Check{
		ID: "rest-lifecycle-invalid-status", Operation: "PutBucketLifecycleConfiguration", Code: "MalformedXML", Capabilities: lifecycle,
		Title:  "PutBucketLifecycleConfiguration with a rule Status other than Enabled or Disabled (here 'enabled') is 400 MalformedXML",
		Source: "ceph/s3-tests test_lifecycle_invalid_status (400 MalformedXML for 'enabled', 'disabled', 'invalid'); S3 API reference LifecycleRule (Status: Enabled | Disabled); catalog MalformedXML",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		t.Expect(t.PutBucketConfig(bucket, harness.SubLifecycle, lifecycleConfig(lifecycleRule("status", "enabled", oneDay)))).To(HaveS3Error("MalformedXML"))
	})
}
