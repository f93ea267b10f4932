package rest

import (
	"net/http"
	"net/url"
	"time"

	"github.com/s3errconform/s3errconform/harness"
	"github.com/s3errconform/s3errconform/harness/check"
	. "github.com/s3errconform/s3errconform/harness/judge"
	"github.com/s3errconform/s3errconform/harness/wire"
)

// Reads of an object's retention and legal hold: per object, so S3 answers
// them apart from the bucket's Object Lock configuration.
var objectLockReads = []struct {
	operation, name, source string
	send                    func(t *harness.T, bucket, key string) *wire.Response
}{
	{"GetObjectRetention", "retention",
		"localstack/localstack tests/aws/services/s3/test_s3.snapshot.json (recorded from AWS: get-object-retention-never-set, get-object-retention-regular-bucket); " +
			"adobe/S3Mock RetentionIT (verified against AWS)",
		func(t *harness.T, bucket, key string) *wire.Response { return t.GetObjectRetention(bucket, key) }},
	{"GetObjectLegalHold", "legal-hold",
		"localstack/localstack tests/aws/services/s3/test_s3.snapshot.json (recorded from AWS: get-legal-hold-unset); " +
			"adobe/S3Mock LegalHoldIT (verified against AWS); versity/versitygw#883 (AWS body for a bucket without Object Lock)",
		func(t *harness.T, bucket, key string) *wire.Response { return t.GetObjectLegalHold(bucket, key) }},
}

func objectLockErrors(f *harness.Family) {
	objectLockWriteErrors(f)
	objectLockProtection(f)
	for _, op := range objectLockReads {
		f.It(check.Check{
			ID: "rest-object-lock-get-" + op.name + "-unset", Operation: op.operation, Code: "NoSuchObjectLockConfiguration",
			Capabilities: []string{"object-lock", "versioning"},
			Title:        op.operation + " of an object without one, in an Object Lock bucket, is 404 NoSuchObjectLockConfiguration",
			Source:       "catalog NoSuchObjectLockConfiguration; " + op.source,
		}, func(t *harness.T) {
			bucket := t.NewObjectLockBucket()
			t.NewObject(bucket, "unlocked", []byte("no retention, no legal hold"))
			t.Expect(op.send(t, bucket, "unlocked")).To(HaveS3Error("NoSuchObjectLockConfiguration"))
		})

		f.It(check.Check{
			ID: "rest-object-lock-get-" + op.name + "-unlocked-bucket", Operation: op.operation, Code: "InvalidRequest",
			Capabilities: []string{"object-lock"},
			Title:        op.operation + " in a bucket without Object Lock is 400 InvalidRequest",
			Source:       "catalog InvalidRequest ('Bucket is missing Object Lock Configuration'); " + op.source,
		}, func(t *harness.T) {
			bucket := t.NewBucket()
			t.NewObject(bucket, "obj", []byte("data"))
			t.Expect(op.send(t, bucket, "obj")).To(HaveS3Error("InvalidRequest"))
		})
	}
}

const (
	hdrBypassGovernance = "X-Amz-Bypass-Governance-Retention"
	// recordedLock introduces LocalStack's snapshots of AWS's answers to
	// the retention and legal-hold calls.
	recordedLock = "localstack/localstack tests/aws/services/s3/test_s3.snapshot.json (recorded from AWS: "
)

// retentionBody is a PutObjectRetention document.
func retentionBody(mode string, until time.Time) []byte {
	return []byte(`<Retention xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Mode>` + mode + `</Mode><RetainUntilDate>` +
		until.UTC().Format("2006-01-02T15:04:05.000Z") + `</RetainUntilDate></Retention>`)
}

// legalHoldBody is a PutObjectLegalHold document.
func legalHoldBody(status string) []byte {
	return []byte(`<LegalHold xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Status>` + status + `</Status></LegalHold>`)
}

// lockRequest is PutObjectRetention or PutObjectLegalHold (sub) of a
// version ("" for the current one), with the Content-MD5 S3 requires.
func lockRequest(bucket, key, sub, versionID string, body []byte, header http.Header) wire.Request {
	q := url.Values{sub: {""}}
	if versionID != "" {
		q.Set("versionId", versionID)
	}
	h := header.Clone()
	if h == nil {
		h = http.Header{}
	}
	h.Set("Content-Md5", contentMD5(body))
	return wire.Request{Method: http.MethodPut, Bucket: bucket, Key: key, Query: q, Header: h, Body: body}
}

