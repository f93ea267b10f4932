package rest

import (
	"net/http"

	"github.com/s3errconform/s3errconform/harness"
	"github.com/s3errconform/s3errconform/harness/check"
	. "github.com/s3errconform/s3errconform/harness/judge"
)

// The generic errors every bucket operation of S3's API model answers, in
// the order S3 decides them: the signature first, then the bucket (does it
// exist, may the caller use it), then the key. One row per operation of
// operations_table.go; a check another family already has is named in
// opCovered, not repeated.

// Kinds of generic check, the last words of their IDs.
const (
	kindMissingBucket = "missing-bucket"
	kindAnonymous     = "anonymous"
	kindWrongSecret   = "wrong-secret"
	kindMissingKey    = "missing-key"
)

// notApplicable marks a generic check that does not apply to an operation.
const notApplicable = "-"

// opCovered names, by operation and kind, the checks of other families
// that judge the same fact (or notApplicable). A test keeps the names
// true.
var opCovered = map[string]map[string]string{
	"AbortMultipartUpload":    {kindMissingBucket: "rest-multipart-abort-missing-bucket", kindMissingKey: "rest-multipart-abort-no-such-upload"},
	"CompleteMultipartUpload": {kindMissingKey: "rest-multipart-complete-no-such-upload"},
	// The destination key need not exist; the source's is judged.
	"CopyObject": {kindMissingKey: "rest-object-copy-missing-source-key"},
	// CreateBucket names a bucket that does not exist yet.
	"CreateBucket":          {kindMissingBucket: notApplicable, kindAnonymous: notApplicable, kindWrongSecret: "rest-auth-wrong-secret-create-bucket"},
	"CreateMultipartUpload": {kindMissingBucket: "rest-multipart-create-missing-bucket"},
	"DeleteBucket":          {kindMissingBucket: "rest-delete-bucket-missing", kindAnonymous: "rest-auth-anonymous-delete-bucket"},
	"DeleteObject": {kindMissingBucket: "rest-delete-object-missing-bucket", kindAnonymous: "rest-auth-anonymous-delete-object",
		kindWrongSecret: "rest-auth-wrong-secret-delete-object", kindMissingKey: "rest-delete-object-missing-key"},
	"GetBucketAcl":      {kindAnonymous: "rest-auth-anonymous-get-bucket-acl"},
	"GetBucketLocation": {kindAnonymous: "rest-auth-anonymous-get-bucket-location"},
	"GetBucketPolicy":   {kindAnonymous: "rest-auth-anonymous-get-bucket-policy"},
	"GetObject": {kindMissingBucket: "rest-get-object-missing-bucket", kindAnonymous: "rest-anonymous-get-object-private",
		kindWrongSecret: "rest-wrong-secret-get-object", kindMissingKey: "rest-get-object-missing-key"},
	"GetObjectAcl":     {kindMissingBucket: "rest-object-get-acl-missing-bucket", kindMissingKey: "rest-object-get-acl-missing-key"},
	"GetObjectTagging": {kindMissingBucket: "rest-object-get-tagging-missing-bucket", kindMissingKey: "rest-object-get-tagging-missing-key"},
	"HeadBucket":       {kindMissingBucket: "rest-head-bucket-missing", kindAnonymous: "rest-auth-anonymous-head-bucket"},
	"HeadObject": {kindMissingBucket: "rest-head-object-missing-bucket", kindAnonymous: "rest-auth-anonymous-head-object",
		kindWrongSecret: "rest-auth-wrong-secret-head-object", kindMissingKey: "rest-head-object-missing-key"},
	"ListMultipartUploads": {kindMissingBucket: "rest-multipart-list-uploads-missing-bucket"},
	"ListObjectVersions":   {kindMissingBucket: "rest-versioning-list-versions-missing-bucket"},
	"ListObjects":          {kindMissingBucket: "rest-list-objects-missing-bucket"},
	"ListObjectsV2": {kindMissingBucket: "rest-list-objects-v2-missing-bucket", kindAnonymous: "rest-anonymous-list-objects-private",
		kindWrongSecret: "rest-auth-wrong-secret-list-objects-v2"},
	"ListParts":        {kindMissingBucket: "rest-multipart-list-parts-missing-bucket", kindMissingKey: "rest-multipart-list-parts-no-such-upload"},
	"PutObjectAcl":     {kindMissingBucket: "rest-object-put-acl-missing-bucket", kindMissingKey: "rest-object-put-acl-missing-key"},
	"PutObjectTagging": {kindMissingBucket: "rest-object-put-tagging-missing-bucket", kindMissingKey: "rest-object-put-tagging-missing-key"},
	// PutObject and CreateMultipartUpload create the key.
	"PutObject": {kindMissingBucket: "rest-put-object-missing-bucket", kindAnonymous: "rest-anonymous-put-object-private",
		kindWrongSecret: "rest-auth-wrong-secret-put-object", kindMissingKey: notApplicable},
	"GetBucketVersioning": {kindMissingBucket: "rest-versioning-get-versioning-missing-bucket"},
	"PutBucketVersioning": {kindMissingBucket: "rest-versioning-put-versioning-missing-bucket"},
	"UploadPart":          {kindMissingBucket: "rest-multipart-upload-part-missing-bucket", kindMissingKey: "rest-multipart-upload-part-no-such-upload"},
}

