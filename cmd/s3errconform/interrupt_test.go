package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/beevik/etree"

	"github.com/s3errconform/s3errconform/harness/report"
	"github.com/s3errconform/s3errconform/harness/targets"
	"github.com/s3errconform/s3errconform/harness/wire"
	"github.com/s3errconform/s3errconform/internal/hostile"
)

// interruptProcs is the number of shards of the interrupted runs: several,
// so that a signal during start-up meets shards in every state.
const interruptProcs = 3

// TestInterruptAtAnyMoment sends SIGINT to a run at moments picked by what
// the run prints — while its shards start, after the first check, midway —
// and checks that it stops everywhere: exit 130, nothing created after the
// signal beyond the requests already in flight, nothing left behind, and
// no check that never ran (or was cut short) counted as failed.
func TestInterruptAtAnyMoment(t *testing.T) {
	moments := []struct {
		name string
		// at reports whether a line of the run's output (stdout or
		// stderr) is the moment to interrupt.
		at func(line string) bool
	}{
		// The parent prints this line right before it starts the shards.
		{"while shards start", func(line string) bool { return strings.Contains(line, " checks against ") }},
		{"after the first check", func(line string) bool { return strings.HasPrefix(line, "[1/") }},
		{"midway", func(line string) bool { return strings.HasPrefix(line, "[40/") }},
	}
	for _, m := range moments {
		t.Run(m.name, func(t *testing.T) {
			config, env, h := hostileTarget(t, hostileSetup{timeout: 30 * time.Second, latency: 5 * time.Millisecond})
			reports := t.TempDir()
			run := interruptRun(t, env, m.at, h, "run", "--config", config, "--report-dir", reports, "--procs", strconv.Itoa(interruptProcs))
			if run.exitCode != exitInterrupted {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", run.exitCode, exitInterrupted, run.stdout, run.stderr)
			}
			// A shard may have one request in flight at the signal, and
			// sends nothing after it; the bound leaves room for the
			// forwarding of the signal on a loaded machine, far below a
			// shard that ignores it (dozens of checks).
			if created := creations(run.after); len(created) > 3*interruptProcs {
				t.Errorf("%d requests that create something reached the target after the signal:\n  %s", len(created), strings.Join(created, "\n  "))
			}
			res := readResults(t, filepath.Join(reports, "hostile"))
			if !res.Interrupted {
				t.Errorf("results do not say the run was interrupted")
			}
			for _, c := range res.Checks {
				if c.Verdict == report.VerdictFailed {
					t.Errorf("check %s counted as failed: %s", c.ID, firstLine(c.Failure))
				}
			}
			if res.NotRun == 0 || res.Failed != 0 {
				t.Errorf("%s; want checks not run and none failed", res.Counts())
			}
			// Every report says so; JUnit shows them as skipped.
			dir := filepath.Join(reports, "hostile")
			junit, _ := os.ReadFile(filepath.Join(dir, "junit.xml"))
			if n := strings.Count(string(junit), `<skipped message="`+report.NotRunReason); n != res.NotRun || strings.Contains(string(junit), "<failure") {
				t.Errorf("junit.xml: %d checks skipped as not run (want %d), failures: %v", n, res.NotRun, strings.Contains(string(junit), "<failure"))
			}
			for _, name := range []string{"summary.txt", "report.html"} {
				if text, _ := os.ReadFile(filepath.Join(dir, name)); !strings.Contains(string(text), fmt.Sprintf("%d not run (interrupted)", res.NotRun)) {
					t.Errorf("%s does not count the checks not run", name)
				}
			}
			if left := listBuckets(t, h.RESTURL(), envKeys(env)); len(left) > 0 {
				t.Errorf("buckets left after the interrupted run: %v", left)
			}
		})
	}
}

// interruptedRun is what an interruptRun saw.
type interruptedRun struct {
	cliRun
	// after are the requests the target received after the first signal.
	after []hostile.Exchange
}

// interruptRun runs the CLI and sends it SIGINT when a line of its output
// satisfies at (never, if no line does).
func interruptRun(t *testing.T, env []string, at func(string) bool, h *hostile.Server, args ...string) interruptedRun {
	t.Helper()
	seenAt := 0
	run := runInterrupting(t, env, []func(string) bool{at}, func() { seenAt = len(h.Seen()) }, args...)
	return interruptedRun{cliRun: run, after: h.Seen()[seenAt:]}
}

// runInterrupting runs the CLI and sends it one SIGINT per entry of
// moments, in order, each when a line of its output (stdout or stderr)
// satisfies it; before the first, it calls before. It fails the test if a
// moment never came.
func runInterrupting(t *testing.T, env []string, moments []func(string) bool, before func(), args ...string) cliRun {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(append(os.Environ(), asCLI+"=1"), env...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var (
		mu      sync.Mutex
		next    int
		out     [2]strings.Builder
		readers sync.WaitGroup
	)
	read := func(i int, r io.Reader) {
		defer readers.Done()
		scanner := bufio.NewScanner(r)
		scanner.Buffer(make([]byte, 64<<10), 1<<20)
		for scanner.Scan() {
			line := scanner.Text()
			mu.Lock()
			out[i].WriteString(line + "\n")
			if next < len(moments) && moments[next](line) {
				if next == 0 && before != nil {
					before()
				}
				next++
				cmd.Process.Signal(syscall.SIGINT)
			}
			mu.Unlock()
		}
	}
	readers.Add(2)
	go read(0, stdout)
	go read(1, stderr)
	done := make(chan struct{})
	go func() {
		readers.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(cliRunLimit):
		for _, pid := range childPIDs(cmd.Process.Pid) {
			syscall.Kill(pid, syscall.SIGKILL)
		}
		cmd.Process.Kill()
		<-done
		t.Errorf("the run was still going after %s", cliRunLimit)
	}
	err = cmd.Wait()
	run := cliRun{stdout: out[0].String(), stderr: out[1].String()}
	if exit, ok := err.(*exec.ExitError); ok {
		run.exitCode = exit.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	if next < len(moments) {
		t.Fatalf("only %d of the %d moments to interrupt came; output:\n%s%s", next, len(moments), run.stdout, run.stderr)
	}
	return run
}

// creations are the REST requests among xs that can create something: PUTs
// and POSTs (a bucket, an object, an upload, a configuration).
func creations(xs []hostile.Exchange) []string {
	var out []string
	for _, x := range xs {
		if !x.SOAP && (x.Method == http.MethodPut || x.Method == http.MethodPost) {
			out = append(out, x.Method+" "+x.Path+"?"+x.RawQuery)
		}
	}
	return out
}

// envKeys are the main identity's keys in a run's environment.
func envKeys(env []string) targets.Credentials {
	keys := map[string]string{}
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		keys[k] = v
	}
	return targets.Credentials{AccessKey: keys["H_AK"], SecretKey: keys["H_SK"]}
}

// listBuckets lists the buckets of the identity with keys at endpoint.
func listBuckets(t *testing.T, endpoint string, keys targets.Credentials) []string {
	t.Helper()
	client, err := wire.NewClient(&targets.Target{Name: "list", Endpoint: endpoint, Region: "eu-central-1",
		Identity: keys, Timeout: 30 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	list := client.Do(context.Background(), wire.Request{Method: http.MethodGet})
	if list.Status != http.StatusOK {
		t.Fatalf("ListBuckets: %s", list.Exchange)
	}
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(list.Body); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, name := range doc.FindElements("//Bucket/Name") {
		names = append(names, name.Text())
	}
	return names
}

func firstLine(s string) string { return strings.SplitN(s, "\n", 2)[0] }