// Writes of an object's retention and legal hold: per object, refused in a
// bucket without Object Lock as the reads are, and their documents checked.
var objectLockWrites = []struct {
	operation, name, source string
	valid, invalid          func() []byte
	// invalidID names the invalid field in the check's ID.
	invalidID, invalidWhat, invalidSource string
}{
	{"PutObjectRetention", "retention",
		recordedLock + "test_s3_object_retention_exc put-object-retention-regular-bucket); ceph/s3-tests test_object_lock_put_obj_retention_invalid_bucket",
		func() []byte { return retentionBody("GOVERNANCE", time.Now().Add(24*time.Hour)) },
		func() []byte { return retentionBody("BAD-VALUE", time.Now().Add(24*time.Hour)) },
		"mode", "a Mode other than GOVERNANCE or COMPLIANCE",
		recordedLock + "test_s3_object_retention_exc update-retention-bad-value); ceph/s3-tests test_object_lock_put_obj_retention_invalid_mode"},
	{"PutObjectLegalHold", "legal-hold",
		recordedLock + "test_put_object_legal_hold_exc put-object-retention-regular-bucket); ceph/s3-tests test_object_lock_put_legal_hold_invalid_bucket",
		func() []byte { return legalHoldBody("ON") },
		func() []byte { return legalHoldBody("abc") },
		"status", "a Status other than ON or OFF",
		"ceph/s3-tests test_object_lock_put_legal_hold_invalid_status; " + recordedLock + "test_put_object_legal_hold_exc put-object-retention-empty, a LegalHold without Status)"},
}

func objectLockWriteErrors(f *harness.Family) {
	for _, op := range objectLockWrites {
		f.It(check.Check{
			ID: "rest-object-lock-put-" + op.name + "-unlocked-bucket", Operation: op.operation, Code: "InvalidRequest",
			Capabilities: []string{"object-lock"},
			Title:        op.operation + " in a bucket without Object Lock is 400 InvalidRequest",
			Source:       "catalog InvalidRequest ('Bucket is missing Object Lock Configuration'); " + op.source,
		}, func(t *harness.T) {
			bucket := t.NewBucket()
			t.NewObject(bucket, "obj", []byte("data"))
			t.Expect(t.Do(lockRequest(bucket, "obj", op.name, "", op.valid(), nil))).To(HaveS3Error("InvalidRequest"))
		})

		f.It(check.Check{
			ID: "rest-object-lock-put-" + op.name + "-invalid-" + op.invalidID, Operation: op.operation, Code: "MalformedXML",
			Capabilities: []string{"object-lock", "versioning"},
			Title:        op.operation + " with " + op.invalidWhat + " is 400 MalformedXML",
			Source:       "catalog MalformedXML; " + op.invalidSource,
		}, func(t *harness.T) {
			bucket := t.NewObjectLockBucket()
			t.NewObject(bucket, "obj", []byte("data"))
			t.Expect(t.Do(lockRequest(bucket, "obj", op.name, "", op.invalid(), nil))).To(HaveS3Error("MalformedXML"))
		})
	}
}

// lockedVersion puts a version under Object Lock headers (with the digest
// S3 requires of such a write) and returns its version ID. The check
// releases it when it ends (see release), so that cleanup can delete it.
func lockedVersion(t *harness.T, bucket, key string, lock http.Header) string {
	body := []byte("locked")
	h := lock.Clone()
	h.Set("Content-Md5", contentMD5(body))
	r := t.NewObjectWith(bucket, key, body, h)
	id := r.ResponseHeader.Get("X-Amz-Version-Id")
	if id == "" {
		t.Fail("setup failed, so the check could not run: PUT in an Object Lock bucket returned no x-amz-version-id\n" + r.Exchange.String())
	}
	return id
}

