package main

import (
	"context"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/s3errconform/s3errconform/harness"
	"github.com/s3errconform/s3errconform/harness/check"
	"github.com/s3errconform/s3errconform/harness/report"
	"github.com/s3errconform/s3errconform/reftarget"
	"github.com/s3errconform/s3errconform/runner"
)

// sweepWorkersPerCPU is how many check runs share a CPU: a run is the
// check and its own reference target taking turns, and one check waits for
// the clock to pass a second.
const sweepWorkersPerCPU = 4

// TestEachDeviationFailsExactlyItsChecks proves the suite's sensitivity:
// with each single deviation of the reference target turned on, the checks
// its row selects fail and every other check passes.
//
// Every check first runs alone against a reference target of its own with
// no deviation on; it must pass, and the target records which deviation
// switches the check's requests reached. A deviation whose switch a check
// never reached cannot change any answer that check gets, so the check
// passes with it on as it did without: only the checks that reached a
// deviation's switch run again with that deviation on. That makes the
// sweep grow with the checks a deviation can touch, not with checks times
// deviations, while proving the same thing as a full run per deviation.
// S3ERRCONFORM_FULL_SWEEP=1 runs every check under every deviation, to
// confirm that.
func TestEachDeviationFailsExactlyItsChecks(t *testing.T) {
	// Alongside the real-server runs, which mostly wait on their servers.
	t.Parallel()
	fullSweep := os.Getenv("S3ERRCONFORM_FULL_SWEEP") == "1"
	checks := mustRegisteredChecks()
	slots := make(chan struct{}, sweepWorkersPerCPU*runtime.NumCPU())
	consulted := map[string][]string{}
	var mu sync.Mutex
	runEach(slots, checks, func(c check.Check) {
		out, reached := runAlone(t, c, "")
		if out.Verdict != report.VerdictPassed {
			t.Errorf("%s does not pass against the reference target with no deviation: %s %s", c.ID, out.Verdict, out.Message)
		}
		mu.Lock()
		consulted[c.ID] = reached
		mu.Unlock()
	})
	if t.Failed() {
		return
	}
	// Deviations run side by side, sharing the slots, so that one waiting
	// on a slow check does not hold up the others.
	var deviations sync.WaitGroup
	for _, d := range reftarget.Deviations() {
		deviations.Add(1)
		go func() {
			defer deviations.Done()
			t.Run(d.Name, func(t *testing.T) { testDeviation(t, d, checks, consulted, fullSweep, slots) })
		}()
	}
	deviations.Wait()
}

// testDeviation runs, with d on, the checks that reached d's switch (all
// of them with fullSweep) and compares those that fail with d's row.
func testDeviation(t *testing.T, d reftarget.Deviation, checks []check.Check, consulted map[string][]string, fullSweep bool, slots chan struct{}) {
	want, err := expectedFailures(d, checks)
	if err != nil {
		t.Fatal(err)
	}
	var reaching []check.Check
	for _, c := range checks {
		if fullSweep || slices.Contains(consulted[c.ID], d.Name) {
			reaching = append(reaching, c)
		}
	}
	var mu sync.Mutex
	var failed []string
	runEach(slots, reaching, func(c check.Check) {
		if out, _ := runAlone(t, c, d.Name); out.Verdict == report.VerdictFailed {
			mu.Lock()
			failed = append(failed, c.ID)
			mu.Unlock()
		}
	})
	slices.Sort(failed)
	if !slices.Equal(failed, want) {
		t.Errorf("with %s (%s) failed:\n  %s\nwant:\n  %s", d.Name, d.Description,
			strings.Join(failed, "\n  "), strings.Join(want, "\n  "))
	}
}

// runEach runs every check through run, each on its own goroutine once it
// holds one of slots, and returns when all have run.
func runEach(slots chan struct{}, checks []check.Check, run func(check.Check)) {
	var all sync.WaitGroup
	for _, c := range checks {
		all.Add(1)
		slots <- struct{}{}
		go func() {
			defer func() { <-slots; all.Done() }()
			run(c)
		}()
	}
	all.Wait()
}

// runAlone runs check c in this process against a reference target of its
// own with deviation on ("" for none), and returns how it ended and the
// deviation switches its requests reached. It may run on any goroutine.
func runAlone(t *testing.T, c check.Check, deviation string) (harness.Outcome, []string) {
	var deviations []string
	if deviation != "" {
		deviations = []string{deviation}
	}
	// The other region's listener only for the checks that use it, as
	// SOAP's.
	otherRegion := ""
	if slices.Contains(c.Capabilities, "other-region") {
		otherRegion = runner.ReferenceOtherRegion
	}
	srv, err := reftarget.Start(reftarget.Options{
		Region: "eu-central-1", Identities: []reftarget.Identity{sweepMain, sweepSecond},
		// A listener less for REST checks: binding ports is much of the
		// sweep's time once thousands of closed ones wait in TIME_WAIT.
		Deviations: deviations, SOAP: c.Suite == check.LabelSOAP, OtherRegion: otherRegion, RecordConsulted: true,
		ExpiredSession: &sweepExpired, KMSKeys: reftarget.DefaultKMSKeys(),
	})
	if err != nil {
		t.Error(err)
		return harness.Outcome{Verdict: report.VerdictFailed, Message: err.Error()}, nil
	}
	defer srv.Close()
	target := runner.ReferenceTarget(srv, "eu-central-1", sweepMain, sweepSecond)
	env, err := harness.NewEnv(target, nil)
	if err != nil {
		t.Error(err)
		return harness.Outcome{Verdict: report.VerdictFailed, Message: err.Error()}, nil
	}
	for _, register := range runner.AllSuites() {
		register(env)
	}
	out := env.RunCheck(context.Background(), c.ID)
	// A deviating target may keep what a check cannot delete (a bucket it
	// should have refused); against a conforming one nothing may be left.
	if deviation == "" && len(out.Record.Leftovers) > 0 {
		t.Errorf("%s left %v behind", c.ID, out.Record.Leftovers)
	}
	return out, srv.Consulted()
}

var (
	sweepMain   = reftarget.Identity{AccessKey: "TESTMAINKEY", SecretKey: "test-main-secret-key-0123456789"}
	sweepSecond = reftarget.Identity{AccessKey: "TESTSECONDKEY", SecretKey: "test-second-secret-key-0123456789"}
	// The token is as long as a secret must be to be redacted.
	sweepExpired = reftarget.Session{AccessKey: "TESTEXPIREDKEY", SecretKey: "test-expired-secret-key-0123456789", Token: "test-expired-session-token-0123456789"}
)

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
