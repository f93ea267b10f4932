package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/s3errconform/s3errconform/harness/report"
	"github.com/s3errconform/s3errconform/harness/targets"
	"github.com/s3errconform/s3errconform/reftarget"
)

// nosuchkeyStatusChecks are the checks the nosuchkey-status-403 deviation
// fails, on their status alone, sorted.
func nosuchkeyStatusChecks() []string {
	ids := append([]string(nil), allExpectedFailures()["nosuchkey-status-403"]...)
	sort.Strings(ids)
	return ids
}

func writeBaseline(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "baseline.yaml")
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestBaselineGate: a baseline waives what it lists and nothing else, and
// never hides a fix or let a waiver outlive its date.
func TestBaselineGate(t *testing.T) {
	config, env := referenceTarget(t, "eu-central-1", "nosuchkey-status-403")
	// Every check the deviation fails, whichever family declared it.
	status404 := ""
	for _, id := range nosuchkeyStatusChecks() {
		status404 += "  - check: " + id + "\n    fields: [status]\n    reason: https://example.invalid/issue/1\n"
	}
	cases := []struct {
		name, baseline string
		wantExit       int
		wantProblem    string
	}{
		{"listed deviation passes", "deviations:\n" + status404, exitPassed, ""},
		{"unlisted deviation fails", "deviations:\n" + strings.SplitAfterN(status404, "issue/1\n", 2)[0], exitFailed, ""},
		{"listed but fixed fails", "deviations:\n" + status404 +
			"  - check: rest-delete-object-missing-key\n    fields: [status]\n    reason: was 404 once\n", exitFailed, "fixed"},
		{"expired waiver fails", "deviations:\n" + strings.Replace(status404, "issue/1\n", "issue/1\n    expires: 2020-01-01\n", 1), exitFailed, "expired"},
		{"waiver of another field does not hide the status", "deviations:\n" + strings.ReplaceAll(status404, "[status]", "[message]"), exitFailed, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			reports := t.TempDir()
			// The checks the deviation fails and the one a case lists as
			// fixed are all the gate needs to see.
			run := runCLI(t, env, "run", "--config", config, "--report-dir", reports, "--baseline", writeBaseline(t, c.baseline),
				"--label-filter", "rest && (NoSuchKey || DeleteObject)")
			if run.exitCode != c.wantExit {
				t.Fatalf("exit %d, want %d\n%s", run.exitCode, c.wantExit, run.stdout)
			}
			res := readResults(t, filepath.Join(reports, "deviating"))
			if c.wantProblem != "" && !strings.Contains(fmt.Sprint(res.BaselineProblems), c.wantProblem) {
				t.Errorf("baseline problems %v do not say %q", res.BaselineProblems, c.wantProblem)
			}
		})
	}
}

func TestUpdateBaselineAdoptsATargetInOneCommand(t *testing.T) {
	t.Parallel()
	config, env := referenceTarget(t, "eu-central-1", "nosuchkey-status-403")
	path := filepath.Join(t.TempDir(), "baseline.yaml")
	if run := runCLI(t, env, "run", "--config", config, "--report-dir", t.TempDir(), "--baseline", path, "--update-baseline"); run.exitCode != exitPassed {
		t.Fatalf("exit %d\n%s%s", run.exitCode, run.stdout, run.stderr)
	}
	b, err := report.LoadBaseline(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Deviations) != len(nosuchkeyStatusChecks()) || b.Deviations[0].Reason != report.TODOReason || b.Deviations[0].Fields[0] != "status" {
		t.Fatalf("baseline written: %+v", b.Deviations)
	}
	if run := runCLI(t, env, "run", "--config", config, "--report-dir", t.TempDir(), "--baseline", path); run.exitCode != exitPassed {
		t.Fatalf("the written baseline does not pass its own run: exit %d", run.exitCode)
	}
}

// TestARunThatExecutesNoCheckFails: a filter matching nothing, or a target
// that supports none of the checks selected, fails the run, says so, and
// leaves an earlier run's reports as they were.
func TestARunThatExecutesNoCheckFails(t *testing.T) {
	config, env := referenceTarget(t, "eu-central-1")
	data, _ := os.ReadFile(config)
	os.WriteFile(config, append(data, "    unsupported: [multipart]\n"...), 0o600)
	reports := t.TempDir()
	earlier := filepath.Join(reports, "deviating", "junit.xml")
	os.MkdirAll(filepath.Dir(earlier), 0o755)
	os.WriteFile(earlier, []byte("earlier"), 0o644)
	for _, c := range []struct{ filter, want string }{
		{"NoSuchCodeAtAll", "no check matches the filters (--label-filter NoSuchCodeAtAll); nothing ran"},
		{"multipart", "no check ran"},
	} {
		run := runCLI(t, env, "run", "--config", config, "--report-dir", reports, "--label-filter", c.filter)
		out := run.stdout + run.stderr
		if run.exitCode != exitFailed || !strings.Contains(out, c.want) || !strings.Contains(out, "left as they were") {
			t.Errorf("%s: exit %d, output:\n%s", c.filter, run.exitCode, out)
		}
		if strings.Contains(out, "9223372036") {
			t.Errorf("%s: an absurd duration:\n%s", c.filter, out)
		}
		if data, _ := os.ReadFile(earlier); string(data) != "earlier" {
			t.Errorf("%s: the earlier run's junit.xml was overwritten", c.filter)
		}
	}
}

