package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHelpExitsZeroAndListsFlags: --help of every command prints its
// usage and exits 0; the top-level help names every exit code.
func TestHelpExitsZeroAndListsFlags(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--help"}, "130/143 interrupted by\nSIGINT/SIGTERM"},
		{[]string{"run", "--help"}, "-fail-fast"},
		{[]string{"list", "--help"}, "-skip"},
		{[]string{"catalog", "--help"}, "-uncovered"},
		{[]string{"matrix", "--help"}, "-markdown"},
		{[]string{"targets", "--help"}, "Usage: s3errconform targets check"},
		{[]string{"targets", "check", "--help"}, "-target"},
		{[]string{"cleanup", "--help"}, "-older-than"},
		{[]string{"explain", "--help"}, "CHECK-ID"},
		{[]string{"serve", "--help"}, "-deviate"},
	} {
		var out, errOut bytes.Buffer
		if code := realMain(c.args, &out, &errOut); code != exitPassed || !strings.Contains(out.String()+errOut.String(), c.want) {
			t.Errorf("%q: exit %d, want 0 and %q in\n%s%s", c.args, code, c.want, out.String(), errOut.String())
		}
	}
	for _, args := range [][]string{{"targets"}, {"targets", "bogus"}, {"explain"}, {"explain", "no-such-check"}, {"catalog", "--format", "xml"}, {"matrix"}} {
		var out, errOut bytes.Buffer
		if code := realMain(args, &out, &errOut); code != exitUsage {
			t.Errorf("%q: exit %d, want 2", args, code)
		}
	}
}

// Every command takes --no-color, so that it can be given to all alike.
func TestEveryCommandTakesNoColor(t *testing.T) {
	for _, args := range [][]string{{"list", "--no-color"}, {"catalog", "--no-color"}, {"list", "--no-color", "--format", "json"}} {
		var out, errOut bytes.Buffer
		if code := realMain(args, &out, &errOut); code != exitPassed {
			t.Errorf("%q: exit %d\n%s", args, code, errOut.String())
		}
	}
}

// TestMessagesHaveNoColour: Ginkgo colours its label filter errors; the
// CLI's messages have none, to a terminal or a file.
func TestMessagesHaveNoColour(t *testing.T) {
	for _, args := range [][]string{{"list", "--label-filter", "(("}, {"run", "--label-filter", "a &&"}} {
		var out, errOut bytes.Buffer
		code := realMain(args, &out, &errOut)
		if code != exitUsage || strings.Contains(errOut.String(), "\x1b[") || !strings.Contains(errOut.String(), "Syntax Error Parsing Label Filter") {
			t.Errorf("%q: exit %d, message %q", args, code, errOut.String())
		}
	}
}

// TestListIsADryRun: list selects as run does (--focus, --skip, the label
// filter) and, given a target, leaves out what it declares unsupported,
// saying why.
func TestListIsADryRun(t *testing.T) {
	config, env := referenceTarget(t, "eu-central-1")
	data, _ := os.ReadFile(config)
	os.WriteFile(config, append(data, "    unsupported: [multipart]\n"...), 0o600)
	run := runCLI(t, env, "list", "--config", config, "--focus", "missing-key", "--skip", "soap-", "--label-filter", "!HeadObject")
	if run.exitCode != exitPassed {
		t.Fatalf("exit %d\n%s", run.exitCode, run.stderr)
	}
	if strings.Contains(run.stdout, "soap-") || strings.Contains(run.stdout, "rest-head-object-missing-key ") || !strings.Contains(run.stdout, "rest-get-object-missing-key ") {
		t.Errorf("the filters were not applied:\n%s", run.stdout)
	}
	if !strings.Contains(run.stdout, `skipped: target "deviating" declares "multipart" unsupported`) || !strings.Contains(run.stdout, `would run against "deviating"`) {
		t.Errorf("no dry run against the target:\n%s", run.stdout)
	}
	if run := runCLI(t, nil, "list", "--focus", `\[rest-get-object-missing-key\]`); !strings.HasSuffix(run.stdout, "\n1 check\n") {
		t.Errorf("one check listed:\n%s", run.stdout)
	}
}

// TestJUnitFlagAndFailFast: --junit writes the JUnit XML where CI wants
// it; --fail-fast stops at the first failure, the rest reported not run.
func TestJUnitFlagAndFailFast(t *testing.T) {
	config, env := referenceTarget(t, "eu-central-1", "nosuchkey-status-403")
	reports := t.TempDir()
	junit := filepath.Join(t.TempDir(), "ci", "junit.xml")
	os.MkdirAll(filepath.Dir(junit), 0o755)
	run := runCLI(t, env, "run", "--config", config, "--report-dir", reports, "--procs", "1", "--fail-fast", "--junit", junit, "--label-filter", "NoSuchKey && rest")
	if run.exitCode != exitFailed {
		t.Fatalf("exit %d, want 1\n%s%s", run.exitCode, run.stdout, run.stderr)
	}
	if !strings.Contains(run.stderr, "--fail-fast: ") {
		t.Errorf("no word of --fail-fast:\n%s", run.stderr)
	}
	res := readResults(t, filepath.Join(reports, "deviating"))
	if res.Failed < 1 || res.NotRun+res.InterruptedChecks == 0 {
		t.Errorf("failed %d, not run %d, interrupted %d: want the checks after the failure not run", res.Failed, res.NotRun, res.InterruptedChecks)
	}
	written, err := os.ReadFile(junit)
	if err != nil {
		t.Fatal(err)
	}
	inReports, _ := os.ReadFile(filepath.Join(reports, "deviating", "junit.xml"))
	if !bytes.Equal(written, inReports) {
		t.Errorf("--junit differs from the report folder's junit.xml")
	}
}
