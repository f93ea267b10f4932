package harness

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/s3errconform/s3errconform/harness/wire"
	"github.com/s3errconform/s3errconform/reftarget"
)

// startReference serves the reference target for the test identity.
func startReference(t *testing.T) *wire.Client {
	t.Helper()
	srv, err := reftarget.Start(reftarget.Options{Identities: []reftarget.Identity{{AccessKey: fixtureAccessKey, SecretKey: fixtureSecretKey}}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return newTestClient(t, testTarget(srv.URL())).Retrying()
}

func mustDo(t *testing.T, c *wire.Client, req wire.Request, status int) *wire.Response {
	t.Helper()
	r := c.Do(context.Background(), req)
	if r.Status != status {
		t.Fatalf("%s: status %d, want %d\n%s", r.RequestLine(), r.Status, status, r.Body)
	}
	return r
}

func TestTrackerDeletesVersionsAndAbortsUploads(t *testing.T) {
	c := startReference(t)
	names := NewNamer()
	tr := NewTracker(c, names)
	bucket := names.Bucket()
	mustDo(t, c, wire.Request{Method: "PUT", Bucket: bucket}, 200)
	tr.Bucket(bucket)
	mustDo(t, c, wire.Request{Method: "PUT", Bucket: bucket, Query: url.Values{"versioning": {""}}, Body: VersioningBody("Enabled")}, 200)
	tr.Versioned(bucket)
	for _, body := range []string{"one", "two"} {
		mustDo(t, c, wire.Request{Method: "PUT", Bucket: bucket, Key: "k", Body: []byte(body)}, 200)
	}
	tr.Object(bucket, "k")
	mustDo(t, c, wire.Request{Method: "DELETE", Bucket: bucket, Key: "gone"}, 204) // a lone delete marker
	tracked := uploadIDOf(mustDo(t, c, wire.Request{Method: "POST", Bucket: bucket, Key: "mp", Query: url.Values{"uploads": {""}}}, 200).Body)
	tr.Upload(bucket, "mp", tracked)
	// An upload the tracker was not told about, e.g. started by a request
	// the server should have refused, goes with the bucket.
	stray := uploadIDOf(mustDo(t, c, wire.Request{Method: "POST", Bucket: bucket, Key: "stray", Query: url.Values{"uploads": {""}}}, 200).Body)
	if tracked == "" || stray == "" {
		t.Fatal("no upload IDs")
	}

	if left := tr.Cleanup(context.Background()); len(left) != 0 {
		t.Fatalf("leftovers: %v", left)
	}
	if r := c.Do(context.Background(), wire.Request{Method: "HEAD", Bucket: bucket}); r.Status != http.StatusNotFound {
		t.Errorf("bucket survived cleanup: HEAD %d", r.Status)
	}
}

func TestTrackerAbortsUploadsOutsideItsBuckets(t *testing.T) {
	c := startReference(t)
	tr := NewTracker(c, NewNamer())
	// A bucket not made by this run: the tracker aborts the upload it was
	// told about, and deletes nothing else.
	mustDo(t, c, wire.Request{Method: "PUT", Bucket: "someone-elses"}, 200)
	mustDo(t, c, wire.Request{Method: "PUT", Bucket: "someone-elses", Key: "keep", Body: []byte("x")}, 200)
	id := uploadIDOf(mustDo(t, c, wire.Request{Method: "POST", Bucket: "someone-elses", Key: "mp", Query: url.Values{"uploads": {""}}}, 200).Body)
	tr.Upload("someone-elses", "mp", id)
	if left := tr.Cleanup(context.Background()); len(left) != 0 {
		t.Fatalf("leftovers: %v", left)
	}
	r := mustDo(t, c, wire.Request{Method: "GET", Bucket: "someone-elses", Query: url.Values{"uploads": {""}}}, 200)
	if strings.Contains(string(r.Body), "<Upload>") {
		t.Errorf("upload not aborted: %s", r.Body)
	}
	mustDo(t, c, wire.Request{Method: "HEAD", Bucket: "someone-elses", Key: "keep"}, 200)
}

func TestTrackerReportsUploadItCannotAbort(t *testing.T) {
	srv := quietServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusForbidden)
		w.Write([]byte("<Error><Code>AccessDenied</Code></Error>"))
	}))
	names := NewNamer()
	tr := NewTracker(newTestClient(t, testTarget(srv.URL)).Retrying(), names)
	tr.Upload(names.Bucket(), "k", "the-upload")
	left := tr.Cleanup(context.Background())
	if len(left) != 1 || !strings.Contains(left[0].Error, "the-upload") || left[0].Key != "k" {
		t.Errorf("leftovers: %v", left)
	}
}