func TestParallelRunMatchesSerialRun(t *testing.T) {
	t.Parallel()
	verdicts := func(procs string) map[string]string {
		reports := t.TempDir()
		runCLI(t, nil, "run", "--report-dir", reports, "--procs", procs)
		out := map[string]string{}
		for _, c := range readResults(t, filepath.Join(reports, "reference")).Checks {
			out[c.ID] = c.Verdict
		}
		return out
	}
	serial, parallel := verdicts("1"), verdicts("4")
	if fmt.Sprint(serial) != fmt.Sprint(parallel) {
		t.Fatalf("procs 1 and procs 4 differ:\n%v\n%v", serial, parallel)
	}
}

// slowRun starts a reference target answering after latency, runs the
// suite against it, and sends SIGINT once per entry of moments, each when
// a line of the run's output satisfies it.
func slowRun(t *testing.T, latency time.Duration, moments ...func(string) bool) (report.Results, int, string, *reftarget.Server) {
	t.Helper()
	main := reftarget.Identity{AccessKey: "TESTMAINKEY", SecretKey: "test-main-secret-key-0123456789"}
	srv, err := reftarget.Start(reftarget.Options{Region: "eu-central-1", Identities: []reftarget.Identity{main}, Latency: latency})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	config := filepath.Join(t.TempDir(), "targets.yaml")
	os.WriteFile(config, []byte(fmt.Sprintf("targets:\n  - name: slow\n    endpoint: %s\n    region: eu-central-1\n    access_key_env: REF_AK\n    secret_key_env: REF_SK\n", srv.URL())), 0o600)

	reports := t.TempDir()
	run := runInterrupting(t, []string{"REF_AK=" + main.AccessKey, "REF_SK=" + main.SecretKey}, moments, nil,
		"run", "--config", config, "--report-dir", reports, "--procs", "2")
	return readResults(t, filepath.Join(reports, "slow")), run.exitCode, run.stdout + run.stderr, srv
}

// afterChecks is the moment n checks have finished (a progress line).
func afterChecks(n int) func(string) bool {
	prefix := fmt.Sprintf("[%d/", n)
	return func(line string) bool { return strings.HasPrefix(line, prefix) }
}

// cleaningUp is the moment the run says it stops and cleans up.
func cleaningUp(line string) bool { return strings.Contains(line, "stopping; cleaning up") }

func bucketsOf(t *testing.T, srv *reftarget.Server) []string {
	t.Helper()
	return listBuckets(t, srv.URL(), targets.Credentials{AccessKey: "TESTMAINKEY", SecretKey: "test-main-secret-key-0123456789"})
}

// TestInterruptLeavesNoBucket interrupts a run midway and checks that every
// bucket the run created is gone.
func TestInterruptLeavesNoBucket(t *testing.T) {
	res, code, out, srv := slowRun(t, 40*time.Millisecond, afterChecks(10))
	if code != exitInterrupted {
		t.Fatalf("exit %d, want %d\n%s", code, exitInterrupted, out)
	}
	if !res.Interrupted || res.Executed() == 0 {
		t.Errorf("results: interrupted %v after %d checks; want an interrupted run that ran some", res.Interrupted, res.Executed())
	}
	for _, b := range bucketsOf(t, srv) {
		t.Errorf("bucket %s is left after the interrupted run", b)
	}
}

// TestSecondInterruptStopsCleanupAndListsLeftovers: a second SIGINT during
// cleanup gives up on it, and the report lists what is left.
func TestSecondInterruptStopsCleanupAndListsLeftovers(t *testing.T) {
	res, code, out, srv := slowRun(t, 300*time.Millisecond, afterChecks(4), cleaningUp)
	if code != exitInterrupted {
		t.Fatalf("exit %d, want %d\n%s", code, exitInterrupted, out)
	}
	left := bucketsOf(t, srv)
	if len(left) == 0 {
		t.Skip("cleanup finished before the second interrupt; nothing to list")
	}
	listed := fmt.Sprint(res.AllLeftovers())
	for _, b := range left {
		if !strings.Contains(listed, b) {
			t.Errorf("bucket %s is left but not listed in the report's leftovers %s", b, listed)
		}
	}
}
