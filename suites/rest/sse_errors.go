package rest

import (
	"crypto/md5"
	"encoding/base64"
	"net/http"

	"github.com/s3errconform/s3errconform/harness"
	"github.com/s3errconform/s3errconform/harness/check"
	. "github.com/s3errconform/s3errconform/harness/judge"
)

// sseCKey is a 32-byte SSE-C customer key: a fixed test value, no secret.
var sseCKey = []byte("s3errconform-sse-c-customer-key!")

// sseCHeaders are the SSE-C headers for key, with its MD5 as sent.
func sseCHeaders(key []byte) http.Header {
	sum := md5.Sum(key)
	return http.Header{
		"X-Amz-Server-Side-Encryption-Customer-Algorithm": {"AES256"},
		"X-Amz-Server-Side-Encryption-Customer-Key":       {base64.StdEncoding.EncodeToString(key)},
		"X-Amz-Server-Side-Encryption-Customer-Key-Md5":   {base64.StdEncoding.EncodeToString(sum[:])},
	}
}

const sseCSource = "localstack/localstack tests/aws/services/s3/test_s3.snapshot.json (recorded from AWS: TestS3SSECEncryption::test_put_object_validation_sse_c, "

// sseErrors: SSE-C headers S3 refuses. AWS names x-amz-server-side-encryption
// as the argument whichever SSE-C header is wrong. S3 refuses SSE-C over
// plain HTTP (InvalidRequest), so these checks need the sse-c capability,
// which a target reached over http declares unsupported.
func sseErrors(f *harness.Family) {
	cases := []struct {
		id, what, record string
		header           func() http.Header
		elements         []ElementExpectation
	}{
		{"rest-sse-c-with-server-side-encryption", "SSE-C headers and x-amz-server-side-encryption: AES256", "put-obj-sse-c-both-encryption",
			func() http.Header {
				h := sseCHeaders(sseCKey)
				h.Set("X-Amz-Server-Side-Encryption", "AES256")
				return h
			}, []ElementExpectation{Element("ArgumentName", "x-amz-server-side-encryption"), Element("ArgumentValue", "AES256")}},
		{"rest-sse-c-wrong-key-md5", "an SSE-C key MD5 that is another key's", "put-obj-sse-c-bad-md5",
			func() http.Header {
				h := sseCHeaders(sseCKey)
				h.Set("X-Amz-Server-Side-Encryption-Customer-Key-Md5", sseCHeaders([]byte("s3errconform-another-32-byte-key"))["X-Amz-Server-Side-Encryption-Customer-Key-Md5"][0])
				return h
			}, []ElementExpectation{Element("ArgumentName", "x-amz-server-side-encryption")}},
		{"rest-sse-c-key-without-algorithm", "an SSE-C key and its MD5 but no algorithm", "put-obj-sse-c-no-algo",
			func() http.Header {
				h := sseCHeaders(sseCKey)
				h.Del("X-Amz-Server-Side-Encryption-Customer-Algorithm")
				return h
			}, []ElementExpectation{Element("ArgumentName", "x-amz-server-side-encryption")}},
	}
	for _, c := range cases {
		f.It(check.Check{
			ID: c.id, Operation: "PutObject", Code: "InvalidArgument", Capabilities: []string{"sse-c"},
			Title:  "PutObject with " + c.what + " is 400 InvalidArgument naming x-amz-server-side-encryption",
			Source: sseCSource + c.record + "); catalog InvalidArgument; S3 User Guide, SSE-C (HTTPS only)",
		}, func(t *harness.T) {
			bucket := t.NewBucket()
			t.Expect(t.PutObjectWith(bucket, "encrypted", []byte("data"), c.header())).To(HaveS3Error("InvalidArgument", c.elements...))
		})
	}
	f.It(check.Check{
		ID: "rest-sse-c-wrong-algorithm", Operation: "PutObject", Code: "InvalidEncryptionAlgorithmError", Capabilities: []string{"sse-c"},
		Title:  "PutObject with an SSE-C algorithm other than AES256 is 400 InvalidEncryptionAlgorithmError naming x-amz-server-side-encryption and the value",
		Source: sseCSource + "put-obj-sse-c-wrong-algo: ArgumentValue KMS); catalog InvalidEncryptionAlgorithmError",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		h := sseCHeaders(sseCKey)
		h.Set("X-Amz-Server-Side-Encryption-Customer-Algorithm", "KMS")
		t.Expect(t.PutObjectWith(bucket, "encrypted", []byte("data"), h)).To(HaveS3Error("InvalidEncryptionAlgorithmError",
			Element("ArgumentName", "x-amz-server-side-encryption"), Element("ArgumentValue", "KMS")))
	})
}
