package rest

import (
	"net/http"
	"net/url"

	"github.com/s3errconform/s3errconform/harness"
	"github.com/s3errconform/s3errconform/harness/check"
	. "github.com/s3errconform/s3errconform/harness/judge"
	"github.com/s3errconform/s3errconform/harness/wire"
)

const writePreconditionSource = "localstack/localstack tests/aws/services/s3/test_s3_api.snapshot.json (recorded from AWS: TestS3ObjectWritePrecondition::"

// completeWith is CompleteMultipartUpload of parts with extra headers.
func completeWith(t *harness.T, bucket, key, uploadID string, header http.Header, parts ...harness.Part) *wire.Response {
	return t.Do(wire.Request{Method: http.MethodPost, Bucket: bucket, Key: key, Query: url.Values{"uploadId": {uploadID}},
		Header: header, Body: harness.CompleteBody(parts...)})
}

// multipartConditionalErrors: CompleteMultipartUpload takes If-Match and
// If-None-Match as PutObject does, about the key's current object. The
// object is written as in the recorded cases: during the upload for
// If-None-Match, before it for If-Match. An object written during the
// upload, even with the identical body, makes a conditional Complete whose
// condition holds 409 ConditionalRequestConflict.
func multipartConditionalErrors(f *harness.Family) {
	f.It(check.Check{
		ID: "rest-multipart-complete-if-none-match-exists", Operation: "CompleteMultipartUpload", Code: "PreconditionFailed", Capabilities: multipart,
		Title:  "CompleteMultipartUpload with If-None-Match: * over an existing key is 412 PreconditionFailed naming If-None-Match",
		Source: writePreconditionSource + "test_multipart_if_none_match_with_put); catalog PreconditionFailed; REST.md §3 (Condition)",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		id := t.NewMultipartUpload(bucket, "upload")
		etag := t.NewPart(bucket, "upload", id, 1, []byte("part"))
		t.NewObject(bucket, "upload", []byte("written while the upload was under way"))
		t.Expect(completeWith(t, bucket, "upload", id, http.Header{"If-None-Match": {"*"}}, harness.Part{Number: 1, ETag: etag})).
			To(HaveS3Error("PreconditionFailed", Element("Condition", "If-None-Match")))
	})

	f.It(check.Check{
		ID: "rest-multipart-complete-if-match-wrong-etag", Operation: "CompleteMultipartUpload", Code: "PreconditionFailed", Capabilities: multipart,
		Title:  "CompleteMultipartUpload with If-Match naming another ETag than the key's object has is 412 PreconditionFailed naming If-Match",
		Source: writePreconditionSource + "test_multipart_if_match_etag); catalog PreconditionFailed; REST.md §3 (Condition)",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		t.NewObject(bucket, "upload", []byte("the current object"))
		id := t.NewMultipartUpload(bucket, "upload")
		etag := t.NewPart(bucket, "upload", id, 1, []byte("part"))
		t.Expect(completeWith(t, bucket, "upload", id, http.Header{"If-Match": {`"` + wrongPartETag + `"`}}, harness.Part{Number: 1, ETag: etag})).
			To(HaveS3Error("PreconditionFailed", Element("Condition", "If-Match")))
	})

	f.It(check.Check{
		ID: "rest-multipart-complete-if-match-missing-key", Operation: "CompleteMultipartUpload", Code: "NoSuchKey", Capabilities: multipart,
		Title:  "CompleteMultipartUpload with If-Match after the key's object was deleted is 404 NoSuchKey naming the key",
		Source: writePreconditionSource + "test_multipart_if_match_with_delete, complete-multipart-after-del); catalog NoSuchKey; REST.md §3 (Key)",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		put := t.NewObjectWith(bucket, "upload", []byte("deleted before the upload completes"), nil)
		id := t.NewMultipartUpload(bucket, "upload")
		etag := t.NewPart(bucket, "upload", id, 1, []byte("part"))
		t.Setup(wire.Request{Method: http.MethodDelete, Bucket: bucket, Key: "upload"}, http.StatusNoContent)
		t.Expect(completeWith(t, bucket, "upload", id, http.Header{"If-Match": {put.ResponseHeader.Get("ETag")}}, harness.Part{Number: 1, ETag: etag})).
			To(HaveS3Error("NoSuchKey", Element("Key", "upload")))
	})

	f.It(check.Check{
		ID: "rest-multipart-complete-if-match-conflict", Operation: "CompleteMultipartUpload", Code: "ConditionalRequestConflict", Capabilities: multipart,
		Title: "CompleteMultipartUpload with If-Match after the key's object was rewritten, with the identical body, during the upload is 409 ConditionalRequestConflict naming If-Match and the key",
		Source: writePreconditionSource + "test_multipart_if_match_with_put_identical, complete-multipart-if-match-put-during, recorded 2026-02-21; " +
			"the sequence is that test's in test_s3_api.py); catalog ConditionalRequestConflict",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		put := t.NewObjectWith(bucket, "upload", []byte("test"), nil)
		id := t.NewMultipartUpload(bucket, "upload")
		etag := t.NewPart(bucket, "upload", id, 1, []byte("part"))
		t.NewObjectWith(bucket, "upload", []byte("test"), nil)
		t.Expect(completeWith(t, bucket, "upload", id, http.Header{"If-Match": {put.ResponseHeader.Get("ETag")}}, harness.Part{Number: 1, ETag: etag})).
			To(HaveS3ErrorSaying("ConditionalRequestConflict", "The conditional request cannot succeed due to a conflicting operation against this resource.",
				Element("Condition", "If-Match"), Element("Key", "upload")))
	})
}
