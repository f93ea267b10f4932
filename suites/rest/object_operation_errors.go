package rest

import (
	"net/http"
	"net/url"

	"github.com/s3errconform/s3errconform/harness"
	"github.com/s3errconform/s3errconform/harness/check"
	. "github.com/s3errconform/s3errconform/harness/judge"
	"github.com/s3errconform/s3errconform/harness/wire"
)

// RestoreObject and GetObjectAttributes: object operations whose own
// errors no other family checks.

// restoreBody asks for a one-day Standard-tier restore, a valid request
// for an archived object.
const restoreBody = `<RestoreRequest xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Days>1</Days>` +
	`<GlacierJobParameters><Tier>Standard</Tier></GlacierJobParameters></RestoreRequest>`

// objectAttributesRequests are GetObjectAttributes requests S3 refuses for
// their x-amz-object-attributes header.
var objectAttributesRequests = []struct {
	id, what, code, source string
	header                 http.Header
	elements               []ElementExpectation
}{
	{"rest-object-attributes-missing-header", "without x-amz-object-attributes", "InvalidRequest",
		"versity/versitygw#915 (AWS: 400 InvalidRequest 'The x-amz-object-attributes header specifying the attributes to be retrieved is either missing or empty'); " +
			"S3 API reference GetObjectAttributes (the header is required); catalog InvalidRequest",
		nil, nil},
	{"rest-object-attributes-unknown-name", "naming an attribute S3 does not know", "InvalidArgument",
		"versity/versitygw#917 (AWS: 400 InvalidArgument 'Invalid attribute name specified.', ArgumentName x-amz-object-attributes, ArgumentValue the name); catalog InvalidArgument",
		http.Header{"X-Amz-Object-Attributes": {"Dummy"}},
		[]ElementExpectation{Element("ArgumentName", "x-amz-object-attributes"), Element("ArgumentValue", "Dummy")}},
}

func objectOperationErrors(f *harness.Family) {
	f.It(check.Check{
		ID: "rest-object-restore-not-archived", Operation: "RestoreObject", Code: "InvalidObjectState", Capabilities: []string{"restore"},
		Title: "RestoreObject of an object in the STANDARD storage class is 403 InvalidObjectState",
		Source: "getmoto/moto#4670 (AWS: InvalidObjectState 'Restore is not allowed for the object's current storage class' for a STANDARD object); " +
			"s3tools/s3cmd#1375 (the same answer with its 403); catalog InvalidObjectState",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		t.NewObject(bucket, "standard", []byte("x"))
		body := []byte(restoreBody)
		resp := t.Do(wire.Request{Method: http.MethodPost, Bucket: bucket, Key: "standard", Query: url.Values{"restore": {""}}, Body: body,
			Header: http.Header{"Content-Md5": {contentMD5(body)}}})
		t.Expect(resp).To(HaveS3ErrorWorded("InvalidObjectState", WordedForCase))
	})

	f.It(check.Check{
		ID: "rest-object-restore-in-progress", Operation: "RestoreObject", Code: "RestoreAlreadyInProgress", Capabilities: []string{"restore", "archive-storage"},
		Title: "RestoreObject of a GLACIER object whose restore is in progress is 409 RestoreAlreadyInProgress",
		Source: "S3 API reference RestoreObject (special errors: RestoreAlreadyInProgress, 409 Conflict, 'Object restore is already in progress'); " +
			"s3tools/s3cmd#667 (a repeat restore on AWS answers RestoreAlreadyInProgress); counsyl/stor#71 (409 when a restore has already started); " +
			"catalog RestoreAlreadyInProgress",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		t.NewObjectWith(bucket, "frozen", []byte("x"), http.Header{"X-Amz-Storage-Class": {"GLACIER"}})
		body := []byte(restoreBody)
		restore := wire.Request{Method: http.MethodPost, Bucket: bucket, Key: "frozen", Query: url.Values{"restore": {""}}, Body: body,
			Header: http.Header{"Content-Md5": {contentMD5(body)}}}
		// A Standard-tier restore takes hours, so the first is still in progress.
		t.Setup(restore, http.StatusAccepted)
		t.Expect(t.Do(restore)).To(HaveS3Error("RestoreAlreadyInProgress"))
	})

	f.It(check.Check{
		ID: "rest-object-attributes-delete-marker", Operation: "GetObjectAttributes", Code: "NoSuchKey", Capabilities: []string{"object-attributes", "versioning"},
		Title: "GetObjectAttributes of a key whose current version is a delete marker is 404 NoSuchKey naming the key",
		Source: "LocalStack tests/aws/services/s3/test_s3.snapshot.json (recorded from AWS 2026-02-21) TestS3::test_get_object_attributes_versioned " +
			"deleted-object-attrs (404 NoSuchKey, Key); catalog NoSuchKey",
	}, func(t *harness.T) {
		bucket := t.NewVersionedBucket()
		t.NewObjectVersion(bucket, "described", []byte("x"))
		t.NewDeleteMarker(bucket, "described")
		resp := t.Do(wire.Request{Method: http.MethodGet, Bucket: bucket, Key: "described", Query: url.Values{"attributes": {""}},
			Header: http.Header{"X-Amz-Object-Attributes": {"ETag"}}})
		t.Expect(resp).To(HaveS3Error("NoSuchKey", Element("Key", "described")))
	})

	for _, c := range objectAttributesRequests {
		f.It(check.Check{
			ID: c.id, Operation: "GetObjectAttributes", Code: c.code, Capabilities: []string{"object-attributes"},
			Title:  "GetObjectAttributes " + c.what + " is 400 " + c.code,
			Source: c.source,
		}, func(t *harness.T) {
			bucket := t.NewBucket()
			t.NewObject(bucket, "described", []byte("x"))
			resp := t.Do(wire.Request{Method: http.MethodGet, Bucket: bucket, Key: "described", Query: url.Values{"attributes": {""}}, Header: c.header})
			t.Expect(resp).To(HaveS3Error(c.code, c.elements...))
		})
	}
}
