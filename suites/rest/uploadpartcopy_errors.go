package rest

import (
	"net/http"
	"time"

	"github.com/s3errconform/s3errconform/harness"
	"github.com/s3errconform/s3errconform/harness/check"
	. "github.com/s3errconform/s3errconform/harness/judge"
	"github.com/s3errconform/s3errconform/harness/wire"
)

// partCopySnapshot is where the AWS answers of UploadPartCopy were
// recorded.
const partCopySnapshot = "LocalStack tests/aws/services/s3/test_s3_api.snapshot.json (recorded from AWS 2026-02-21) "

// partCopySource is the 10-byte object the range checks copy from, the
// size of the recorded AWS answers.
var partCopySource = []byte("0123456789")

// partCopyRangeSyntax are x-amz-copy-source-range values S3 does not take:
// only bytes=first-last with first <= last is a copy range.
var partCopyRangeSyntax = []struct{ id, value, what string }{
	{"rest-multipart-part-copy-range-no-unit", "0-8", "without the bytes= unit"},
	{"rest-multipart-part-copy-range-reversed", "bytes=1-0", "whose first byte follows its last"},
	{"rest-multipart-part-copy-range-open", "bytes=1-", "without a last byte"},
	{"rest-multipart-part-copy-range-suffix", "bytes=-2", "as a suffix length"},
	{"rest-multipart-part-copy-range-several", "bytes=0-1,3-4", "naming several ranges"},
}

// partCopyConditions are x-amz-copy-source-if-* headers that fail against
// the source: each is 412 PreconditionFailed naming the header in
// <Condition>, spelled as AWS spells it.
var partCopyConditions = []struct {
	id, condition, what, snapshot string
	header                        func(etag string, lastModified time.Time) http.Header
}{
	{"rest-multipart-part-copy-if-match-failed", "x-amz-copy-source-If-Match", "an x-amz-copy-source-if-match that is not the source's ETag",
		"test_upload_part_copy_with_copy_source_if_match_failed",
		func(string, time.Time) http.Header {
			return http.Header{"X-Amz-Copy-Source-If-Match": {`"00000000000000000000000000000000"`}}
		}},
	{"rest-multipart-part-copy-if-none-match-failed", "x-amz-copy-source-If-None-Match", "an x-amz-copy-source-if-none-match that is the source's ETag",
		"test_upload_part_copy_with_copy_source_if_none_match_failed",
		func(etag string, _ time.Time) http.Header {
			return http.Header{"X-Amz-Copy-Source-If-None-Match": {etag}}
		}},
	{"rest-multipart-part-copy-if-unmodified-since-failed", "x-amz-copy-source-If-Unmodified-Since", "an x-amz-copy-source-if-unmodified-since a day before the source was written",
		"test_upload_part_copy_with_copy_source_if_unmodified_since_match_failed",
		func(_ string, lastModified time.Time) http.Header {
			return http.Header{"X-Amz-Copy-Source-If-Unmodified-Since": {lastModified.Add(-24 * time.Hour).UTC().Format(http.TimeFormat)}}
		}},
	{"rest-multipart-part-copy-if-modified-since-failed", "x-amz-copy-source-If-Modified-Since", "an x-amz-copy-source-if-modified-since equal to the source's Last-Modified",
		"test_upload_part_copy_with_if_modified_since_failed",
		func(_ string, lastModified time.Time) http.Header {
			return http.Header{"X-Amz-Copy-Source-If-Modified-Since": {lastModified.UTC().Format(http.TimeFormat)}}
		}},
}

// partCopy is an UploadPartCopy into a new upload of "part-copy" in
// bucket, part 1, from source with extra headers.
func partCopy(t *harness.T, bucket, source string, header http.Header) *wire.Response {
	h := header.Clone()
	if h == nil {
		h = http.Header{}
	}
	h.Set("X-Amz-Copy-Source", source)
	uploadID := t.NewMultipartUpload(bucket, "part-copy")
	return t.UploadPart(bucket, "part-copy", uploadID, 1, nil, h)
}

