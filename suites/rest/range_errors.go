package rest

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/s3errconform/s3errconform/harness"
	"github.com/s3errconform/s3errconform/harness/check"
	. "github.com/s3errconform/s3errconform/harness/judge"
	"github.com/s3errconform/s3errconform/harness/wire"
)

// rangeContent is the ten-byte object the range checks read.
var rangeContent = []byte("0123456789")

func rangeObject(t *harness.T, body []byte) string {
	bucket := t.NewBucket()
	t.NewObject(bucket, "ranged", body)
	return bucket
}

func rangeErrors(f *harness.Family) {
	partNumberErrors(f)
	unsatisfiable := []struct {
		id, title, rng, source string
		body                   []byte
	}{
		{"rest-object-get-range-start-past-end", "a Range starting past the end of a 10-byte object", "bytes=20-30",
			"catalog InvalidRange; REST.md §3 (RangeRequested, ActualObjectSize: versity/versitygw#2069, AWS sample); ceph/s3-tests test_ranged_request_invalid_range",
			rangeContent},
		{"rest-object-get-range-start-at-end", "a Range starting at the size of a 10-byte object", "bytes=10-",
			"catalog InvalidRange; REST.md §3; scality/cloudserver#400 (checked against AWS: InvalidRange when the first byte is at or past the end)",
			rangeContent},
		{"rest-object-get-range-empty-object", "any Range of an empty object", "bytes=40-50",
			"catalog InvalidRange; REST.md §3; ceph/s3-tests test_ranged_request_empty_object",
			[]byte{}},
		{"rest-object-get-range-suffix-zero", "the suffix Range bytes=-0", "bytes=-0",
			"catalog InvalidRange; REST.md §3; getmoto/moto#6778 (tested against AWS: a suffix range of 0 is 416)",
			rangeContent},
	}
	for _, u := range unsatisfiable {
		f.It(check.Check{
			ID: u.id, Operation: "GetObject", Code: "InvalidRange",
			Title:  "GET with " + u.title + " is 416 InvalidRange with the range and the object's size",
			Source: u.source,
		}, func(t *harness.T) {
			bucket := rangeObject(t, u.body)
			resp := t.GetObjectWith(bucket, "ranged", http.Header{"Range": {u.rng}})
			t.Expect(resp).To(HaveS3Error("InvalidRange", Element("RangeRequested", u.rng), Element("ActualObjectSize", strconv.Itoa(len(u.body)))))
		})
	}

	f.It(check.Check{
		ID: "rest-object-head-range-unsatisfiable", Operation: "HeadObject", Code: "InvalidRange",
		Title:  "HEAD with a Range starting past the end is 416 with no body and the request-id pair",
		Source: "catalog InvalidRange; REST.md §4 (HEAD has no body); spec README decision 6",
	}, func(t *harness.T) {
		bucket := rangeObject(t, rangeContent)
		t.Expect(t.HeadObjectWith(bucket, "ranged", http.Header{"Range": {"bytes=20-30"}})).To(HaveS3Error("InvalidRange"))
	})

	partial := []struct {
		id, title, rng, contentRange, source string
		body                                 []byte
	}{
		{"rest-object-get-range-valid", "bytes=0-3", "bytes=0-3", "bytes 0-3/10",
			"basho/riak_cs#304 (AWS answer: 206 with Content-Range); RFC 9110 §14.4", []byte("0123")},
		{"rest-object-get-range-clipped", "bytes=5-100, past the end,", "bytes=5-100", "bytes 5-9/10",
			"scality/cloudserver#400 (checked against AWS: only a range starting past the end is an error); RFC 9110 §14.1.2 (a last position past the end is clipped)", []byte("56789")},
		{"rest-object-get-range-suffix", "the suffix bytes=-3", "bytes=-3", "bytes 7-9/10",
			"ceph/s3-tests test_ranged_request_return_trailing_bytes_response_code; RFC 9110 §14.1.2", []byte("789")},
	}
	for _, p := range partial {
		f.It(check.Check{
			ID: p.id, Operation: "GetObject",
			Title:  "GET with Range " + p.title + " is 206 Partial Content with Content-Range " + p.contentRange,
			Source: p.source,
		}, func(t *harness.T) {
			bucket := rangeObject(t, rangeContent)
			t.Expect(t.GetObjectWith(bucket, "ranged", http.Header{"Range": {p.rng}})).To(HavePartialContent(p.contentRange, p.body))
		})
	}

	f.It(check.Check{
		ID: "rest-object-head-range-valid", Operation: "HeadObject",
		Title:  "HEAD with Range bytes=0-3 is 206 with Content-Range, as GET",
		Source: "treeverse/lakeFS#6100 (AWS answers a valid Range on HEAD with 206); RFC 9110 §14.4",
	}, func(t *harness.T) {
		bucket := rangeObject(t, rangeContent)
		t.Expect(t.HeadObjectWith(bucket, "ranged", http.Header{"Range": {"bytes=0-3"}})).To(HavePartialContent("bytes 0-3/10", nil))
	})

	ignored := []struct{ id, what, rng, source string }{
		{"rest-object-get-range-reversed-ignored", "whose last byte comes before its first", "bytes=5-2",
			"localstack/localstack#9076 (AWS answers bytes=15-1 with the whole object); RFC 9110 §14.1.1 (an invalid range may be ignored)"},
		{"rest-object-get-range-malformed-ignored", "that is not a byte range", "bytes=abc",
			"getmoto/moto#6778 (tested against AWS: a Range S3 cannot parse is ignored, 200); scality/cloudserver#2194"},
		{"rest-object-get-range-multiple-ignored", "with two ranges", "bytes=0-1,3-4",
			"basho/riak_cs#304 (AWS answers several ranges with the whole object)"},
	}
	for _, i := range ignored {
		f.It(check.Check{
			ID: i.id, Operation: "GetObject",
			Title:  "GET with a Range " + i.what + " is 200 with the whole object, not an error",
			Source: i.source,
		}, func(t *harness.T) {
			bucket := rangeObject(t, rangeContent)
			t.Expect(t.GetObjectWith(bucket, "ranged", http.Header{"Range": {i.rng}})).To(HaveFullContent(rangeContent))
		})
	}
}

// getPart is GET /bucket/key?partNumber=n.
func getPart(t *harness.T, bucket, key string, n int) *wire.Response {
	return t.Do(wire.Request{Method: http.MethodGet, Bucket: bucket, Key: key, Query: url.Values{"partNumber": {strconv.Itoa(n)}}})
}

// partNumberErrors are GetObject's answers about parts. S3 counts an
// object not uploaded in parts as one part, so part 2 of a small object is
// past its last.
func partNumberErrors(f *harness.Family) {
	f.It(check.Check{
		ID: "rest-object-get-part-number-too-high", Operation: "GetObject",
		Title: "GET with partNumber=2 of an object written whole (one part) is refused with 416 " +
			"(AWS: InvalidPartNumber 'The requested partnumber is not satisfiable', a code the catalog lacks)",
		Source: "localstack/localstack tests/aws/services/s3/test_s3.snapshot.json (recorded from AWS: test_get_object_part part-no-multipart, " +
			"416 InvalidPartNumber with PartNumberRequested 2 and ActualPartCount 1; part-doesnt-exist); S3 API reference GetObject (partNumber)",
	}, func(t *harness.T) {
		bucket := rangeObject(t, rangeContent)
		t.Expect(getPart(t, bucket, "ranged", 2)).To(HaveStatus(http.StatusRequestedRangeNotSatisfiable))
	})
}
