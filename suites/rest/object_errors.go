package rest

import (
	"crypto/md5"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/s3errconform/s3errconform/harness"
	"github.com/s3errconform/s3errconform/harness/check"
	. "github.com/s3errconform/s3errconform/harness/judge"
	"github.com/s3errconform/s3errconform/harness/wire"
)

const missingKey = "s3errconform-no-such-key"

func objectErrors(f *harness.Family) {
	objectMissingResources(f)
	objectWriteLimits(f)
	objectCopyErrors(f)
	objectTaggingErrors(f)
	f.It(check.Check{
		ID: "rest-get-object-missing-key", Operation: "GetObject", Code: "NoSuchKey",
		Title:  "GET of a missing key is 404 NoSuchKey naming the key",
		Source: "catalog NoSuchKey; REST.md §3 (NoSuchKey carries Key)",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		t.Expect(t.GetObject(bucket, missingKey)).To(HaveS3Error("NoSuchKey", Element("Key", missingKey)))
	})

	f.It(check.Check{
		ID: "rest-head-object-missing-key", Operation: "HeadObject", Code: "NoSuchKey",
		Title:  "HEAD of a missing key is 404 with no body and the request-id pair",
		Source: "catalog NoSuchKey; REST.md §4 (HEAD has no body); spec README decision 6",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		t.Expect(t.HeadObject(bucket, missingKey)).To(HaveS3Error("NoSuchKey"))
	})

	f.It(check.Check{
		ID: "rest-delete-object-missing-key", Operation: "DeleteObject",
		Title:  "DELETE of a missing key succeeds with 204, it is not an error",
		Source: "REST.md §4 (DeleteObject responseCode 204; success for a missing key); spec README decision 3",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		t.Expect(t.DeleteObject(bucket, missingKey)).To(HaveStatus(204))
	})

	f.It(check.Check{
		ID: "rest-get-object-missing-bucket", Operation: "GetObject", Code: "NoSuchBucket",
		Title:  "GET of an object in a missing bucket is 404 NoSuchBucket naming the bucket",
		Source: "catalog NoSuchBucket; REST.md §3 (NoSuchBucket carries BucketName)",
	}, func(t *harness.T) {
		bucket := t.UniqueBucketName()
		t.Expect(t.GetObject(bucket, missingKey)).To(HaveS3Error("NoSuchBucket", Element("BucketName", bucket)))
	})

	f.It(check.Check{
		ID: "rest-put-object-missing-bucket", Operation: "PutObject", Code: "NoSuchBucket",
		Title:  "PUT of an object into a missing bucket is 404 NoSuchBucket naming the bucket",
		Source: "catalog NoSuchBucket; REST.md §3 (NoSuchBucket carries BucketName)",
	}, func(t *harness.T) {
		bucket := t.UniqueBucketName()
		t.Expect(t.PutObject(bucket, missingKey, []byte("data"))).To(HaveS3Error("NoSuchBucket", Element("BucketName", bucket)))
	})

	f.It(check.Check{
		ID: "rest-delete-object-missing-bucket", Operation: "DeleteObject", Code: "NoSuchBucket",
		Title:  "DELETE of an object in a missing bucket is 404 NoSuchBucket naming the bucket",
		Source: "catalog NoSuchBucket; REST.md §3 (NoSuchBucket carries BucketName)",
	}, func(t *harness.T) {
		bucket := t.UniqueBucketName()
		t.Expect(t.DeleteObject(bucket, missingKey)).To(HaveS3Error("NoSuchBucket", Element("BucketName", bucket)))
	})

	f.It(check.Check{
		ID: "rest-head-object-missing-bucket", Operation: "HeadObject", Code: "NoSuchBucket",
		Title:  "HEAD of an object in a missing bucket is 404 with no body and the request-id pair",
		Source: "catalog NoSuchBucket; REST.md §4 (HEAD has no body); spec README decision 6",
	}, func(t *harness.T) {
		t.Expect(t.HeadObject(t.UniqueBucketName(), missingKey)).To(HaveS3Error("NoSuchBucket"))
	})
}

