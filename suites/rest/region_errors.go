package rest

import (
	"github.com/s3errconform/s3errconform/harness"
	"github.com/s3errconform/s3errconform/harness/check"
	. "github.com/s3errconform/s3errconform/harness/judge"
)

// The sources of the region checks: AWS's answers to requests that cross
// regions.
const (
	redirectSource = "301 PermanentRedirect for a bucket of another region, x-amz-bucket-region set to it, no Location header, " +
		"elements Endpoint (its value varies between captures, so only its presence is checked) and Bucket: " +
		"awslabs/mountpoint-s3 mountpoint-s3-client/tests/get_object.rs::test_get_object_wrong_region; apache/opendal core/src/docs/rfcs/0057_auto_region.md; catalog PermanentRedirect"
	headRedirectSource = "HeadBucket sent to another region's endpoint is 301 with x-amz-bucket-region and no body: " +
		"awslabs/mountpoint-s3 mountpoint-s3-client/tests/head_bucket.rs::test_head_bucket_wrong_region; apache/opendal core/src/docs/rfcs/0057_auto_region.md (curl -I); " +
		"botocore utils.py is_special_head_bucket; catalog PermanentRedirect"
	crossLoggingSource = "localstack/localstack tests/aws/services/s3/test_s3.snapshot.json TestS3BucketLogging::test_put_bucket_logging_cross_locations " +
		"(recorded from AWS 2026-02-21): 403, Code CrossLocationLoggingProhibitted and Message \"Cross S3 location logging not allowed. \" (catalog/wire-corrections.csv), " +
		"TargetBucketLocation always, SourceBucketLocation when the source bucket is not in us-east-1; catalog CrossLocationLoggingProhibited"
	heldNameSource = "DataBiosphere/toil#1093 (the 409 body, no extra elements); aws/aws-cli#2411 (create in one region, delete, create at once in another); " +
		"ilbertt/nibrun PR#5 (2026: OperationAborted on every retry for over 20 minutes); catalog OperationAborted"
)

// regionErrors: buckets that live in another region, created and deleted
// through the target's other_region endpoint. Every check needs the
// other-region capability: a target without other_region skips them.
func regionErrors(f *harness.Family) {
	redirected := func(t *harness.T) []HeaderExpectation {
		return []HeaderExpectation{Header("x-amz-bucket-region", t.ConfiguredOtherRegion().Region)}
	}
	f.It(check.Check{
		ID: "rest-region-list-objects-elsewhere", Operation: "ListObjectsV2", Code: "PermanentRedirect", Capabilities: []string{"other-region"},
		Title:  "ListObjectsV2 of a bucket of another region, sent to this endpoint, is 301 PermanentRedirect naming the bucket and its region",
		Source: redirectSource,
	}, func(t *harness.T) {
		bucket := t.NewBucketInOtherRegion()
		t.Expect(t.ListObjectsV2(bucket)).To(HaveS3ErrorAndHeaders("PermanentRedirect", redirected(t),
			ElementPresent("Endpoint"), Element("Bucket", bucket)))
	})
	f.It(check.Check{
		ID: "rest-region-get-object-elsewhere", Operation: "GetObject", Code: "PermanentRedirect", Capabilities: []string{"other-region"},
		Title:  "GetObject in a bucket of another region, sent to this endpoint, is 301 PermanentRedirect, whatever the key",
		Source: redirectSource,
	}, func(t *harness.T) {
		bucket := t.NewBucketInOtherRegion()
		t.Expect(t.GetObject(bucket, "s3errconform-elsewhere")).To(HaveS3ErrorAndHeaders("PermanentRedirect", redirected(t),
			ElementPresent("Endpoint"), Element("Bucket", bucket)))
	})
	f.It(check.Check{
		ID: "rest-region-anonymous-list-objects-elsewhere", Operation: "ListObjectsV2", Code: "PermanentRedirect", Capabilities: []string{"other-region"},
		Title:  "An anonymous ListObjectsV2 of a bucket of another region is 301 PermanentRedirect too: the region is answered before the caller",
		Source: "anonymous path-style GET of a bucket of another region is 301 with x-amz-bucket-region (apache/opendal core/src/docs/rfcs/0057_auto_region.md); " + redirectSource,
	}, func(t *harness.T) {
		bucket := t.NewBucketInOtherRegion()
		t.Expect(t.Anonymous().ListObjectsV2(bucket)).To(HaveS3ErrorAndHeaders("PermanentRedirect", redirected(t),
			ElementPresent("Endpoint"), Element("Bucket", bucket)))
	})
	f.It(check.Check{
		ID: "rest-region-head-bucket-elsewhere", Operation: "HeadBucket", Code: "PermanentRedirect", Capabilities: []string{"other-region"},
		Title:  "HeadBucket of a bucket of another region is 301 with x-amz-bucket-region naming it, and no body",
		Source: headRedirectSource,
	}, func(t *harness.T) {
		bucket := t.NewBucketInOtherRegion()
		t.Expect(t.HeadBucket(bucket)).To(HaveS3ErrorAndHeaders("PermanentRedirect", redirected(t)))
	})

	f.It(check.Check{
		ID: "rest-region-put-bucket-logging-elsewhere", Operation: "PutBucketLogging", Code: "CrossLocationLoggingProhibited",
		Capabilities: []string{"other-region", "logging"},
		Title:        "PutBucketLogging into a target bucket of another region is 403 CrossLocationLoggingProhibited, spelled as AWS sends it, naming the target's region",
		Source:       crossLoggingSource,
	}, func(t *harness.T) {
		source := t.NewBucket()
		target := t.NewBucketInOtherRegion()
		elements := []ElementExpectation{Element("TargetBucketLocation", t.ConfiguredOtherRegion().Region)}
		if region := t.Target().Region; region != "us-east-1" {
			elements = append([]ElementExpectation{Element("SourceBucketLocation", region)}, elements...)
		}
		t.Expect(t.PutBucketConfig(source, harness.SubLogging, harness.LoggingTo(target))).To(HaveS3Error("CrossLocationLoggingProhibited", elements...))
	})

	f.It(check.Check{
		ID: "rest-region-create-bucket-deleted-elsewhere", Operation: "CreateBucket", Code: "OperationAborted", Capabilities: []string{"other-region"},
		Title:  "CreateBucket, right after the name was deleted in another region, is 409 OperationAborted",
		Source: heldNameSource,
	}, func(t *harness.T) {
		name := t.NewBucketInOtherRegion()
		t.DeleteBucketInOtherRegion(name)
		t.Expect(t.CreateBucket(name)).To(HaveS3Error("OperationAborted"))
	})
}
