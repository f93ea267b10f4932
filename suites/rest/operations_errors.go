package rest

import (
	"net/http"

	"github.com/s3errconform/s3errconform/harness"
	"github.com/s3errconform/s3errconform/harness/check"
	. "github.com/s3errconform/s3errconform/harness/judge"
)

// The generic errors every bucket operation of S3's API model answers, in
// the order S3 decides them: the signature first, then the bucket (does it
// exist, may the caller use it: not anonymously, not from another
// account), then the key. One row per operation of
// operations_table.go; a check another family already has is named in
// opCovered, not repeated.

// Kinds of generic check, the last words of their IDs.
const (
	opKindMissingBucket = "missing-bucket"
	opKindAnonymous     = "anonymous"
	// opKindSecondIdentity: another account, signed as itself.
	opKindSecondIdentity = "second-identity"
	opKindWrongSecret    = "wrong-secret"
	opKindMissingKey     = "missing-key"
	// opKindMissingVersion: a well-formed version ID no version of the
	// key has.
	opKindMissingVersion = "missing-version"
	// opKindMissingUpload: an upload ID no upload has.
	opKindMissingUpload = "missing-upload"
)

// opNotApplicable marks a generic check that does not apply to an operation.
const opNotApplicable = "-"

// opCovered names, by operation and kind, the checks of other families
// that judge the same fact (or opNotApplicable). A test keeps the names
// true.
var opCovered = map[string]map[string]string{
	"AbortMultipartUpload":    {opKindMissingBucket: "rest-multipart-abort-missing-bucket", opKindMissingKey: "rest-multipart-abort-no-such-upload"},
	"CompleteMultipartUpload": {opKindMissingKey: "rest-multipart-complete-no-such-upload"},
	// The destination key need not exist; the source's is judged.
	"CopyObject": {opKindMissingKey: "rest-object-copy-missing-source-key"},
	// CreateBucket names a bucket that does not exist yet.
	"CreateBucket": {opKindMissingBucket: opNotApplicable, opKindAnonymous: opNotApplicable, opKindSecondIdentity: opNotApplicable,
		opKindWrongSecret: "rest-auth-wrong-secret-create-bucket"},
	"CreateMultipartUpload": {opKindMissingBucket: "rest-multipart-create-missing-bucket"},
	"DeleteBucket":          {opKindMissingBucket: "rest-delete-bucket-missing", opKindAnonymous: "rest-auth-anonymous-delete-bucket"},
	"DeleteObject": {opKindMissingBucket: "rest-delete-object-missing-bucket", opKindAnonymous: "rest-auth-anonymous-delete-object",
		opKindWrongSecret: "rest-auth-wrong-secret-delete-object", opKindMissingKey: "rest-delete-object-missing-key"},
	"GetBucketAcl":      {opKindAnonymous: "rest-auth-anonymous-get-bucket-acl"},
	"GetBucketLocation": {opKindAnonymous: "rest-auth-anonymous-get-bucket-location"},
	"GetBucketPolicy":   {opKindAnonymous: "rest-auth-anonymous-get-bucket-policy"},
	"GetObject": {opKindMissingBucket: "rest-get-object-missing-bucket", opKindAnonymous: "rest-anonymous-get-object-private",
		opKindWrongSecret: "rest-wrong-secret-get-object", opKindMissingKey: "rest-get-object-missing-key"},
	"GetObjectAcl":     {opKindMissingBucket: "rest-object-get-acl-missing-bucket", opKindMissingKey: "rest-object-get-acl-missing-key"},
	"GetObjectTagging": {opKindMissingBucket: "rest-object-get-tagging-missing-bucket", opKindMissingKey: "rest-object-get-tagging-missing-key"},
	"HeadBucket":       {opKindMissingBucket: "rest-head-bucket-missing", opKindAnonymous: "rest-auth-anonymous-head-bucket"},
	"HeadObject": {opKindMissingBucket: "rest-head-object-missing-bucket", opKindAnonymous: "rest-auth-anonymous-head-object",
		opKindWrongSecret: "rest-auth-wrong-secret-head-object", opKindMissingKey: "rest-head-object-missing-key"},
	"ListMultipartUploads": {opKindMissingBucket: "rest-multipart-list-uploads-missing-bucket"},
	"ListObjectVersions":   {opKindMissingBucket: "rest-versioning-list-versions-missing-bucket"},
	"ListObjects":          {opKindMissingBucket: "rest-list-objects-missing-bucket"},
	"ListObjectsV2": {opKindMissingBucket: "rest-list-objects-v2-missing-bucket", opKindAnonymous: "rest-anonymous-list-objects-private",
		opKindWrongSecret: "rest-auth-wrong-secret-list-objects-v2"},
	"ListParts":        {opKindMissingBucket: "rest-multipart-list-parts-missing-bucket", opKindMissingKey: "rest-multipart-list-parts-no-such-upload"},
	"PutObjectAcl":     {opKindMissingBucket: "rest-object-put-acl-missing-bucket", opKindMissingKey: "rest-object-put-acl-missing-key"},
	"PutObjectTagging": {opKindMissingBucket: "rest-object-put-tagging-missing-bucket", opKindMissingKey: "rest-object-put-tagging-missing-key"},
	// PutObject and CreateMultipartUpload create the key.
	"PutObject": {opKindMissingBucket: "rest-put-object-missing-bucket", opKindAnonymous: "rest-anonymous-put-object-private",
		opKindWrongSecret: "rest-auth-wrong-secret-put-object", opKindMissingKey: opNotApplicable},
	"GetBucketVersioning": {opKindMissingBucket: "rest-versioning-get-versioning-missing-bucket"},
	"PutBucketVersioning": {opKindMissingBucket: "rest-versioning-put-versioning-missing-bucket"},
	"UploadPart":          {opKindMissingBucket: "rest-multipart-upload-part-missing-bucket", opKindMissingKey: "rest-multipart-upload-part-no-such-upload"},
}

