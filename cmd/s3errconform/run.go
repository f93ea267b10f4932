package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/s3errconform/s3errconform/harness/check"
	"github.com/s3errconform/s3errconform/harness/report"
	"github.com/s3errconform/s3errconform/harness/targets"
	"github.com/s3errconform/s3errconform/harness/wire"
	"github.com/s3errconform/s3errconform/internal/runner"
)

// Exit codes of an interrupted run, as shells report a signal's death.
const (
	exitInterrupted = 130
	exitTerminated  = 143
)

type runFlags struct {
	config, target, labelFilter, reportDir string
	baseline, summaryMarkdown              string
	focus, skip                            listFlag
	allTargets, updateBaseline, verbose    bool
	procs                                  int
}

func runCommand(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("run", "run [--config targets.yaml] [--target NAME[,NAME...] | --all-targets] [--focus RE] [--skip RE] [--label-filter EXPR] [--procs N] [--baseline FILE [--update-baseline]] [--report-dir DIR] [--summary-markdown FILE] [-v]", stderr)
	var f runFlags
	fs.StringVar(&f.config, "config", os.Getenv(runner.EnvConfig), "targets file (default $"+runner.EnvConfig+"; none: the embedded reference target)")
	fs.StringVar(&f.target, "target", os.Getenv(runner.EnvTarget), "target name(s) in the targets file, comma-separated (default: the only one)")
	fs.BoolVar(&f.allTargets, "all-targets", false, "run against every target of the targets file, concurrently")
	fs.Var(&f.focus, "focus", "run only checks whose text matches this regular expression (repeatable)")
	fs.Var(&f.skip, "skip", "skip checks whose text matches this regular expression (repeatable)")
	fs.StringVar(&f.labelFilter, "label-filter", "", `Ginkgo label filter, e.g. "rest && NoSuchKey"`)
	fs.IntVar(&f.procs, "procs", runtime.NumCPU(), "checks run in this many processes per target")
	fs.StringVar(&f.baseline, "baseline", "", "known deviations of the target (YAML); listed failures are waived, listed checks that pass fail the run")
	fs.BoolVar(&f.updateBaseline, "update-baseline", false, "write the run's deviations to --baseline, keeping reasons already written")
	fs.StringVar(&f.reportDir, "report-dir", "reports", "where reports/<target>/ is written")
	fs.StringVar(&f.summaryMarkdown, "summary-markdown", "", "append a Markdown summary of failures to this file (e.g. $GITHUB_STEP_SUMMARY)")
	fs.BoolVar(&f.verbose, "v", false, "show every check's Ginkgo output in the shard logs")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	// Signals are watched from here on, so that one arriving while targets
	// are probed or shards start still stops the run cleanly: Execute then
	// starts no shard.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	signals := make(chan os.Signal, 2)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(signals)
	forward := make(chan os.Signal, 2)
	var caughtMu sync.Mutex
	var caught os.Signal
	go func() {
		for sig := range signals {
			caughtMu.Lock()
			if caught == nil {
				caught = sig
				fmt.Fprintf(stderr, "\ns3errconform: %s: stopping; cleaning up what the run created (again to stop cleaning up)\n", sig)
			}
			caughtMu.Unlock()
			cancel()
			forward <- sig
		}
	}()
	if f.updateBaseline && f.baseline == "" {
		fmt.Fprintln(stderr, "s3errconform run: --update-baseline needs --baseline FILE")
		return exitUsage
	}
	var names []string
	if f.target != "" {
		names = strings.Split(f.target, ",")
	}
	all, stop, err := runner.ResolveTargets(f.config, names, f.allTargets)
	if err != nil {
		return configFailure(stderr, err)
	}
	defer stop()
	var baseline *report.Baseline
	if f.baseline != "" {
		baseline, err = report.LoadBaseline(f.baseline)
		switch {
		case f.updateBaseline && errors.Is(err, os.ErrNotExist):
			baseline = &report.Baseline{}
		case err != nil:
			return configFailure(stderr, err)
		}
	}
	if baseline != nil && len(all) > 1 && baseline.Target == "" {
		return configFailure(stderr, fmt.Errorf("%s: field \"target\": a baseline for a run of several targets must name its target", f.baseline))
	}

	// The shards redact what they send back; these catch the keys again
	// in what the parent writes from it.
	secrets := wire.NewSecrets()
	for _, t := range all {
		secrets.Add(t.Identity.SecretKey)
		secrets.Add(t.SecondIdentity.SecretKey)
	}
	var reachable []*targets.Target
	unreachable := false
	for _, t := range all {
		for _, w := range t.Warnings {
			fmt.Fprintf(stderr, "warning: target %q: %s\n", t.Name, w)
		}
		if err := runner.Probe(t); err != nil {
			fmt.Fprintf(stderr, "s3errconform: %v\n", err)
			unreachable = true
			continue
		}
		reachable = append(reachable, t)
	}
	if len(reachable) == 0 {
		return exitUnreachable
	}

	checks, err := selectedChecks(f)
	if err != nil {
		return configFailure(stderr, err)
	}
	executable, err := os.Executable()
	if err != nil {
		fmt.Fprintf(stderr, "s3errconform: %v\n", err)
		return exitUsage
	}
	for _, t := range reachable {
		fmt.Fprintf(stdout, "s3errconform %s: %d checks against %q at %s\n", currentVersion(), len(checks), t.Name, t.Endpoint)
	}

	results := runner.Execute(ctx, forward, runner.Plan{
		Targets: reachable,
		Procs:   max(f.procs, 1),
		Options: runner.Options{
			Focus: f.focus, Skip: f.skip, LabelFilter: f.labelFilter, Verbose: f.verbose, Tool: currentVersion(),
		},
		Checks:     checks,
		Executable: executable,
		LogDir:     f.reportDir,
		Progress:   &runner.Progress{Out: stderr, Terminal: isTerminal(stderr), Total: len(checks) * len(reachable)},
	})

	caughtMu.Lock()
	defer caughtMu.Unlock()
	code := exitPassed
	for i := range results {
		res := &results[i]
		res.Interrupted = res.Interrupted || caught != nil
		if baseline != nil && (baseline.Target == "" || baseline.Target == res.Target) {
			if f.updateBaseline {
				updated := report.UpdateBaseline(baseline, *res)
				if err := updated.Save(f.baseline); err != nil {
					fmt.Fprintf(stderr, "s3errconform: writing %s: %v\n", f.baseline, err)
					return exitUsage
				}
				fmt.Fprintf(stdout, "wrote %d deviations to %s\n", len(updated.Deviations), f.baseline)
				baseline = updated
			}
			res.BaselineProblems = baseline.Apply(res, time.Now())
		}
		*res = report.RedactResults(secrets, *res)
		dir := filepath.Join(f.reportDir, res.Target)
		if err := report.WriteReports(dir, *res); err != nil {
			fmt.Fprintf(stderr, "s3errconform: writing reports: %v\n", err)
		}
		if f.summaryMarkdown != "" {
			if err := appendMarkdown(f.summaryMarkdown, *res); err != nil {
				fmt.Fprintf(stderr, "s3errconform: writing %s: %v\n", f.summaryMarkdown, err)
			}
		}
		fmt.Fprintln(stdout)
		report.WriteSummary(stdout, *res)
		fmt.Fprintf(stdout, "reports: %s\n", dir)
		if !res.OK() {
			code = exitFailed
		}
	}
	switch {
	case caught == syscall.SIGTERM:
		return exitTerminated
	case caught != nil:
		return exitInterrupted
	case unreachable:
		return exitUnreachable
	}
	return code
}

