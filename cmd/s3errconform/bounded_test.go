package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// cliRunLimit bounds one run of the CLI in the hostile and secrets tests:
// far above what a run takes, far below go test's own timeout.
const cliRunLimit = 90 * time.Second

// runCLIWithin is runCLI with a deadline. A run still going at the deadline
// is a hang: its shards, then the CLI itself, get SIGQUIT, so each prints
// its goroutines (a shard's into its log, the CLI's into stderr) and the
// test fails saying where it hung, instead of running into go test's
// timeout.
func runCLIWithin(t *testing.T, limit time.Duration, env []string, args ...string) cliRun {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(append(os.Environ(), asCLI+"=1"), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("running the CLI: %v", err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var err error
	select {
	case err = <-done:
	case <-time.After(limit):
		for _, pid := range childPIDs(cmd.Process.Pid) {
			syscall.Kill(pid, syscall.SIGQUIT)
		}
		select {
		case err = <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Signal(syscall.SIGQUIT)
			err = <-done
		}
		t.Errorf("the CLI was still running after %s (%s): hung; goroutines are in the shard logs and below:\n%s", limit, strings.Join(args, " "), stderr.String())
	}
	run := cliRun{stdout: stdout.String(), stderr: stderr.String()}
	if exit, ok := err.(*exec.ExitError); ok {
		run.exitCode = exit.ExitCode()
	} else if err != nil {
		t.Fatalf("running the CLI: %v", err)
	}
	return run
}

// childPIDs lists the processes whose parent is pid (Linux /proc).
func childPIDs(pid int) []int {
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	var out []int
	for _, path := range stats {
		data, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...: comm may hold spaces, so split after
		// its closing parenthesis.
		i := bytes.LastIndexByte(data, ')')
		if i < 0 {
			continue
		}
		fields := strings.Fields(string(data[i+1:]))
		if len(fields) > 1 && fields[1] == strconv.Itoa(pid) {
			if child, err := strconv.Atoi(filepath.Base(filepath.Dir(path))); err == nil {
				out = append(out, child)
			}
		}
	}
	return out
}
