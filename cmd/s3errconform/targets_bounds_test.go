package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A targets file over 1 MiB, or with more than 256 targets, is a usage
// error (exit 2) naming the file and the bound, for every command that
// reads one.
func TestOversizedTargetsFileExits2(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.yaml")
	many := filepath.Join(dir, "many.yaml")
	if err := os.WriteFile(big, []byte("# "+strings.Repeat("x", 1<<20)+"\ntargets:\n  - name: x\n    endpoint: http://127.0.0.1:9\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var list strings.Builder
	list.WriteString("targets:\n")
	for i := 0; i < 300; i++ {
		fmt.Fprintf(&list, "  - name: t%d\n    endpoint: http://127.0.0.1:9\n", i)
	}
	if err := os.WriteFile(many, []byte(list.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	for file, want := range map[string]string{
		big:  big + ": the targets file is larger than 1048576 bytes (1 MiB)",
		many: many + `:2: field "targets": has 300 targets; at most 256`,
	} {
		for _, args := range [][]string{
			{"run", "--config", file, "--report-dir", t.TempDir()},
			{"targets", "check", "--config", file},
			{"cleanup", "--config", file},
		} {
			run := runCLI(t, nil, args...)
			if run.exitCode != exitUsage || !strings.Contains(run.stderr, want) {
				t.Errorf("%s: exit %d, want %d and %q\n%s", args[0], run.exitCode, exitUsage, want, run.stderr)
			}
		}
	}
}
