package rest

import (
	"net/http"

	"github.com/s3errconform/s3errconform/harness"
	"github.com/s3errconform/s3errconform/harness/check"
	. "github.com/s3errconform/s3errconform/harness/judge"
	"github.com/s3errconform/s3errconform/harness/wire"
)

const (
	// unknownVersionID is well-formed for S3 and names no version: AWS
	// answered it with NoSuchVersion (versity/versitygw#2081).
	unknownVersionID = "01G65Z755AFWAKHE12NY0CQ9FH"
	// unknownVersionIDForHead is an S3-style 32-character version ID AWS
	// answered with 404 on HEAD (Seagate/cortx-s3server#1724).
	unknownVersionIDForHead = "v5n1PPUjOCMHLyyfq0ayjoZ5RZLfVQKA"
)

var versioning = []string{"versioning"}

// deleteMarkerSource is where S3's answers about delete markers are
// documented.
const deleteMarkerSource = "S3 API reference GetObject/HeadObject, x-amz-delete-marker (a current delete marker: S3 behaves as if the object was deleted and includes x-amz-delete-marker: true; a delete marker's version: 405 Method Not Allowed and Last-Modified)"

// versionedObject creates a versioned bucket holding one version of key.
func versionedObject(t *harness.T, key string) string {
	bucket := t.NewVersionedBucket()
	t.NewObjectVersion(bucket, key, []byte("versioned content"))
	return bucket
}

