package rest

import (
	"github.com/s3errconform/s3errconform/harness"
	"github.com/s3errconform/s3errconform/harness/check"
	. "github.com/s3errconform/s3errconform/harness/judge"
	"github.com/s3errconform/s3errconform/harness/wire"
)

// Reads of an object's retention and legal hold: per object, so S3 answers
// them apart from the bucket's Object Lock configuration.
var objectLockReads = []struct {
	operation, name, source string
	send                    func(t *harness.T, bucket, key string) *wire.Response
}{
	{"GetObjectRetention", "retention",
		"localstack/localstack tests/aws/services/s3/test_s3.snapshot.json (recorded from AWS: get-object-retention-never-set, get-object-retention-regular-bucket); " +
			"adobe/S3Mock RetentionIT (verified against AWS)",
		func(t *harness.T, bucket, key string) *wire.Response { return t.GetObjectRetention(bucket, key) }},
	{"GetObjectLegalHold", "legal-hold",
		"localstack/localstack tests/aws/services/s3/test_s3.snapshot.json (recorded from AWS: get-legal-hold-unset); " +
			"adobe/S3Mock LegalHoldIT (verified against AWS); versity/versitygw#883 (AWS body for a bucket without Object Lock)",
		func(t *harness.T, bucket, key string) *wire.Response { return t.GetObjectLegalHold(bucket, key) }},
}

func objectLockErrors(f *harness.Family) {
	for _, op := range objectLockReads {
		f.It(check.Check{
			ID: "rest-object-lock-get-" + op.name + "-unset", Operation: op.operation, Code: "NoSuchObjectLockConfiguration",
			Capabilities: []string{"object-lock", "versioning"},
			Title:        op.operation + " of an object without one, in an Object Lock bucket, is 404 NoSuchObjectLockConfiguration",
			Source:       "catalog NoSuchObjectLockConfiguration; " + op.source,
		}, func(t *harness.T) {
			bucket := t.NewObjectLockBucket()
			t.NewObject(bucket, "unlocked", []byte("no retention, no legal hold"))
			t.Expect(op.send(t, bucket, "unlocked")).To(HaveS3Error("NoSuchObjectLockConfiguration"))
		})

		f.It(check.Check{
			ID: "rest-object-lock-get-" + op.name + "-unlocked-bucket", Operation: op.operation, Code: "InvalidRequest",
			Capabilities: []string{"object-lock"},
			Title:        op.operation + " in a bucket without Object Lock is 400 InvalidRequest",
			Source:       "catalog InvalidRequest ('Bucket is missing Object Lock Configuration'); " + op.source,
		}, func(t *harness.T) {
			bucket := t.NewBucket()
			t.NewObject(bucket, "obj", []byte("data"))
			t.Expect(op.send(t, bucket, "obj")).To(HaveS3Error("InvalidRequest"))
		})
	}
}
