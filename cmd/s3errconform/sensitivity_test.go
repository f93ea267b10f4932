package main

import (
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/s3errconform/s3errconform/harness"
	"github.com/s3errconform/s3errconform/reftarget"
)

// expectedFailures says, for each deviation of the reference target, which
// checks must fail when it is on: exactly these, and no others. A
// deviation with no checks is a valid variant of S3's behaviour that every
// check must accept. Each family's file adds its deviations with expect.
var oldExpected = map[string][]string{}

func expect(deviation string, checkIDs ...string) {
	if _, dup := oldExpected[deviation]; dup {
		panic("expectations for deviation " + deviation + " are given twice")
	}
	oldExpected[deviation] = checkIDs
}

// TestEachDeviationFailsExactlyItsChecks proves the suite's sensitivity:
// with each single deviation of the reference target turned on, the checks
// of that deviation fail and every other check passes.
func TestEachDeviationFailsExactlyItsChecks(t *testing.T) {
	expected := allExpectedFailures()
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
			wantExit := exitFailed
			if len(want) == 0 {
				wantExit = exitPassed
			}
			if run.exitCode != wantExit {
				t.Errorf("exit %d, want %d", run.exitCode, wantExit)
			}
		})
	}
}

// TestEveryCheckCanFail: a check no deviation makes fail is a check that
// cannot be shown to fail, which this suite counts as a defect.
func TestEveryCheckCanFail(t *testing.T) {
	covered := map[string]bool{}
	for _, ids := range allExpectedFailures() {
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
