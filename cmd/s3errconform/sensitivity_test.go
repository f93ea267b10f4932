package main

import (
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/s3errconform/s3errconform/harness/check"
	"github.com/s3errconform/s3errconform/harness/report"
	"github.com/s3errconform/s3errconform/reftarget"
)

// sweepRunsPerCPU is how many deviation runs share a CPU. A run is a shard
// process and the reference target taking turns, and one check waits for
// the clock to pass a second, so one run per CPU would leave them idle.
const sweepRunsPerCPU = 2

// TestEachDeviationFailsExactlyItsChecks proves the suite's sensitivity:
// with each single deviation of the reference target turned on, the checks
// its row selects fail and every other check passes. Every run is a full
// one (no label filter), since the passing of all other checks is half the
// proof; each runs its checks in one shard (--procs 1), and a bounded
// number of runs go at once.
func TestEachDeviationFailsExactlyItsChecks(t *testing.T) {
	checks := mustRegisteredChecks()
	deviations := make(chan reftarget.Deviation)
	var workers sync.WaitGroup
	for range sweepRunsPerCPU * runtime.NumCPU() {
		workers.Add(1)
		go func() {
			defer workers.Done()
			for d := range deviations {
				t.Run(d.Name, func(t *testing.T) { testDeviationRun(t, d, checks) })
			}
		}()
	}
	for _, d := range reftarget.Deviations() {
		deviations <- d
	}
	close(deviations)
	workers.Wait()
}

func testDeviationRun(t *testing.T, d reftarget.Deviation, checks []check.Check) {
	want, err := expectedFailures(d, checks)
	if err != nil {
		t.Fatal(err)
	}
	config, env := referenceTarget(t, "eu-central-1", d.Name)
	reports := t.TempDir()
	run := runCLI(t, env, "run", "--config", config, "--report-dir", reports, "--procs", "1")
	var failed []string
	for _, c := range readResults(t, filepath.Join(reports, "deviating")).Checks {
		if c.Verdict == report.VerdictFailed {
			failed = append(failed, c.ID)
		}
	}
	slices.Sort(failed)
	if !slices.Equal(failed, want) {
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

func mustRegisteredChecks() []check.Check {
	checks, err := registeredChecks()
	if err != nil {
		panic(err)
	}
	return checks
}
