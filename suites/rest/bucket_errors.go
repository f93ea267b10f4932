package rest

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/s3errconform/s3errconform/harness"
	"github.com/s3errconform/s3errconform/harness/check"
	. "github.com/s3errconform/s3errconform/harness/judge"
	"github.com/s3errconform/s3errconform/harness/wire"
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

// maxBucketsToFill bounds how many buckets the TooManyBuckets check creates
// to reach the target's bucket_limit.
const maxBucketsToFill = 1000

func bucketErrors(f *harness.Family) {
	bucketMissingConfigErrors(f)
	f.It(check.Check{
		ID: "rest-create-bucket-over-limit", Operation: "CreateBucket", Code: "TooManyBuckets",
		Capabilities: []string{"bucket-limit"}, Serial: true,
		Title: "CreateBucket by an account that has its bucket_limit of buckets is 400 TooManyBuckets",
		Source: "catalog TooManyBuckets (AWS wire text in milliHQ/terraform-aws-next-js#15, opstrace/opstrace#1142); " +
			"S3 User Guide, bucket quotas (an account's limit; 100 until 2024, 10,000 since)",
	}, func(t *harness.T) {
		list := t.Setup(wire.Request{Method: http.MethodGet}, http.StatusOK)
		toFill := t.Target().BucketLimit - strings.Count(string(list.Body), "<Bucket>")
		t.SkipUnless(toFill >= 0 && toFill <= maxBucketsToFill,
			fmt.Sprintf("reaching bucket_limit %d would take %d new buckets; the check creates between 0 and %d", t.Target().BucketLimit, toFill, maxBucketsToFill))
		for range toFill {
			t.NewBucket()
		}
		t.Expect(t.CreateBucket(t.UniqueBucketName())).To(HaveS3Error("TooManyBuckets"))
	})

	f.It(check.Check{
		ID: "rest-delete-bucket-missing", Operation: "DeleteBucket", Code: "NoSuchBucket",
		Title:  "DELETE of a missing bucket is 404 NoSuchBucket naming the bucket",
		Source: "catalog NoSuchBucket; REST.md §3 (NoSuchBucket carries BucketName)",
	}, func(t *harness.T) {
		bucket := t.UniqueBucketName()
		t.Expect(t.DeleteBucket(bucket)).To(HaveS3Error("NoSuchBucket", Element("BucketName", bucket)))
	})

	f.It(check.Check{
		ID: "rest-head-bucket-missing", Operation: "HeadBucket", Code: "NoSuchBucket",
		Title:  "HEAD of a missing bucket is 404 with no body and the request-id pair",
		Source: "catalog NoSuchBucket; REST.md §4 (HEAD has no body); spec README decision 6",
	}, func(t *harness.T) {
		t.Expect(t.HeadBucket(t.UniqueBucketName())).To(HaveS3Error("NoSuchBucket"))
	})

	f.It(check.Check{
		ID: "rest-list-objects-v2-missing-bucket", Operation: "ListObjectsV2", Code: "NoSuchBucket",
		Title:  "ListObjectsV2 of a missing bucket is 404 NoSuchBucket naming the bucket",
		Source: "catalog NoSuchBucket; REST.md §3 (NoSuchBucket carries BucketName)",
	}, func(t *harness.T) {
		bucket := t.UniqueBucketName()
		t.Expect(t.ListObjectsV2(bucket)).To(HaveS3Error("NoSuchBucket", Element("BucketName", bucket)))
	})

	f.It(check.Check{
		ID: "rest-list-objects-missing-bucket", Operation: "ListObjects", Code: "NoSuchBucket",
		Title:  "ListObjects (v1) of a missing bucket is 404 NoSuchBucket naming the bucket",
		Source: "catalog NoSuchBucket; REST.md §3 (NoSuchBucket carries BucketName)",
	}, func(t *harness.T) {
		bucket := t.UniqueBucketName()
		t.Expect(t.Do(wire.Request{Method: http.MethodGet, Bucket: bucket})).To(HaveS3Error("NoSuchBucket", Element("BucketName", bucket)))
	})

	f.It(check.Check{
		ID: "rest-delete-bucket-not-empty", Operation: "DeleteBucket", Code: "BucketNotEmpty",
		Title:  "DELETE of a bucket holding an object is 409 BucketNotEmpty and deletes nothing",
		Source: "catalog BucketNotEmpty; REST.md §4 (DeleteBucket on a non-empty bucket)",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		t.NewObject(bucket, "kept", []byte("still here"))
		t.Expect(t.DeleteBucket(bucket)).To(HaveS3Error("BucketNotEmpty"))
		t.Expect(t.HeadObject(bucket, "kept")).To(HaveStatus(http.StatusOK), "the bucket and its object must survive")
	})

	f.It(check.Check{
		ID: "rest-create-bucket-already-owned", Operation: "CreateBucket", Code: "BucketAlreadyOwnedByYou",
		Title:  "CreateBucket of a bucket you own is 409 BucketAlreadyOwnedByYou, except 200 in us-east-1",
		Source: "catalog BucketAlreadyOwnedByYou (notes: 200 OK in us-east-1); REST.md §3 (BucketName), §4",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		resp := t.CreateBucket(bucket)
		if t.Target().Region == "us-east-1" {
			t.Expect(resp).To(HaveStatus(http.StatusOK))
			return
		}
		t.Expect(resp).To(HaveS3Error("BucketAlreadyOwnedByYou", Element("BucketName", bucket)))
	})

	for _, n := range invalidBucketNames {
		f.It(check.Check{
			ID: "rest-create-bucket-invalid-name-" + n.id, Operation: "CreateBucket", Code: "InvalidBucketName",
			Title:  "CreateBucket with a name that " + n.rule + " is 400 InvalidBucketName",
			Source: "catalog InvalidBucketName; AWS S3 User Guide, general purpose bucket naming rules",
		}, func(t *harness.T) {
			// Some names cannot carry the run ID: claimed first, so that a
			// bucket the server wrongly creates is deleted, and another's never.
			t.Expect(t.CreateBucket(t.ClaimBucketName(n.name(t.UniqueBucketName())))).To(HaveS3Error("InvalidBucketName"))
		})
	}
}

