package harness

import (
	"context"
	"encoding/xml"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/s3errconform/s3errconform/harness/check"
	"github.com/s3errconform/s3errconform/harness/targets"
)

// S3 bucket naming rules (general purpose buckets).
var validBucketName = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)

func TestNamer(t *testing.T) {
	n := NewNamer()
	other := NewNamer()
	if n.RunID() == other.RunID() {
		t.Errorf("two namers share run ID %q", n.RunID())
	}
	seen := map[string]bool{}
	for i := 0; i < 1000; i++ {
		name := n.Bucket()
		if !validBucketName.MatchString(name) || strings.Contains(name, "..") || strings.Contains(name, ".-") || strings.Contains(name, "-.") {
			t.Fatalf("%q is not a valid S3 bucket name", name)
		}
		if strings.HasPrefix(name, "xn--") || strings.HasPrefix(name, "sthree-") || strings.HasSuffix(name, "-s3alias") {
			t.Fatalf("%q uses a reserved prefix or suffix", name)
		}
		if seen[name] {
			t.Fatalf("%q handed out twice", name)
		}
		seen[name] = true
		if !strings.HasPrefix(name, NamePrefix+n.RunID()+"-") {
			t.Fatalf("%q lacks the run prefix", name)
		}
		if !n.Owns(name) || !n.Owns(strings.ToUpper(name)) {
			t.Fatalf("namer does not own its %q", name)
		}
		if other.Owns(name) {
			t.Fatalf("another run's namer owns %q", name)
		}
	}
	for _, name := range []string{"", "bucket", NamePrefix, NamePrefix + n.RunID(), NamePrefix + n.RunID() + "x-1", "x" + NamePrefix + n.RunID() + "-1", "192.168.5.4", other.Bucket()} {
		if n.Owns(name) {
			t.Errorf("namer owns %q", name)
		}
	}
}

func TestNamerConcurrent(t *testing.T) {
	n := NewNamer()
	var mu sync.Mutex
	seen := map[string]bool{}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 100; i++ {
				name := n.Bucket()
				mu.Lock()
				if seen[name] {
					t.Errorf("%q handed out twice", name)
				}
				seen[name] = true
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
}

// fakeS3 is a minimal path-style S3: buckets, objects, ListObjects (v1)
// with marker paging. It logs every request as "METHOD /path".
type fakeS3 struct {
	mu       sync.Mutex
	buckets  map[string]map[string]bool
	log      []string
	pageSize int
	// failDelete answers DELETE of these buckets with this status.
	failDelete map[string]int
	// failHead, when set, answers every HEAD with this status.
	failHead int
}

func newFakeS3() *fakeS3 {
	return &fakeS3{buckets: map[string]map[string]bool{}, pageSize: 2, failDelete: map[string]int{}}
}

func (f *fakeS3) requests() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.log...)
}

func (f *fakeS3) put(bucket string, keys ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.buckets[bucket] == nil {
		f.buckets[bucket] = map[string]bool{}
	}
	for _, k := range keys {
		f.buckets[bucket][k] = true
	}
}

func (f *fakeS3) exists(bucket string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.buckets[bucket] != nil
}