func versioningErrors(f *harness.Family) {
	f.It(check.Check{
		ID: "rest-versioning-get-unknown-version", Operation: "GetObject", Code: "NoSuchVersion", Capabilities: versioning,
		Title:  "GET of a well-formed version ID no version has is 404 NoSuchVersion naming the key and version",
		Source: "catalog NoSuchVersion; REST.md §3 (Key, VersionId: versity/versitygw#2081, AWS sample for this ID)",
	}, func(t *harness.T) {
		bucket := versionedObject(t, "versioned")
		t.Expect(t.GetObjectVersion(bucket, "versioned", unknownVersionID)).To(HaveS3Error("NoSuchVersion",
			Element("Key", "versioned"), Element("VersionId", unknownVersionID)))
	})

	f.It(check.Check{
		ID: "rest-versioning-head-unknown-version", Operation: "HeadObject", Code: "NoSuchVersion", Capabilities: versioning,
		Title:  "HEAD of a well-formed version ID no version has is 404 with no body",
		Source: "catalog NoSuchVersion; Seagate/cortx-s3server#1724 (AWS answers this ID with 404 on HEAD); REST.md §4 (HEAD has no body)",
	}, func(t *harness.T) {
		bucket := versionedObject(t, "versioned")
		t.Expect(t.HeadObjectVersion(bucket, "versioned", unknownVersionIDForHead)).To(HaveS3Error("NoSuchVersion"))
	})

	f.It(check.Check{
		ID: "rest-versioning-get-malformed-version-id", Operation: "GetObject", Code: "InvalidArgument", Capabilities: versioning,
		Title:  "GET with a malformed version ID is 400 InvalidArgument naming versionId, not NoSuchVersion",
		Source: "catalog InvalidArgument; REST.md §3 (ArgumentName, ArgumentValue); versity/versitygw#1630 (S3 rejects malformed version IDs of object operations with InvalidArgument), #1698 (AWS body for test_file)",
	}, func(t *harness.T) {
		bucket := versionedObject(t, "versioned")
		t.Expect(t.GetObjectVersion(bucket, "versioned", "test_file")).To(HaveS3Error("InvalidArgument",
			Element("ArgumentName", "versionId"), Element("ArgumentValue", "test_file")))
	})

	f.It(check.Check{
		ID: "rest-versioning-head-malformed-version-id", Operation: "HeadObject", Code: "InvalidArgument", Capabilities: versioning,
		Title:  "HEAD with a malformed version ID is 400 with no body",
		Source: "catalog InvalidArgument; Seagate/cortx-s3server#1724 (AWS answers HEAD with versionId dsf with 400); REST.md §4 (HEAD has no body)",
	}, func(t *harness.T) {
		bucket := versionedObject(t, "versioned")
		t.Expect(t.HeadObjectVersion(bucket, "versioned", "dsf")).To(HaveS3Error("InvalidArgument"))
	})

	f.It(check.Check{
		ID: "rest-versioning-get-tagging-malformed-version-id", Operation: "GetObjectTagging", Code: "InvalidArgument",
		Capabilities: []string{"versioning", "tagging"},
		Title:        "GetObjectTagging with a malformed version ID is 400 InvalidArgument naming versionId and the value",
		Source:       "catalog InvalidArgument; REST.md §3; versity/versitygw#1698 (AWS answer: ArgumentName versionId, ArgumentValue test_file)",
	}, func(t *harness.T) {
		bucket := versionedObject(t, "versioned")
		t.Expect(t.GetObjectTaggingVersion(bucket, "versioned", "test_file")).To(HaveS3Error("InvalidArgument",
			Element("ArgumentName", "versionId"), Element("ArgumentValue", "test_file")))
	})

	f.It(check.Check{
		ID: "rest-versioning-get-delete-marker", Operation: "GetObject", Code: "NoSuchKey", Capabilities: versioning,
		Title:  "GET of a key whose current version is a delete marker is 404 NoSuchKey with x-amz-delete-marker: true",
		Source: "catalog NoSuchKey; REST.md §3 (Key); " + deleteMarkerSource + "; versity/versitygw#892 (NoSuchKey)",
	}, func(t *harness.T) {
		bucket := versionedObject(t, "deleted")
		t.NewDeleteMarker(bucket, "deleted")
		t.Expect(t.GetObject(bucket, "deleted")).To(HaveS3ErrorAndHeaders("NoSuchKey",
			[]HeaderExpectation{Header("x-amz-delete-marker", "true")}, Element("Key", "deleted")))
	})

	f.It(check.Check{
		ID: "rest-versioning-head-delete-marker", Operation: "HeadObject", Code: "NoSuchKey", Capabilities: versioning,
		Title:  "HEAD of a key whose current version is a delete marker is 404 with x-amz-delete-marker: true and no body",
		Source: "catalog NoSuchKey; " + deleteMarkerSource + "; REST.md §4 (HEAD has no body)",
	}, func(t *harness.T) {
		bucket := versionedObject(t, "deleted")
		t.NewDeleteMarker(bucket, "deleted")
		t.Expect(t.HeadObject(bucket, "deleted")).To(HaveS3ErrorAndHeaders("NoSuchKey",
			[]HeaderExpectation{Header("x-amz-delete-marker", "true")}))
	})

	markerHeaders := []HeaderExpectation{Header("Allow", http.MethodDelete), Header("x-amz-delete-marker", "true"), HeaderPresent("Last-Modified")}
	f.It(check.Check{
		ID: "rest-versioning-get-delete-marker-version", Operation: "GetObject", Code: "MethodNotAllowed", Capabilities: versioning,
		Title:  "GET of a delete marker's version ID is 405 MethodNotAllowed, allowing only DELETE",
		Source: "catalog MethodNotAllowed; REST.md §3 (Method, ResourceType, Allow header); " + deleteMarkerSource + "; boto/botocore#674 (AWS answers 405); S3 User Guide, Working with delete markers (only DELETE)",
	}, func(t *harness.T) {
		bucket := versionedObject(t, "deleted")
		marker := t.NewDeleteMarker(bucket, "deleted")
		t.Expect(t.GetObjectVersion(bucket, "deleted", marker)).To(HaveS3ErrorAndHeaders("MethodNotAllowed", markerHeaders,
			Element("Method", http.MethodGet), ElementPresent("ResourceType")))
	})

	f.It(check.Check{
		ID: "rest-versioning-head-delete-marker-version", Operation: "HeadObject", Code: "MethodNotAllowed", Capabilities: versioning,
		Title:  "HEAD of a delete marker's version ID is 405 with no body, allowing only DELETE",
		Source: "catalog MethodNotAllowed; " + deleteMarkerSource + "; boto/botocore#674 (AWS answers 405 to HEAD and GET); REST.md §4 (HEAD has no body)",
	}, func(t *harness.T) {
		bucket := versionedObject(t, "deleted")
		marker := t.NewDeleteMarker(bucket, "deleted")
		t.Expect(t.HeadObjectVersion(bucket, "deleted", marker)).To(HaveS3ErrorAndHeaders("MethodNotAllowed", markerHeaders))
	})

	f.It(check.Check{
		ID: "rest-versioning-put-tagging-delete-marker-version", Operation: "PutObjectTagging", Code: "MethodNotAllowed",
		Capabilities: []string{"versioning", "tagging"},
		Title:        "PutObjectTagging of a delete marker's version ID is 405 MethodNotAllowed",
		Source:       "catalog MethodNotAllowed; REST.md §3 (Method, ResourceType); getmoto/moto#9401 (AWS answers MethodNotAllowed)",
	}, func(t *harness.T) {
		bucket := versionedObject(t, "deleted")
		marker := t.NewDeleteMarker(bucket, "deleted")
		t.Expect(t.PutObjectTaggingVersion(bucket, "deleted", marker, harness.Tag{Key: "k", Value: "v"})).To(HaveS3Error("MethodNotAllowed",
			ElementPresent("Method"), ElementPresent("ResourceType")))
	})

	f.It(check.Check{
		ID: "rest-versioning-delete-creates-marker", Operation: "DeleteObject", Capabilities: versioning,
		Title:  "DELETE in a versioned bucket is 204 with x-amz-delete-marker: true and the marker's version ID",
		Source: "S3 API reference DeleteObject (x-amz-delete-marker, x-amz-version-id); versity/versitygw#839 (AWS answer: DeleteMarker true)",
	}, func(t *harness.T) {
		bucket := versionedObject(t, "deleted")
		t.Expect(t.DeleteObject(bucket, "deleted")).To(HaveStatusWithHeaders(http.StatusNoContent,
			Header("x-amz-delete-marker", "true"), HeaderPresent("x-amz-version-id")))
	})

	badConfigs := []struct{ id, what, body, source string }{
		{"rest-versioning-put-invalid-status", "a Status other than Enabled or Suspended",
			string(harness.VersioningBody("Bogus")), "catalog MalformedXML; noobaa/noobaa-core#7325 (AWS answers Status=suspend with MalformedXML)"},
		{"rest-versioning-put-malformed-xml", "a body that is not well-formed XML",
			"<VersioningConfiguration>", "catalog MalformedXML (the XML was not well-formed)"},
	}
	for _, c := range badConfigs {
		f.It(check.Check{
			ID: c.id, Operation: "PutBucketVersioning", Code: "MalformedXML", Capabilities: versioning,
			Title: "PutBucketVersioning with " + c.what + " is 400 MalformedXML", Source: c.source,
		}, func(t *harness.T) {
			bucket := t.NewBucket()
			t.Expect(t.PutBucketVersioning(bucket, []byte(c.body))).To(HaveS3Error("MalformedXML"))
		})
	}

	f.It(check.Check{
		ID: "rest-versioning-put-no-status", Operation: "PutBucketVersioning", Code: "IllegalVersioningConfigurationException", Capabilities: versioning,
		Title: "PutBucketVersioning with a VersioningConfiguration naming no Status is 400 IllegalVersioningConfigurationException",
		Source: "localstack/localstack tests/aws/services/s3/test_s3_api.snapshot.json (recorded from AWS: test_bucket_versioning_crud put-versioning-empty, " +
			"'The Versioning element must be specified'); catalog IllegalVersioningConfigurationException",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		t.Expect(t.PutBucketVersioning(bucket, harness.VersioningBodyWithoutStatus())).To(HaveS3Error("IllegalVersioningConfigurationException"))
	})

	noSuchBucket := []struct {
		id, operation string
		send          func(t *harness.T, bucket string) *wire.Response
	}{
		{"rest-versioning-get-versioning-missing-bucket", "GetBucketVersioning",
			func(t *harness.T, b string) *wire.Response { return t.GetBucketVersioning(b) }},
		{"rest-versioning-put-versioning-missing-bucket", "PutBucketVersioning",
			func(t *harness.T, b string) *wire.Response {
				return t.PutBucketVersioning(b, harness.VersioningBody("Enabled"))
			}},
		{"rest-versioning-list-versions-missing-bucket", "ListObjectVersions",
			func(t *harness.T, b string) *wire.Response { return t.ListObjectVersions(b) }},
	}
	for _, n := range noSuchBucket {
		f.It(check.Check{
			ID: n.id, Operation: n.operation, Code: "NoSuchBucket", Capabilities: versioning,
			Title:  n.operation + " of a missing bucket is 404 NoSuchBucket naming the bucket",
			Source: "catalog NoSuchBucket; REST.md §3 (NoSuchBucket carries BucketName)",
		}, func(t *harness.T) {
			bucket := t.UniqueBucketName()
			t.Expect(n.send(t, bucket)).To(HaveS3Error("NoSuchBucket", Element("BucketName", bucket)))
		})
	}
}