// Bucket configuration operations S3 answers NoSuchBucket for when the
// bucket does not exist; every bucket operation looks the bucket up first.
var missingBucketConfigOps = []struct {
	sub, capability string
	// operations by method; "" where S3 has no such operation.
	get, put, del string
}{
	{harness.SubPolicy, "policy", "GetBucketPolicy", "PutBucketPolicy", "DeleteBucketPolicy"},
	{harness.SubCORS, "cors", "GetBucketCors", "PutBucketCors", "DeleteBucketCors"},
	{harness.SubLifecycle, "lifecycle", "GetBucketLifecycleConfiguration", "PutBucketLifecycleConfiguration", "DeleteBucketLifecycle"},
	{harness.SubTagging, "tagging", "GetBucketTagging", "PutBucketTagging", "DeleteBucketTagging"},
	{harness.SubWebsite, "website", "GetBucketWebsite", "PutBucketWebsite", "DeleteBucketWebsite"},
	{harness.SubEncryption, "encryption", "GetBucketEncryption", "PutBucketEncryption", "DeleteBucketEncryption"},
	{harness.SubOwnership, "ownership", "GetBucketOwnershipControls", "PutBucketOwnershipControls", "DeleteBucketOwnershipControls"},
	{harness.SubReplicate, "replication", "GetBucketReplication", "PutBucketReplication", "DeleteBucketReplication"},
	{harness.SubObjectLock, "object-lock", "GetObjectLockConfiguration", "PutObjectLockConfiguration", ""},
	{harness.SubACL, "acl", "GetBucketAcl", "PutBucketAcl", ""},
	{harness.SubLogging, "logging", "GetBucketLogging", "PutBucketLogging", ""},
	{harness.SubNotify, "notification", "GetBucketNotificationConfiguration", "PutBucketNotificationConfiguration", ""},
	{harness.SubLocation, "", "GetBucketLocation", "", ""},
}

const missingBucketSource = "catalog NoSuchBucket (electron/apps#2157, awslabs/amazon-pollexy#7); REST.md §3 (NoSuchBucket carries BucketName)"

