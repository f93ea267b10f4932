package rest

import (
	"net/http"

	"github.com/s3errconform/s3errconform/harness"
	"github.com/s3errconform/s3errconform/harness/check"
	. "github.com/s3errconform/s3errconform/harness/judge"
)

// GET of a configuration a bucket does not have: each subresource has its
// own not-found code. S3 has given every new bucket default encryption
// (January 2023) and ownership controls (April 2023), so those two are
// checked differently.
var configNotFound = []struct {
	id, sub, operation, code, capability, source string
	// bucketName says the code carries <BucketName> (REST.md §3).
	bucketName bool
}{
	{"rest-bucket-get-policy-none", harness.SubPolicy, "GetBucketPolicy", "NoSuchBucketPolicy", "policy",
		"catalog NoSuchBucketPolicy (prowler-cloud/prowler#604: GetBucketPolicy of a bucket without a policy)", false},
	{"rest-bucket-get-cors-none", harness.SubCORS, "GetBucketCors", "NoSuchCORSConfiguration", "cors",
		"catalog NoSuchCORSConfiguration (AWS error code list: 'The CORS configuration does not exist'); S3 API reference GetBucketCors", false},
	{"rest-bucket-get-lifecycle-none", harness.SubLifecycle, "GetBucketLifecycleConfiguration", "NoSuchLifecycleConfiguration", "lifecycle",
		"catalog NoSuchLifecycleConfiguration (hashicorp/terraform#6220, DataBiosphere/azul#5836); REST.md §7 (ceph/s3-tests asserts 404 NoSuchLifecycleConfiguration)", false},
	{"rest-bucket-get-tagging-none", harness.SubTagging, "GetBucketTagging", "NoSuchTagSet", "tagging",
		"catalog NoSuchTagSet (SWO-GS/auto-tag#127; boto/boto3#341: GetBucketTagging of an untagged bucket); REST.md §3 (BucketName)", true},
	{"rest-bucket-get-website-none", harness.SubWebsite, "GetBucketWebsite", "NoSuchWebsiteConfiguration", "website",
		"catalog NoSuchWebsiteConfiguration (klaemo/s3-website#53)", false},
	{"rest-bucket-get-object-lock-none", harness.SubObjectLock, "GetObjectLockConfiguration", "ObjectLockConfigurationNotFoundError", "object-lock",
		"catalog ObjectLockConfigurationNotFoundError; versity/versitygw#2071 (AWS answer for a bucket created without Object Lock); ceph/s3-tests test_object_lock_get_obj_lock_invalid_bucket; REST.md §3 (BucketName)", true},
}

// malformedConfigs are PUT configuration calls S3 answers MalformedXML when
// the body is not well-formed XML.
var malformedConfigs = []struct {
	id, sub, operation, capability, body string
}{
	{"rest-bucket-put-cors-malformed-xml", harness.SubCORS, "PutBucketCors", "cors", `<CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><CORSRule>`},
	{"rest-bucket-put-lifecycle-malformed-xml", harness.SubLifecycle, "PutBucketLifecycleConfiguration", "lifecycle", `<LifecycleConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Rule>`},
	{"rest-bucket-put-tagging-malformed-xml", harness.SubTagging, "PutBucketTagging", "tagging", `<Tagging xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><TagSet>`},
	{"rest-bucket-put-website-malformed-xml", harness.SubWebsite, "PutBucketWebsite", "website", `<WebsiteConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><IndexDocument>`},
	{"rest-bucket-put-encryption-malformed-xml", harness.SubEncryption, "PutBucketEncryption", "encryption", `<ServerSideEncryptionConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Rule>`},
	{"rest-bucket-put-ownership-controls-malformed-xml", harness.SubOwnership, "PutBucketOwnershipControls", "ownership", `<OwnershipControls xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Rule>`},
	{"rest-bucket-put-logging-malformed-xml", harness.SubLogging, "PutBucketLogging", "logging", `<BucketLoggingStatus xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><LoggingEnabled>`},
}

