package harness

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/s3errconform/s3errconform/harness/wire"
	"github.com/s3errconform/s3errconform/reftarget"
)

func TestSweepDeletesOnlyOldBucketsOfTheSuite(t *testing.T) {
	c := startReference(t)
	old := NewNamerStartedAt(time.Now().Add(-2 * time.Hour)).Bucket()
	recent := NewNamerStartedAt(time.Now().Add(-time.Minute)).Bucket()
	foreign := "someone-elses-bucket"
	lookalike := NamePrefix + "not-a-run-id"
	for _, b := range []string{old, recent, foreign, lookalike} {
		mustDo(t, c, wire.Request{Method: http.MethodPut, Bucket: b}, http.StatusOK)
		mustDo(t, c, wire.Request{Method: http.MethodPut, Bucket: b, Key: "k", Body: []byte("x")}, http.StatusOK)
	}
	// An unfinished upload in the old bucket must not keep it alive.
	mustDo(t, c, wire.Request{Method: http.MethodPost, Bucket: old, Key: "big", Query: url.Values{"uploads": {""}}}, http.StatusOK)

	plan, err := PlanSweep(context.Background(), c, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Stale) != 1 || plan.Stale[0].Name != old || plan.Stale[0].Deleted {
		t.Fatalf("found %+v, want only %s, not deleted", plan.Stale, old)
	}
	if got := plan.Stale[0].Contents; got.Objects != 1 || got.Uploads != 1 || got.More {
		t.Errorf("contents %+v, want 1 object and 1 upload", got)
	}
	left := map[string]string{}
	for _, b := range plan.LeftAlone {
		left[b.Name] = b.Reason
	}
	if len(left) != 2 || !strings.HasPrefix(left[lookalike], "not ours") || !strings.Contains(left[recent], "less than 1h0m0s ago") {
		t.Errorf("left alone %+v, want %s (not ours) and %s (recent); %s has not our prefix", plan.LeftAlone, lookalike, recent, foreign)
	}
	mustDo(t, c, wire.Request{Method: http.MethodHead, Bucket: old}, http.StatusOK)

	DeleteStale(context.Background(), c, &plan.Stale[0])
	if !plan.Stale[0].Deleted {
		t.Fatalf("%s not deleted: %s", old, plan.Stale[0].Error)
	}
	mustDo(t, c, wire.Request{Method: http.MethodHead, Bucket: old}, http.StatusNotFound)
	for _, b := range []string{recent, foreign, lookalike} {
		mustDo(t, c, wire.Request{Method: http.MethodHead, Bucket: b}, http.StatusOK)
	}
}

func TestDeleteStaleRefusesNamesNotOurs(t *testing.T) {
	c := startReference(t)
	const name = "s3ec-production-data"
	mustDo(t, c, wire.Request{Method: http.MethodPut, Bucket: name}, http.StatusOK)
	b := SweptBucket{Name: name}
	DeleteStale(context.Background(), c, &b)
	if b.Deleted || !strings.Contains(b.Error, "not a name the suite generates") {
		t.Fatalf("got %+v, want a refusal", b)
	}
	mustDo(t, c, wire.Request{Method: http.MethodHead, Bucket: name}, http.StatusOK)
}

func TestRunOfReadsTheNamersNames(t *testing.T) {
	now := time.Now()
	n := NewNamer()
	id, started, notOurs := runOf(n.Bucket(), now)
	if notOurs != "" || id != n.RunID() || now.Sub(started) > time.Minute || now.Sub(started) < -time.Second {
		t.Fatalf("runOf(%s) = %s %s %q", n.Bucket(), id, started, notOurs)
	}
	past := NewNamerStartedAt(time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC))
	if _, started, notOurs := runOf(past.Bucket(), now); notOurs != "" || !started.Equal(time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)) {
		t.Errorf("runOf(%s) = %s %q", past.Bucket(), started, notOurs)
	}
	// After 2038 the start time takes a seventh digit.
	late := NewNamerStartedAt(time.Date(2040, 1, 1, 0, 0, 0, 0, time.UTC))
	if _, _, notOurs := runOf(late.Bucket(), time.Date(2040, 1, 2, 0, 0, 0, 0, time.UTC)); notOurs != "" {
		t.Errorf("runOf(%s) in 2040: %q", late.Bucket(), notOurs)
	}
}