// Operations on a missing key of an existing bucket, and on a missing
// bucket, that S3 answers with NoSuchKey and NoSuchBucket.
var (
	missingKeyOps = []struct {
		id, operation, title, source string
		capabilities                 []string
		send                         func(t *harness.T, bucket string) *wire.Response
	}{
		{"rest-object-get-part-number-missing-key", "GetObject", "GET with partNumber=1 of a missing key is 404 NoSuchKey naming the key",
			"catalog NoSuchKey; REST.md §3 (Key); S3 API reference GetObject (partNumber; NoSuchKey when the key does not exist)", nil,
			func(t *harness.T, b string) *wire.Response { return getPart(t, b, missingKey, 1) }},
		{"rest-object-get-acl-missing-key", "GetObjectAcl", "GetObjectAcl of a missing key is 404 NoSuchKey naming the key",
			"catalog NoSuchKey; REST.md §3 (Key); S3 API model (service-2.json): GetObjectAcl errors NoSuchKey", []string{"acl"},
			func(t *harness.T, b string) *wire.Response { return t.GetObjectACL(b, missingKey) }},
		{"rest-object-put-acl-missing-key", "PutObjectAcl", "PutObjectAcl of a missing key is 404 NoSuchKey naming the key",
			"catalog NoSuchKey; REST.md §3 (Key); S3 API model: PutObjectAcl errors NoSuchKey; getmoto/moto#3777 (S3 answers 404 NoSuchKey)", []string{"acl"},
			func(t *harness.T, b string) *wire.Response { return t.PutObjectACL(b, missingKey, "private") }},
		{"rest-object-get-tagging-missing-key", "GetObjectTagging", "GetObjectTagging of a missing key is 404 NoSuchKey naming the key",
			"catalog NoSuchKey; REST.md §3 (Key); ceph/ceph#46615 and getmoto/moto#9422 (NoSuchKey for the tagging of a missing object, as AWS)", []string{"tagging"},
			func(t *harness.T, b string) *wire.Response { return t.GetObjectTagging(b, missingKey) }},
		{"rest-object-put-tagging-missing-key", "PutObjectTagging", "PutObjectTagging of a missing key is 404 NoSuchKey naming the key",
			"catalog NoSuchKey; REST.md §3 (Key); getmoto/moto#9422 (PutObjectTagging of a missing object is NoSuchKey, as AWS)", []string{"tagging"},
			func(t *harness.T, b string) *wire.Response {
				return t.PutObjectTagging(b, missingKey, harness.Tag{Key: "k", Value: "v"})
			}},
		{"rest-object-get-range-missing-key", "GetObject", "a ranged GET of a missing key is 404 NoSuchKey naming the key, not a range error",
			"catalog NoSuchKey; REST.md §3 (Key): the key's absence is judged before the Range header", nil,
			func(t *harness.T, b string) *wire.Response {
				return t.GetObjectWith(b, missingKey, http.Header{"Range": {"bytes=0-9"}})
			}},
	}
	missingBucketObjectOps = []struct {
		id, operation, title string
		capabilities         []string
		send                 func(t *harness.T, bucket string) *wire.Response
	}{
		{"rest-object-get-acl-missing-bucket", "GetObjectAcl", "GetObjectAcl in a missing bucket is 404 NoSuchBucket naming the bucket", []string{"acl"},
			func(t *harness.T, b string) *wire.Response { return t.GetObjectACL(b, missingKey) }},
		{"rest-object-put-acl-missing-bucket", "PutObjectAcl", "PutObjectAcl in a missing bucket is 404 NoSuchBucket naming the bucket", []string{"acl"},
			func(t *harness.T, b string) *wire.Response { return t.PutObjectACL(b, missingKey, "private") }},
		{"rest-object-get-tagging-missing-bucket", "GetObjectTagging", "GetObjectTagging in a missing bucket is 404 NoSuchBucket naming the bucket", []string{"tagging"},
			func(t *harness.T, b string) *wire.Response { return t.GetObjectTagging(b, missingKey) }},
		{"rest-object-put-tagging-missing-bucket", "PutObjectTagging", "PutObjectTagging in a missing bucket is 404 NoSuchBucket naming the bucket", []string{"tagging"},
			func(t *harness.T, b string) *wire.Response {
				return t.PutObjectTagging(b, missingKey, harness.Tag{Key: "k", Value: "v"})
			}},
	}
)

