package rest

import (
	"net/http"
	"strings"

	"github.com/s3errconform/s3errconform/harness"
	"github.com/s3errconform/s3errconform/harness/check"
	. "github.com/s3errconform/s3errconform/harness/judge"
	"github.com/s3errconform/s3errconform/harness/wire"
)

// HTTP-level errors: URIs, framing, header sizes, Expect, methods.
func protocolErrors(f *harness.Family) {
	f.It(check.Check{
		ID: "rest-protocol-invalid-uri", Operation: "GetObject", Code: "InvalidURI",
		Title: "GET of a key whose URI does not decode to UTF-8 is 400 InvalidURI",
		Source: "ceph/s3-tests test_object_read_unreadable (key '\\xae\\x8a-': 400 'Couldn't parse the specified URI.'; boto 2 sent the raw bytes, " +
			"here percent-encoded as %AE%8A-); catalog InvalidURI",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		t.Expect(t.GetObject(bucket, "\xae\x8a-")).To(HaveS3Error("InvalidURI"))
	})

	f.It(check.Check{
		ID: "rest-protocol-missing-content-length", Operation: "PutObject", Code: "MissingContentLength",
		Title:  "PutObject without Content-Length (and not chunked) is 411 MissingContentLength",
		Source: "ceph/s3-tests test_object_create_bad_contentlength_none (411 MissingContentLength); catalog MissingContentLength (transloadit/uppy#1889)",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		t.Expect(t.Do(wire.Request{Method: http.MethodPut, Bucket: bucket, Key: "unframed", Framing: wire.FramingNone})).To(HaveS3Error("MissingContentLength"))
	})

	// A body that stops before its Content-Length: ended (IncompleteBody)
	// or gone silent with the connection open (RequestTimeout).
	shortBodies := []struct {
		id, code, title, source, key string
		framing                      wire.BodyFraming
	}{
		{"rest-protocol-incomplete-body", "IncompleteBody",
			"PutObject whose body ends before its Content-Length is 400 IncompleteBody",
			"catalog IncompleteBody (AWS table: 'You did not provide the number of bytes specified by the Content-Length HTTP header'; " +
				"AWS wire text 'The request body terminated unexpectedly' in aws/aws-sdk-java-v2#2908 and versity/versitygw#1660); minio/minio#2221",
			"cut-short", wire.FramingTruncated},
		{"rest-protocol-stalled-body", "RequestTimeout",
			"PutObject whose body goes silent before its Content-Length is 400 RequestTimeout once the target's stalled_body_timeout has passed",
			"catalog RequestTimeout (AWS wire text in Hoektronics/BotQueue#37 and aws/aws-sdk-java#1101); " +
				"aws/aws-sdk-php#885 (an AWS SDK maintainer: S3 closes a request whose body sends nothing for about 20 seconds)",
			"stalled", wire.FramingStalled},
	}
	for _, b := range shortBodies {
		f.It(check.Check{ID: b.id, Operation: "PutObject", Code: b.code, Title: b.title, Source: b.source}, func(t *harness.T) {
			bucket := t.NewBucket()
			r := t.Do(wire.Request{Method: http.MethodPut, Bucket: bucket, Key: b.key, Body: []byte(strings.Repeat("b", 64)), Framing: b.framing})
			t.Expect(r).To(HaveS3Error(b.code))
		})
	}

	f.It(check.Check{
		ID: "rest-protocol-chunked-put-object", Operation: "PutObject", Code: "NotImplemented",
		Title: "PutObject with Transfer-Encoding: chunked is 501 NotImplemented naming the Transfer-Encoding header",
		Source: "Automattic/knox#43 and chilts/awssum#30 (AWS: NotImplemented 'A header you provided implies functionality that is not implemented', " +
			"<Header>Transfer-Encoding</Header>); aws/aws-sdk-go#4944; catalog NotImplemented",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		r := t.Do(wire.Request{Method: http.MethodPut, Bucket: bucket, Key: "chunked", Body: []byte("chunked body"), Framing: wire.FramingChunked})
		t.Expect(r).To(HaveS3Error("NotImplemented", Element("Header", "Transfer-Encoding")))
	})

	f.It(check.Check{
		ID: "rest-protocol-header-section-too-large", Operation: "GetObject", Code: "RequestHeaderSectionTooLarge",
		Title: "A request whose header section exceeds 8 KiB is 400 RequestHeaderSectionTooLarge with MaxSizeAllowed 8192",
		Source: "versity/versitygw#2180 and department-of-veterans-affairs/va.gov-team#89412 (AWS bodies: RequestHeaderSectionTooLarge, <MaxSizeAllowed>8192</MaxSizeAllowed>); " +
			"catalog RequestHeaderSectionTooLarge",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		t.NewObject(bucket, "obj", []byte("x"))
		r := t.Do(wire.Request{Method: http.MethodGet, Bucket: bucket, Key: "obj", Header: http.Header{"X-S3ec-Padding": {strings.Repeat("p", 9000)}}})
		t.Expect(r).To(HaveS3Error("RequestHeaderSectionTooLarge", Element("MaxSizeAllowed", "8192")))
	})

	f.It(check.Check{
		ID: "rest-protocol-expect-continue-missing-bucket", Operation: "PutObject", Code: "NoSuchBucket",
		Title:  "PutObject with Expect: 100-continue into a missing bucket is answered with the final 404 NoSuchBucket",
		Source: "REST.md §5 (S3 answers Expect: 100-continue with 100 Continue or a final status); catalog NoSuchBucket; REST.md §3 (BucketName)",
	}, func(t *harness.T) {
		bucket := t.UniqueBucketName()
		r := t.Do(wire.Request{Method: http.MethodPut, Bucket: bucket, Key: "k", Body: []byte("expecting"), Header: http.Header{"Expect": {"100-continue"}}})
		t.Expect(r).To(HaveS3Error("NoSuchBucket", Element("BucketName", bucket)))
	})

	f.It(check.Check{
		ID: "rest-protocol-expect-continue-put-object", Operation: "PutObject",
		Title:  "PutObject with Expect: 100-continue succeeds with 200",
		Source: "REST.md §5 (S3 answers Expect: 100-continue with 100 Continue or a final status); ceph/s3-tests test_object_create_bad_expect_none and _mismatch (S3 succeeds)",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		r := t.Do(wire.Request{Method: http.MethodPut, Bucket: bucket, Key: "k", Body: []byte("expecting"), Header: http.Header{"Expect": {"100-continue"}}})
		t.Expect(r).To(HaveStatus(http.StatusOK))
	})

	f.It(check.Check{
		ID: "rest-protocol-post-service", Operation: "ServicePOST", Code: "MethodNotAllowed",
		Title:  "POST on the service is 405 MethodNotAllowed naming the method and ResourceType SERVICE, with Allow: GET",
		Source: "versity/versitygw#1810 and #1487 (AWS: 405 MethodNotAllowed, <Method>POST</Method><ResourceType>SERVICE</ResourceType>, header Allow: GET); REST.md §1, §3",
	}, func(t *harness.T) {
		t.Expect(t.Do(wire.Request{Method: http.MethodPost})).To(HaveS3ErrorAndHeaders("MethodNotAllowed",
			[]HeaderExpectation{Header("Allow", "GET")}, Element("Method", "POST"), Element("ResourceType", "SERVICE")))
	})

	f.It(check.Check{
		ID: "rest-protocol-post-object", Operation: "ObjectPOST", Code: "MethodNotAllowed",
		Title:  "POST on an object is 405 MethodNotAllowed naming the method and ResourceType OBJECT, with an Allow header",
		Source: "danialfarid/ng-file-upload#345 (AWS: 405 MethodNotAllowed, ResourceType OBJECT, Method POST); REST.md §1 (Allow), §3",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		t.NewObject(bucket, "obj", []byte("x"))
		t.Expect(t.Do(wire.Request{Method: http.MethodPost, Bucket: bucket, Key: "obj", Body: []byte("x")})).To(HaveS3ErrorAndHeaders("MethodNotAllowed",
			[]HeaderExpectation{HeaderPresent("Allow")}, Element("Method", "POST"), Element("ResourceType", "OBJECT")))
	})
}
