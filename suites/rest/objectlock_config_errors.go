package rest

import (
	"net/http"
	"time"

	"github.com/s3errconform/s3errconform/harness"
	"github.com/s3errconform/s3errconform/harness/check"
	. "github.com/s3errconform/s3errconform/harness/judge"
)

// lockConfig is a PutObjectLockConfiguration body whose DefaultRetention
// holds retention (Mode, Days, Years elements).
func lockConfig(retention string) []byte {
	return []byte(`<ObjectLockConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><ObjectLockEnabled>Enabled</ObjectLockEnabled>` +
		`<Rule><DefaultRetention>` + retention + `</DefaultRetention></Rule></ObjectLockConfiguration>`)
}

const lockConfigExcSource = "localstack/localstack tests/aws/services/s3/test_s3_api.snapshot.json " +
	"(recorded from AWS: test_put_object_lock_configuration_exc)"

// objectLockRuleErrors: the rules S3 applies to Object Lock configurations
// and to the buckets and writes they govern.
func objectLockRuleErrors(f *harness.Family) {
	lock := []string{"object-lock"}
	malformed := []struct{ id, what, retention, record string }{
		{"rest-object-lock-config-days-and-years", "a DefaultRetention with both Days and Years",
			"<Mode>GOVERNANCE</Mode><Days>1</Days><Years>1</Years>", "put-lock-config-both-days-years"},
		{"rest-object-lock-config-invalid-mode", "a Mode other than GOVERNANCE or COMPLIANCE",
			"<Mode>BAD-VALUE</Mode><Days>1</Days>", "put-lock-config-bad-mode"},
	}
	for _, m := range malformed {
		f.It(check.Check{
			ID: m.id, Operation: "PutObjectLockConfiguration", Code: "MalformedXML", Capabilities: lock,
			Title:  "PutObjectLockConfiguration with " + m.what + " is 400 MalformedXML",
			Source: "catalog MalformedXML; " + lockConfigExcSource + ": " + m.record,
		}, func(t *harness.T) {
			bucket := t.NewObjectLockBucket()
			t.Expect(t.PutBucketConfig(bucket, harness.SubObjectLock, lockConfig(m.retention))).To(HaveS3Error("MalformedXML"))
		})
	}

	f.It(check.Check{
		ID: "rest-object-lock-config-days-zero", Operation: "PutObjectLockConfiguration", Code: "InvalidArgument", Capabilities: lock,
		Title:  "PutObjectLockConfiguration with a default retention of 0 Days is 400 InvalidArgument naming Days",
		Source: "versity/versitygw#1738 (AWS: InvalidArgument 'Default retention period must be a positive integer value.', ArgumentName Days); catalog InvalidArgument",
	}, func(t *harness.T) {
		bucket := t.NewObjectLockBucket()
		t.Expect(t.PutBucketConfig(bucket, harness.SubObjectLock, lockConfig("<Mode>GOVERNANCE</Mode><Days>0</Days>"))).To(HaveS3Error("InvalidArgument",
			Element("ArgumentName", "Days")))
	})

	f.It(check.Check{
		ID: "rest-object-lock-config-suspended-bucket", Operation: "PutObjectLockConfiguration", Code: "InvalidBucketState",
		Capabilities: []string{"object-lock", "versioning"},
		Title:        "PutObjectLockConfiguration on a bucket whose versioning is suspended is 409 InvalidBucketState",
		Source: "localstack/localstack tests/aws/services/s3/test_s3_api.snapshot.json (recorded from AWS: test_put_object_lock_configuration_on_existing_bucket, " +
			"put-object-lock-existing-bucket-versioning-disabled); catalog InvalidBucketState",
	}, func(t *harness.T) {
		bucket := t.NewVersionedBucket()
		t.SetupBucketConfig(http.MethodPut, bucket, "versioning", harness.VersioningBody("Suspended"))
		t.Expect(t.PutBucketConfig(bucket, harness.SubObjectLock, harness.BucketConfigDocument(harness.SubObjectLock, bucket))).To(HaveS3Error("InvalidBucketState"))
	})

	f.It(check.Check{
		ID: "rest-versioning-suspend-object-lock-bucket", Operation: "PutBucketVersioning", Code: "InvalidBucketState",
		Capabilities: []string{"object-lock", "versioning"},
		Title:        "PutBucketVersioning Suspended on an Object Lock bucket is 409 InvalidBucketState",
		Source: "localstack/localstack tests/aws/services/s3/test_s3_api.snapshot.json (recorded from AWS: test_disable_versioning_on_locked_bucket); " +
			"catalog InvalidBucketState",
	}, func(t *harness.T) {
		bucket := t.NewObjectLockBucket()
		t.Expect(t.PutBucketVersioning(bucket, harness.VersioningBody("Suspended"))).To(HaveS3Error("InvalidBucketState"))
	})

	f.It(check.Check{
		ID: "rest-object-lock-put-object-unlocked-bucket", Operation: "PutObject", Code: "InvalidRequest", Capabilities: lock,
		Title:  "PutObject with Object Lock retention headers into a bucket without Object Lock is 400 InvalidRequest",
		Source: "versity/versitygw#1751 (AWS: InvalidRequest 'Bucket is missing ObjectLockConfiguration'); catalog InvalidRequest",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		body := []byte("to be retained")
		header := http.Header{
			"X-Amz-Object-Lock-Mode":              {"GOVERNANCE"},
			"X-Amz-Object-Lock-Retain-Until-Date": {time.Now().UTC().Add(24 * time.Hour).Format(time.RFC3339)},
			// S3 requires a digest of a write that sets retention.
			"Content-Md5": {contentMD5(body)},
		}
		t.Expect(t.PutObjectWith(bucket, "retained", body, header)).To(HaveS3Error("InvalidRequest"))
	})
}