// opMissingBucketCovered names the missing-bucket check bucket_errors.go
// generates for a bucket configuration operation, rest-bucket-<operation>-
// missing-bucket; "" for other operations.
func opMissingBucketCovered(operation string) string {
	for _, c := range missingBucketConfigOps {
		for _, name := range []string{c.get, c.put, c.del} {
			if name == operation {
				return "rest-bucket-" + idSlug(operation) + "-missing-bucket"
			}
		}
	}
	return ""
}

// opCoveredBy returns the check of another family that judges kind for op,
// opNotApplicable, or "" when this family generates it.
func opCoveredBy(op, kind string) string {
	if id := opCovered[op][kind]; id != "" {
		return id
	}
	switch kind {
	case opKindMissingBucket:
		return opMissingBucketCovered(op)
	case opKindSecondIdentity:
		// auth_errors.go's cross-account checks.
		for _, f := range foreignOperations {
			if f.operation == op {
				return "rest-auth-second-identity-" + f.slug
			}
		}
	}
	return ""
}

// opMissingKeyAnswer is S3's answer to an object operation on a key that
// does not exist.
type opMissingKeyAnswer struct {
	// lockBucket: the answer is known for a bucket with Object Lock
	// enabled; on other buckets S3 may refuse the operation first
	// (InvalidRequest, "Bucket is missing Object Lock Configuration").
	lockBucket bool
	source     string
}

const opNoSuchKeySource = "catalog NoSuchKey; REST.md §3 (NoSuchKey carries Key)"

// opMissingKey are the object operations whose missing-key check this
// family generates: NoSuchKey naming the key, as GetObject answers.
var opMissingKey = map[string]opMissingKeyAnswer{
	"DeleteObjectTagging": {source: opNoSuchKeySource + "; localstack test_s3_api.snapshot.json test_object_tagging_exc delete-no-key-tags (AWS-validated: 404 NoSuchKey, Key)"},
	"GetObjectAttributes": {source: opNoSuchKeySource + "; localstack test_s3.snapshot.json test_get_object_attributes_versioned deleted-object-attrs (AWS-validated: 404 NoSuchKey, Key)"},
	"GetObjectLegalHold": {lockBucket: true, source: opNoSuchKeySource +
		"; versity/versitygw tests/integration GetObjectLegalHold_non_existing_object (NoSuchKey); " +
		"localstack test_s3.snapshot.json put-object-legal-hold-no-key (AWS-validated: PutObjectLegalHold of a missing key, Object Lock bucket, is 404 NoSuchKey)"},
	"GetObjectRetention": {lockBucket: true, source: opNoSuchKeySource +
		"; versity/versitygw tests/integration GetObjectRetention_non_existing_object (NoSuchKey); " +
		"localstack test_s3.snapshot.json put-object-retention-no-key (AWS-validated: PutObjectRetention of a missing key, Object Lock bucket, is 404 NoSuchKey)"},
	"PutObjectLegalHold": {lockBucket: true, source: opNoSuchKeySource +
		"; localstack test_s3.snapshot.json test_put_object_legal_hold_exc put-object-legal-hold-no-key (AWS-validated, Object Lock bucket: 404 NoSuchKey, Key)"},
	"PutObjectRetention": {lockBucket: true, source: opNoSuchKeySource +
		"; localstack test_s3.snapshot.json test_s3_object_retention_exc put-object-retention-no-key (AWS-validated, Object Lock bucket: 404 NoSuchKey, Key)"},
	"RestoreObject":       {source: opNoSuchKeySource + "; localstack/localstack#10332 (RestoreObject of a missing key: 404 'The specified key does not exist.')"},
	"SelectObjectContent": {source: opNoSuchKeySource + "; S3 looks the object up before reading it, as GetObject does"},
	"GetObjectTorrent":    {source: opNoSuchKeySource + "; S3 looks the object up before reading it, as GetObject does"},
}

