package rest

import (
	"net/http"
	"time"

	"github.com/s3errconform/s3errconform/harness"
	"github.com/s3errconform/s3errconform/harness/check"
	. "github.com/s3errconform/s3errconform/harness/judge"
	"github.com/s3errconform/s3errconform/harness/wire"
)

const (
	// wrongETag is the ETag of no object the checks create.
	wrongETag = `"00000000000000000000000000000000"`
	// longAgo is an HTTP date before any object the checks create.
	longAgo = "Sat, 01 Jan 2000 00:00:00 GMT"
)

var conditionalContent = []byte("conditional content")

// conditionalObject puts the object the conditional checks ask about and
// returns its bucket and ETag.
func conditionalObject(t *harness.T) (bucket, etag string) {
	bucket = t.NewBucket()
	etag = t.NewObjectWith(bucket, "conditional", conditionalContent, nil).ResponseHeader.Get("ETag")
	return bucket, etag
}

func conditionalErrors(f *harness.Family) {
	preconditionFailed := []struct {
		id, method, header, value, source string
		condition                         ElementExpectation
	}{
		{"rest-object-get-if-match-failed", http.MethodGet, "If-Match", wrongETag,
			"catalog PreconditionFailed; REST.md §3 (Condition: versity/versitygw#2044); ceph/s3-tests test_get_object_ifmatch_failed; awslabs/aws-s3-transfer-manager-rs (S3 GET answer with <Condition>If-Match</Condition>)",
			Element("Condition", "If-Match")},
		{"rest-object-head-if-match-failed", http.MethodHead, "If-Match", wrongETag,
			"catalog PreconditionFailed; S3 API reference HeadObject (If-Match: 412); REST.md §4 (HEAD has no body)", ElementExpectation{}},
		{"rest-object-get-if-unmodified-since-failed", http.MethodGet, "If-Unmodified-Since", longAgo,
			"catalog PreconditionFailed; REST.md §3 (Condition); ceph/s3-tests test_get_object_ifunmodifiedsince_good; S3 API reference GetObject (If-Unmodified-Since: 412)",
			ElementPresent("Condition")},
		{"rest-object-head-if-unmodified-since-failed", http.MethodHead, "If-Unmodified-Since", longAgo,
			"catalog PreconditionFailed; S3 API reference HeadObject (If-Unmodified-Since: 412); REST.md §4 (HEAD has no body)", ElementExpectation{}},
	}
	for _, p := range preconditionFailed {
		operation := "GetObject"
		if p.method == http.MethodHead {
			operation = "HeadObject"
		}
		f.It(check.Check{
			ID: p.id, Operation: operation, Code: "PreconditionFailed",
			Title:  p.method + " with an " + p.header + " that does not hold is 412 PreconditionFailed",
			Source: p.source,
		}, func(t *harness.T) {
			bucket, _ := conditionalObject(t)
			resp := t.Do(wire.Request{Method: p.method, Bucket: bucket, Key: "conditional", Header: http.Header{p.header: {p.value}}})
			if p.condition.Name == "" {
				t.Expect(resp).To(HaveS3Error("PreconditionFailed"))
				return
			}
			t.Expect(resp).To(HaveS3Error("PreconditionFailed", p.condition))
		})
	}

	for _, m := range []string{http.MethodGet, http.MethodHead} {
		operation, id := "GetObject", "rest-object-get-if-none-match-not-modified"
		if m == http.MethodHead {
			operation, id = "HeadObject", "rest-object-head-if-none-match-not-modified"
		}
		f.It(check.Check{
			ID: id, Operation: operation, Code: "NotModified",
			Title:  m + " with If-None-Match naming the object's ETag is 304 Not Modified, with no body and the ETag",
			Source: "catalog NotModified; REST.md §4 (304 has no body; ceph/s3-tests test_get_object_ifnonematch_good checks the ETag header); jamhall/s3rver#61 (AWS sends ETag and Last-Modified with 304)",
		}, func(t *harness.T) {
			bucket, etag := conditionalObject(t)
			resp := t.Do(wire.Request{Method: m, Bucket: bucket, Key: "conditional", Header: http.Header{"If-None-Match": {etag}}})
			t.Expect(resp).To(HaveNotModified(etag))
		})
	}

	f.It(check.Check{
		ID: "rest-object-get-if-modified-since-not-modified", Operation: "GetObject", Code: "NotModified",
		Title:  "GET with If-Modified-Since after the object's Last-Modified is 304 Not Modified",
		Source: "catalog NotModified; REST.md §4; ceph/s3-tests test_get_object_ifmodifiedsince_failed (Last-Modified plus one second, once it has passed)",
	}, func(t *harness.T) {
		bucket, etag := conditionalObject(t)
		after := t.LastModified(bucket, "conditional").Add(time.Second)
		// A date in the future is no valid If-Modified-Since (RFC 9110
		// §13.1.3): wait until it has passed, as s3-tests does.
		t.Sleep(time.Until(after) + 100*time.Millisecond)
		header := http.Header{"If-Modified-Since": {after.UTC().Format(http.TimeFormat)}}
		t.Expect(t.GetObjectWith(bucket, "conditional", header)).To(HaveNotModified(etag))
	})

	f.It(check.Check{
		ID: "rest-object-get-if-match-overrides-if-unmodified-since", Operation: "GetObject",
		Title:  "GET whose If-Match holds is 200 even when its If-Unmodified-Since does not",
		Source: "S3 API reference GetObject, If-Unmodified-Since (If-Match true and If-Unmodified-Since false: 200 OK and the data)",
	}, func(t *harness.T) {
		bucket, etag := conditionalObject(t)
		header := http.Header{"If-Match": {etag}, "If-Unmodified-Since": {longAgo}}
		t.Expect(t.GetObjectWith(bucket, "conditional", header)).To(HaveFullContent(conditionalContent))
	})

	f.It(check.Check{
		ID: "rest-object-get-if-none-match-overrides-if-modified-since", Operation: "GetObject", Code: "NotModified",
		Title:  "GET whose If-None-Match fails is 304 even when its If-Modified-Since holds",
		Source: "S3 API reference GetObject, If-Modified-Since (If-None-Match false and If-Modified-Since true: 304 Not Modified)",
	}, func(t *harness.T) {
		bucket, etag := conditionalObject(t)
		header := http.Header{"If-None-Match": {etag}, "If-Modified-Since": {longAgo}}
		t.Expect(t.GetObjectWith(bucket, "conditional", header)).To(HaveNotModified(etag))
	})

	f.It(check.Check{
		ID: "rest-object-put-if-none-match-exists", Operation: "PutObject", Code: "PreconditionFailed",
		Title:  "PUT with If-None-Match: * over an existing object is 412 PreconditionFailed",
		Source: "catalog PreconditionFailed; S3 API reference PutObject, If-None-Match (412 when the key exists); S3 User Guide, conditional writes",
	}, func(t *harness.T) {
		bucket, _ := conditionalObject(t)
		header := http.Header{"If-None-Match": {"*"}}
		t.Expect(t.PutObjectWith(bucket, "conditional", []byte("overwrite"), header)).To(HaveS3Error("PreconditionFailed"))
	})

	f.It(check.Check{
		ID: "rest-object-put-if-match-failed", Operation: "PutObject", Code: "PreconditionFailed",
		Title:  "PUT with an If-Match that is not the object's ETag is 412 PreconditionFailed with Condition If-Match",
		Source: "catalog PreconditionFailed; REST.md §3; versity/versitygw#2044 (AWS answer to put-object --if-match, with <Condition>If-Match</Condition>)",
	}, func(t *harness.T) {
		bucket, _ := conditionalObject(t)
		header := http.Header{"If-Match": {wrongETag}}
		t.Expect(t.PutObjectWith(bucket, "conditional", []byte("overwrite"), header)).To(HaveS3Error("PreconditionFailed", Element("Condition", "If-Match")))
	})

	f.It(check.Check{
		ID: "rest-object-put-if-match-missing-key", Operation: "PutObject", Code: "NoSuchKey",
		Title:  "PUT with If-Match to a key that holds no object is 404 NoSuchKey",
		Source: "catalog NoSuchKey; S3 User Guide, conditional writes (If-Match and no object: 404 Not Found); floci-io/floci#1329 (NoSuchKey)",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		header := http.Header{"If-Match": {wrongETag}}
		t.Expect(t.PutObjectWith(bucket, missingKey, []byte("data"), header)).To(HaveS3Error("NoSuchKey"))
	})

	f.It(check.Check{
		ID: "rest-object-copy-source-if-match-failed", Operation: "CopyObject", Code: "PreconditionFailed",
		Title:  "CopyObject with an x-amz-copy-source-if-match that is not the source's ETag is 412 PreconditionFailed",
		Source: "catalog PreconditionFailed; ceph/s3-tests test_copy_object_ifmatch_failed; S3 API reference CopyObject (x-amz-copy-source-if-match)",
	}, func(t *harness.T) {
		bucket, _ := conditionalObject(t)
		header := http.Header{"X-Amz-Copy-Source-If-Match": {wrongETag}}
		t.Expect(t.CopyObject(bucket, "copy", harness.CopySource(bucket, "conditional"), header)).To(HaveS3Error("PreconditionFailed"))
	})

	f.It(check.Check{
		ID: "rest-object-copy-source-if-none-match-failed", Operation: "CopyObject", Code: "PreconditionFailed",
		Title: "CopyObject with an x-amz-copy-source-if-none-match that is the source's ETag is 412 PreconditionFailed naming that condition",
		Source: "catalog PreconditionFailed; localstack/localstack tests/aws/services/s3/test_s3_preconditions.snapshot.json (recorded from AWS: " +
			"test_s3_copy_object_preconditions copy-precondition-if-none-match, copy-etag-missing-quotes, <Condition>x-amz-copy-source-If-None-Match</Condition>)",
	}, func(t *harness.T) {
		bucket, etag := conditionalObject(t)
		header := http.Header{"X-Amz-Copy-Source-If-None-Match": {etag}}
		t.Expect(t.CopyObject(bucket, "copy", harness.CopySource(bucket, "conditional"), header)).
			To(HaveS3Error("PreconditionFailed", Element("Condition", "x-amz-copy-source-If-None-Match")))
	})

	// S3's conditional writes take If-None-Match: * only; an ETag there is
	// refused as functionality S3 does not implement, not evaluated.
	f.It(check.Check{
		ID: "rest-object-put-if-none-match-etag", Operation: "PutObject", Code: "NotImplemented",
		Title: "PUT with If-None-Match naming the object's current ETag (S3 takes only *) is 501 NotImplemented naming If-None-Match, and stores nothing",
		Source: "catalog NotImplemented; localstack/localstack tests/aws/services/s3/test_s3_api.snapshot.json (recorded from AWS: " +
			"test_put_object_if_none_match_validation put-obj-if-none-match-bad-value, <Header>If-None-Match</Header>); aws/aws-sdk-ruby#3144; " +
			"S3 API reference PutObject, If-None-Match ('Expects the * character')",
	}, func(t *harness.T) {
		bucket, etag := conditionalObject(t)
		header := http.Header{"If-None-Match": {etag}}
		t.Expect(t.PutObjectWith(bucket, "conditional", []byte("overwrite"), header)).To(HaveS3Error("NotImplemented", Element("Header", "If-None-Match")))
		t.Expect(t.GetObject(bucket, "conditional")).To(HaveFullContent(conditionalContent))
	})
}
