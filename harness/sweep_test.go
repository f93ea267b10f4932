package harness

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/s3errconform/s3errconform/harness/wire"
)

func runIDStartedAgo(d time.Duration) string {
	return strconv.FormatInt(time.Now().Add(-d).Unix(), 36) + "abcdef"
}

func TestSweepDeletesOnlyOldBucketsOfTheSuite(t *testing.T) {
	c := startReference(t)
	old := NamePrefix + runIDStartedAgo(2*time.Hour) + "-1"
	recent := NamePrefix + runIDStartedAgo(time.Minute) + "-1"
	foreign := "someone-elses-bucket"
	lookalike := NamePrefix + "not-a-run-id"
	for _, b := range []string{old, recent, foreign, lookalike} {
		mustDo(t, c, wire.Request{Method: http.MethodPut, Bucket: b}, http.StatusOK)
		mustDo(t, c, wire.Request{Method: http.MethodPut, Bucket: b, Key: "k", Body: []byte("x")}, http.StatusOK)
	}
	// An unfinished upload in the old bucket must not keep it alive.
	mustDo(t, c, wire.Request{Method: http.MethodPost, Bucket: old, Key: "big", Query: url.Values{"uploads": {""}}}, http.StatusOK)

	dry, err := Sweep(context.Background(), c, time.Hour, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(dry) != 1 || dry[0].Name != old || dry[0].Deleted {
		t.Fatalf("dry run found %+v, want only %s, not deleted", dry, old)
	}
	mustDo(t, c, wire.Request{Method: http.MethodHead, Bucket: old}, http.StatusOK)

	swept, err := Sweep(context.Background(), c, time.Hour, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(swept) != 1 || !swept[0].Deleted {
		t.Fatalf("swept %+v, want %s deleted", swept, old)
	}
	mustDo(t, c, wire.Request{Method: http.MethodHead, Bucket: old}, http.StatusNotFound)
	for _, b := range []string{recent, foreign, lookalike} {
		mustDo(t, c, wire.Request{Method: http.MethodHead, Bucket: b}, http.StatusOK)
	}
}

func TestRunOfReadsTheNamersNames(t *testing.T) {
	n := NewNamer()
	id, started, ok := runOf(n.Bucket())
	if !ok || id != n.RunID() || time.Since(started) > time.Minute || time.Since(started) < -time.Second {
		t.Fatalf("runOf(%s) = %s %s %v", n.Bucket(), id, started, ok)
	}
	for _, name := range []string{"s3ec-", "s3ec-x-1", "other-" + strings.TrimPrefix(n.Bucket(), NamePrefix)} {
		if _, _, ok := runOf(name); ok {
			t.Errorf("runOf(%q) accepted it", name)
		}
	}
}