// opMissingVersion are the object operations whose missing-version check
// this family generates: 404 NoSuchVersion naming the key and the version,
// as GetObject answers (rest-versioning-get-unknown-version).
var opMissingVersion = map[string]opMissingKeyAnswer{
	"DeleteObjectTagging": {source: opNoSuchVersionSource + "; versity/versitygw tests/integration Versioning_DeleteObjectTagging_non_existing_object_version (NoSuchVersion)"},
	"GetObjectTagging":    {source: opNoSuchVersionSource + "; versity/versitygw tests/integration Versioning_GetObjectTagging_non_existing_object_version (NoSuchVersion)"},
	"PutObjectTagging":    {source: opNoSuchVersionSource + "; versity/versitygw tests/integration Versioning_PutObjectTagging_non_existing_object_version (NoSuchVersion)"},
	"GetObjectLegalHold": {lockBucket: true, source: opNoSuchVersionSource +
		"; versity/versitygw tests/integration Versioning_GetObjectLegalHold_non_existing_object_version (NoSuchVersion)"},
	"GetObjectRetention": {lockBucket: true, source: opNoSuchVersionSource +
		"; versity/versitygw tests/integration Versioning_GetObjectRetention_non_existing_object_version (NoSuchVersion)"},
	"PutObjectLegalHold": {lockBucket: true, source: opNoSuchVersionSource +
		"; versity/versitygw tests/integration Versioning_PutObjectLegalHold_non_existing_object_version (NoSuchVersion)"},
	"PutObjectRetention": {lockBucket: true, source: opNoSuchVersionSource +
		"; versity/versitygw tests/integration Versioning_PutObjectRetention_non_existing_object_version (NoSuchVersion)"},
}

// opMissingUpload are the upload operations whose missing-upload check
// this family generates (the others' are in multipart_errors.go), by
// source.
var opMissingUpload = map[string]string{
	"UploadPartCopy": "catalog NoSuchUpload; REST.md §3 (UploadId); S3 API reference UploadPartCopy, Special errors (NoSuchUpload, 404); " +
		"localstack test_s3.snapshot.json test_multipart_no_such_upload (AWS-validated: UploadPart's 404 NoSuchUpload)",
}

const opNoSuchVersionSource = "catalog NoSuchVersion; REST.md §3 (Key, VersionId: versity/versitygw#2081, AWS sample for this ID); " +
	"localstack test_s3_api.snapshot.json test_delete_object_versioned get-deleted-object-with-version (AWS-validated: 404 NoSuchVersion, Key, VersionId)"

