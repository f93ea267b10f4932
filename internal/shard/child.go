package shard

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/s3errconform/s3errconform/harness/report"
	"github.com/s3errconform/s3errconform/harness/targets"
	"github.com/s3errconform/s3errconform/harness/wire"
	"github.com/s3errconform/s3errconform/runner"
)

// Command is the binary's hidden subcommand that runs a shard.
const Command = "shard"

const (
	// envTarget carries a shard's resolved target (JSON) to the child,
	// keys included, without writing them to disk.
	envTarget = "S3ERRCONFORM_SHARD_TARGET"
	// progressPrefix marks the lines a child writes to stderr after each
	// check, for the parent's progress display.
	progressPrefix = "s3errconform-progress\t"
)

// Exit codes of a shard; the parent reads its results file, not these.
const (
	exitOK    = 0
	exitUsage = 2
)

// request is a shard's command line: the parent writes it with args, the
// child reads it with parseRequest.
type request struct {
	ids, out    string
	focus, skip []string
	labelFilter string
	verbose     bool
}

func (r request) args() []string {
	args := []string{Command, "--ids", r.ids, "--out", r.out}
	for _, f := range r.focus {
		args = append(args, "--focus", f)
	}
	for _, s := range r.skip {
		args = append(args, "--skip", s)
	}
	if r.labelFilter != "" {
		args = append(args, "--label-filter", r.labelFilter)
	}
	if r.verbose {
		args = append(args, "-v")
	}
	return args
}

// listFlag collects a repeatable flag.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error {
	*l = append(*l, v)
	return nil
}

// parseRequest reads the arguments after the subcommand's name.
func parseRequest(args []string, stderr io.Writer) (request, error) {
	var r request
	fs := flag.NewFlagSet(Command, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: s3errconform shard --ids FILE --out FILE (run by s3errconform run)")
	}
	fs.StringVar(&r.ids, "ids", "", "file of check IDs to run")
	fs.StringVar(&r.out, "out", "", "where to write the results (JSON)")
	fs.Var((*listFlag)(&r.focus), "focus", "focus regular expression")
	fs.Var((*listFlag)(&r.skip), "skip", "skip regular expression")
	fs.StringVar(&r.labelFilter, "label-filter", "", "label filter")
	fs.BoolVar(&r.verbose, "v", false, "verbose Ginkgo output")
	if err := fs.Parse(args); err != nil {
		return r, err
	}
	if fs.NArg() > 0 {
		return r, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	return r, nil
}

// Main is the child side of a run: it runs the checks listed in --ids
// against the target its parent passed, and writes the results. tool
// names the binary's version in them.
func Main(args []string, stderr io.Writer, tool string) int {
	r, err := parseRequest(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		fmt.Fprintf(stderr, "s3errconform shard: %v\n", err)
		return exitUsage
	}
	target, err := readTarget()
	if err != nil {
		fmt.Fprintf(stderr, "s3errconform: %v\n", err)
		return exitUsage
	}
	ids, err := readIDs(r.ids)
	if err != nil {
		fmt.Fprintf(stderr, "s3errconform: %v\n", err)
		return exitUsage
	}
	// This process alone knows the signatures it makes: everything it
	// writes, its log and the results the parent reads, is redacted here.
	secrets := wire.NewSecrets()
	redactingStderr := secrets.Writer(stderr)
	defer redactingStderr.Close()
	stderr = redactingStderr
	restoreStdout, err := redactStdout(secrets)
	if err != nil {
		fmt.Fprintf(stderr, "s3errconform: %v\n", err)
		return exitUsage
	}
	defer restoreStdout()
	res, err := runner.Run(target, runner.Options{
		Focus: r.focus, Skip: r.skip, LabelFilter: r.labelFilter, Verbose: r.verbose,
		Tool: tool, Only: ids, Secrets: secrets,
		CheckDone: func(id, state string, seconds float64, reason string) {
			reason = strings.Join(strings.Fields(reason), " ")
			fmt.Fprintf(stderr, "%s%s\t%s\t%.3f\t%s\n", progressPrefix, id, state, seconds, reason)
		},
	})
	if err != nil {
		fmt.Fprintf(stderr, "s3errconform: %v\n", err)
		return exitUsage
	}
	if err := report.WriteResultsJSON(r.out, res); err != nil {
		fmt.Fprintf(stderr, "s3errconform shard: %v\n", err)
		return exitUsage
	}
	return exitOK
}

// readIDs reads a shard's check IDs.
func readIDs(path string) (map[string]bool, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	ids := map[string]bool{}
	for _, id := range strings.Fields(string(data)) {
		ids[id] = true
	}
	return ids, nil
}

// readTarget reads the target a parent passed to this shard.
func readTarget() (*targets.Target, error) {
	raw := os.Getenv(envTarget)
	if raw == "" {
		return nil, fmt.Errorf("%s is not set: the shard command is run by s3errconform run, not by hand", envTarget)
	}
	var t targets.Target
	if err := json.Unmarshal([]byte(raw), &t); err != nil {
		return nil, fmt.Errorf("%s: %w", envTarget, err)
	}
	return &t, nil
}
