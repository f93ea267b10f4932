package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/s3errconform/s3errconform/harness/targets"
)

// EnvRealTargets names a targets file of real S3 servers that .ci/run (or
// scripts/real-targets.sh up) started.
const EnvRealTargets = "S3ERRCONFORM_REAL_TARGETS"

// TestRealServersMatchTheirBaselines runs the whole suite against each real
// server with its committed baseline (baselines/<target>.yaml): a new
// deviation fails, and so does a listed deviation that disappeared.
//
// The servers are separate processes, so their runs overlap each other and
// the package's other parallel tests: most of a run is waiting on a server.
func TestRealServersMatchTheirBaselines(t *testing.T) {
	t.Parallel()
	config := os.Getenv(EnvRealTargets)
	if config == "" {
		t.Skipf("%s is not set: no real servers to run against (.ci/run starts them)", EnvRealTargets)
	}
	servers, err := targets.Load(config)
	if err != nil {
		t.Fatal(err)
	}
	for _, server := range servers {
		t.Run(server.Name, func(t *testing.T) {
			t.Parallel()
			baseline, err := filepath.Abs(filepath.Join("..", "..", "baselines", server.Name+".yaml"))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(baseline); err != nil {
				t.Fatalf("no committed baseline for %s: %v (create it with run --baseline %s --update-baseline, then review every entry)", server.Name, err, baseline)
			}
			reports := t.TempDir()
			run := runCLI(t, nil, "run", "--config", config, "--target", server.Name, "--baseline", baseline, "--report-dir", reports, "--procs", "2")
			if run.exitCode != exitPassed {
				summary, _ := os.ReadFile(filepath.Join(reports, server.Name, "summary.txt"))
				t.Fatalf("%s departs from its baseline (exit %d):\n%s\n%s", server.Name, run.exitCode, summary, run.stderr)
			}
		})
	}
}