const (
	opMissingBucketSource = "catalog NoSuchBucket; REST.md §3 (NoSuchBucket carries BucketName); REST.md §4 (HEAD errors have no body); " +
		"localstack test_s3*.snapshot.json (AWS-validated NoSuchBucket with BucketName for DeleteObjects, PutObjectRetention, PutObjectLegalHold, " +
		"DeleteObjectTagging, PutBucketRequestPayment, DeleteBucketIntelligentTieringConfiguration, GetObjectLockConfiguration)"
	opWrongSecretSource = "catalog SignatureDoesNotMatch (s3tools/s3cmd#1053); REST.md §3 (AWSAccessKeyId); REST.md §4 (HEAD errors have no body); " +
		"S3 verifies the signature before looking at what the request names"
	// opKeyInBucket is the object the anonymous, cross-account and
	// wrong-secret checks of object operations put in their private
	// bucket, and the copy source of the copy operations.
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
		if opCoveredBy(op.Name, opKindMissingBucket) == "" {
			f.It(check.Check{
				ID: slug + opKindMissingBucket, Operation: op.Name, Code: "NoSuchBucket", Capabilities: caps,
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
		if opCoveredBy(op.Name, opKindAnonymous) == "" {
			f.It(check.Check{
				ID: slug + opKindAnonymous, Operation: op.Name, Code: "AccessDenied", Capabilities: caps,
				Title:  "Anonymous " + op.Name + " on a private bucket is 403 AccessDenied",
				Source: privateBucketSource,
			}, func(t *harness.T) {
				bucket := opBucket(t, op)
				t.Expect(t.Anonymous().Do(op.Request(bucket, opKeyInBucket, bogusUploadID))).To(HaveS3Error("AccessDenied"))
			})
		}
		if opCoveredBy(op.Name, opKindSecondIdentity) == "" {
			f.It(check.Check{
				ID: slug + opKindSecondIdentity, Operation: op.Name, Code: "AccessDenied",
				Capabilities: append([]string{"second-identity"}, caps...),
				Title:        op.Name + " by another account on a private bucket is 403 AccessDenied",
				Source:       privateBucketSource,
			}, func(t *harness.T) {
				bucket := opBucket(t, op)
				t.Expect(t.SecondIdentity().Do(op.Request(bucket, opKeyInBucket, bogusUploadID))).To(HaveS3Error("AccessDenied"))
			})
		}
		if opCoveredBy(op.Name, opKindWrongSecret) == "" {
			f.It(check.Check{
				ID: slug + opKindWrongSecret, Operation: op.Name, Code: "SignatureDoesNotMatch", Capabilities: caps,
				Title:  op.Name + " signed with a wrong secret key is 403 SignatureDoesNotMatch",
				Source: opWrongSecretSource,
			}, func(t *harness.T) {
				bucket := opBucket(t, op)
				var elements []ElementExpectation
				if op.Method != http.MethodHead {
					elements = append(elements, Element("AWSAccessKeyId", t.AccessKey()))
				}
				t.Expect(t.WrongSecret().Do(op.Request(bucket, opKeyInBucket, bogusUploadID))).To(HaveS3Error("SignatureDoesNotMatch", elements...))
			})
		}
		if answer, ok := opMissingVersion[op.Name]; ok {
			opMissingVersionCheck(f, op, answer, slug, caps)
		}
		if source, ok := opMissingUpload[op.Name]; ok {
			opMissingUploadCheck(f, op, source, slug, caps)
		}
		answer, ok := opMissingKey[op.Name]
		if op.Scope != ScopeObject || !ok || opCoveredBy(op.Name, opKindMissingKey) != "" {
			continue
		}
		where := ""
		if answer.lockBucket {
			where = " in a bucket with Object Lock"
		}
		f.It(check.Check{
			ID: slug + opKindMissingKey, Operation: op.Name, Code: "NoSuchKey", Capabilities: caps,
			Title:  op.Name + " of a key that does not exist" + where + " is 404 NoSuchKey naming the key",
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

// opBucket creates the private bucket of an anonymous, cross-account or
// wrong-secret check of op, holding the object op names when it names one.
func opBucket(t *harness.T, op Operation) string {
	bucket := t.NewBucket()
	if op.Scope == ScopeObject {
		t.NewObject(bucket, opKeyInBucket, []byte("secret data"))
	}
	return bucket
}

// opMissingVersionCheck registers op's missing-version check: the key
// exists, in a versioned bucket, and the version named does not.
func opMissingVersionCheck(f *harness.Family, op Operation, answer opMissingKeyAnswer, slug string, caps []string) {
	where := " in a versioned bucket"
	if answer.lockBucket {
		where = " in a bucket with Object Lock"
	}
	f.It(check.Check{
		ID: slug + opKindMissingVersion, Operation: op.Name, Code: "NoSuchVersion", Capabilities: append([]string{"versioning"}, caps...),
		Title:  op.Name + " of a well-formed version ID no version has" + where + " is 404 NoSuchVersion naming the key and version",
		Source: answer.source,
	}, func(t *harness.T) {
		var bucket string
		if answer.lockBucket {
			bucket = t.NewObjectLockBucket()
		} else {
			bucket = t.NewVersionedBucket()
		}
		t.NewObjectVersion(bucket, opKeyInBucket, []byte("versioned content"))
		req := op.Request(bucket, opKeyInBucket, bogusUploadID)
		req.Query.Set("versionId", unknownVersionID)
		t.Expect(t.Do(req)).To(HaveS3Error("NoSuchVersion", Element("Key", opKeyInBucket), Element("VersionId", unknownVersionID)))
	})
}

// opMissingUploadCheck registers op's missing-upload check: the bucket and
// the copy source exist, the upload does not.
func opMissingUploadCheck(f *harness.Family, op Operation, source, slug string, caps []string) {
	f.It(check.Check{
		ID: slug + opKindMissingUpload, Operation: op.Name, Code: "NoSuchUpload", Capabilities: caps,
		Title:  op.Name + " with an upload ID no upload has is 404 NoSuchUpload naming the upload",
		Source: source,
	}, func(t *harness.T) {
		bucket := opBucket(t, op)
		t.Expect(t.Do(op.Request(bucket, "upload", bogusUploadID))).To(HaveS3Error("NoSuchUpload", Element("UploadId", bogusUploadID)))
	})
}