func uploadPartCopyErrors(f *harness.Family) {
	multipart := []string{"multipart"}

	for _, c := range partCopyRangeSyntax {
		f.It(check.Check{
			ID: c.id, Operation: "UploadPartCopy", Code: "InvalidArgument", Capabilities: multipart,
			Title: "UploadPartCopy with an x-amz-copy-source-range " + c.what + " (" + c.value + ") is 400 InvalidArgument naming the header",
			Source: partCopySnapshot + "TestS3Multipart::test_upload_part_copy_range (InvalidArgument, ArgumentName x-amz-copy-source-range, " +
				"for 0-8, bytes=1-0, bytes=1-, bytes=-2, bytes=0-1,3-4,7-9 and others); catalog InvalidArgument",
		}, func(t *harness.T) {
			bucket := t.NewBucket()
			t.NewObject(bucket, "source", partCopySource)
			resp := partCopy(t, bucket, harness.CopySource(bucket, "source"), http.Header{"X-Amz-Copy-Source-Range": {c.value}})
			t.Expect(resp).To(HaveS3Error("InvalidArgument", Element("ArgumentName", "x-amz-copy-source-range"), Element("ArgumentValue", c.value)))
		})
	}

	f.It(check.Check{
		ID: "rest-multipart-part-copy-range-past-end", Operation: "UploadPartCopy", Code: "InvalidArgument", Capabilities: multipart,
		Title: "UploadPartCopy of bytes=0-100 from a 10-byte source is 400 InvalidArgument naming the header, not 416 InvalidRange",
		Source: partCopySnapshot + "TestS3Multipart::test_upload_part_copy_range upload-part-copy-range-exc-0-100 " +
			"(400 InvalidArgument 'Range specified is not valid for source object of size: 10', ArgumentName x-amz-copy-source-range); " +
			"ceph/s3-tests test_multipart_copy_invalid_range accepts 400 or 416 but wants InvalidRange, which the 2026 AWS recording contradicts",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		t.NewObject(bucket, "source", partCopySource)
		resp := partCopy(t, bucket, harness.CopySource(bucket, "source"), http.Header{"X-Amz-Copy-Source-Range": {"bytes=0-100"}})
		t.Expect(resp).To(HaveS3Error("InvalidArgument", Element("ArgumentName", "x-amz-copy-source-range"), Element("ArgumentValue", "bytes=0-100")))
	})

	f.It(check.Check{
		ID: "rest-multipart-part-copy-range-start-past-end", Operation: "UploadPartCopy", Code: "InvalidRequest", Capabilities: multipart,
		Title: "UploadPartCopy of bytes=100-200 from a 10-byte source is 400 InvalidRequest, not 416 InvalidRange",
		Source: partCopySnapshot + "TestS3Multipart::test_upload_part_copy_range upload-part-copy-range-exc-100-200 " +
			"(400 InvalidRequest 'The specified copy range is invalid for the source object size'); catalog InvalidRequest",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		t.NewObject(bucket, "source", partCopySource)
		resp := partCopy(t, bucket, harness.CopySource(bucket, "source"), http.Header{"X-Amz-Copy-Source-Range": {"bytes=100-200"}})
		t.Expect(resp).To(HaveS3Error("InvalidRequest"))
	})

	f.It(check.Check{
		ID: "rest-multipart-part-copy-missing-source-key", Operation: "UploadPartCopy", Code: "NoSuchKey", Capabilities: multipart,
		Title: "UploadPartCopy from a source key that does not exist is 404 NoSuchKey naming it",
		Source: "versity/versitygw tests/integration UploadPartCopy_non_existing_source_object_key (NoSuchKey); " +
			"catalog NoSuchKey; REST.md §3 (Key)",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		t.Expect(partCopy(t, bucket, harness.CopySource(bucket, "no-such-source"), nil)).To(HaveS3Error("NoSuchKey", Element("Key", "no-such-source"), About(bucket, "no-such-source")))
	})

	f.It(check.Check{
		ID: "rest-multipart-part-copy-missing-source-bucket", Operation: "UploadPartCopy", Code: "NoSuchBucket", Capabilities: multipart,
		Title: "UploadPartCopy from a source bucket that does not exist is 404 NoSuchBucket naming the source bucket",
		Source: "versity/versitygw tests/integration UploadPartCopy_non_existing_source_bucket (NoSuchBucket); " +
			"basho/riak_cs#1169 (AWS: a copy from a missing source bucket is NoSuchBucket naming it); catalog NoSuchBucket",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		missing := t.UniqueBucketName()
		t.Expect(partCopy(t, bucket, harness.CopySource(missing, "source"), nil)).To(HaveS3Error("NoSuchBucket", Element("BucketName", missing), About(missing, "source")))
	})

	for _, c := range partCopyConditions {
		f.It(check.Check{
			ID: c.id, Operation: "UploadPartCopy", Code: "PreconditionFailed", Capabilities: multipart,
			Title:  "UploadPartCopy with " + c.what + " is 412 PreconditionFailed with Condition " + c.condition,
			Source: partCopySnapshot + "TestS3Multipart::" + c.snapshot + " (412 PreconditionFailed, Condition " + c.condition + "); catalog PreconditionFailed",
		}, func(t *harness.T) {
			bucket := t.NewBucket()
			etag := t.NewObjectWith(bucket, "source", partCopySource, nil).ResponseHeader.Get("ETag")
			header := c.header(etag, t.LastModified(bucket, "source"))
			t.Expect(partCopy(t, bucket, harness.CopySource(bucket, "source"), header)).To(HaveS3Error("PreconditionFailed", Element("Condition", c.condition)))
		})
	}
}