// missingBucketCovered are the bucket configuration operations whose
// missing-bucket checks bucket_errors.go generates as
// rest-bucket-<operation>-missing-bucket.
func missingBucketCovered(operation string) string {
	for _, c := range missingBucketConfigOps {
		for _, name := range []string{c.get, c.put, c.del} {
			if name == operation {
				return "rest-bucket-" + idSlug(operation) + "-missing-bucket"
			}
		}
	}
	return ""
}

// covered returns the check of another family that judges kind for op,
// notApplicable, or "" when this family generates it.
func covered(op, kind string) string {
	if id := opCovered[op][kind]; id != "" {
		return id
	}
	if kind == kindMissingBucket {
		return missingBucketCovered(op)
	}
	return ""
}

// missingKeyAnswer is S3's answer to an object operation on a key that
// does not exist.
type missingKeyAnswer struct {
	// lockBucket: the answer is known for a bucket with Object Lock
	// enabled; on other buckets S3 may refuse the operation first
	// (InvalidRequest, "Bucket is missing Object Lock Configuration").
	lockBucket bool
	source     string
}

const noSuchKeySource = "catalog NoSuchKey; REST.md §3 (NoSuchKey carries Key)"

// opMissingKey are the object operations whose missing-key check this
// family generates: NoSuchKey naming the key, as GetObject answers.
var opMissingKey = map[string]missingKeyAnswer{
	"DeleteObjectTagging": {source: noSuchKeySource + "; localstack test_s3_api.snapshot.json test_object_tagging_exc delete-no-key-tags (AWS-validated: 404 NoSuchKey, Key)"},
	"GetObjectAttributes": {source: noSuchKeySource + "; localstack test_s3.snapshot.json test_get_object_attributes_versioned deleted-object-attrs (AWS-validated: 404 NoSuchKey, Key)"},
	"GetObjectLegalHold": {lockBucket: true, source: noSuchKeySource +
		"; versity/versitygw tests/integration GetObjectLegalHold_non_existing_object (NoSuchKey); PutObjectLegalHold's recorded answer (below)"},
	"GetObjectRetention": {lockBucket: true, source: noSuchKeySource +
		"; versity/versitygw tests/integration GetObjectRetention_non_existing_object (NoSuchKey); PutObjectRetention's recorded answer (below)"},
	"PutObjectLegalHold": {lockBucket: true, source: noSuchKeySource +
		"; localstack test_s3.snapshot.json test_put_object_legal_hold_exc put-object-legal-hold-no-key (AWS-validated, Object Lock bucket: 404 NoSuchKey, Key)"},
	"PutObjectRetention": {lockBucket: true, source: noSuchKeySource +
		"; localstack test_s3.snapshot.json test_s3_object_retention_exc put-object-retention-no-key (AWS-validated, Object Lock bucket: 404 NoSuchKey, Key)"},
	"RestoreObject":       {source: noSuchKeySource + "; localstack/localstack#10332 (RestoreObject of a missing key: 404 'The specified key does not exist.')"},
	"SelectObjectContent": {source: noSuchKeySource + "; S3 looks the object up before reading it, as GetObject does"},
	"GetObjectTorrent":    {source: noSuchKeySource + "; S3 looks the object up before reading it, as GetObject does"},
}