func objectMissingResources(f *harness.Family) {
	for _, op := range missingKeyOps {
		f.It(check.Check{
			ID: op.id, Operation: op.operation, Code: "NoSuchKey", Capabilities: op.capabilities,
			Title: op.title, Source: op.source,
		}, func(t *harness.T) {
			bucket := t.NewBucket()
			t.Expect(op.send(t, bucket)).To(HaveS3Error("NoSuchKey", Element("Key", missingKey)))
		})
	}
	for _, op := range missingBucketObjectOps {
		f.It(check.Check{
			ID: op.id, Operation: op.operation, Code: "NoSuchBucket", Capabilities: op.capabilities,
			Title: op.title, Source: "catalog NoSuchBucket; REST.md §3 (NoSuchBucket carries BucketName)",
		}, func(t *harness.T) {
			bucket := t.UniqueBucketName()
			t.Expect(op.send(t, bucket)).To(HaveS3Error("NoSuchBucket", Element("BucketName", bucket)))
		})
	}
}

// contentMD5 is the Content-MD5 header value of body.
func contentMD5(body []byte) string {
	sum := md5.Sum(body)
	return base64.StdEncoding.EncodeToString(sum[:])
}

func objectWriteLimits(f *harness.Family) {
	keyTooLong := []struct{ id, what, key, source string }{
		{"rest-object-put-key-too-long", "1025 bytes", strings.Repeat("k", 1025),
			"catalog KeyTooLongError; REST.md §3 (Size, MaxSizeAllowed 1024: flowwer-dev/pull-request-stats#33)"},
		{"rest-object-put-key-too-long-multibyte", "1026 UTF-8 bytes in 513 characters", strings.Repeat("é", 513),
			"catalog KeyTooLongError; REST.md §3; S3 User Guide, Naming objects (a key's UTF-8 encoding is at most 1,024 bytes long)"},
	}
	for _, k := range keyTooLong {
		f.It(check.Check{
			ID: k.id, Operation: "PutObject", Code: "KeyTooLongError",
			Title:  "PutObject with a key of " + k.what + " is 400 KeyTooLongError with the size limit",
			Source: k.source,
		}, func(t *harness.T) {
			bucket := t.NewBucket()
			t.Expect(t.PutObject(bucket, k.key, []byte("data"))).To(HaveS3Error("KeyTooLongError",
				ElementPresent("Size"), Element("MaxSizeAllowed", "1024")))
		})
	}

	f.It(check.Check{
		ID: "rest-object-put-metadata-too-large", Operation: "PutObject", Code: "MetadataTooLarge",
		Title:  "PutObject with 4 KB of user metadata (the limit is 2 KB) is 400 MetadataTooLarge",
		Source: "catalog MetadataTooLarge; REST.md §3 (Size, MaxSizeAllowed: versity/versitygw#2086); S3 User Guide, Working with object metadata (2 KB); treeverse/lakeFS#9728 (S3 rejects 2100 bytes)",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		header := http.Header{"X-Amz-Meta-S3errconform": {strings.Repeat("m", 4000)}}
		t.Expect(t.PutObjectWith(bucket, "big-metadata", []byte("data"), header)).To(HaveS3Error("MetadataTooLarge",
			ElementPresent("Size"), ElementPresent("MaxSizeAllowed")))
	})

	f.It(check.Check{
		ID: "rest-object-put-invalid-storage-class", Operation: "PutObject", Code: "InvalidStorageClass",
		Title:  "PutObject with an unknown x-amz-storage-class is 400 InvalidStorageClass",
		Source: "catalog InvalidStorageClass (s3tools/s3cmd#630, peak/s5cmd#163); S3 API reference PutObject (x-amz-storage-class values)",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		header := http.Header{"X-Amz-Storage-Class": {"S3ERRCONFORM_NO_SUCH_CLASS"}}
		t.Expect(t.PutObjectWith(bucket, "classy", []byte("data"), header)).To(HaveS3Error("InvalidStorageClass"))
	})

	f.It(check.Check{
		ID: "rest-object-get-archived", Operation: "GetObject", Code: "InvalidObjectState",
		Capabilities: []string{"archive-storage"},
		Title:        "GetObject of a GLACIER object that was not restored is 403 InvalidObjectState",
		Source:       "catalog InvalidObjectState (counsyl/stor#38); S3 API reference GetObject (an archived object must be restored first: InvalidObjectState)",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		t.NewObjectWith(bucket, "frozen", []byte("data"), http.Header{"X-Amz-Storage-Class": {"GLACIER"}})
		t.Expect(t.GetObject(bucket, "frozen")).To(HaveS3Error("InvalidObjectState"))
	})

	invalidDigests := []struct{ id, what, value, source string }{
		{"rest-object-put-malformed-md5", "is not base64", "s3errconform-not-base64",
			"catalog InvalidDigest; REST.md §3 (Content-MD5 echoes the header: versity/versitygw#1526)"},
		{"rest-object-put-short-md5", "decodes to 11 bytes, not an MD5", "YWJyYWNhZGFicmE=",
			"catalog InvalidDigest; REST.md §3; ceph/s3-tests test_object_create_bad_md5_invalid_short"},
	}
	for _, d := range invalidDigests {
		f.It(check.Check{
			ID: d.id, Operation: "PutObject", Code: "InvalidDigest",
			Title:  "PutObject with a Content-MD5 that " + d.what + " is 400 InvalidDigest echoing it",
			Source: d.source,
		}, func(t *harness.T) {
			bucket := t.NewBucket()
			header := http.Header{"Content-Md5": {d.value}}
			t.Expect(t.PutObjectWith(bucket, "digest", []byte("data"), header)).To(HaveS3Error("InvalidDigest", Element("Content-MD5", d.value)))
		})
	}

	f.It(check.Check{
		ID: "rest-object-put-empty-md5", Operation: "PutObject", Code: "InvalidDigest",
		Title:  "PutObject with an empty Content-MD5 header is 400 InvalidDigest",
		Source: "catalog InvalidDigest; ceph/s3-tests test_object_create_bad_md5_empty",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		t.Expect(t.PutObjectWith(bucket, "digest", []byte("data"), http.Header{"Content-Md5": {""}})).To(HaveS3Error("InvalidDigest"))
	})

	f.It(check.Check{
		ID: "rest-object-put-md5-mismatch", Operation: "PutObject", Code: "BadDigest",
		Title:  "PutObject whose Content-MD5 is another body's is 400 BadDigest with the digest it calculated",
		Source: "catalog BadDigest; REST.md §3 (ExpectedDigest, CalculatedDigest: basho/riak_cs#624); ceph/s3-tests test_object_create_bad_md5_bad",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		body := []byte("the body sent")
		header := http.Header{"Content-Md5": {contentMD5([]byte("another body"))}}
		t.Expect(t.PutObjectWith(bucket, "digest", body, header)).To(HaveS3Error("BadDigest",
			ElementPresent("ExpectedDigest"), Element("CalculatedDigest", contentMD5(body))))
	})
}

