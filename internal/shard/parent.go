// Package shard runs a run's checks in child processes of the s3errconform
// binary ("shards") and merges their results: both sides of that process
// boundary, the parent (Execute) and the child (Main), and the argv,
// environment and progress lines that pass between them.
package shard

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/s3errconform/s3errconform/harness/check"
	"github.com/s3errconform/s3errconform/harness/report"
	"github.com/s3errconform/s3errconform/harness/targets"
	"github.com/s3errconform/s3errconform/runner"
)

// Ginkgo runs one suite per process, so every run of the binary — serial
// or parallel, one target or several — executes its checks in children of
// the s3errconform process, which then merges their results.

// Plan is what the parent runs: every target, each split into Procs shards.
type Plan struct {
	Targets []*targets.Target
	Procs   int
	Options runner.Options
	// Checks are every registered check; shards split their IDs.
	Checks []check.Check
	// Executable is the s3errconform binary the shards run.
	Executable string
	// LogDir receives each shard's Ginkgo output (<target>/shard-N.log).
	LogDir string
	// Progress, when set, is told of each check as it finishes.
	Progress Progress
}

// Execute runs the plan and returns each target's merged results, in the
// plan's order. Cancelling ctx interrupts the shards (SIGINT, forwarded);
// cancelling it again makes them stop cleaning up.
func Execute(ctx context.Context, interrupts <-chan os.Signal, plan Plan) []report.Results {
	shards := plan.shards()
	results := make([]report.Results, len(plan.Targets))
	var mu sync.Mutex
	merge := func(target int, res report.Results) {
		mu.Lock()
		defer mu.Unlock()
		if results[target].Target == "" {
			results[target] = res
			return
		}
		results[target].Merge(res)
	}

	var children childSet
	go func() {
		for sig := range interrupts {
			children.signal(sig)
		}
	}()
	run := func(s shard, n int) {
		t := plan.Targets[s.target]
		res, err := runShard(ctx, plan, t, s.ids, n, &children)
		switch {
		case errors.Is(err, errNotStarted):
			res = notRunShard(t, s.ids)
		case err != nil && ctx.Err() != nil:
			// A shard the interrupt stopped before it could write its
			// results (it dies of the signal until it handles it, and
			// then has started no check).
			res = notRunShard(t, s.ids)
		case err != nil:
			res = failedShard(t, s.ids, err)
		}
		merge(s.target, res)
	}
	// Parallel shards of every target run at once; serial shards after
	// them, one target at a time, because their checks cannot share a
	// target with others.
	var wg sync.WaitGroup
	for n, s := range shards {
		if s.serial {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			run(s, n)
		}()
	}
	wg.Wait()
	for n, s := range shards {
		if s.serial {
			run(s, n)
		}
	}
	for i, t := range plan.Targets {
		if results[i].Target == "" {
			results[i] = report.Results{Target: t.Name, Endpoint: t.Endpoint, Profile: t.Profile, Warnings: t.Warnings}
		}
		results[i].Tool = plan.Options.Tool
		results[i].Duration = time.Since(results[i].StartTime).Seconds()
	}
	return results
}

// shard is one child process's work: some checks of one target.
type shard struct {
	target int
	ids    []string
	serial bool
}

// shards splits each target's checks into Procs parallel shards and one
// serial shard.
func (plan Plan) shards() []shard {
	var shards []shard
	for i := range plan.Targets {
		parallel, serial := splitChecks(plan.Checks, plan.Procs)
		for _, ids := range parallel {
			shards = append(shards, shard{target: i, ids: ids})
		}
		if len(serial) > 0 {
			shards = append(shards, shard{target: i, ids: serial, serial: true})
		}
	}
	return shards
}

// splitChecks deals the parallel checks round-robin into procs shards and
// returns the serial ones apart.
func splitChecks(checks []check.Check, procs int) (parallel [][]string, serial []string) {
	procs = max(procs, 1)
	parallel = make([][]string, 0, procs)
	i := 0
	for _, c := range checks {
		if c.Serial {
			serial = append(serial, c.ID)
			continue
		}
		if len(parallel) < procs {
			parallel = append(parallel, nil)
		}
		parallel[i%procs] = append(parallel[i%procs], c.ID)
		i++
	}
	return parallel, serial
}

// failedShard turns a shard that could not run into failed checks, so the
// run does not pass by losing them.
func failedShard(t *targets.Target, ids []string, err error) report.Results {
	res := report.Results{Target: t.Name, Endpoint: t.Endpoint, Profile: t.Profile, Warnings: t.Warnings, StartTime: time.Now()}
	for _, id := range ids {
		res.Checks = append(res.Checks, report.Result{ID: id, Verdict: report.VerdictFailed, Failure: "the shard running this check failed: " + err.Error()})
	}
	res.Merge(report.Results{})
	return res
}

