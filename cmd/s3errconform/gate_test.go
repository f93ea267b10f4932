package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/beevik/etree"

	"github.com/s3errconform/s3errconform/harness"
	"github.com/s3errconform/s3errconform/harness/targets"
	"github.com/s3errconform/s3errconform/reftarget"
)

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
	status404 := "  - check: rest-get-object-missing-key\n    fields: [status]\n    reason: https://example.invalid/issue/1\n" +
		"  - check: rest-head-object-missing-key\n    fields: [status]\n    reason: https://example.invalid/issue/1\n"
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
			run := runCLI(t, env, "run", "--config", config, "--report-dir", reports, "--baseline", writeBaseline(t, c.baseline))
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
	config, env := referenceTarget(t, "eu-central-1", "nosuchkey-status-403")
	path := filepath.Join(t.TempDir(), "baseline.yaml")
	if run := runCLI(t, env, "run", "--config", config, "--report-dir", t.TempDir(), "--baseline", path, "--update-baseline"); run.exitCode != exitPassed {
		t.Fatalf("exit %d\n%s%s", run.exitCode, run.stdout, run.stderr)
	}
	b, err := harness.LoadBaseline(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Deviations) != 2 || b.Deviations[0].Reason != harness.TODOReason || b.Deviations[0].Fields[0] != "status" {
		t.Fatalf("baseline written: %+v", b.Deviations)
	}
	if run := runCLI(t, env, "run", "--config", config, "--report-dir", t.TempDir(), "--baseline", path); run.exitCode != exitPassed {
		t.Fatalf("the written baseline does not pass its own run: exit %d", run.exitCode)
	}
}

func TestARunThatExecutesNoCheckFails(t *testing.T) {
	run := runCLI(t, nil, "run", "--report-dir", t.TempDir(), "--label-filter", "NoSuchCodeAtAll")
	if run.exitCode != exitFailed || !strings.Contains(run.stdout, "no check ran") {
		t.Fatalf("exit %d, output:\n%s", run.exitCode, run.stdout)
	}
}

func TestParallelRunMatchesSerialRun(t *testing.T) {
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

// TestInterruptLeavesNoBucket interrupts a run midway and checks that every
// bucket the run created is gone.
func TestInterruptLeavesNoBucket(t *testing.T) {
	main := reftarget.Identity{AccessKey: "TESTMAINKEY", SecretKey: "test-main-secret-key-0123456789"}
	srv, err := reftarget.Start(reftarget.Options{Region: "eu-central-1", Identities: []reftarget.Identity{main}, Latency: 40 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	config := filepath.Join(t.TempDir(), "targets.yaml")
	os.WriteFile(config, []byte(fmt.Sprintf("targets:\n  - name: slow\n    endpoint: %s\n    region: eu-central-1\n    access_key_env: REF_AK\n    secret_key_env: REF_SK\n", srv.URL())), 0o600)

	reports := t.TempDir()
	cmd := exec.Command(os.Args[0], "run", "--config", config, "--report-dir", reports, "--procs", "2")
	cmd.Env = append(os.Environ(), asCLI+"=1", "REF_AK="+main.AccessKey, "REF_SK="+main.SecretKey)
	var stdout bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1500 * time.Millisecond)
	cmd.Process.Signal(syscall.SIGINT)
	err = cmd.Wait()
	exit, _ := err.(*exec.ExitError)
	if exit == nil || exit.ExitCode() != exitInterrupted {
		t.Fatalf("exit %v, want %d\n%s", err, exitInterrupted, stdout.String())
	}
	res := readResults(t, filepath.Join(reports, "slow"))
	if !res.Interrupted || res.Executed() == 0 {
		t.Errorf("results: interrupted %v after %d checks; want an interrupted run that ran some", res.Interrupted, res.Executed())
	}

	client, err := harness.NewClient(&targets.Target{Name: "slow", Endpoint: srv.URL(), Region: "eu-central-1",
		Identity: targets.Credentials{AccessKey: main.AccessKey, SecretKey: main.SecretKey}, Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	list := client.Do(context.Background(), harness.Request{Method: http.MethodGet})
	if list.Status != http.StatusOK {
		t.Fatalf("ListBuckets: %s", list.Exchange)
	}
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(list.Body); err != nil {
		t.Fatal(err)
	}
	for _, name := range doc.FindElements("//Bucket/Name") {
		t.Errorf("bucket %s is left after the interrupted run", name.Text())
	}
}
