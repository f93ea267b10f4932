package main

import (
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/s3errconform/s3errconform/harness"
	"github.com/s3errconform/s3errconform/reftarget"
)

var (
	headChecks      = []string{"rest-head-object-missing-key", "rest-head-object-missing-bucket", "rest-head-bucket-missing"}
	anonymousChecks = []string{"rest-anonymous-get-object-private", "rest-anonymous-put-object-private", "rest-anonymous-list-objects-private"}
	// HEAD is absent: with no body, a 404 NoSuchKey and a 404 NoSuchBucket
	// look the same.
	objectInMissingBucket = []string{"rest-get-object-missing-bucket", "rest-put-object-missing-bucket", "rest-delete-object-missing-bucket"}
)

func invalidNameChecks() []string {
	var ids []string
	for _, c := range mustRegisteredChecks() {
		if strings.HasPrefix(c.ID, "rest-create-bucket-invalid-name-") {
			ids = append(ids, c.ID)
		}
	}
	return ids
}

// expectedFailures says, for each deviation of the reference target, which
// checks must fail when it is on: exactly these, and no others.
func expectedFailures() map[string][]string {
	return map[string][]string{
		"nosuchkey-status-403":                  {"rest-get-object-missing-key", "rest-head-object-missing-key"},
		"nosuchkey-no-key-element":              {"rest-get-object-missing-key"},
		"nosuchkey-wrong-message":               {"rest-get-object-missing-key"},
		"nosuchkey-code-renamed":                {"rest-get-object-missing-key"},
		"nosuchkey-no-request-id-header":        {"rest-get-object-missing-key", "rest-head-object-missing-key"},
		"nosuchkey-request-id-mismatch":         {"rest-get-object-missing-key"},
		"nosuchkey-duplicate-request-id-header": {"rest-get-object-missing-key", "rest-head-object-missing-key"},
		"nosuchkey-no-id2-header":               {"rest-get-object-missing-key", "rest-head-object-missing-key"},
		"nosuchkey-content-type-text":           {"rest-get-object-missing-key"},
		"nosuchbucket-no-bucketname-element": {
			"rest-get-object-missing-bucket", "rest-put-object-missing-bucket", "rest-delete-object-missing-bucket",
			"rest-delete-bucket-missing", "rest-list-objects-v2-missing-bucket", "rest-list-objects-missing-bucket",
		},
		"nosuchbucket-as-nosuchkey":         objectInMissingBucket,
		"head-error-body":                   headChecks,
		"head-error-no-request-id":          headChecks,
		"delete-missing-key-404":            {"rest-delete-object-missing-key"},
		"delete-nonempty-bucket":            {"rest-delete-bucket-not-empty"},
		"bucketnotempty-status-400":         {"rest-delete-bucket-not-empty"},
		"accept-invalid-bucket-names":       invalidNameChecks(),
		"bucket-already-owned-ok":           {"rest-create-bucket-already-owned"},
		"allow-anonymous":                   anonymousChecks,
		"ignore-signature":                  {"rest-wrong-secret-get-object", "rest-wrong-secret-list-buckets"},
		"unknown-key-as-signature-mismatch": {"rest-unknown-access-key-get-object"},
		"accessdenied-status-401":           anonymousChecks,
		"ignore-clock-skew":                 {"rest-skewed-clock-get-object"},
	}
}

// TestEachDeviationFailsExactlyItsChecks proves the suite's sensitivity:
// with each single deviation of the reference target turned on, the checks
// of that deviation fail and every other check passes.
func TestEachDeviationFailsExactlyItsChecks(t *testing.T) {
	expected := expectedFailures()
	known := map[string]bool{}
	for _, d := range reftarget.Deviations() {
		known[d.Name] = true
	}
	for name := range expected {
		if !known[name] {
			t.Errorf("the reference target has no deviation %q", name)
		}
	}
	for _, d := range reftarget.Deviations() {
		want, ok := expected[d.Name]
		if !ok {
			t.Errorf("deviation %q has no expected failures in this test", d.Name)
			continue
		}
		t.Run(d.Name, func(t *testing.T) {
			t.Parallel()
			config, env := referenceTarget(t, "eu-central-1", d.Name)
			reports := t.TempDir()
			run := runCLI(t, env, "run", "--config", config, "--report-dir", reports)
			res := readResults(t, filepath.Join(reports, "deviating"))
			var failed []string
			for _, c := range res.Checks {
				if c.Verdict == harness.VerdictFailed {
					failed = append(failed, c.ID)
				}
			}
			sort.Strings(failed)
			want := append([]string(nil), want...)
			sort.Strings(want)
			if strings.Join(failed, " ") != strings.Join(want, " ") {
				t.Errorf("with %s (%s) failed:\n  %s\nwant:\n  %s\nstdout:\n%s", d.Name, d.Description,
					strings.Join(failed, "\n  "), strings.Join(want, "\n  "), run.stdout)
			}
			if run.exitCode != exitFailed {
				t.Errorf("exit %d, want %d", run.exitCode, exitFailed)
			}
		})
	}
}

// TestEveryCheckCanFail: a check no deviation makes fail is a check that
// cannot be shown to fail, which this suite counts as a defect.
func TestEveryCheckCanFail(t *testing.T) {
	covered := map[string]bool{}
	for _, ids := range expectedFailures() {
		for _, id := range ids {
			covered[id] = true
		}
	}
	for _, c := range mustRegisteredChecks() {
		if !covered[c.ID] {
			t.Errorf("check %s is failed by no deviation of the reference target", c.ID)
		}
	}
}

func mustRegisteredChecks() []harness.Check {
	checks, err := registeredChecks()
	if err != nil {
		panic(err)
	}
	return checks
}
