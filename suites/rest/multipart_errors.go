package rest

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"

	"github.com/s3errconform/s3errconform/harness"
	"github.com/s3errconform/s3errconform/harness/check"
	. "github.com/s3errconform/s3errconform/harness/judge"
	"github.com/s3errconform/s3errconform/harness/wire"
)

const (
	// bogusUploadID is shaped like an upload ID, and no upload has it.
	bogusUploadID = "UzNlcnJjb25mb3JtLW5vLXN1Y2gtdXBsb2FkLWV2ZXItc3RhcnRlZC0wMDAw"
	// minPartSize is S3's minimum for every part but the last
	// (EntityTooSmall's MinSizeAllowed, REST.md §3).
	minPartSize = 5 << 20
	// wrongPartETag is the MD5 of no part the checks upload.
	wrongPartETag = "0123456789abcdef0123456789abcdef"
)

var multipart = []string{"multipart"}

const multipartSpecialErrors = "S3 API reference CompleteMultipartUpload, Special errors (EntityTooSmall, InvalidPart, InvalidPartOrder 400; NoSuchUpload 404)"

func multipartErrors(f *harness.Family) {
	noSuchUpload := []struct {
		id, operation, source string
		send                  func(t *harness.T, bucket string) *wire.Response
	}{
		{"rest-multipart-upload-part-no-such-upload", "UploadPart", "aws/aws-cli#987 (AWS: NoSuchUpload when calling the UploadPart operation)",
			func(t *harness.T, b string) *wire.Response {
				return t.UploadPart(b, "upload", bogusUploadID, 1, []byte("part"), nil)
			}},
		{"rest-multipart-list-parts-no-such-upload", "ListParts", "adobe/S3Mock#475 (AWS answer to list-parts with an unknown upload ID)",
			func(t *harness.T, b string) *wire.Response { return t.ListParts(b, "upload", bogusUploadID) }},
		{"rest-multipart-complete-no-such-upload", "CompleteMultipartUpload", multipartSpecialErrors,
			func(t *harness.T, b string) *wire.Response {
				return t.CompleteMultipartUpload(b, "upload", bogusUploadID, harness.Part{Number: 1, ETag: wrongPartETag})
			}},
		{"rest-multipart-abort-no-such-upload", "AbortMultipartUpload", "ceph/s3-tests test_abort_multipart_upload_not_found; S3 API reference AbortMultipartUpload (NoSuchUpload)",
			func(t *harness.T, b string) *wire.Response { return t.AbortMultipartUpload(b, "upload", bogusUploadID) }},
	}
	for _, n := range noSuchUpload {
		f.It(check.Check{
			ID: n.id, Operation: n.operation, Code: "NoSuchUpload", Capabilities: multipart,
			Title:  n.operation + " with an upload ID no upload has is 404 NoSuchUpload",
			Source: "catalog NoSuchUpload; REST.md §3 (UploadId); " + n.source,
		}, func(t *harness.T) {
			t.Expect(n.send(t, t.NewBucket())).To(HaveS3Error("NoSuchUpload", Element("UploadId", bogusUploadID)))
		})
	}

	f.It(check.Check{
		ID: "rest-multipart-upload-part-after-abort", Operation: "UploadPart", Code: "NoSuchUpload", Capabilities: multipart,
		Title:  "UploadPart to an upload that was aborted is 404 NoSuchUpload",
		Source: "catalog NoSuchUpload (the upload may have been aborted); REST.md §3 (UploadId); S3 API reference AbortMultipartUpload",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		id := t.NewMultipartUpload(bucket, "upload")
		t.Setup(wire.Request{Method: http.MethodDelete, Bucket: bucket, Key: "upload", Query: map[string][]string{"uploadId": {id}}}, http.StatusNoContent)
		t.Expect(t.UploadPart(bucket, "upload", id, 1, []byte("part"), nil)).To(HaveS3Error("NoSuchUpload", Element("UploadId", id)))
	})

	f.It(check.Check{
		ID: "rest-multipart-complete-wrong-etag", Operation: "CompleteMultipartUpload", Code: "InvalidPart", Capabilities: multipart,
		Title:  "CompleteMultipartUpload listing a part with the wrong ETag is 400 InvalidPart naming the upload, part and ETag",
		Source: "catalog InvalidPart; REST.md §3 (UploadId, PartNumber, ETag: versity/versitygw#2036); versity/versitygw#1008 (AWS echoes the ETag sent); " + multipartSpecialErrors,
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		id := t.NewMultipartUpload(bucket, "upload")
		t.NewPart(bucket, "upload", id, 1, []byte("the only part"))
		t.Expect(t.CompleteMultipartUpload(bucket, "upload", id, harness.Part{Number: 1, ETag: wrongPartETag})).To(HaveS3Error("InvalidPart",
			Element("UploadId", id), Element("PartNumber", "1"), Element("ETag", wrongPartETag)))
	})

	f.It(check.Check{
		ID: "rest-multipart-complete-part-not-uploaded", Operation: "CompleteMultipartUpload", Code: "InvalidPart", Capabilities: multipart,
		Title:  "CompleteMultipartUpload listing a part that was never uploaded is 400 InvalidPart naming it",
		Source: "catalog InvalidPart; REST.md §3; versity/versitygw#2036 (AWS answer for a part number never uploaded); " + multipartSpecialErrors,
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		id := t.NewMultipartUpload(bucket, "upload")
		etag := strings.Trim(t.NewPart(bucket, "upload", id, 1, []byte("part one")), `"`)
		t.Expect(t.CompleteMultipartUpload(bucket, "upload", id, harness.Part{Number: 2, ETag: etag})).To(HaveS3Error("InvalidPart",
			Element("UploadId", id), Element("PartNumber", "2"), Element("ETag", etag)))
	})

	f.It(check.Check{
		ID: "rest-multipart-complete-parts-out-of-order", Operation: "CompleteMultipartUpload", Code: "InvalidPartOrder", Capabilities: multipart,
		Title:  "CompleteMultipartUpload listing part 2 before part 1 is 400 InvalidPartOrder",
		Source: "catalog InvalidPartOrder (alexmojaki/s3-stream-upload#33); " + multipartSpecialErrors,
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		id := t.NewMultipartUpload(bucket, "upload")
		// Both parts are 5 MiB, so no part is too small whichever order a
		// server checks first.
		part := bytes.Repeat([]byte("p"), minPartSize)
		e1 := t.NewPart(bucket, "upload", id, 1, part)
		e2 := t.NewPart(bucket, "upload", id, 2, part)
		t.Expect(t.CompleteMultipartUpload(bucket, "upload", id, harness.Part{Number: 2, ETag: e2}, harness.Part{Number: 1, ETag: e1})).To(HaveS3Error("InvalidPartOrder"))
	})

	f.It(check.Check{
		ID: "rest-multipart-complete-part-too-small", Operation: "CompleteMultipartUpload", Code: "EntityTooSmall", Capabilities: multipart,
		Title:  "CompleteMultipartUpload with a first part under 5 MiB is 400 EntityTooSmall naming the part, its size and the minimum",
		Source: "catalog EntityTooSmall; REST.md §3 (ProposedSize, MinSizeAllowed 5242880, PartNumber, ETag: apache/arrow-rs-object-store#211); versity/versitygw#1980 (AWS answer for two small parts); " + multipartSpecialErrors,
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		id := t.NewMultipartUpload(bucket, "upload")
		first := []byte("a first part far under 5 MiB")
		e1 := t.NewPart(bucket, "upload", id, 1, first)
		e2 := t.NewPart(bucket, "upload", id, 2, []byte("last"))
		t.Expect(t.CompleteMultipartUpload(bucket, "upload", id, harness.Part{Number: 1, ETag: e1}, harness.Part{Number: 2, ETag: e2})).To(HaveS3Error("EntityTooSmall",
			Element("ProposedSize", strconv.Itoa(len(first))), Element("MinSizeAllowed", strconv.Itoa(minPartSize)),
			Element("PartNumber", "1"), Element("ETag", strings.Trim(e1, `"`))))
	})

	f.It(check.Check{
		ID: "rest-multipart-complete-single-small-part", Operation: "CompleteMultipartUpload", Capabilities: multipart,
		Title:  "CompleteMultipartUpload of one part under 5 MiB succeeds: the last part may be small",
		Source: "S3 API reference CompleteMultipartUpload (each part at least 5 MB, except the last part); ceph/s3-tests test_multipart_upload_small",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		id := t.NewMultipartUpload(bucket, "upload")
		e1 := t.NewPart(bucket, "upload", id, 1, []byte("small and last"))
		t.Expect(t.CompleteMultipartUpload(bucket, "upload", id, harness.Part{Number: 1, ETag: e1})).To(HaveDocument(http.StatusOK, "CompleteMultipartUploadResult"))
	})

	malformed := []struct {
		id, what, source string
		body             []byte
	}{
		{"rest-multipart-complete-malformed-xml", "a body that is not well-formed XML", "catalog MalformedXML (the XML was not well-formed)",
			[]byte("<CompleteMultipartUpload><Part>")},
		// AWS's schema wants at least one Part.
		{"rest-multipart-complete-empty-part-list", "an empty part list (<CompleteMultipartUpload/>)",
			"catalog MalformedXML; versity/versitygw#1328 (2025, correcting #964: AWS answers a CompleteMultipartUpload element listing no Part " +
				"with MalformedXML, not InvalidRequest 'You must specify at least one part'; versitygw's CompleteMultipartUpload_empty_parts test)",
			[]byte(`<CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/"></CompleteMultipartUpload>`)},
	}
	for _, m := range malformed {
		f.It(check.Check{
			ID: m.id, Operation: "CompleteMultipartUpload", Code: "MalformedXML", Capabilities: multipart,
			Title: "CompleteMultipartUpload with " + m.what + " is 400 MalformedXML", Source: m.source,
		}, func(t *harness.T) {
			bucket := t.NewBucket()
			id := t.NewMultipartUpload(bucket, "upload")
			t.NewPart(bucket, "upload", id, 1, []byte("part"))
			t.Expect(t.CompleteMultipartUploadBody(bucket, "upload", id, m.body)).To(HaveS3Error("MalformedXML"))
		})
	}

	f.It(check.Check{
		ID: "rest-multipart-complete-empty-body", Operation: "CompleteMultipartUpload", Code: "InvalidRequest", Capabilities: multipart,
		Title: "CompleteMultipartUpload with no body is 400 InvalidRequest 'You must specify at least one part'",
		Source: "LocalStack tests/aws/services/s3/test_s3_api.snapshot.json test_multipart_complete_multipart_too_small, complete-exc-no-parts " +
			"(recorded from AWS 2026-02: 400 InvalidRequest 'You must specify at least one part'; boto3 sends no body for an empty part list); " +
			"openstack/swift s3api test_object_multi_upload_empty_body (the same answer); minio/minio#17395 (changed to it for compliance). " +
			"ceph/s3-tests test_multipart_upload_empty expects MalformedXML, Ceph's answer",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		id := t.NewMultipartUpload(bucket, "upload")
		t.NewPart(bucket, "upload", id, 1, []byte("part"))
		t.Expect(t.CompleteMultipartUploadBody(bucket, "upload", id, nil)).To(HaveS3Error("InvalidRequest"))
	})

	partNumbers := []struct {
		id     string
		number int
		source string
	}{
		{"rest-multipart-upload-part-number-zero", 0, "curtis0x/fake-s3#238 (AWS answer: ArgumentName partNumber, ArgumentValue 0)"},
		{"rest-multipart-upload-part-number-too-high", 10001, "basho/riak_cs#945 (AWS answer: ArgumentName partNumber, ArgumentValue 10001)"},
	}
	for _, p := range partNumbers {
		f.It(check.Check{
			ID: p.id, Operation: "UploadPart", Code: "InvalidArgument", Capabilities: multipart,
			Title:  "UploadPart with part number " + strconv.Itoa(p.number) + " (outside 1..10000) is 400 InvalidArgument naming partNumber",
			Source: "catalog InvalidArgument; REST.md §3 (ArgumentName, ArgumentValue); " + p.source,
		}, func(t *harness.T) {
			bucket := t.NewBucket()
			id := t.NewMultipartUpload(bucket, "upload")
			t.Expect(t.UploadPart(bucket, "upload", id, p.number, []byte("part"), nil)).To(HaveS3Error("InvalidArgument",
				Element("ArgumentName", "partNumber"), Element("ArgumentValue", strconv.Itoa(p.number))))
		})
	}

	f.It(check.Check{
		ID: "rest-multipart-upload-part-md5-mismatch", Operation: "UploadPart", Code: "BadDigest", Capabilities: multipart,
		Title:  "UploadPart whose Content-MD5 is another body's is 400 BadDigest with the digest it calculated",
		Source: "catalog BadDigest; REST.md §3 (ExpectedDigest, CalculatedDigest); versity/versitygw#2034 (AWS answers any PUT with a wrong Content-MD5 with BadDigest)",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		id := t.NewMultipartUpload(bucket, "upload")
		body := []byte("the part sent")
		header := http.Header{"Content-Md5": {contentMD5([]byte("another part"))}}
		t.Expect(t.UploadPart(bucket, "upload", id, 1, body, header)).To(HaveS3Error("BadDigest",
			ElementPresent("ExpectedDigest"), Element("CalculatedDigest", contentMD5(body))))
	})

	f.It(check.Check{
		ID: "rest-multipart-create-metadata-too-large", Operation: "CreateMultipartUpload", Code: "MetadataTooLarge", Capabilities: multipart,
		Title:  "CreateMultipartUpload with 4 KB of user metadata (the limit is 2 KB) is 400 MetadataTooLarge",
		Source: "catalog MetadataTooLarge; REST.md §3 (Size, MaxSizeAllowed); versity/versitygw#1606 (S3 limits metadata on PutObject, CopyObject and CreateMultipartUpload)",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		header := http.Header{"X-Amz-Meta-S3errconform": {strings.Repeat("m", 4000)}}
		t.Expect(t.CreateMultipartUpload(bucket, "upload", header)).To(HaveS3Error("MetadataTooLarge",
			ElementPresent("Size"), ElementPresent("MaxSizeAllowed")))
	})

	noSuchBucket := []struct {
		id, operation string
		send          func(t *harness.T, bucket string) *wire.Response
	}{
		{"rest-multipart-create-missing-bucket", "CreateMultipartUpload",
			func(t *harness.T, b string) *wire.Response { return t.CreateMultipartUpload(b, "upload", nil) }},
		{"rest-multipart-list-uploads-missing-bucket", "ListMultipartUploads",
			func(t *harness.T, b string) *wire.Response { return t.ListMultipartUploads(b) }},
		{"rest-multipart-list-parts-missing-bucket", "ListParts",
			func(t *harness.T, b string) *wire.Response { return t.ListParts(b, "upload", bogusUploadID) }},
		{"rest-multipart-upload-part-missing-bucket", "UploadPart",
			func(t *harness.T, b string) *wire.Response {
				return t.UploadPart(b, "upload", bogusUploadID, 1, []byte("part"), nil)
			}},
		{"rest-multipart-abort-missing-bucket", "AbortMultipartUpload",
			func(t *harness.T, b string) *wire.Response { return t.AbortMultipartUpload(b, "upload", bogusUploadID) }},
	}
	for _, n := range noSuchBucket {
		f.It(check.Check{
			ID: n.id, Operation: n.operation, Code: "NoSuchBucket", Capabilities: multipart,
			Title:  n.operation + " in a missing bucket is 404 NoSuchBucket naming the bucket",
			Source: "catalog NoSuchBucket; REST.md §3 (NoSuchBucket carries BucketName)",
		}, func(t *harness.T) {
			bucket := t.UniqueBucketName()
			t.Expect(n.send(t, bucket)).To(HaveS3Error("NoSuchBucket", Element("BucketName", bucket)))
		})
	}
}