// selectedChecks registers every check and keeps those the filters select,
// so shards get work of similar size and the run knows its total.
func selectedChecks(f runFlags) ([]check.Check, error) {
	checks, err := registeredChecks()
	if err != nil {
		return nil, err
	}
	return runner.Filter(checks, f.focus, f.skip, f.labelFilter)
}

func appendMarkdown(path string, res report.Results) error {
	file, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	report.WriteMarkdown(file, res)
	return file.Close()
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// shardCommand is the child side of a run: it runs the checks listed in
// --ids against the target its parent passed, and writes the results.
func shardCommand(args []string, stderr io.Writer) int {
	fs := newFlagSet("shard", "shard --ids FILE --out FILE (run by s3errconform run)", stderr)
	idsFile := fs.String("ids", "", "file of check IDs to run")
	out := fs.String("out", "", "where to write the results (JSON)")
	var focus, skip listFlag
	fs.Var(&focus, "focus", "focus regular expression")
	fs.Var(&skip, "skip", "skip regular expression")
	labelFilter := fs.String("label-filter", "", "label filter")
	verbose := fs.Bool("v", false, "verbose Ginkgo output")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	target, err := runner.ShardTarget()
	if err != nil {
		return configFailure(stderr, err)
	}
	ids, err := runner.ReadIDs(*idsFile)
	if err != nil {
		return configFailure(stderr, err)
	}
	// This process alone knows the signatures it makes: everything it
	// writes, its log and the results the parent reads, is redacted here.
	secrets := wire.NewSecrets()
	redactingStderr := secrets.Writer(stderr)
	defer redactingStderr.Close()
	stderr = redactingStderr
	restoreStdout, err := redactStdout(secrets)
	if err != nil {
		return configFailure(stderr, err)
	}
	defer restoreStdout()
	res, err := runner.Run(target, runner.Options{
		Focus: focus, Skip: skip, LabelFilter: *labelFilter, Verbose: *verbose,
		Tool: currentVersion(), Only: ids, Progress: stderr, Secrets: secrets,
	})
	if err != nil {
		return configFailure(stderr, err)
	}
	if err := report.WriteResultsJSON(*out, res); err != nil {
		fmt.Fprintf(stderr, "s3errconform shard: %v\n", err)
		return exitUsage
	}
	return exitPassed
}