func (f *fakeS3) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	line := r.Method + " " + r.URL.Path
	if r.URL.RawQuery != "" {
		line += "?" + r.URL.RawQuery
	}
	f.log = append(f.log, line)
	bucket, key, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	objects := f.buckets[bucket]
	s3err := func(status int, code string) {
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(status)
		fmt.Fprintf(w, "<Error><Code>%s</Code></Error>", code)
	}
	switch {
	case r.Method == "HEAD" && f.failHead != 0:
		w.WriteHeader(f.failHead)
	case r.Method == "HEAD" && key == "":
		if objects == nil {
			w.WriteHeader(404)
		}
	case r.Method == "PUT" && key == "":
		if objects == nil {
			f.buckets[bucket] = map[string]bool{}
		}
	case r.Method == "PUT":
		if objects == nil {
			s3err(404, "NoSuchBucket")
			return
		}
		objects[key] = true
	case r.Method == "DELETE" && key == "":
		if status := f.failDelete[bucket]; status != 0 {
			s3err(status, "Injected")
			return
		}
		if objects == nil {
			s3err(404, "NoSuchBucket")
			return
		}
		if len(objects) > 0 {
			s3err(409, "BucketNotEmpty")
			return
		}
		delete(f.buckets, bucket)
		w.WriteHeader(204)
	case r.Method == "DELETE":
		if objects == nil {
			s3err(404, "NoSuchBucket")
			return
		}
		delete(objects, key)
		w.WriteHeader(204)
	case r.Method == "GET" && key == "":
		if objects == nil {
			s3err(404, "NoSuchBucket")
			return
		}
		var keys []string
		marker := r.URL.Query().Get("marker")
		for k := range objects {
			if k > marker {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		truncated := len(keys) > f.pageSize
		if truncated {
			keys = keys[:f.pageSize]
		}
		type contents struct{ Key string }
		out := struct {
			XMLName     xml.Name `xml:"http://s3.amazonaws.com/doc/2006-03-01/ ListBucketResult"`
			Name        string
			Marker      string
			IsTruncated bool
			Contents    []contents
		}{Name: bucket, Marker: marker, IsTruncated: truncated}
		for _, k := range keys {
			out.Contents = append(out.Contents, contents{k})
		}
		w.Header().Set("Content-Type", "application/xml")
		xml.NewEncoder(w).Encode(out)
	default:
		s3err(405, "MethodNotAllowed")
	}
}

func newFakeTracker(t *testing.T, fake *fakeS3) (*Tracker, *Namer) {
	t.Helper()
	srv := quietServer(t, fake)
	names := NewNamer()
	return NewTracker(newTestClient(t, testTarget(srv.URL)).RetryingAfter(fastRetries...), names), names
}

func TestTrackerCleanupLIFO(t *testing.T) {
	fake := newFakeS3()
	tr, names := newFakeTracker(t, fake)
	b1, b2 := names.Bucket(), names.Bucket()
	fake.put(b1, "tracked one", "tracked/two")
	fake.put(b1, "untracked-a", "untracked-b", "untracked-c", "untracked-d", "untracked-e") // three pages
	fake.put(b2)
	tr.Bucket(b1)
	tr.Object(b1, "tracked one")
	tr.Object(b1, "tracked/two")
	tr.Bucket(b2)
	tr.Object(b2, "never created") // in a run's bucket: emptied with it, not deleted alone

	left := tr.Cleanup(context.Background())
	if len(left) != 0 {
		t.Fatalf("leftovers: %v", left)
	}
	if fake.exists(b1) || fake.exists(b2) {
		t.Errorf("buckets not deleted: %v", fake.requests())
	}
	got := fake.requests()
	want := []string{
		"GET /" + b2,
		"DELETE /" + b2,
		"GET /" + b1,
		"DELETE /" + b1 + "/tracked one",
		"DELETE /" + b1 + "/tracked/two",
		"DELETE /" + b1 + "/untracked-a",
		"DELETE /" + b1 + "/untracked-b",
		"DELETE /" + b1 + "/untracked-c",
		"DELETE /" + b1 + "/untracked-d",
		"DELETE /" + b1 + "/untracked-e",
		"DELETE /" + b1,
	}
	// The listing of b1 takes three pages; compare without the listing
	// requests' queries, then check the paging separately.
	var lists []string
	var plain []string
	for _, l := range got {
		if strings.HasPrefix(l, "GET /"+b1) {
			lists = append(lists, l)
			if len(lists) > 1 {
				continue
			}
			l = "GET /" + b1
		}
		plain = append(plain, l)
	}
	if strings.Join(plain, "\n") != strings.Join(want, "\n") {
		t.Errorf("requests:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	wantLists := []string{"GET /" + b1, "GET /" + b1 + "?marker=tracked%2Ftwo", "GET /" + b1 + "?marker=untracked-b", "GET /" + b1 + "?marker=untracked-d"}
	if strings.Join(lists, "\n") != strings.Join(wantLists, "\n") {
		t.Errorf("listing requests:\n%s\nwant:\n%s", strings.Join(lists, "\n"), strings.Join(wantLists, "\n"))
	}
	if again := tr.Cleanup(context.Background()); len(again) != 0 || len(fake.requests()) != len(got) {
		t.Errorf("a second cleanup did something: %v", again)
	}
}

func TestTrackerRefusesBucketsNotOwned(t *testing.T) {
	fake := newFakeS3()
	tr, names := newFakeTracker(t, fake)
	foreign := []string{"somebody-elses-bucket", "192.168.5.4", NewNamer().Bucket(), NamePrefix + "other-1"}
	for _, b := range foreign {
		fake.put(b, "precious")
		tr.Bucket(b)
	}
	mine := names.Bucket()
	fake.put(mine)
	tr.Bucket(mine)

	left := tr.Cleanup(context.Background())
	if len(left) != len(foreign) {
		t.Fatalf("leftovers %v, want one per foreign bucket", left)
	}
	for i, l := range left {
		want := foreign[len(foreign)-1-i]
		if l.Bucket != want || l.Key != "" || !strings.Contains(l.Error, names.RunID()) || !strings.Contains(l.String(), "bucket "+want+": ") {
			t.Errorf("leftover %d = %+v (%s), want bucket %s", i, l, l, want)
		}
	}
	for _, r := range fake.requests() {
		for _, b := range foreign {
			if strings.Contains(r, " /"+b) {
				t.Errorf("request sent for a bucket not the run's: %s", r)
			}
		}
	}
	for _, b := range foreign {
		if !fake.exists(b) {
			t.Errorf("bucket %s deleted", b)
		}
	}
	if fake.exists(mine) {
		t.Error("the run's own bucket was not deleted")
	}
}

func TestTrackerReportsLeftovers(t *testing.T) {
	fake := newFakeS3()
	tr, names := newFakeTracker(t, fake)
	stuck, busy, fine := names.Bucket(), names.Bucket(), names.Bucket()
	fake.put(stuck, "k")
	fake.put(busy)
	fake.put(fine)
	fake.failDelete[stuck] = 409
	fake.failDelete[busy] = 503
	tr.Bucket(fine)
	tr.Bucket(busy)
	tr.Bucket(stuck)
	tr.Object(stuck, "k")

	start := time.Now()
	left := tr.Cleanup(context.Background())
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("cleanup took %s", d)
	}
	if len(left) != 2 || left[0].Bucket != stuck || left[1].Bucket != busy {
		t.Fatalf("leftovers %v", left)
	}
	if !strings.Contains(left[0].Error, "409") || !strings.Contains(left[0].Error, "DELETE ") || !strings.Contains(left[0].Error, "Injected") {
		t.Errorf("leftover error %q does not say what happened", left[0].Error)
	}
	if !strings.Contains(left[1].Error, "503") {
		t.Errorf("leftover error %q", left[1].Error)
	}
	n503 := 0
	for _, r := range fake.requests() {
		if r == "DELETE /"+busy {
			n503++
		}
	}
	if want := 1 + len(fastRetries); n503 != want {
		t.Errorf("DELETE of a bucket answering 503 sent %d times, want %d", n503, want)
	}
	if fake.exists(fine) {
		t.Error("a failure stopped the cleanup of the other buckets")
	}
}

func TestTrackerUnreachableServer(t *testing.T) {
	target := testTarget("http://127.0.0.1:1")
	target.Timeout = 500 * time.Millisecond
	names := NewNamer()
	tr := NewTracker(newTestClient(t, target).RetryingAfter(fastRetries...), names)
	b := names.Bucket()
	tr.Bucket(b)
	tr.Object("someone-elses-bucket", "k")
	left := tr.Cleanup(context.Background())
	if len(left) != 2 || left[0].Key != "k" || left[1].Key != "" {
		t.Fatalf("leftovers %v", left)
	}
	for _, l := range left {
		if l.Error == "" {
			t.Errorf("leftover without error: %+v", l)
		}
	}
}

func TestLeftoverString(t *testing.T) {
	if got := (check.Leftover{Bucket: "b", Key: "k", Error: "e"}).String(); got != "object b/k: e" {
		t.Errorf("%q", got)
	}
	if got := (check.Leftover{Bucket: "b", Error: "e"}).String(); got != "bucket b: e" {
		t.Errorf("%q", got)
	}
}

// A bucket of another region is deleted through that region's endpoint,
// listed as pending with where it lives until then, and never deleted when
// its name is not the run's.
func TestTrackerCleansUpBucketsWhereTheyLive(t *testing.T) {
	home, elsewhere := newFakeS3(), newFakeS3()
	tr, names := newFakeTracker(t, home)
	otherTarget := testTarget(quietServer(t, elsewhere).URL)
	otherTarget.Region = "us-west-2"
	other := newTestClient(t, otherTarget).RetryingAfter(fastRetries...)
	west, here := names.Bucket(), names.Bucket()
	elsewhere.put(west, "object")
	home.put(here)
	tr.BucketVia(west, other)
	tr.Bucket(here)
	tr.BucketVia("somebody-elses-bucket", other)
	pending := tr.Pending()
	if len(pending) != 3 || !strings.Contains(pending[0].Error, "us-west-2") || strings.Contains(pending[1].Error, "us-west-2") {
		t.Fatalf("pending: %v", pending)
	}
	left := tr.Cleanup(context.Background())
	if len(left) != 1 || left[0].Bucket != "somebody-elses-bucket" || !strings.Contains(left[0].Error, "not unique to run") {
		t.Fatalf("leftovers: %v", left)
	}
	if elsewhere.exists(west) || home.exists(here) {
		t.Errorf("not deleted: %s in its region %v, %s at home %v", west, elsewhere.exists(west), here, home.exists(here))
	}
	for _, r := range home.requests() {
		if strings.Contains(r, west) {
			t.Errorf("the home endpoint was asked about the other region's bucket: %s", r)
		}
	}
	for _, r := range elsewhere.requests() {
		if strings.Contains(r, "somebody-elses-bucket") {
			t.Errorf("a bucket not the run's was touched: %s", r)
		}
	}
}

func TestOtherRegionChecksSkipWithoutOtherRegion(t *testing.T) {
	c := check.Check{ID: "rest-region-x", Suite: check.LabelREST, Capabilities: []string{"other-region"}}
	target := testTarget("http://127.0.0.1:1")
	if why := UnsupportedBy(target, c); !strings.Contains(why, "configures no other_region") {
		t.Errorf("without other_region: %q", why)
	}
	target.OtherRegion = targets.OtherRegion{Region: "us-west-2", Endpoint: "http://127.0.0.1:2"}
	if why := UnsupportedBy(target, c); why != "" {
		t.Errorf("with other_region: %q", why)
	}
	target.Unsupported = []string{"other-region"}
	if why := UnsupportedBy(target, c); !strings.Contains(why, `declares "other-region" unsupported`) {
		t.Errorf("declared unsupported: %q", why)
	}
}