const (
	opMissingBucketSource = "catalog NoSuchBucket; REST.md §3 (NoSuchBucket carries BucketName); REST.md §4 (HEAD errors have no body); " +
		"localstack test_s3*.snapshot.json (AWS-validated NoSuchBucket with BucketName for DeleteObjects, PutObjectRetention, PutObjectLegalHold, " +
		"DeleteObjectTagging, PutBucketRequestPayment, DeleteBucketIntelligentTieringConfiguration, GetObjectLockConfiguration)"
	opWrongSecretSource = "catalog SignatureDoesNotMatch (s3tools/s3cmd#1053); REST.md §3 (AWSAccessKeyId); REST.md §4 (HEAD errors have no body); " +
		"S3 verifies the signature before looking at what the request names"
	// opKeyInBucket is the object the anonymous and wrong-secret checks put
	// in their private bucket, and the copy source of the copy operations.
	opKeyInBucket = opSourceKey
	// opMissingObjectKey is the key of the missing-bucket checks.
	opMissingObjectKey = "s3errconform-key"
)

func operationErrors(f *harness.Family) {
	for _, op := range operationTable {
		if op.Scope == ScopeService {
			continue
		}
		var caps []string
		if op.Capability != "" {
			caps = []string{op.Capability}
		}
		slug := "rest-ops-" + idSlug(op.Name) + "-"
		if covered(op.Name, kindMissingBucket) == "" {
			f.It(check.Check{
				ID: slug + kindMissingBucket, Operation: op.Name, Code: "NoSuchBucket", Capabilities: caps,
				Title:  op.Name + " on a missing bucket is 404 NoSuchBucket naming the bucket",
				Source: opMissingBucketSource,
			}, func(t *harness.T) {
				bucket := t.UniqueBucketName()
				var elements []ElementExpectation
				if op.Method != http.MethodHead {
					elements = append(elements, Element("BucketName", bucket))
				}
				t.Expect(t.Do(op.Request(bucket, opMissingObjectKey, bogusUploadID))).To(HaveS3Error("NoSuchBucket", elements...))
			})
		}
		if covered(op.Name, kindAnonymous) == "" {
			f.It(check.Check{
				ID: slug + kindAnonymous, Operation: op.Name, Code: "AccessDenied", Capabilities: caps,
				Title:  "Anonymous " + op.Name + " on a private bucket is 403 AccessDenied",
				Source: privateBucketSource,
			}, func(t *harness.T) {
				bucket := newBucketFor(t, op)
				t.Expect(t.Anonymous().Do(op.Request(bucket, opKeyInBucket, bogusUploadID))).To(HaveS3Error("AccessDenied"))
			})
		}
		if covered(op.Name, kindWrongSecret) == "" {
			f.It(check.Check{
				ID: slug + kindWrongSecret, Operation: op.Name, Code: "SignatureDoesNotMatch", Capabilities: caps,
				Title:  op.Name + " signed with a wrong secret key is 403 SignatureDoesNotMatch",
				Source: opWrongSecretSource,
			}, func(t *harness.T) {
				bucket := newBucketFor(t, op)
				var elements []ElementExpectation
				if op.Method != http.MethodHead {
					elements = append(elements, Element("AWSAccessKeyId", t.AccessKey()))
				}
				t.Expect(t.WrongSecret().Do(op.Request(bucket, opKeyInBucket, bogusUploadID))).To(HaveS3Error("SignatureDoesNotMatch", elements...))
			})
		}
		answer, ok := opMissingKey[op.Name]
		if op.Scope != ScopeObject || !ok || covered(op.Name, kindMissingKey) != "" {
			continue
		}
		f.It(check.Check{
			ID: slug + kindMissingKey, Operation: op.Name, Code: "NoSuchKey", Capabilities: caps,
			Title:  op.Name + " of a key that does not exist is 404 NoSuchKey naming the key",
			Source: answer.source,
		}, func(t *harness.T) {
			var bucket string
			if answer.lockBucket {
				bucket = t.NewObjectLockBucket()
			} else {
				bucket = t.NewBucket()
			}
			t.Expect(t.Do(op.Request(bucket, missingKey, bogusUploadID))).To(HaveS3Error("NoSuchKey", Element("Key", missingKey)))
		})
	}
}

// newBucketFor creates the private bucket of an anonymous or wrong-secret
// check of op, holding the object op names when it names one.
func newBucketFor(t *harness.T, op Operation) string {
	bucket := t.NewBucket()
	if op.Scope == ScopeObject {
		t.NewObject(bucket, opKeyInBucket, []byte("secret data"))
	}
	return bucket
}