// release lifts a version's legal hold and deletes it bypassing GOVERNANCE
// retention, which the run's cleanup does not do. A version already gone
// (a target that let the check's delete through) is no error.
func release(t *harness.T, bucket, key, versionID string, legalHold bool) {
	if legalHold {
		t.Setup(lockRequest(bucket, key, "legal-hold", versionID, legalHoldBody("OFF"), nil), http.StatusOK, http.StatusNotFound)
	}
	t.Setup(wire.Request{Method: http.MethodDelete, Bucket: bucket, Key: key, Query: url.Values{"versionId": {versionID}},
		Header: http.Header{hdrBypassGovernance: {"true"}}}, http.StatusNoContent, http.StatusOK, http.StatusNotFound)
}

// governance is a GOVERNANCE retention until a date, as PutObject headers.
func governance(until time.Time) http.Header {
	return http.Header{"X-Amz-Object-Lock-Mode": {"GOVERNANCE"}, "X-Amz-Object-Lock-Retain-Until-Date": {until.UTC().Format(time.RFC3339)}}
}

// What Object Lock protects: S3 refuses, with AccessDenied, to delete a
// version under retention or a legal hold, or to shorten its retention.
// COMPLIANCE is left out: a version under it cannot be deleted by anyone
// until its date, so a check would leave it behind on a real target.
func objectLockProtection(f *harness.Family) {
	lock := []string{"object-lock", "versioning"}
	protected := "catalog AccessDenied ('Access Denied because object protected by object lock.'); "

	f.It(check.Check{
		ID: "rest-object-lock-delete-governance-version", Operation: "DeleteObject", Code: "AccessDenied", Capabilities: lock,
		Title: "DeleteObject of a version under GOVERNANCE retention, without x-amz-bypass-governance-retention, is 403 AccessDenied",
		Source: protected + recordedLock + "test_s3_object_retention delete-obj-locked; test_s3_object_retention_compliance_mode delete-locked-1); " +
			"ceph/s3-tests test_object_lock_delete_object_with_retention",
	}, func(t *harness.T) {
		bucket := t.NewObjectLockBucket()
		id := lockedVersion(t, bucket, "retained", governance(time.Now().Add(24*time.Hour)))
		defer release(t, bucket, "retained", id, false)
		r := t.Do(wire.Request{Method: http.MethodDelete, Bucket: bucket, Key: "retained", Query: url.Values{"versionId": {id}}})
		t.Expect(r).To(HaveS3ErrorWorded("AccessDenied", WordedForCase))
	})

	f.It(check.Check{
		ID: "rest-object-lock-delete-legal-hold-version", Operation: "DeleteObject", Code: "AccessDenied", Capabilities: lock,
		Title:  "DeleteObject of a version under a legal hold is 403 AccessDenied",
		Source: protected + "ceph/s3-tests test_object_lock_delete_object_with_legal_hold_on; S3 User Guide, Object Lock (a legal hold prevents deleting the version)",
	}, func(t *harness.T) {
		bucket := t.NewObjectLockBucket()
		id := lockedVersion(t, bucket, "held", http.Header{"X-Amz-Object-Lock-Legal-Hold": {"ON"}})
		defer release(t, bucket, "held", id, true)
		r := t.Do(wire.Request{Method: http.MethodDelete, Bucket: bucket, Key: "held", Query: url.Values{"versionId": {id}}})
		t.Expect(r).To(HaveS3ErrorWorded("AccessDenied", WordedForCase))
	})

	f.It(check.Check{
		ID: "rest-object-lock-put-retention-shorten-governance", Operation: "PutObjectRetention", Code: "AccessDenied", Capabilities: lock,
		Title: "PutObjectRetention shortening a GOVERNANCE retention, without x-amz-bypass-governance-retention, is 403 AccessDenied",
		Source: protected + recordedLock + "test_object_lock_extend_duration put-object-retention-reduce; test_s3_object_retention_exc update-retention-no-bypass); " +
			"ceph/s3-tests test_object_lock_put_obj_retention_shorten_period",
	}, func(t *harness.T) {
		bucket := t.NewObjectLockBucket()
		until := time.Now().Add(48 * time.Hour)
		id := lockedVersion(t, bucket, "retained", governance(until))
		defer release(t, bucket, "retained", id, false)
		r := t.Do(lockRequest(bucket, "retained", "retention", id, retentionBody("GOVERNANCE", until.Add(-24*time.Hour)), nil))
		t.Expect(r).To(HaveS3ErrorWorded("AccessDenied", WordedForCase))
	})
}
