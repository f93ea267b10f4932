package main

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/s3errconform/s3errconform/harness"
	"github.com/s3errconform/s3errconform/harness/targets"
	"github.com/s3errconform/s3errconform/harness/wire"
)

// Buckets a person might create with the suite's prefix; cleanup must never
// touch them.
var humanBuckets = []string{
	"s3ec-production-data", "s3ec-myproject-logs", "s3ec-customer1-backup", "s3ec-2024backup-x",
	"s3ec-abcdefg-1", "s3ec-test", "s3ec-backup-2025-01-01", "s3ec-00000000-1",
}

// configClient is a client for the target of a targets file written by
// referenceTarget, with its environment.
func configClient(t *testing.T, config string, env []string) *wire.Client {
	t.Helper()
	data, err := os.ReadFile(config)
	if err != nil {
		t.Fatal(err)
	}
	getenv := func(name string) string {
		for _, kv := range env {
			if k, v, _ := strings.Cut(kv, "="); k == name {
				return v
			}
		}
		return ""
	}
	ts, err := targets.Parse(config, data, getenv)
	if err != nil {
		t.Fatal(err)
	}
	c, err := wire.NewClient(ts[0])
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func mustRequest(t *testing.T, c *wire.Client, req wire.Request, status int) {
	t.Helper()
	if r := c.Do(context.Background(), req); r.Status != status {
		t.Fatalf("%s: status %d, want %d\n%s", r.RequestLine(), r.Status, status, r.Body)
	}
}

// cleanupFixture fills a reference target with buckets people made, with
// near misses of the suite's names, and with what an interrupted run left
// (two buckets, objects and an unfinished upload in them); it returns the
// run's buckets and every other bucket with the objects in it.
func cleanupFixture(t *testing.T, c *wire.Client) (runs []string, others map[string][]string) {
	t.Helper()
	others = map[string][]string{}
	for _, b := range humanBuckets {
		others[b] = nil
	}
	others["s3ec-production-data"] = []string{"db.sql", "photos.zip"}
	// A name of the suite's form whose checksum is off by one digit.
	generated := harness.NewNamerStartedAt(time.Now().Add(-48 * time.Hour)).Bucket()
	id, counter, _ := strings.Cut(strings.TrimPrefix(generated, harness.NamePrefix), "-")
	last := id[len(id)-1]
	bumped := byte('0')
	if last != 'z' {
		bumped = last + 1
		if last == '9' {
			bumped = 'a'
		}
	}
	others[harness.NamePrefix+id[:len(id)-1]+string(bumped)+"-"+counter] = []string{"k"}
	// A checksum that holds, but a start time years ahead.
	others[harness.NewNamerStartedAt(time.Now().AddDate(3, 0, 0)).Bucket()] = []string{"k"}
	for b, keys := range others {
		mustRequest(t, c, wire.Request{Method: http.MethodPut, Bucket: b}, http.StatusOK)
		for _, k := range keys {
			mustRequest(t, c, wire.Request{Method: http.MethodPut, Bucket: b, Key: k, Body: []byte("precious " + k)}, http.StatusOK)
		}
	}
	run := harness.NewNamerStartedAt(time.Now().Add(-2 * time.Hour))
	runs = []string{run.Bucket(), run.Bucket()}
	for _, b := range runs {
		mustRequest(t, c, wire.Request{Method: http.MethodPut, Bucket: b}, http.StatusOK)
		mustRequest(t, c, wire.Request{Method: http.MethodPut, Bucket: b, Key: "left", Body: []byte("x")}, http.StatusOK)
	}
	mustRequest(t, c, wire.Request{Method: http.MethodPost, Bucket: runs[0], Key: "big", Query: url.Values{"uploads": {""}}}, http.StatusOK)
	return runs, others
}

func TestCleanupDeletesOnlyTheSuitesBucketsAndOnlyWithYes(t *testing.T) {
	config, env := referenceTarget(t, "us-east-1")
	c := configClient(t, config, env)
	runs, others := cleanupFixture(t, c)
	untouched := func() {
		t.Helper()
		for b, keys := range others {
			mustRequest(t, c, wire.Request{Method: http.MethodHead, Bucket: b}, http.StatusOK)
			for _, k := range keys {
				mustRequest(t, c, wire.Request{Method: http.MethodHead, Bucket: b, Key: k}, http.StatusOK)
			}
		}
	}

	for _, args := range [][]string{{}, {"--dry-run"}, {"--dry-run", "--yes"}} {
		dry := runCLI(t, env, append([]string{"cleanup", "--config", config, "--older-than", "0s"}, args...)...)
		if dry.exitCode != exitPassed || !strings.Contains(dry.stdout, "nothing was deleted") {
			t.Fatalf("cleanup %v: exit %d\nstdout:\n%s\nstderr:\n%s", args, dry.exitCode, dry.stdout, dry.stderr)
		}
		if strings.Contains(dry.stdout, "deleted s3ec") {
			t.Errorf("cleanup %v deleted something:\n%s", args, dry.stdout)
		}
		for _, b := range runs {
			mustRequest(t, c, wire.Request{Method: http.MethodHead, Bucket: b}, http.StatusOK)
			if !strings.Contains(dry.stdout, "would delete "+b+": ") {
				t.Errorf("cleanup %v does not list %s:\n%s", args, b, dry.stdout)
			}
		}
		if !strings.Contains(dry.stdout, "would delete "+runs[0]+": run started ") || !strings.Contains(dry.stdout, "holds 1 objects, ") || !strings.Contains(dry.stdout, ", 1 multipart uploads") {
			t.Errorf("cleanup %v does not count what %s holds:\n%s", args, runs[0], dry.stdout)
		}
		for b := range others {
			if !strings.Contains(dry.stdout, b+": not ours, left alone (") {
				t.Errorf("cleanup %v does not list %s as not ours:\n%s", args, b, dry.stdout)
			}
		}
		untouched()
	}

	for _, yes := range []string{"--yes", "--force"} {
		run := runCLI(t, env, "cleanup", "--config", config, "--older-than", "0s", yes)
		if run.exitCode != exitPassed {
			t.Fatalf("cleanup %s: exit %d\nstdout:\n%s\nstderr:\n%s", yes, run.exitCode, run.stdout, run.stderr)
		}
		untouched()
		for _, b := range runs {
			mustRequest(t, c, wire.Request{Method: http.MethodHead, Bucket: b}, http.StatusNotFound)
			if yes == "--yes" && !strings.Contains(run.stdout, "deleted "+b+"\n") {
				t.Errorf("cleanup --yes does not say it deleted %s:\n%s", b, run.stdout)
			}
		}
		for b := range others {
			if strings.Contains(run.stdout, "deleted "+b) {
				t.Errorf("cleanup %s says it deleted %s:\n%s", yes, b, run.stdout)
			}
		}
	}
}

// --older-than keeps the buckets of a run that may still be going on.
func TestCleanupKeepsRecentRuns(t *testing.T) {
	config, env := referenceTarget(t, "us-east-1")
	c := configClient(t, config, env)
	recent := harness.NewNamerStartedAt(time.Now().Add(-time.Minute)).Bucket()
	mustRequest(t, c, wire.Request{Method: http.MethodPut, Bucket: recent}, http.StatusOK)
	run := runCLI(t, env, "cleanup", "--config", config, "--yes")
	if run.exitCode != exitPassed || !strings.Contains(run.stdout, recent+": left alone: its run started ") {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", run.exitCode, run.stdout, run.stderr)
	}
	mustRequest(t, c, wire.Request{Method: http.MethodHead, Bucket: recent}, http.StatusOK)
}
