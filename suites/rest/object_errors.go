package rest

import (
	. "github.com/onsi/gomega"

	. "github.com/s3errconform/s3errconform/harness"
)

const missingKey = "s3errconform-no-such-key"

func objectErrors(f *Family) {
	f.It(Check{
		ID: "rest-get-object-missing-key", Operation: "GetObject", Code: "NoSuchKey",
		Title:  "GET of a missing key is 404 NoSuchKey naming the key",
		Source: "catalog NoSuchKey; REST.md §3 (NoSuchKey carries Key)",
	}, func(t *T) {
		bucket := t.NewBucket()
		Expect(t.GetObject(bucket, missingKey)).To(HaveS3Error("NoSuchKey", Element("Key", missingKey)))
	})

	f.It(Check{
		ID: "rest-head-object-missing-key", Operation: "HeadObject", Code: "NoSuchKey",
		Title:  "HEAD of a missing key is 404 with no body and the request-id pair",
		Source: "catalog NoSuchKey; REST.md §4 (HEAD has no body); spec README decision 6",
	}, func(t *T) {
		bucket := t.NewBucket()
		Expect(t.HeadObject(bucket, missingKey)).To(HaveS3Error("NoSuchKey"))
	})

	f.It(Check{
		ID: "rest-delete-object-missing-key", Operation: "DeleteObject",
		Title:  "DELETE of a missing key succeeds with 204, it is not an error",
		Source: "REST.md §4 (DeleteObject responseCode 204; success for a missing key); spec README decision 3",
	}, func(t *T) {
		bucket := t.NewBucket()
		Expect(t.DeleteObject(bucket, missingKey)).To(HaveStatus(204))
	})

	f.It(Check{
		ID: "rest-get-object-missing-bucket", Operation: "GetObject", Code: "NoSuchBucket",
		Title:  "GET of an object in a missing bucket is 404 NoSuchBucket naming the bucket",
		Source: "catalog NoSuchBucket; REST.md §3 (NoSuchBucket carries BucketName)",
	}, func(t *T) {
		bucket := t.UniqueBucketName()
		Expect(t.GetObject(bucket, missingKey)).To(HaveS3Error("NoSuchBucket", Element("BucketName", bucket)))
	})

	f.It(Check{
		ID: "rest-put-object-missing-bucket", Operation: "PutObject", Code: "NoSuchBucket",
		Title:  "PUT of an object into a missing bucket is 404 NoSuchBucket naming the bucket",
		Source: "catalog NoSuchBucket; REST.md §3 (NoSuchBucket carries BucketName)",
	}, func(t *T) {
		bucket := t.UniqueBucketName()
		Expect(t.PutObject(bucket, missingKey, []byte("data"))).To(HaveS3Error("NoSuchBucket", Element("BucketName", bucket)))
	})

	f.It(Check{
		ID: "rest-delete-object-missing-bucket", Operation: "DeleteObject", Code: "NoSuchBucket",
		Title:  "DELETE of an object in a missing bucket is 404 NoSuchBucket naming the bucket",
		Source: "catalog NoSuchBucket; REST.md §3 (NoSuchBucket carries BucketName)",
	}, func(t *T) {
		bucket := t.UniqueBucketName()
		Expect(t.DeleteObject(bucket, missingKey)).To(HaveS3Error("NoSuchBucket", Element("BucketName", bucket)))
	})

	f.It(Check{
		ID: "rest-head-object-missing-bucket", Operation: "HeadObject", Code: "NoSuchBucket",
		Title:  "HEAD of an object in a missing bucket is 404 with no body and the request-id pair",
		Source: "catalog NoSuchBucket; REST.md §4 (HEAD has no body); spec README decision 6",
	}, func(t *T) {
		Expect(t.HeadObject(t.UniqueBucketName(), missingKey)).To(HaveS3Error("NoSuchBucket"))
	})
}
