package rest

import (
	"crypto/sha256"
	"encoding/base64"
	"net/http"

	"github.com/s3errconform/s3errconform/harness"
	"github.com/s3errconform/s3errconform/harness/check"
	. "github.com/s3errconform/s3errconform/harness/judge"
)

// checksumSHA256 is the x-amz-checksum-sha256 header value of body.
func checksumSHA256(body []byte) string {
	sum := sha256.Sum256(body)
	return base64.StdEncoding.EncodeToString(sum[:])
}

// checksumErrors: a body that does not match its x-amz-checksum-* header.
// AWS words BadDigest per algorithm here, not as for Content-MD5.
func checksumErrors(f *harness.Family) {
	f.It(check.Check{
		ID: "rest-object-put-checksum-sha256-mismatch", Operation: "PutObject", Code: "BadDigest", Capabilities: []string{"checksum"},
		Title:  "PutObject whose x-amz-checksum-sha256 is another body's is 400 BadDigest",
		Source: "localstack/localstack tests/aws/services/s3/test_s3.snapshot.json (recorded from AWS: test_put_object_checksum[SHA256], put-wrong-checksum-value); catalog BadDigest",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		header := http.Header{"X-Amz-Checksum-Sha256": {checksumSHA256([]byte("another body"))}}
		t.Expect(t.PutObjectWith(bucket, "checksummed", []byte("the body sent"), header)).To(HaveS3ErrorWorded("BadDigest", WordedForCase))
	})

	f.It(check.Check{
		ID: "rest-multipart-upload-part-checksum-sha256-mismatch", Operation: "UploadPart", Code: "BadDigest", Capabilities: []string{"multipart", "checksum"},
		Title:  "UploadPart whose x-amz-checksum-sha256 is another part's, in an upload started for SHA256, is 400 BadDigest",
		Source: "localstack/localstack tests/aws/services/s3/test_s3.snapshot.json (recorded from AWS: test_multipart_upload_part_checksum_exception[SHA256], put-wrong-checksum-value); catalog BadDigest",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		id := t.NewMultipartUploadWith(bucket, "upload", http.Header{"X-Amz-Checksum-Algorithm": {"SHA256"}})
		header := http.Header{"X-Amz-Checksum-Sha256": {checksumSHA256([]byte("another part"))}}
		t.Expect(t.UploadPart(bucket, "upload", id, 1, []byte("the part sent"), header)).To(HaveS3ErrorWorded("BadDigest", WordedForCase))
	})
}
