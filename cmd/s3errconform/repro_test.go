package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestReproScriptReproducesTheFailure runs the reproduction script a failed
// check leaves in the reports, with this machine's curl, from a shell that
// has only the keys: it replays the check's setup, meets the deviation the
// run met, and cleans up.
func TestReproScriptReproducesTheFailure(t *testing.T) {
	curl, err := exec.LookPath("curl")
	if err != nil {
		t.Skip("no curl on this machine: the generated script cannot be run")
	}
	config, env := referenceTarget(t, "eu-central-1", "nosuchkey-status-403")
	reports := t.TempDir()
	const id = "rest-get-object-missing-key"
	run := runCLI(t, env, "run", "--config", config, "--report-dir", reports, "--procs", "1", "--focus", `\[`+id+`\]`)
	if run.exitCode != exitFailed {
		t.Fatalf("exit %d, want 1\n%s%s", run.exitCode, run.stdout, run.stderr)
	}
	script := filepath.Join(reports, "deviating", "repro", id+".sh")
	text, err := os.ReadFile(script)
	if err != nil {
		t.Fatalf("no reproduction script: %v\n%s", err, run.stdout)
	}
	res := readResults(t, filepath.Join(reports, "deviating"))
	if len(res.Checks) != 1 || !strings.Contains(res.Checks[0].Failure, "reproduce: sh "+script) {
		t.Errorf("the failure text does not name the script:\n%+v", res.Checks)
	}
	for _, secret := range env {
		if _, value, _ := strings.Cut(secret, "="); strings.Contains(string(text), value) {
			t.Fatalf("the script holds a key (%s):\n%s", strings.SplitN(secret, "=", 2)[0], text)
		}
	}

	cmd := exec.Command("sh", script)
	// A clean shell: the keys by the script's names, curl on the PATH.
	cmd.Env = []string{"PATH=" + filepath.Dir(curl) + ":/usr/bin:/bin",
		"S3EC_ACCESS_KEY=TESTMAINKEY", "S3EC_SECRET_KEY=test-main-secret-key-0123456789"}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the script failed: %v\n%s\n--- script\n%s", err, out, text)
	}
	// The run observed 403 where S3 answers 404; the replay must too, after
	// a setup that succeeded and with a cleanup that did.
	for _, want := range []string{"setup: PUT /", "-> 200", "== the failing request: GET /", "== the run observed: 403 Forbidden", "HTTP/1.1 403 Forbidden", "<Code>NoSuchKey</Code>", "cleanup: DELETE /"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the replay's output lacks %q\n%s\n--- script\n%s", want, out, text)
		}
	}
	if strings.Contains(string(out), "-> 4") || strings.Contains(string(out), "-> 5") {
		t.Errorf("a setup or cleanup request of the replay failed:\n%s", out)
	}
}

// TestExplainPrintsTheWholeCheck: explain ID runs one check and prints, on
// stdout, every exchange of it (setup, check, cleanup), its verdicts and
// its reproduction script, without a key.
func TestExplainPrintsTheWholeCheck(t *testing.T) {
	config, env := referenceTarget(t, "eu-central-1", "nosuchkey-status-403")
	run := runCLI(t, env, "explain", "--config", config, "[rest-get-object-missing-key]")
	if run.exitCode != exitFailed {
		t.Fatalf("exit %d, want 1\n%s%s", run.exitCode, run.stdout, run.stderr)
	}
	for _, want := range []string{"===== setup\n--- request\nPUT ", "===== check\n--- request\nGET ", "HTTP/1.1 403 Forbidden", "===== cleanup\n",
		"FAIL status: expected 404, observed 403", "verdict: failed", "reproduction script:\n#!/bin/sh\n"} {
		if !strings.Contains(run.stdout, want) {
			t.Errorf("explain lacks %q:\n%s", want, run.stdout)
		}
	}
	for _, secret := range env {
		if _, value, _ := strings.Cut(secret, "="); strings.Contains(run.stdout+run.stderr, value) && strings.Contains(secret, "SK") {
			t.Errorf("explain shows a secret key (%s)", strings.SplitN(secret, "=", 2)[0])
		}
	}
	if run := runCLI(t, env, "explain", "--config", config, "get-object-missing"); run.exitCode != exitUsage || !strings.Contains(run.stderr, "did you mean rest-get-object-missing-bucket, rest-get-object-missing-key,") {
		t.Errorf("a partial ID: exit %d\n%s", run.exitCode, run.stderr)
	}
}
