package rest

import (
	"time"

	. "github.com/onsi/gomega"

	. "github.com/s3errconform/s3errconform/harness"
)

func authErrors(f *Family) {
	f.It(Check{
		ID: "rest-anonymous-get-object-private", Operation: "GetObject", Code: "AccessDenied",
		Title:  "Anonymous GET of an object in a private bucket is 403 AccessDenied",
		Source: "catalog AccessDenied",
	}, func(t *T) {
		bucket := t.NewBucket()
		t.NewObject(bucket, "private", []byte("secret data"))
		Expect(t.Anonymous().GetObject(bucket, "private")).To(HaveS3Error("AccessDenied"))
	})

	f.It(Check{
		ID: "rest-anonymous-put-object-private", Operation: "PutObject", Code: "AccessDenied",
		Title:  "Anonymous PUT into a private bucket is 403 AccessDenied",
		Source: "catalog AccessDenied",
	}, func(t *T) {
		bucket := t.NewBucket()
		Expect(t.Anonymous().PutObject(bucket, "intruder", []byte("x"))).To(HaveS3Error("AccessDenied"))
	})

	f.It(Check{
		ID: "rest-anonymous-list-objects-private", Operation: "ListObjectsV2", Code: "AccessDenied",
		Title:  "Anonymous listing of a private bucket is 403 AccessDenied",
		Source: "catalog AccessDenied",
	}, func(t *T) {
		bucket := t.NewBucket()
		Expect(t.Anonymous().ListObjectsV2(bucket)).To(HaveS3Error("AccessDenied"))
	})

	f.It(Check{
		ID: "rest-wrong-secret-get-object", Operation: "GetObject", Code: "SignatureDoesNotMatch",
		Title:  "GET signed with a wrong secret key is 403 SignatureDoesNotMatch with the signing details",
		Source: "catalog SignatureDoesNotMatch; REST.md §3 (AWSAccessKeyId, StringToSign, SignatureProvided, StringToSignBytes, CanonicalRequest)",
	}, func(t *T) {
		bucket := t.NewBucket()
		Expect(t.WrongSecret().GetObject(bucket, missingKey)).To(HaveS3Error("SignatureDoesNotMatch",
			Element("AWSAccessKeyId", t.Target().Identity.AccessKey),
			ElementPresent("StringToSign"), ElementPresent("SignatureProvided"),
			ElementPresent("StringToSignBytes"), ElementPresent("CanonicalRequest")))
	})

	f.It(Check{
		ID: "rest-wrong-secret-list-buckets", Operation: "ListBuckets", Code: "SignatureDoesNotMatch",
		Title:  "ListBuckets signed with a wrong secret key is 403 SignatureDoesNotMatch",
		Source: "catalog SignatureDoesNotMatch; REST.md §3 (AWSAccessKeyId)",
	}, func(t *T) {
		Expect(t.WrongSecret().ListBuckets()).To(HaveS3Error("SignatureDoesNotMatch",
			Element("AWSAccessKeyId", t.Target().Identity.AccessKey)))
	})

	f.It(Check{
		ID: "rest-unknown-access-key-get-object", Operation: "GetObject", Code: "InvalidAccessKeyId",
		Title:  "GET signed with an unknown access key is 403 InvalidAccessKeyId naming the key",
		Source: "catalog InvalidAccessKeyId; REST.md §3 (AWSAccessKeyId)",
	}, func(t *T) {
		bucket := t.NewBucket()
		unknown := t.UnknownAccessKey()
		Expect(unknown.GetObject(bucket, missingKey)).To(HaveS3Error("InvalidAccessKeyId",
			Element("AWSAccessKeyId", unknown.AccessKey())))
	})

	f.It(Check{
		ID: "rest-skewed-clock-get-object", Operation: "GetObject", Code: "RequestTimeTooSkewed",
		Title:  "GET signed 20 minutes in the past is 403 RequestTimeTooSkewed with the times involved",
		Source: "catalog RequestTimeTooSkewed; REST.md §3 (RequestTime, ServerTime, MaxAllowedSkewMilliseconds 900000)",
	}, func(t *T) {
		bucket := t.NewBucket()
		skewed := t.With(Auth{Time: time.Now().Add(-20 * time.Minute)})
		Expect(skewed.GetObject(bucket, missingKey)).To(HaveS3Error("RequestTimeTooSkewed",
			ElementPresent("RequestTime"), ElementPresent("ServerTime"),
			Element("MaxAllowedSkewMilliseconds", "900000")))
	})
}