// notRunShard reports the checks of a shard the interrupt kept from
// running as such: not failed, not skipped.
func notRunShard(t *targets.Target, ids []string) report.Results {
	res := report.Results{Target: t.Name, Endpoint: t.Endpoint, Profile: t.Profile, Warnings: t.Warnings, StartTime: time.Now(), Interrupted: true}
	for _, id := range ids {
		res.Checks = append(res.Checks, report.Result{ID: id, Verdict: report.VerdictNotRun, Skip: report.NotRunReason})
	}
	res.Merge(report.Results{})
	return res
}

// errNotStarted is runShard's answer when the run was interrupted before
// the shard started.
var errNotStarted = errors.New("the run was interrupted before the shard started")

// childSet tracks running shards so interrupts reach them. It remembers
// the interrupts it forwarded: a shard added after one (it was starting
// when the signal came) gets them at once, so no shard misses a signal.
type childSet struct {
	mu      sync.Mutex
	procs   map[*os.Process]bool
	signals []os.Signal
}

// start starts cmd as a tracked child, unless the run was interrupted
// already: then it returns errNotStarted.
func (c *childSet) start(cmd *exec.Cmd) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.signals) > 0 {
		return errNotStarted
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	if c.procs == nil {
		c.procs = map[*os.Process]bool{}
	}
	c.procs[cmd.Process] = true
	return nil
}

func (c *childSet) remove(p *os.Process) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.procs, p)
}

func (c *childSet) signal(sig os.Signal) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.signals = append(c.signals, sig)
	for p := range c.procs {
		p.Signal(sig)
	}
}

func runShard(ctx context.Context, plan Plan, t *targets.Target, ids []string, n int, children *childSet) (report.Results, error) {
	if ctx.Err() != nil {
		return report.Results{}, errNotStarted
	}
	dir := filepath.Join(plan.LogDir, t.Name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return report.Results{}, err
	}
	idsFile := filepath.Join(dir, fmt.Sprintf("shard-%d.ids", n))
	outFile := filepath.Join(dir, fmt.Sprintf("shard-%d.json", n))
	defer os.Remove(idsFile)
	defer os.Remove(outFile)
	if err := os.WriteFile(idsFile, []byte(strings.Join(ids, "\n")+"\n"), 0o644); err != nil {
		return report.Results{}, err
	}
	targetJSON, err := json.Marshal(t)
	if err != nil {
		return report.Results{}, err
	}
	log, err := os.Create(filepath.Join(dir, fmt.Sprintf("shard-%d.log", n)))
	if err != nil {
		return report.Results{}, err
	}
	defer log.Close()

	args := request{
		ids: idsFile, out: outFile, focus: plan.Options.Focus, skip: plan.Options.Skip,
		labelFilter: plan.Options.LabelFilter, verbose: plan.Options.Verbose,
	}.args()
	cmd := exec.Command(plan.Executable, args...)
	cmd.Env = append(os.Environ(), envTarget+"="+string(targetJSON))
	cmd.Stdout = log
	// Its own process group: a terminal's Ctrl-C reaches only the parent,
	// which forwards it once per press.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return report.Results{}, err
	}
	// Started and registered under one lock with the forwarding of
	// signals: a signal either finds the shard registered or keeps it
	// from starting.
	if err := children.start(cmd); err != nil {
		return report.Results{}, err
	}
	defer children.remove(cmd.Process)
	follow(plan.Progress, t.Name, stderr, log)
	waitErr := cmd.Wait()
	res, err := report.ReadResults(outFile)
	if err != nil {
		return res, fmt.Errorf("no results (%v); see %s", waitErr, log.Name())
	}
	return res, nil
}

// Progress is told of each check as it finishes, by every shard's
// goroutine: the CLI renders it.
type Progress interface {
	CheckDone(CheckDone)
}

// CheckDone is one finished check.
type CheckDone struct {
	Target, ID string
	// State is Ginkgo's: passed, failed, skipped, interrupted, ...
	State   string
	Seconds float64
	// Reason is a failure's or skip's reason in one line.
	Reason string
}

// follow reads a shard's stderr: progress lines go to the Progress,
// anything else is kept in the shard's log.
func follow(p Progress, target string, stderr io.Reader, log io.Writer) {
	scanner := bufio.NewScanner(stderr)
	scanner.Buffer(make([]byte, 64<<10), 1<<20)
	for scanner.Scan() {
		line := scanner.Text()
		rest, ok := strings.CutPrefix(line, progressPrefix)
		if !ok {
			fmt.Fprintln(log, line)
			continue
		}
		if p == nil {
			continue
		}
		fields := strings.SplitN(rest, "\t", 4)
		if len(fields) < 3 {
			continue
		}
		done := CheckDone{Target: target, ID: fields[0], State: fields[1]}
		done.Seconds, _ = strconv.ParseFloat(fields[2], 64)
		if len(fields) == 4 {
			done.Reason = fields[3]
		}
		p.CheckDone(done)
	}
}
