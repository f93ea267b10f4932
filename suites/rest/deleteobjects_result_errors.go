package rest

import (
	"net/http"

	"github.com/s3errconform/s3errconform/harness"
	"github.com/s3errconform/s3errconform/harness/check"
	. "github.com/s3errconform/s3errconform/harness/judge"
)

// deleteObjectsMalformed are DeleteObjects bodies that are well-formed XML
// but no Delete document S3's schema takes.
var deleteObjectsMalformed = []struct{ id, what, body, source string }{
	{"rest-delete-objects-not-delete-document", "a body whose root is not <Delete>",
		`<Remove xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Object><Key>s3errconform-never-written</Key></Object></Remove>`,
		"catalog MalformedXML ('did not validate against our published schema'); S3 API reference DeleteObjects (the body is a Delete element)"},
	{"rest-delete-objects-no-object", "a <Delete> naming no object",
		`<Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Quiet>true</Quiet></Delete>`,
		"andrewrk/node-s3-client#25 (AWS answered this very body MalformedXML); catalog MalformedXML"},
}

// deleteObjectsSnapshot is where DeleteObjects' per-key answers were
// recorded from AWS.
const deleteObjectsSnapshot = "LocalStack tests/aws/services/s3/test_s3_api.snapshot.json (recorded from AWS 2026-02) "

func deleteObjectsResultErrors(f *harness.Family) {
	for _, c := range deleteObjectsMalformed {
		f.It(check.Check{
			ID: c.id, Operation: "DeleteObjects", Code: "MalformedXML",
			Title:  "DeleteObjects with " + c.what + " is 400 MalformedXML",
			Source: c.source,
		}, func(t *harness.T) {
			bucket := t.NewBucket()
			body := []byte(c.body)
			t.Expect(deleteObjects(t, bucket, body, http.Header{"Content-Md5": {contentMD5(body)}})).To(HaveS3Error("MalformedXML"))
		})
	}

	f.It(check.Check{
		ID: "rest-delete-objects-missing-version", Operation: "DeleteObjects", Code: "NoSuchVersion",
		Title: "DeleteObjects naming a version that does not exist answers 200 with a per-key <Error> NoSuchVersion naming the key and the version",
		Source: deleteObjectsSnapshot + "TestS3ObjectCRUD::test_delete_objects delete-object-wrong-version-id (200, Errors: Code NoSuchVersion, Key, " +
			"VersionId, 'The specified version does not exist.'; the same in a versioned bucket: test_delete_objects_versioned); catalog NoSuchVersion",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		t.NewObject(bucket, "kept", []byte("x"))
		const version = "HPniJFCxqTsMuIH9KX8K8wEjNUgmABCD" // the recorded request's well-formed, unknown ID
		body := []byte(`<Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Object><Key>kept</Key><VersionId>` + version + `</VersionId></Object></Delete>`)
		t.Expect(deleteObjects(t, bucket, body, http.Header{"Content-Md5": {contentMD5(body)}})).To(HaveDeleteResult(DeleteFailed("kept", version, "NoSuchVersion")))
	})

	f.It(check.Check{
		ID: "rest-delete-objects-missing-key-deleted", Operation: "DeleteObjects",
		Title: "DeleteObjects naming a key that does not exist reports it <Deleted>, as DeleteObject answers 204 for it",
		Source: deleteObjectsSnapshot + "TestS3ObjectCRUD::test_delete_objects delete-objects (Deleted: a-wrong-key, c-wrong-key); " +
			"REST.md §4 (DELETE of a nonexistent key succeeds)",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		body := []byte(`<Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Object><Key>s3errconform-never-written</Key></Object></Delete>`)
		t.Expect(deleteObjects(t, bucket, body, http.Header{"Content-Md5": {contentMD5(body)}})).To(HaveDeleteResult(Deleted("s3errconform-never-written")))
	})
}
