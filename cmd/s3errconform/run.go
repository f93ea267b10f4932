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
	"github.com/s3errconform/s3errconform/internal/shard"
	"github.com/s3errconform/s3errconform/runner"
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
	noColor, failFast                      bool
	junit                                  string
	procs                                  int
}

func runCommand(args []string, stdout, stderr io.Writer) int {
	f, code, ok := parseRunFlags(args, stderr)
	if !ok {
		return code
	}
	// Signals are watched from here on, so that one arriving while targets
	// are probed or shards start still stops the run cleanly: Execute then
	// starts no shard.
	sig := watchInterrupts(stderr)
	defer sig.stop()
	if f.updateBaseline && f.baseline == "" {
		fmt.Fprintln(stderr, "s3errconform run: --update-baseline needs --baseline FILE")
		return exitUsage
	}
	started := time.Now()
	// The filters first: a run that would execute nothing stops before it
	// starts a target or touches the reports of an earlier run.
	checks, err := selectedChecks(f)
	if err != nil {
		return configFailure(stderr, err)
	}
	if len(checks) == 0 {
		fmt.Fprintf(stderr, "s3errconform run: no check matches the filters (%s); nothing ran, which is not a pass, and the reports in %s are left as they were\n", describeFilters(f), f.reportDir)
		return exitFailed
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
	baseline, err := loadBaseline(f, len(all))
	if err != nil {
		return configFailure(stderr, err)
	}
	reachable := probeTargets(all, stderr)
	if len(reachable) == 0 {
		return exitUnreachable
	}
	executable, err := os.Executable()
	if err != nil {
		fmt.Fprintf(stderr, "s3errconform: %v\n", err)
		return exitUsage
	}
	prog := newProgress(stderr, isTerminal(stderr), colorOn(f.noColor, stderr), len(checks)*len(reachable), time.Now)
	prog.width = terminalWidth(stderr)
	if f.failFast {
		prog.onFailure = func(d shard.CheckDone) {
			if !baselineLists(baseline, d.ID) {
				sig.stopEarly(fmt.Sprintf("--fail-fast: %s failed on %q; stopping the run (checks it kept from running are reported as not run)", d.ID, d.Target))
			}
		}
	}
	for _, t := range reachable {
		fmt.Fprintf(stdout, "s3errconform %s: %s against %q at %s\n", currentVersion(), plural(len(checks), "check"), t.Name, t.Endpoint)
	}
	results := shard.Execute(sig.ctx, sig.forward, shard.Plan{
		Targets: reachable,
		Procs:   max(f.procs, 1),
		Options: runner.Options{
			Focus: f.focus, Skip: f.skip, LabelFilter: f.labelFilter, Verbose: f.verbose, Tool: currentVersion(),
		},
		Checks:     checks,
		Executable: executable,
		LogDir:     f.reportDir,
		Progress:   prog,
	})
	prog.finish()
	caught := sig.settle()
	code, err = reportRun(f, results, baseline, caught != nil, started, targetSecrets(all), stdout, stderr)
	if err == nil && f.junit != "" {
		if werr := writeJUnitFile(f.junit, results); werr != nil {
			fmt.Fprintf(stderr, "s3errconform: writing %s: %v\n", f.junit, werr)
		}
	}
	switch {
	case err != nil:
		fmt.Fprintf(stderr, "s3errconform: %v\n", err)
		return exitUsage
	case caught == syscall.SIGTERM:
		return exitTerminated
	case caught != nil:
		return exitInterrupted
	case len(reachable) < len(all):
		return exitUnreachable
	}
	return code
}

func parseRunFlags(args []string, stderr io.Writer) (f runFlags, code int, ok bool) {
	fs := newFlagSet("run", "run [--config targets.yaml] [--target NAME[,NAME...] | --all-targets] [--focus RE] [--skip RE] [--label-filter EXPR] [--procs N] [--baseline FILE [--update-baseline]] [--fail-fast] [--report-dir DIR] [--junit FILE] [--summary-markdown FILE] [--no-color] [-v]", stderr)
	fs.StringVar(&f.config, "config", defaultConfig(), configUsage)
	fs.StringVar(&f.target, "target", defaultTarget(), "target name(s) in the targets file, comma-separated (default $"+runner.EnvTarget+", else the only one); only their environment variables must be set")
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
	fs.BoolVar(&f.failFast, "fail-fast", false, "stop the run at the first failed check the baseline does not list; the rest are reported as not run")
	fs.StringVar(&f.junit, "junit", "", "also write the JUnit XML of every target to this file (each target's is in its report folder too)")
	code, ok = parseFlags(fs, args)
	f.noColor = noColor(fs)
	return f, code, ok
}

// interrupts turns a run's SIGINT and SIGTERM into a cancelled context
// and signals forwarded to the shards; the first one is announced.
type interrupts struct {
	ctx     context.Context
	forward chan os.Signal
	stop    func()

	cancel context.CancelFunc
	stderr io.Writer

	mu      sync.Mutex
	caught  os.Signal
	settled bool
	// early is set when the run stopped itself (--fail-fast).
	early bool
}

func watchInterrupts(stderr io.Writer) *interrupts {
	ctx, cancel := context.WithCancel(context.Background())
	signals := make(chan os.Signal, 2)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	i := &interrupts{ctx: ctx, forward: make(chan os.Signal, 2), cancel: cancel, stderr: stderr}
	i.stop = func() {
		signal.Stop(signals)
		cancel()
	}
	go func() {
		for sig := range signals {
			i.mu.Lock()
			if i.settled {
				// The run's outcome is decided; reports are being written.
				i.mu.Unlock()
				continue
			}
			if i.caught == nil {
				i.caught = sig
				fmt.Fprintf(stderr, "\ns3errconform: %s: stopping; cleaning up what the run created (again to stop cleaning up)\n", sig)
			}
			i.mu.Unlock()
			cancel()
			i.forward <- sig
		}
	}()
	return i
}

// stopEarly stops the run as an interrupt does, without a signal: the
// shards are interrupted, and the run's outcome is its checks'.
func (i *interrupts) stopEarly(why string) {
	i.mu.Lock()
	defer i.mu.Unlock()
	if i.settled || i.caught != nil || i.early {
		return
	}
	i.early = true
	fmt.Fprintf(i.stderr, "\ns3errconform: %s\n", why)
	i.cancel()
	select {
	case i.forward <- os.Interrupt:
	default:
	}
}

// settle returns the first signal caught, if any, and ignores those that
// come after it: the shards are done.
func (i *interrupts) settle() os.Signal {
	i.mu.Lock()
	defer i.mu.Unlock()
	i.settled = true
	return i.caught
}

// loadBaseline reads --baseline, if given: a missing file is an empty
// baseline when --update-baseline is to write it.
func loadBaseline(f runFlags, targetCount int) (*report.Baseline, error) {
	if f.baseline == "" {
		return nil, nil
	}
	baseline, err := report.LoadBaseline(f.baseline)
	switch {
	case f.updateBaseline && errors.Is(err, os.ErrNotExist):
		baseline = &report.Baseline{}
	case err != nil:
		return nil, err
	}
	if targetCount > 1 && baseline.Target == "" {
		return nil, fmt.Errorf("%s: field \"target\": a baseline for a run of several targets must name its target", f.baseline)
	}
	return baseline, nil
}

// targetSecrets are the targets' keys. The shards redact what they send
// back; these catch the keys again in what the parent writes from it.
func targetSecrets(all []*targets.Target) *wire.Secrets {
	secrets := wire.NewSecrets()
	for _, t := range all {
		secrets.Add(t.Identity.SecretKey)
		secrets.Add(t.SecondIdentity.SecretKey)
	}
	return secrets
}

// probeTargets prints each target's warnings and returns those that
// answer, naming the others.
func probeTargets(all []*targets.Target, stderr io.Writer) []*targets.Target {
	var reachable []*targets.Target
	for _, t := range all {
		for _, w := range t.Warnings {
			fmt.Fprintf(stderr, "warning: target %q: %s\n", t.Name, w)
		}
		if err := runner.Probe(t); err != nil {
			fmt.Fprintf(stderr, "s3errconform: %v\n", err)
			continue
		}
		reachable = append(reachable, t)
	}
	return reachable
}

// reportRun applies the baseline to each target's results and writes
// their reports and summaries; it returns exitFailed if any failed, and
// an error only if the baseline could not be written.
func reportRun(f runFlags, results []report.Results, baseline *report.Baseline, interrupted bool, started time.Time, secrets *wire.Secrets, stdout, stderr io.Writer) (int, error) {
	code := exitPassed
	for i := range results {
		res := &results[i]
		res.Interrupted = res.Interrupted || interrupted
		if res.StartTime.IsZero() {
			// No shard reported (none started): the run's own times.
			res.StartTime, res.Duration = started, time.Since(started).Seconds()
		}
		if baseline != nil && (baseline.Target == "" || baseline.Target == res.Target) {
			if f.updateBaseline {
				updated := report.UpdateBaseline(baseline, *res)
				if err := updated.Save(f.baseline); err != nil {
					return exitUsage, fmt.Errorf("writing %s: %w", f.baseline, err)
				}
				fmt.Fprintf(stdout, "wrote %s to %s\n", plural(len(updated.Deviations), "deviation"), f.baseline)
				baseline = updated
			}
			res.BaselineProblems = baseline.Apply(res, time.Now())
		}
		*res = report.RedactResults(secrets, *res)
		writeTargetReports(f, *res, stdout, stderr)
		if !res.OK() {
			code = exitFailed
		}
	}
	return code, nil
}

// writeTargetReports writes one target's report folder, the Markdown
// summary if asked, and the summary on stdout. A report it cannot write
// is named, and the others are still written.
func writeTargetReports(f runFlags, res report.Results, stdout, stderr io.Writer) {
	dir := filepath.Join(f.reportDir, res.Target)
	if res.Executed() == 0 && !res.Interrupted {
		// Every check skipped: an earlier run's reports say more.
		fmt.Fprintln(stdout)
		report.WriteSummary(stdout, res)
		fmt.Fprintf(stdout, "reports: none written; those in %s are left as they were\n", dir)
		return
	}
	scripts, err := writeReproScripts(dir, &res)
	if err != nil {
		fmt.Fprintf(stderr, "s3errconform: writing reproduction scripts: %v\n", err)
	}
	if err := report.WriteReports(dir, res); err != nil {
		fmt.Fprintf(stderr, "s3errconform: writing reports: %v\n", err)
	}
	if f.summaryMarkdown != "" {
		if err := appendMarkdown(f.summaryMarkdown, res); err != nil {
			fmt.Fprintf(stderr, "s3errconform: writing %s: %v\n", f.summaryMarkdown, err)
		}
	}
	fmt.Fprintln(stdout)
	report.WriteSummary(stdout, res)
	if scripts > 0 {
		fmt.Fprintf(stdout, "reproductions: %s (%s, one per failure; keys in $%s and $%s)\n",
			filepath.Join(dir, reproDir), plural(scripts, "script"), wire.ReproAccessKeyVar, wire.ReproSecretKeyVar)
	}
	fmt.Fprintf(stdout, "reports: %s\n", dir)
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

// describeFilters names the run's filters for a message.
func describeFilters(f runFlags) string {
	var parts []string
	for _, e := range f.focus {
		parts = append(parts, "--focus "+e)
	}
	for _, e := range f.skip {
		parts = append(parts, "--skip "+e)
	}
	if f.labelFilter != "" {
		parts = append(parts, "--label-filter "+f.labelFilter)
	}
	if len(parts) == 0 {
		return "none given"
	}
	return strings.Join(parts, ", ")
}

// baselineLists reports whether the baseline (nil: none) lists check id,
// whose failure may then be waived.
func baselineLists(b *report.Baseline, id string) bool {
	if b == nil {
		return false
	}
	for _, e := range b.Deviations {
		if e.Check == id {
			return true
		}
	}
	return false
}

// writeJUnitFile writes every target's JUnit XML into one file, for CI
// tools that are given a single path. A target whose run executed nothing
// is left out, as its report folder is.
func writeJUnitFile(path string, results []report.Results) error {
	var ran []report.Results
	for _, res := range results {
		if res.Executed() > 0 || res.Interrupted {
			ran = append(ran, res)
		}
	}
	if len(ran) == 0 {
		return nil
	}
	file, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := report.WriteJUnitRuns(file, ran); err != nil {
		file.Close()
		return err
	}
	return file.Close()
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
