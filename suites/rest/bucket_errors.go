package rest

import (
	"net/http"
	"strings"

	. "github.com/onsi/gomega"

	. "github.com/s3errconform/s3errconform/harness"
)

// The AWS bucket naming rules (S3 User Guide, "General purpose bucket naming
// rules") that a bucket name can break; each is its own check.
var invalidBucketNames = []struct {
	id, rule string
	name     func(unique string) string
}{
	{"uppercase", "contains uppercase letters", strings.ToUpper},
	{"too-short", "is shorter than 3 characters", func(string) string { return "s3" }},
	{"too-long", "is longer than 63 characters", func(u string) string { return u + "-" + strings.Repeat("x", 63-len(u)) }},
	{"ip-address", "is formatted as an IP address", func(string) string { return "192.168.5.4" }},
	{"underscore", "contains an underscore", func(u string) string { return u + "_bad" }},
	{"adjacent-dots", "has two adjacent periods", func(u string) string { return u + "..bad" }},
	{"leading-hyphen", "begins with a hyphen", func(u string) string { return "-" + u }},
	{"trailing-hyphen", "ends with a hyphen", func(u string) string { return u + "-" }},
}

func bucketErrors(f *Family) {
	f.It(Check{
		ID: "rest-delete-bucket-missing", Operation: "DeleteBucket", Code: "NoSuchBucket",
		Title:  "DELETE of a missing bucket is 404 NoSuchBucket naming the bucket",
		Source: "catalog NoSuchBucket; REST.md §3 (NoSuchBucket carries BucketName)",
	}, func(t *T) {
		bucket := t.UniqueBucketName()
		Expect(t.DeleteBucket(bucket)).To(HaveS3Error("NoSuchBucket", Element("BucketName", bucket)))
	})

	f.It(Check{
		ID: "rest-head-bucket-missing", Operation: "HeadBucket", Code: "NoSuchBucket",
		Title:  "HEAD of a missing bucket is 404 with no body and the request-id pair",
		Source: "catalog NoSuchBucket; REST.md §4 (HEAD has no body); spec README decision 6",
	}, func(t *T) {
		Expect(t.HeadBucket(t.UniqueBucketName())).To(HaveS3Error("NoSuchBucket"))
	})

	f.It(Check{
		ID: "rest-list-objects-v2-missing-bucket", Operation: "ListObjectsV2", Code: "NoSuchBucket",
		Title:  "ListObjectsV2 of a missing bucket is 404 NoSuchBucket naming the bucket",
		Source: "catalog NoSuchBucket; REST.md §3 (NoSuchBucket carries BucketName)",
	}, func(t *T) {
		bucket := t.UniqueBucketName()
		Expect(t.ListObjectsV2(bucket)).To(HaveS3Error("NoSuchBucket", Element("BucketName", bucket)))
	})

	f.It(Check{
		ID: "rest-list-objects-missing-bucket", Operation: "ListObjects", Code: "NoSuchBucket",
		Title:  "ListObjects (v1) of a missing bucket is 404 NoSuchBucket naming the bucket",
		Source: "catalog NoSuchBucket; REST.md §3 (NoSuchBucket carries BucketName)",
	}, func(t *T) {
		bucket := t.UniqueBucketName()
		Expect(t.Do(Request{Method: http.MethodGet, Bucket: bucket})).To(HaveS3Error("NoSuchBucket", Element("BucketName", bucket)))
	})

	f.It(Check{
		ID: "rest-delete-bucket-not-empty", Operation: "DeleteBucket", Code: "BucketNotEmpty",
		Title:  "DELETE of a bucket holding an object is 409 BucketNotEmpty and deletes nothing",
		Source: "catalog BucketNotEmpty; REST.md §4 (DeleteBucket on a non-empty bucket)",
	}, func(t *T) {
		bucket := t.NewBucket()
		t.NewObject(bucket, "kept", []byte("still here"))
		Expect(t.DeleteBucket(bucket)).To(HaveS3Error("BucketNotEmpty"))
		Expect(t.HeadObject(bucket, "kept")).To(HaveStatus(http.StatusOK), "the bucket and its object must survive")
	})

	f.It(Check{
		ID: "rest-create-bucket-already-owned", Operation: "CreateBucket", Code: "BucketAlreadyOwnedByYou",
		Title:  "CreateBucket of a bucket you own is 409 BucketAlreadyOwnedByYou, except 200 in us-east-1",
		Source: "catalog BucketAlreadyOwnedByYou (notes: 200 OK in us-east-1); REST.md §3 (BucketName), §4",
	}, func(t *T) {
		bucket := t.NewBucket()
		resp := t.CreateBucket(bucket)
		if t.Target().Region == "us-east-1" {
			Expect(resp).To(HaveStatus(http.StatusOK))
			return
		}
		Expect(resp).To(HaveS3Error("BucketAlreadyOwnedByYou", Element("BucketName", bucket)))
	})

	for _, n := range invalidBucketNames {
		f.It(Check{
			ID: "rest-create-bucket-invalid-name-" + n.id, Operation: "CreateBucket", Code: "InvalidBucketName",
			Title:  "CreateBucket with a name that " + n.rule + " is 400 InvalidBucketName",
			Source: "catalog InvalidBucketName; AWS S3 User Guide, general purpose bucket naming rules",
		}, func(t *T) {
			Expect(t.CreateBucket(n.name(t.UniqueBucketName()))).To(HaveS3Error("InvalidBucketName"))
		})
	}
}
