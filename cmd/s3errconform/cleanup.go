package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/s3errconform/s3errconform/harness"
	"github.com/s3errconform/s3errconform/harness/wire"
	"github.com/s3errconform/s3errconform/runner"
)

// cleanupCommand deletes what interrupted or crashed runs left behind, and
// only that: buckets whose names a run of the suite generated (checksum and
// start time verified). It lists them first and deletes only with --yes.
func cleanupCommand(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("cleanup", "cleanup [--config targets.yaml] --target NAME [--older-than 1h] [--yes]", stderr)
	config := fs.String("config", defaultConfig(), "targets file (default $"+runner.EnvConfig+")")
	target := fs.String("target", defaultTarget(), "target name (default $"+runner.EnvTarget+", else the only one)")
	olderThan := fs.Duration("older-than", time.Hour, "only buckets of runs that started longer ago than this")
	yes := fs.Bool("yes", false, "delete the buckets listed; without it cleanup only lists them")
	force := fs.Bool("force", false, "the same as --yes")
	dryRun := fs.Bool("dry-run", false, "list what would be deleted, delete nothing (the default; overrides --yes)")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if *config == "" {
		// The embedded reference target starts empty: nothing to clean.
		fmt.Fprintf(stderr, "s3errconform cleanup: give the targets file with --config (or $%s)\n", runner.EnvConfig)
		return exitUsage
	}
	deleting := (*yes || *force) && !*dryRun
	t, stop, err := runner.ResolveTarget(*config, *target, nil)
	if err != nil {
		return configFailure(stderr, err)
	}
	defer stop()
	client, err := wire.NewClient(t)
	if err != nil {
		return configFailure(stderr, err)
	}
	// Buckets a run created in the target's other region live there, and
	// are deleted through that region's endpoint.
	var other *wire.Client
	if !t.OtherRegion.Empty() {
		elsewhere := *t
		elsewhere.Endpoint, elsewhere.Region = t.OtherRegion.Endpoint, t.OtherRegion.Region
		if other, err = wire.NewClient(&elsewhere); err != nil {
			return configFailure(stderr, err)
		}
	}
	ctx := context.Background()
	plan, err := harness.PlanSweepRegions(ctx, client, other, *olderThan)
	if err != nil {
		fmt.Fprintf(stderr, "s3errconform cleanup: %v\n", err)
		return exitUnreachable
	}
	// Everything is listed before anything is deleted, so that what goes
	// is on screen first.
	for _, b := range plan.LeftAlone {
		fmt.Fprintf(stdout, "%s: %s\n", b.Name, b.Reason)
	}
	verb := "would delete"
	if deleting {
		verb = "will delete"
	}
	for _, b := range plan.Stale {
		where := ""
		if b.Region != "" {
			where = " (in region " + b.Region + ")"
		}
		fmt.Fprintf(stdout, "%s %s%s: run started %s; holds %s\n", verb, b.Name, where, b.RunStarted.Format(time.RFC3339), b.Contents)
	}
	if !deleting {
		fmt.Fprintf(stdout, "dry run: %s of runs that started more than %s ago on %q would be deleted; nothing was deleted (add --yes to delete them)\n",
			plural(len(plan.Stale), "bucket"), *olderThan, t.Name)
		return exitPassed
	}
	failed := 0
	for i := range plan.Stale {
		b := &plan.Stale[i]
		harness.DeleteStale(ctx, client, b)
		if b.Deleted {
			fmt.Fprintf(stdout, "deleted %s\n", b.Name)
		} else {
			failed++
			fmt.Fprintf(stdout, "could not delete %s: %s\n", b.Name, b.Error)
		}
	}
	fmt.Fprintf(stdout, "deleted %d of %s of runs that started more than %s ago on %q\n", len(plan.Stale)-failed, plural(len(plan.Stale), "bucket"), *olderThan, t.Name)
	if failed > 0 {
		return exitFailed
	}
	return exitPassed
}
