package harness

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/s3errconform/s3errconform/harness/check"
)

// ended is how a check body stopped early in these tests.
type ended struct{ how, message string }

// runClaimCheck runs body as a check against fake and returns its record
// and how it ended ("" when it ran to its end).
func runClaimCheck(t *testing.T, fake *fakeS3, body func(*T)) (rec check.CheckRecord, end ended) {
	t.Helper()
	srv := quietServer(t, fake)
	env, err := NewEnv(testTarget(srv.URL), nil)
	if err != nil {
		t.Fatal(err)
	}
	fail := func(message string, _ int) { panic(ended{"failed", message}) }
	skip := func(message string, _ ...int) { panic(ended{"skipped", message}) }
	ct := env.begin(context.Background(), check.Check{ID: "claim"}, fail, skip)
	func() {
		defer func() {
			if r := recover(); r != nil {
				e, ok := r.(ended)
				if !ok {
					panic(r)
				}
				end = e
			}
		}()
		body(ct)
	}()
	return ct.finish(false), end
}

// A bucket that has the name already is another's: the check does not
// run and sends nothing but the look.
func TestClaimBucketNameTakenSkips(t *testing.T) {
	fake := newFakeS3()
	fake.put("192.168.5.4", "precious")
	rec, end := runClaimCheck(t, fake, func(ct *T) {
		ct.CreateBucket(ct.ClaimBucketName("192.168.5.4"))
	})
	if end.how != "skipped" || !strings.Contains(end.message, `"192.168.5.4" exists`) {
		t.Errorf("check ended %+v, want skipped saying the bucket exists", end)
	}
	if got := fake.requests(); strings.Join(got, ",") != "HEAD /192.168.5.4" {
		t.Errorf("requests %q, want only the HEAD", got)
	}
	if !fake.exists("192.168.5.4") || len(rec.Leftovers) != 0 || len(rec.Notes) != 0 {
		t.Errorf("bucket exists %v, record %+v", fake.exists("192.168.5.4"), rec)
	}
}

// A name no bucket had is the run's once the server creates it: deleted,
// and said so.
func TestClaimBucketNameCreatedIsDeleted(t *testing.T) {
	fake := newFakeS3()
	rec, end := runClaimCheck(t, fake, func(ct *T) {
		if r := ct.CreateBucket(ct.ClaimBucketName("s3")); r.Status != 200 {
			t.Fatalf("create: %d", r.Status)
		}
	})
	if end.how != "" {
		t.Fatalf("check ended %+v", end)
	}
	if fake.exists("s3") {
		t.Errorf("the bucket the server created was left: %v", fake.requests())
	}
	if len(rec.Leftovers) != 0 || len(rec.Notes) != 1 || !strings.Contains(rec.Notes[0], `the server created bucket "s3"`) || !strings.Contains(rec.Notes[0], "deleted it") {
		t.Errorf("record %+v", rec)
	}
}

// A name claimed and refused by the server leaves nothing to do; a name
// not claimed is never deleted, even when the server says it created it.
func TestClaimBucketNameOnlyWhatWasClaimed(t *testing.T) {
	fake := newFakeS3()
	rec, end := runClaimCheck(t, fake, func(ct *T) {
		ct.ClaimBucketName("s3")
		ct.CreateBucket("192.168.5.4")
	})
	if end.how != "" {
		t.Fatalf("check ended %+v", end)
	}
	if !fake.exists("192.168.5.4") || len(rec.Leftovers) != 1 || rec.Leftovers[0].Bucket != "192.168.5.4" || len(rec.Notes) != 0 {
		t.Errorf("bucket exists %v, record %+v", fake.exists("192.168.5.4"), rec)
	}
	for _, r := range fake.requests() {
		if strings.HasPrefix(r, "DELETE") {
			t.Errorf("deleted: %s", r)
		}
	}
}

// A name of the run is not looked up: it is the run's anyway.
func TestClaimBucketNameOfTheRun(t *testing.T) {
	fake := newFakeS3()
	var name string
	_, end := runClaimCheck(t, fake, func(ct *T) {
		name = ct.UniqueBucketName()
		if got := ct.ClaimBucketName(name); got != name {
			t.Errorf("ClaimBucketName(%q) = %q", name, got)
		}
	})
	if end.how != "" || len(fake.requests()) != 0 {
		t.Errorf("ended %+v, requests %v", end, fake.requests())
	}
}

// A look that gets no answer tells nothing: the check fails as a setup
// error rather than risk another's bucket.
func TestClaimBucketNameUnknown(t *testing.T) {
	fake := newFakeS3()
	fake.failHead = 503
	_, end := runClaimCheck(t, fake, func(ct *T) {
		ct.setup = ct.setup.RetryingAfter(fastRetries...)
		ct.ClaimBucketName("s3")
	})
	if end.how != "failed" || !strings.Contains(end.message, fmt.Sprintf("whether a bucket named %q exists is unknown", "s3")) {
		t.Errorf("ended %+v", end)
	}
}