func objectCopyErrors(f *harness.Family) {
	f.It(check.Check{
		ID: "rest-object-copy-missing-source-key", Operation: "CopyObject", Code: "NoSuchKey",
		Title:  "CopyObject from a missing source key is 404 NoSuchKey",
		Source: "catalog NoSuchKey; REST.md §3 (Key); boto/boto3#996 (AWS: NoSuchKey when calling the CopyObject operation)",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		t.Expect(t.CopyObject(bucket, "copy", harness.CopySource(bucket, missingKey), nil)).To(HaveS3Error("NoSuchKey", ElementPresent("Key"), About(bucket, missingKey)))
	})

	f.It(check.Check{
		ID: "rest-object-copy-missing-source-bucket", Operation: "CopyObject", Code: "NoSuchBucket",
		Title: "CopyObject from a source bucket that exists nowhere is 404 NoSuchBucket naming the source bucket",
		Source: "catalog NoSuchBucket; REST.md §3 (BucketName); basho/riak_cs#1169 (AWS answer to a copy from a nonexistent source bucket); " +
			"ceph/ceph#43817 (UploadPartCopy likewise). scality/cloudserver#558 saw AccessDenied, most likely for a name another account owns",
	}, func(t *harness.T) {
		bucket, source := t.NewBucket(), t.UniqueBucketName()
		t.Expect(t.CopyObject(bucket, "copy", harness.CopySource(source, "source"), nil)).To(HaveS3Error("NoSuchBucket", Element("BucketName", source), About(source, "source")))
	})

	f.It(check.Check{
		ID: "rest-object-copy-missing-destination-bucket", Operation: "CopyObject", Code: "NoSuchBucket",
		Title:  "CopyObject into a missing bucket is 404 NoSuchBucket naming the destination bucket",
		Source: "catalog NoSuchBucket; REST.md §3 (NoSuchBucket carries BucketName)",
	}, func(t *harness.T) {
		source := t.NewBucket()
		t.NewObject(source, "source", []byte("data"))
		destination := t.UniqueBucketName()
		t.Expect(t.CopyObject(destination, "copy", harness.CopySource(source, "source"), nil)).To(HaveS3Error("NoSuchBucket", Element("BucketName", destination)))
	})

	f.It(check.Check{
		ID: "rest-object-copy-onto-itself", Operation: "CopyObject", Code: "InvalidRequest",
		Title:  "CopyObject of an object onto itself changing nothing is 400 InvalidRequest",
		Source: "catalog InvalidRequest (message varies per cause); ceph/s3-tests test_object_copy_to_itself",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		t.NewObject(bucket, "self", []byte("data"))
		t.Expect(t.CopyObject(bucket, "self", harness.CopySource(bucket, "self"), nil)).To(HaveS3Error("InvalidRequest"))
	})

	f.It(check.Check{
		ID: "rest-object-copy-onto-itself-replace", Operation: "CopyObject",
		Title:  "CopyObject of an object onto itself with x-amz-metadata-directive REPLACE succeeds: it is how metadata changes",
		Source: "S3 API reference CopyObject (x-amz-metadata-directive REPLACE); the InvalidRequest text: illegal only 'without changing the object's metadata'",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		t.NewObject(bucket, "self", []byte("data"))
		header := http.Header{"X-Amz-Metadata-Directive": {"REPLACE"}, "X-Amz-Meta-Colour": {"blue"}}
		t.Expect(t.CopyObject(bucket, "self", harness.CopySource(bucket, "self"), header)).To(HaveDocument(http.StatusOK, "CopyObjectResult"))
	})
}