const malformedXMLSource = "catalog MalformedXML: 'The XML you provided was not well-formed or did not validate against our published schema' " +
	"(kaliber-scala/play-s3#60, docker-archive/docker-registry#78); versity/versitygw#1231 (PutBucketTagging with a body that is not valid answers MalformedXML)"

func bucketConfigErrors(f *harness.Family) {
	for _, c := range configNotFound {
		f.It(check.Check{
			ID: c.id, Operation: c.operation, Code: c.code, Capabilities: []string{c.capability},
			Title:  c.operation + " of a bucket that has no such configuration is 404 " + c.code,
			Source: c.source,
		}, func(t *harness.T) {
			bucket := t.NewBucket()
			var elements []ElementExpectation
			if c.bucketName {
				elements = append(elements, Element("BucketName", bucket))
			}
			t.Expect(t.GetBucketConfig(bucket, c.sub)).To(HaveS3Error(c.code, elements...))
		})
	}

	f.It(check.Check{
		ID: "rest-bucket-get-ownership-controls-deleted", Operation: "GetBucketOwnershipControls", Code: "OwnershipControlsNotFoundError",
		Capabilities: []string{"ownership"},
		Title:        "GetBucketOwnershipControls after DeleteBucketOwnershipControls is 404 OwnershipControlsNotFoundError naming the bucket",
		Source: "catalog OwnershipControlsNotFoundError; versity/versitygw#1493 (AWS sample with BucketName); REST.md §3; " +
			"S3 User Guide: new buckets get BucketOwnerEnforced since April 2023, so the controls are deleted first",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		t.SetupBucketConfig(http.MethodDelete, bucket, harness.SubOwnership, nil)
		t.Expect(t.GetBucketConfig(bucket, harness.SubOwnership)).To(HaveS3Error("OwnershipControlsNotFoundError", Element("BucketName", bucket)))
	})

	f.It(check.Check{
		ID: "rest-bucket-get-encryption-none", Operation: "GetBucketEncryption", Code: "ServerSideEncryptionConfigurationNotFoundError",
		Capabilities: []string{"encryption"},
		Title:        "GetBucketEncryption of a bucket without explicit encryption is the SSE-S3 default, or 404 ServerSideEncryptionConfigurationNotFoundError, never the table's 400",
		Source: "catalog ServerSideEncryptionConfigurationNotFoundError with catalog/wire-corrections.csv (404 on the wire: crossplane-contrib/provider-aws#400, boto/boto3#1899; REST.md §7); " +
			"AWS News Blog 2023-01-05 'Amazon S3 encrypts new objects by default' (every bucket has SSE-S3; floci-io/floci#1836 shows S3 answering 200 AES256)",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		t.Expect(t.GetBucketConfig(bucket, harness.SubEncryption)).To(HaveS3ErrorOrSuperseded(Superseded{
			Status: http.StatusOK, Root: "ServerSideEncryptionConfiguration",
			Why: "every bucket has SSE-S3 default encryption since 2023-01-05",
		}, "ServerSideEncryptionConfigurationNotFoundError"))
	})

	for _, c := range malformedConfigs {
		f.It(check.Check{
			ID: c.id, Operation: c.operation, Code: "MalformedXML", Capabilities: []string{c.capability},
			Title:  c.operation + " with a body that is not well-formed XML is 400 MalformedXML",
			Source: malformedXMLSource,
		}, func(t *harness.T) {
			bucket := t.NewBucket()
			t.Expect(t.PutBucketConfig(bucket, c.sub, []byte(c.body))).To(HaveS3Error("MalformedXML"))
		})
	}

	f.It(check.Check{
		ID: "rest-bucket-put-policy-not-json", Operation: "PutBucketPolicy", Code: "MalformedPolicy", Capabilities: []string{"policy"},
		Title:  "PutBucketPolicy with a body that is not JSON is 400 MalformedPolicy",
		Source: "aws/aws-cli#2779 and cloud-gov/terraform-provision#574 (AWS: MalformedPolicy 'Policies must be valid JSON and the first byte must be '{''); catalog MalformedPolicy",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		t.Expect(t.PutBucketConfig(bucket, harness.SubPolicy, []byte("s3errconform: this is not a policy"))).To(HaveS3Error("MalformedPolicy"))
	})

	f.It(check.Check{
		ID: "rest-bucket-put-policy-foreign-resource", Operation: "PutBucketPolicy", Code: "MalformedPolicy", Capabilities: []string{"policy"},
		Title:  "PutBucketPolicy whose statement names another bucket's objects is 400 MalformedPolicy",
		Source: "catalog MalformedPolicy 'Policy has invalid resource' (aws-samples/aws-serverless-appsync-app#4, hashicorp/terraform#23570)",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		other := t.UniqueBucketName()
		t.Expect(t.PutBucketConfig(bucket, harness.SubPolicy, harness.BucketConfigDocument(harness.SubPolicy, other))).To(HaveS3Error("MalformedPolicy"))
	})

	f.It(check.Check{
		ID: "rest-bucket-put-notification-empty-body", Operation: "PutBucketNotificationConfiguration", Code: "MissingRequestBodyError",
		Capabilities: []string{"notification"},
		Title:        "PutBucketNotificationConfiguration with an empty body is 400 MissingRequestBodyError",
		Source:       "aws/aws-sdk-cpp#733 (AWS answer to an empty PutBucketNotificationConfiguration body); catalog MissingRequestBodyError (versity/versitygw#823)",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		t.Expect(t.PutBucketConfig(bucket, harness.SubNotify, nil)).To(HaveS3Error("MissingRequestBodyError"))
	})

	f.It(check.Check{
		ID: "rest-bucket-put-logging-missing-target", Operation: "PutBucketLogging", Code: "InvalidTargetBucketForLogging",
		Capabilities: []string{"logging"},
		Title:        "PutBucketLogging into a target bucket that does not exist is 400 InvalidTargetBucketForLogging",
		Source:       "AWS error code list: InvalidTargetBucketForLogging, 'The target bucket for logging either does not exist, is not owned by you, or does not have the appropriate grants'; catalog",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		t.Expect(t.PutBucketConfig(bucket, harness.SubLogging, harness.LoggingTo(t.UniqueBucketName()))).To(HaveS3Error("InvalidTargetBucketForLogging"))
	})

	f.It(check.Check{
		ID: "rest-bucket-get-object-logging", Operation: "GetBucketLogging", Code: "NoLoggingStatusForKey", Capabilities: []string{"logging"},
		Title:  "GET of the logging subresource of an object is 400 NoLoggingStatusForKey",
		Source: "AWS error code list: NoLoggingStatusForKey, 'There is no such thing as a logging status subresource for a key'; catalog",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		t.NewObject(bucket, "logged", []byte("x"))
		t.Expect(t.ObjectSubresource(http.MethodGet, bucket, "logged", harness.SubLogging)).To(HaveS3Error("NoLoggingStatusForKey"))
	})

	f.It(check.Check{
		ID: "rest-bucket-get-torrent", Operation: "GetObjectTorrent", Code: "RequestTorrentOfBucketError",
		Title:  "GET of the torrent of a bucket is 400 RequestTorrentOfBucketError",
		Source: "AWS error code list: RequestTorrentOfBucketError, 'Requesting the torrent file of a bucket is not permitted'; catalog",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		t.Expect(t.GetBucketConfig(bucket, "torrent")).To(HaveS3Error("RequestTorrentOfBucketError"))
	})

	f.It(check.Check{
		ID: "rest-bucket-put-object-lock-unlocked-bucket", Operation: "PutObjectLockConfiguration", Code: "InvalidBucketState",
		Capabilities: []string{"object-lock"},
		Title:        "PutObjectLockConfiguration on a bucket without Object Lock or versioning is 409 InvalidBucketState",
		Source:       "ceph/s3-tests test_object_lock_put_obj_lock_invalid_bucket (409 InvalidBucketState); versity/versitygw#555; REST.md §7 (s3-tests statuses)",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		t.Expect(t.PutBucketConfig(bucket, harness.SubObjectLock, harness.BucketConfigDocument(harness.SubObjectLock, bucket))).To(HaveS3Error("InvalidBucketState"))
	})
}