// idSlug turns an operation name into the words of a check ID.
func idSlug(operation string) string {
	var b strings.Builder
	for i, r := range operation {
		if 'A' <= r && r <= 'Z' {
			if i > 0 {
				b.WriteByte('-')
			}
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

func bucketMissingConfigErrors(f *harness.Family) {
	for _, c := range missingBucketConfigOps {
		var caps []string
		if c.capability != "" {
			caps = []string{c.capability}
		}
		for _, m := range []struct{ method, operation string }{
			{http.MethodGet, c.get}, {http.MethodPut, c.put}, {http.MethodDelete, c.del},
		} {
			if m.operation == "" {
				continue
			}
			f.It(check.Check{
				ID: "rest-bucket-" + idSlug(m.operation) + "-missing-bucket", Operation: m.operation, Code: "NoSuchBucket", Capabilities: caps,
				Title:  m.operation + " on a missing bucket is 404 NoSuchBucket naming the bucket",
				Source: missingBucketSource,
			}, func(t *harness.T) {
				bucket := t.UniqueBucketName()
				var header http.Header
				body := harness.BucketConfigDocument(c.sub, bucket)
				if c.sub == harness.SubACL && m.method == http.MethodPut {
					header = http.Header{"X-Amz-Acl": {"private"}}
				}
				if m.method != http.MethodPut {
					body = nil
				}
				t.Expect(t.BucketSubresource(m.method, bucket, c.sub, body, header)).To(HaveS3Error("NoSuchBucket", Element("BucketName", bucket)))
			})
		}
	}

	f.It(check.Check{
		ID: "rest-bucket-create-owned-by-another-account", Operation: "CreateBucket", Code: "BucketAlreadyExists",
		Capabilities: []string{"second-identity"},
		Title:        "CreateBucket of a name another account owns is 409 BucketAlreadyExists",
		Source:       "ceph/s3-tests test_bucket_create_exists_nonowner (409 BucketAlreadyExists); catalog BucketAlreadyExists (s3tools/s3cmd#1079)",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		t.Expect(t.SecondIdentity().CreateBucketWith(bucket, nil, t.LocationBody())).To(HaveS3Error("BucketAlreadyExists"))
	})

	f.It(check.Check{
		ID: "rest-bucket-create-location-invalid", Operation: "CreateBucket", Code: "InvalidLocationConstraint",
		Title: "CreateBucket with a LocationConstraint that names no region is 400 InvalidLocationConstraint naming it",
		Source: "versity/versitygw#1645 (AWS answer to LocationConstraint abc: InvalidLocationConstraint, <LocationConstraint>abc</LocationConstraint>); " +
			"catalog InvalidLocationConstraint (minio/minio-py#166); REST.md §3 (LocationConstraint)",
	}, func(t *harness.T) {
		t.Expect(t.CreateBucketWith(t.UniqueBucketName(), nil, harness.CreateBucketConfiguration("abc"))).To(HaveS3Error("InvalidLocationConstraint",
			Element("LocationConstraint", "abc")))
	})

	f.It(check.Check{
		ID: "rest-bucket-create-location-us-east-1", Operation: "CreateBucket", Code: "IllegalLocationConstraintException",
		Title: "CreateBucket naming us-east-1 as LocationConstraint at another region's endpoint is 400 IllegalLocationConstraintException",
		Source: "aws/aws-cli#3723 (AWS: 'The us-east-1 location constraint is incompatible for the region specific endpoint this request was sent to.'); " +
			"catalog IllegalLocationConstraintException; in us-east-1 itself S3 answers InvalidLocationConstraint (minio/minio-py#166), so the check runs elsewhere",
	}, func(t *harness.T) {
		t.SkipUnless(t.Target().Region != "us-east-1", "in us-east-1 this request is InvalidLocationConstraint, not this check's case")
		t.Expect(t.CreateBucketWith(t.UniqueBucketName(), nil, harness.CreateBucketConfiguration("us-east-1"))).To(HaveS3Error("IllegalLocationConstraintException"))
	})

	f.It(check.Check{
		ID: "rest-bucket-create-location-other-region", Operation: "CreateBucket", Code: "IllegalLocationConstraintException",
		Title: "CreateBucket naming another region as LocationConstraint at a regional endpoint is 400 IllegalLocationConstraintException",
		Source: "versity/versitygw#2246 (AWS sample: 'The eu-central-1 location constraint is incompatible for the region specific endpoint this request was sent to.'); " +
			"catalog IllegalLocationConstraintException (tweag/aws-secrets#22); us-east-1's endpoint behaves otherwise, so the check runs elsewhere",
	}, func(t *harness.T) {
		t.SkipUnless(t.Target().Region != "us-east-1", "us-east-1's endpoint is not region specific in this sense")
		t.Expect(t.CreateBucketWith(t.UniqueBucketName(), nil, harness.CreateBucketConfiguration(t.OtherRegion()))).To(HaveS3Error("IllegalLocationConstraintException"))
	})

	const ownerConditionSource = "S3 User Guide, bucket owner condition (x-amz-expected-bucket-owner); versity/versitygw#1428 (direct to S3: 400 for a value " +
		"that is no account ID, 403 for another account) and PR 1585; grafana/loki#15382 (AWS: InvalidBucketOwnerAWSAccountID 'The value of the expected bucket owner parameter must be an AWS Account ID')"
	for _, c := range []struct {
		id, operation, method string
		query                 url.Values
	}{
		{"rest-bucket-expected-owner-not-account-id-list-objects-v2", "ListObjectsV2", http.MethodGet, url.Values{"list-type": {"2"}}},
		{"rest-bucket-expected-owner-not-account-id-head-bucket", "HeadBucket", http.MethodHead, nil},
	} {
		f.It(check.Check{
			ID: c.id, Operation: c.operation, Code: "InvalidBucketOwnerAWSAccountID",
			Title:  c.operation + " with an x-amz-expected-bucket-owner that is no AWS account ID is 400 InvalidBucketOwnerAWSAccountID",
			Source: ownerConditionSource + "; catalog InvalidBucketOwnerAWSAccountID; REST.md §4 (HEAD errors have no body)",
		}, func(t *harness.T) {
			bucket := t.NewBucket()
			r := t.Do(wire.Request{Method: c.method, Bucket: bucket, Query: c.query, Header: http.Header{"X-Amz-Expected-Bucket-Owner": {"not-an-account"}}})
			t.Expect(r).To(HaveS3Error("InvalidBucketOwnerAWSAccountID"))
		})
	}
	f.It(check.Check{
		ID: "rest-bucket-expected-owner-other-account", Operation: "ListObjectsV2", Code: "AccessDenied",
		Title:  "ListObjectsV2 with an x-amz-expected-bucket-owner naming another account is 403 AccessDenied",
		Source: ownerConditionSource + "; awsdocs/amazon-s3-userguide PR 5 (the error is a plain 'Access Denied')",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		r := t.Do(wire.Request{Method: http.MethodGet, Bucket: bucket, Query: url.Values{"list-type": {"2"}},
			Header: http.Header{"X-Amz-Expected-Bucket-Owner": {"111122223333"}}})
		t.Expect(r).To(HaveS3Error("AccessDenied"))
	})

	for _, c := range []struct {
		id, operation, title, source string
		query                        url.Values
		elements                     []ElementExpectation
	}{
		{"rest-bucket-list-objects-max-keys-not-integer", "ListObjects", "ListObjects with max-keys that is not an integer is 400 InvalidArgument naming the argument",
			"ceph/s3-tests test_bucket_list_maxkeys_invalid (400 InvalidArgument); REST.md §3 (ArgumentName, ArgumentValue)",
			url.Values{"max-keys": {"blah"}}, []ElementExpectation{ElementPresent("ArgumentName"), ElementPresent("ArgumentValue")}},
		{"rest-bucket-list-objects-max-keys-negative", "ListObjects", "ListObjects with a negative max-keys is 400 InvalidArgument naming the argument",
			"scality/cloudserver#75 (AWS rejects max-keys -1); ceph/s3-tests test_bucket_list_maxkeys_invalid; REST.md §3",
			url.Values{"max-keys": {"-1"}}, []ElementExpectation{ElementPresent("ArgumentName"), ElementPresent("ArgumentValue")}},
		{"rest-bucket-list-objects-v2-max-keys-not-integer", "ListObjectsV2", "ListObjectsV2 with max-keys that is not an integer is 400 InvalidArgument naming the argument",
			"versity/versitygw#183 (ListObjects and ListObjectsV2 answer InvalidArgument for invalid max-keys); ceph/s3-tests test_bucket_list_maxkeys_invalid; REST.md §3",
			url.Values{"list-type": {"2"}, "max-keys": {"blah"}}, []ElementExpectation{ElementPresent("ArgumentName"), ElementPresent("ArgumentValue")}},
		{"rest-bucket-list-objects-encoding-type-invalid", "ListObjects", "ListObjects with an encoding-type other than url is 400 InvalidArgument naming encoding-type",
			"catalog InvalidArgument notes (aws/aws-sdk-php#317, from AWS: 'Invalid Encoding Method specified in Request', ArgumentName encoding-type); REST.md §3",
			url.Values{"encoding-type": {"gzip"}}, []ElementExpectation{Element("ArgumentName", "encoding-type"), ElementPresent("ArgumentValue")}},
	} {
		f.It(check.Check{ID: c.id, Operation: c.operation, Code: "InvalidArgument", Title: c.title, Source: c.source}, func(t *harness.T) {
			bucket := t.NewBucket()
			t.Expect(t.ListObjects(bucket, c.query)).To(HaveS3Error("InvalidArgument", c.elements...))
		})
	}
}
