package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/s3errconform/s3errconform/harness"
	"github.com/s3errconform/s3errconform/harness/wire"
	"github.com/s3errconform/s3errconform/internal/runner"
)

// cleanupCommand deletes what interrupted or crashed runs left behind, and
// only that: buckets whose names the suite made.
func cleanupCommand(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("cleanup", "cleanup [--config targets.yaml] --target NAME [--older-than 1h] [--dry-run]", stderr)
	config := fs.String("config", "targets.yaml", "targets file")
	target := fs.String("target", "", "target name (default: the only one)")
	olderThan := fs.Duration("older-than", time.Hour, "only buckets of runs that started longer ago than this")
	dryRun := fs.Bool("dry-run", false, "list what would be deleted, delete nothing")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	t, stop, err := runner.ResolveTarget(*config, *target, nil)
	if err != nil {
		return configFailure(stderr, err)
	}
	defer stop()
	client, err := wire.NewClient(t)
	if err != nil {
		return configFailure(stderr, err)
	}
	swept, err := harness.Sweep(context.Background(), client, *olderThan, *dryRun)
	if err != nil {
		fmt.Fprintf(stderr, "s3errconform cleanup: %v\n", err)
		return exitUnreachable
	}
	failed := 0
	for _, b := range swept {
		switch {
		case *dryRun:
			fmt.Fprintf(stdout, "would delete %s (run started %s)\n", b.Name, b.RunStarted.UTC().Format(time.RFC3339))
		case b.Deleted:
			fmt.Fprintf(stdout, "deleted %s (run started %s)\n", b.Name, b.RunStarted.UTC().Format(time.RFC3339))
		default:
			failed++
			fmt.Fprintf(stdout, "could not delete %s: %s\n", b.Name, b.Error)
		}
	}
	fmt.Fprintf(stdout, "%d bucket(s) of earlier runs older than %s on %q\n", len(swept), *olderThan, t.Name)
	if failed > 0 {
		return exitFailed
	}
	return exitPassed
}
