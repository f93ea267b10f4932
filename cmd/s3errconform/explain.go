package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/s3errconform/s3errconform/harness"
	"github.com/s3errconform/s3errconform/harness/check"
	"github.com/s3errconform/s3errconform/harness/report"
	"github.com/s3errconform/s3errconform/runner"
)

// explainCommand runs one check in this process and prints everything it
// sent and received, setup and cleanup included, with its verdicts and its
// reproduction script: "show me check X" in one command.
func explainCommand(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("explain", "explain [--config targets.yaml] [--target NAME] CHECK-ID", stderr)
	config := fs.String("config", defaultConfig(), configUsage)
	target := fs.String("target", defaultTarget(), "target name in the targets file (default: the only one)")
	if err := fs.Parse(args); err != nil {
		return flagExit(err)
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "s3errconform explain: give exactly one check ID, e.g. rest-get-object-missing-key (see s3errconform list)")
		return exitUsage
	}
	id := strings.Trim(fs.Arg(0), "[]")
	checks, err := registeredChecks()
	if err != nil {
		fmt.Fprintf(stderr, "s3errconform explain: %v\n", err)
		return exitUsage
	}
	c, ok := findCheck(checks, id)
	if !ok {
		fmt.Fprintf(stderr, "s3errconform explain: no check %q%s\n", id, suggestChecks(checks, id))
		return exitUsage
	}
	t, stop, err := runner.ResolveTarget(*config, *target, nil)
	if err != nil {
		return configFailure(stderr, err)
	}
	defer stop()
	if err := runner.Probe(t); err != nil {
		fmt.Fprintf(stderr, "s3errconform: %v\n", err)
		return exitUnreachable
	}
	env, err := harness.NewEnv(t, nil)
	if err != nil {
		return configFailure(stderr, err)
	}
	for _, register := range runner.AllSuites() {
		register(env)
	}
	out := env.RunCheck(context.Background(), c.ID)
	redact := env.Secrets().Text
	fmt.Fprintf(stdout, "check %s against %q (%s, profile %s)\n", c.ID, t.Name, t.Endpoint, t.Profile)
	fmt.Fprintf(stdout, "  %s\n  operation %s, code %s, labels %s\n  source: %s\n", c.Title, orDash(c.Operation), orDash(c.Code), strings.Join(c.Labels(), ", "), c.Source)
	phase := ""
	if out.Transcript != nil {
		for _, s := range out.Transcript.Steps() {
			if s.Phase != phase {
				phase = s.Phase
				fmt.Fprintf(stdout, "\n===== %s\n", phase)
			}
			fmt.Fprintln(stdout, s.Exchange.String())
		}
	}
	for _, j := range out.Record.Responses {
		fmt.Fprintf(stdout, "\njudged %s (%d):\n", redact(j.Request), j.Status)
		for _, v := range j.Verdicts {
			fmt.Fprintln(stdout, redact(v.String()))
		}
	}
	for _, l := range out.Record.Leftovers {
		fmt.Fprintf(stdout, "left behind: %s\n", redact(l.String()))
	}
	fmt.Fprintf(stdout, "\nverdict: %s\n", out.Verdict)
	if out.Message != "" && (len(out.Record.Responses) == 0 || out.Verdict != report.VerdictFailed) {
		// A failure's verdicts and exchange are above; a setup failure or
		// a skip has only its message.
		fmt.Fprintln(stdout, redact(out.Message))
	}
	if out.Record.Script != "" {
		fmt.Fprintf(stdout, "\nreproduction script:\n%s", out.Record.Script)
	}
	if out.Verdict == report.VerdictFailed {
		return exitFailed
	}
	return exitPassed
}

func findCheck(checks []check.Check, id string) (check.Check, bool) {
	for _, c := range checks {
		if c.ID == id {
			return c, true
		}
	}
	return check.Check{}, false
}

// suggestChecks names up to five check IDs containing id, for a mistyped
// or partial one.
func suggestChecks(checks []check.Check, id string) string {
	var near []string
	for _, c := range checks {
		if id != "" && strings.Contains(c.ID, id) {
			near = append(near, c.ID)
		}
	}
	switch {
	case len(near) == 0:
		return "; s3errconform list shows every check"
	case len(near) > 5:
		return fmt.Sprintf("; %d checks contain it, e.g. %s", len(near), strings.Join(near[:5], ", "))
	}
	return "; did you mean " + strings.Join(near, ", ") + "?"
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