func objectTaggingErrors(f *harness.Family) {
	tagging := []string{"tagging"}
	invalidTags := []struct {
		id, what, source string
		tag              harness.Tag
	}{
		{"rest-object-put-tagging-key-too-long", "a key of 129 characters (the limit is 128)", "catalog InvalidTag; ceph/s3-tests test_put_excess_key_tags",
			harness.Tag{Key: strings.Repeat("k", 129), Value: "v"}},
		{"rest-object-put-tagging-value-too-long", "a value of 257 characters (the limit is 256)", "catalog InvalidTag; ceph/s3-tests test_put_excess_val_tags",
			harness.Tag{Key: "k", Value: strings.Repeat("v", 257)}},
	}
	for _, it := range invalidTags {
		f.It(check.Check{
			ID: it.id, Operation: "PutObjectTagging", Code: "InvalidTag", Capabilities: tagging,
			Title: "PutObjectTagging with " + it.what + " is 400 InvalidTag", Source: it.source,
		}, func(t *harness.T) {
			bucket := t.NewBucket()
			t.NewObject(bucket, "tagged", []byte("data"))
			t.Expect(t.PutObjectTagging(bucket, "tagged", it.tag)).To(HaveS3Error("InvalidTag"))
		})
	}

	// More than 10 tags: AWS answers 400 with the code BadRequest, which
	// the error catalog lacks, so these checks judge the status.
	const tooManyTags = "AWS: BadRequest 'Object tags cannot be greater than 10', a code the catalog lacks"
	eleven := make([]harness.Tag, 11)
	for i := range eleven {
		eleven[i] = harness.Tag{Key: fmt.Sprintf("k%d", i), Value: "v"}
	}
	f.It(check.Check{
		ID: "rest-object-put-tagging-too-many", Operation: "PutObjectTagging", Capabilities: tagging,
		Title: "PutObjectTagging with 11 tags (the limit is 10) is refused with 400 (" + tooManyTags + ")",
		Source: "boto/boto3#1213 and hashicorp/terraform-provider-aws#42073 (AWS: 400 BadRequest 'Object tags cannot be greater than 10'); " +
			"ceph/s3-tests test_put_excess_tags (400); S3 User Guide, Categorizing your storage using tags (10 tags per object)",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		t.NewObject(bucket, "tagged", []byte("data"))
		t.Expect(t.PutObjectTagging(bucket, "tagged", eleven...)).To(HaveStatus(http.StatusBadRequest))
	})

	f.It(check.Check{
		ID: "rest-object-put-header-too-many-tags", Operation: "PutObject", Capabilities: tagging,
		Title: "PutObject with 11 tags in x-amz-tagging (the limit is 10) is refused with 400 (" + tooManyTags + ")",
		Source: "hashicorp/terraform-provider-aws#19895 and NOAA-OWP/hydrovis#1003 (AWS answer to PutObject with more than 10 tags: 400 BadRequest " +
			"'Object tags cannot be greater than 10'); S3 User Guide, Categorizing your storage using tags",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		tags := url.Values{}
		for _, tag := range eleven {
			tags.Set(tag.Key, tag.Value)
		}
		t.Expect(t.PutObjectWith(bucket, "tagged", []byte("data"), http.Header{"X-Amz-Tagging": {tags.Encode()}})).To(HaveStatus(http.StatusBadRequest))
	})

	f.It(check.Check{
		ID: "rest-object-put-tagging-malformed-xml", Operation: "PutObjectTagging", Code: "MalformedXML", Capabilities: tagging,
		Title:  "PutObjectTagging with a body that is not well-formed XML is 400 MalformedXML",
		Source: "catalog MalformedXML (the XML was not well-formed)",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		t.NewObject(bucket, "tagged", []byte("data"))
		t.Expect(t.PutObjectTaggingBody(bucket, "tagged", []byte("<Tagging><TagSet>"))).To(HaveS3Error("MalformedXML"))
	})

	f.It(check.Check{
		ID: "rest-object-get-tagging-untagged", Operation: "GetObjectTagging", Capabilities: tagging,
		Title:  "GetObjectTagging of an object without tags is 200 with an empty TagSet, not NoSuchTagSet",
		Source: "versity/versitygw#1686 (AWS answers 200 with <Tagging><TagSet/></Tagging>)",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		t.NewObject(bucket, "untagged", []byte("data"))
		t.Expect(t.GetObjectTagging(bucket, "untagged")).To(HaveDocument(http.StatusOK, "Tagging"))
	})
}
