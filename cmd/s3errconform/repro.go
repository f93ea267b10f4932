package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/s3errconform/s3errconform/harness/report"
	"github.com/s3errconform/s3errconform/harness/wire"
)

// reproDir is the folder of a target's reports holding one reproduction
// script per failed check.
const reproDir = "repro"

// writeReproScripts writes dir/repro/ID.sh for every failed (or waived)
// check that has a reproduction script, replacing those of an earlier run,
// and names the script in the check's failure text. It returns how many it
// wrote.
func writeReproScripts(dir string, res *report.Results) (int, error) {
	folder := filepath.Join(dir, reproDir)
	// Scripts of an earlier run's failures would pass for this run's.
	if err := os.RemoveAll(folder); err != nil {
		return 0, err
	}
	written := 0
	for i := range res.Checks {
		c := &res.Checks[i]
		if c.ReproScript == "" || c.Verdict != report.VerdictFailed && c.Verdict != report.VerdictWaived {
			continue
		}
		if err := os.MkdirAll(folder, 0o755); err != nil {
			return written, err
		}
		path := filepath.Join(folder, c.ID+".sh")
		if err := os.WriteFile(path, []byte(c.ReproScript), 0o755); err != nil {
			return written, err
		}
		written++
		c.Failure += fmt.Sprintf("\n\nreproduce: sh %s (keys in $%s and $%s)", path, wire.ReproAccessKeyVar, wire.ReproSecretKeyVar)
	}
	return written, nil
}

// plural is "1 check", "2 checks".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