// Names a person might give a bucket, and near misses of the suite's own,
// must never count as the suite's.
func TestRunOfRejectsEveryOtherName(t *testing.T) {
	now := time.Now()
	n := NewNamerStartedAt(now.Add(-3 * time.Hour))
	good := n.Bucket() // s3ec-<id>-1
	id := n.RunID()
	wrongSum := id[:len(id)-1] + string("0123456789abcdefghijklmnopqrstuvwxyz"[(strings.IndexByte("0123456789abcdefghijklmnopqrstuvwxyz", id[len(id)-1])+1)%36])
	names := map[string]string{
		"s3ec-production-data":       "not a name",
		"s3ec-myproject-logs":        "not a name",
		"s3ec-customer1-backup":      "not a name",
		"s3ec-2024backup-x":          "not a name",
		"s3ec-abcdefg-1":             "not a name",
		"s3ec-test":                  "not a name",
		"s3ec-backup-2025-01-01":     "not a name",
		"s3ec-00000000-1":            "not a name",
		"s3ec-":                      "not a name",
		"s3ec-x-1":                   "not a name",
		NamePrefix + id:              "not a name",
		good + "-copy":               "not a name",
		NamePrefix + id + "-0":       "not a name",
		NamePrefix + id + "-01":      "not a name",
		NamePrefix + id + "-x":       "not a name",
		strings.ToUpper(good):        "not a name",
		"other-" + good:              "not a name",
		NamePrefix + wrongSum + "-1": "checksum",
		// A checksum that holds, with start times outside the window.
		NewNamerStartedAt(now.Add(72 * time.Hour)).Bucket():                       "is in the future",
		NewNamerStartedAt(time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)).Bucket(): "is before 2026-01-01",
	}
	for name, why := range names {
		if _, _, notOurs := runOf(name, now); !strings.Contains(notOurs, strings.TrimPrefix(why, "not a name")) || notOurs == "" {
			t.Errorf("runOf(%q) = %q, want it refused (%s)", name, notOurs, why)
		}
	}
	// A day of clock skew is allowed.
	if _, _, notOurs := runOf(NewNamerStartedAt(now.Add(time.Hour)).Bucket(), now); notOurs != "" {
		t.Errorf("a run an hour ahead of this clock: %q", notOurs)
	}
}

// A run's bucket in the target's other region is found through the home
// endpoint's listing, and counted and deleted where it lives.
func TestSweepDeletesBucketsOfTheOtherRegionThere(t *testing.T) {
	srv, err := reftarget.Start(reftarget.Options{OtherRegion: "us-west-2", Identities: []reftarget.Identity{{AccessKey: fixtureAccessKey, SecretKey: fixtureSecretKey}}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	home := newTestClient(t, testTarget(srv.URL())).Retrying()
	westTarget := testTarget(srv.OtherRegionURL())
	westTarget.Region = "us-west-2"
	west := newTestClient(t, westTarget).Retrying()
	names := NewNamerStartedAt(time.Now().Add(-2 * time.Hour))
	here, there := names.Bucket(), names.Bucket()
	mustDo(t, home, wire.Request{Method: http.MethodPut, Bucket: here}, http.StatusOK)
	mustDo(t, west, wire.Request{Method: http.MethodPut, Bucket: there, Body: CreateBucketConfiguration("us-west-2")}, http.StatusOK)
	mustDo(t, west, wire.Request{Method: http.MethodPut, Bucket: there, Key: "k", Body: []byte("x")}, http.StatusOK)

	plan, err := PlanSweepRegions(context.Background(), home, west, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	regions := map[string]string{}
	for _, b := range plan.Stale {
		regions[b.Name] = b.Region
		if b.Name == there && b.Contents.Objects != 1 {
			t.Errorf("%s holds %+v, want its 1 object", there, b.Contents)
		}
	}
	if len(plan.Stale) != 2 || regions[here] != "" || regions[there] != "us-west-2" {
		t.Fatalf("found %+v", plan.Stale)
	}
	for i := range plan.Stale {
		DeleteStale(context.Background(), home, &plan.Stale[i])
		if !plan.Stale[i].Deleted {
			t.Errorf("%s not deleted: %s", plan.Stale[i].Name, plan.Stale[i].Error)
		}
	}
	mustDo(t, west, wire.Request{Method: http.MethodHead, Bucket: there}, http.StatusNotFound)
	mustDo(t, home, wire.Request{Method: http.MethodHead, Bucket: here}, http.StatusNotFound)
}
