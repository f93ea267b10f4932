package rest

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"

	"github.com/s3errconform/s3errconform/harness"
	"github.com/s3errconform/s3errconform/harness/check"
	. "github.com/s3errconform/s3errconform/harness/judge"
	"github.com/s3errconform/s3errconform/harness/wire"
)

// deleteBody is a DeleteObjects document naming n keys no check writes.
func deleteBody(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`<Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Quiet>true</Quiet>`)
	for i := range n {
		fmt.Fprintf(&b, "<Object><Key>s3errconform-never-written-%04d</Key></Object>", i)
	}
	b.WriteString("</Delete>")
	return b.Bytes()
}

// deleteObjects is POST /bucket?delete with body and extra headers.
func deleteObjects(t *harness.T, bucket string, body []byte, header http.Header) *wire.Response {
	return t.Do(wire.Request{Method: http.MethodPost, Bucket: bucket, Query: url.Values{"delete": {""}}, Header: header, Body: body})
}

func deleteObjectsErrors(f *harness.Family) {
	f.It(check.Check{
		ID: "rest-delete-objects-too-many-keys", Operation: "DeleteObjects", Code: "MalformedXML",
		Title: "DeleteObjects naming 1001 keys (the limit is 1000) is 400 MalformedXML",
		Source: "ceph/s3-tests test_multi_object_delete_key_limit (400 for 1001 keys); S3 API reference DeleteObjects (up to 1,000 keys); " +
			"catalog MalformedXML (the request does not validate against the schema)",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		body := deleteBody(1001)
		t.Expect(deleteObjects(t, bucket, body, http.Header{"Content-Md5": {contentMD5(body)}})).To(HaveS3Error("MalformedXML"))
	})

	f.It(check.Check{
		ID: "rest-delete-objects-no-content-md5", Operation: "DeleteObjects", Code: "InvalidRequest",
		Title:  "DeleteObjects without Content-MD5 or an x-amz-checksum-* header is 400 InvalidRequest",
		Source: "aws/aws-sdk-cpp#91 (AWS: InvalidRequest 'Missing required header for this request: Content-MD5'); S3 API reference DeleteObjects (Content-MD5 or x-amz-checksum-* required); catalog InvalidRequest",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		t.Expect(deleteObjects(t, bucket, deleteBody(1), nil)).To(HaveS3Error("InvalidRequest"))
	})
}
