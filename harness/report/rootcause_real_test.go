package report

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/s3errconform/s3errconform/catalog"
	"github.com/s3errconform/s3errconform/harness/check"
)

// The repository commits no results.json of a real server, but it commits
// what they showed: the matrix (each check's outcome per server: status,
// code) and each server's baseline (every deviating field and what the
// server sent in it). committedRun rebuilds a run of target from them, with
// each check's code from CHECKS.md.
func committedRun(t *testing.T, target string) Results {
	t.Helper()
	root := filepath.Join("..", "..")
	baseline, err := LoadBaseline(filepath.Join(root, "baselines", target+".yaml"))
	if err != nil {
		t.Skipf("no committed baseline of %s: %v", target, err)
	}
	entries := map[string]BaselineEntry{}
	for _, e := range baseline.Deviations {
		entries[e.Check] = e
	}
	codes := checkCodes(t, filepath.Join(root, "CHECKS.md"))
	res := Results{Target: target}
	for _, row := range matrixRows(t, filepath.Join(root, "reports", "matrix.md"), target) {
		r := Result{ID: row.id, Suite: strings.SplitN(row.family, " ", 2)[0], Family: strings.SplitN(row.family, " ", 2)[1], Code: codes[row.id]}
		switch {
		case row.cell == "pass":
			r.Verdict = VerdictPassed
		case strings.HasPrefix(row.cell, "skip") || row.cell == "not run":
			r.Verdict, r.Skip = VerdictSkipped, row.cell
		default:
			r.Verdict = VerdictFailed
			e, ok := entries[row.id]
			if !ok {
				// The matrix and the baseline were not written by the
				// same run: a failure without a recorded deviation.
				r.Failure = "not in the baseline: " + row.cell
				break
			}
			r.Responses = []check.Judged{rebuiltResponse(row.cell, r.Code, e)}
		}
		res.Checks = append(res.Checks, r)
	}
	res.Recount()
	return res
}

var matrixFailure = regexp.MustCompile(`^(?:fail|waived ):? ?(\d+)? ?([A-Za-z0-9.]*)`)

// rebuiltResponse is the judged response a baseline entry records: its
// failing fields with the values the server sent, the status and code the
// matrix shows.
func rebuiltResponse(cell, code string, e BaselineEntry) check.Judged {
	j := check.Judged{JudgedCode: code}
	if m := matrixFailure.FindStringSubmatch(cell); m != nil {
		j.Status, _ = strconv.Atoi(m[1])
		j.Code = m[2]
	}
	for _, f := range e.Fields {
		v := check.Verdict{Field: f, Observed: e.Observed[f]}
		switch f {
		case "status":
			if entry, ok := catalog.Lookup(code); ok {
				v.Expected = fmt.Sprint(entry.HTTPStatus)
			}
		case "code":
			v.Expected = code
		case "message":
			// As the strict profile judges it (harness/judge).
			v.Expected = "a non-empty English message"
			if entry, ok := catalog.Lookup(code); ok && entry.MessageIsExact() {
				v.Expected = strconv.Quote(entry.Message)
			}
		case "body":
			v.Expected = "an XML <Error> document"
		case "root element":
			v.Expected = "<Error> without namespace"
		case "header x-amz-id-2", "header x-amz-request-id":
			v.Expected = "present once"
		}
		j.Verdicts = append(j.Verdicts, v)
	}
	return j
}

type matrixRow struct{ family, id, cell string }

// matrixRows are target's cells of the committed matrix, by check.
func matrixRows(t *testing.T, path, target string) []matrixRow {
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("no committed matrix: %v", err)
	}
	defer f.Close()
	var rows []matrixRow
	family, col := "", -1
	scan := bufio.NewScanner(f)
	scan.Buffer(nil, 1<<20)
	for scan.Scan() {
		line := scan.Text()
		switch {
		case strings.HasPrefix(line, "## "):
			family, col = strings.TrimPrefix(line, "## "), -1
		case strings.HasPrefix(line, "| Check |"):
			for i, name := range splitRow(line) {
				if name == target {
					col = i
				}
			}
		case strings.HasPrefix(line, "| `") && col > 0:
			cells := splitRow(line)
			rows = append(rows, matrixRow{family, strings.Trim(cells[0], "`"), cells[col]})
		}
	}
	if len(rows) == 0 {
		t.Skipf("the committed matrix has no column %s", target)
	}
	return rows
}

func splitRow(line string) []string {
	cells := strings.Split(strings.Trim(line, "|"), " | ")
	for i := range cells {
		cells[i] = strings.TrimSpace(cells[i])
	}
	return cells
}

// checkCodes maps a check ID to its error code, from CHECKS.md.
func checkCodes(t *testing.T, path string) map[string]string {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	codes := map[string]string{}
	for line := range strings.Lines(string(data)) {
		if strings.HasPrefix(line, "| `") {
			cells := splitRow(strings.TrimSpace(line))
			codes[strings.Trim(cells[0], "`")] = cells[1]
		}
	}
	return codes
}

// TestRootCausesOfCommittedRealServers: against Ceph RGW and versitygw the
// root causes name the behaviours their baselines give as reasons, with
// counts that add up.
func TestRootCausesOfCommittedRealServers(t *testing.T) {
	for target, want := range map[string][]string{
		// RGW never sends x-amz-id-2 and leaves <Message> empty.
		"rgw": {"header x-amz-id-2: absent", "message: empty", "element Key: absent in NoSuchKey"},
		// versitygw adds a period to S3's messages and answers 501 for
		// what it does not implement.
		"versitygw": {"message: S3's text plus a trailing period", "status: 501 NotImplemented", "element Key: absent in NoSuchKey"},
	} {
		t.Run(target, func(t *testing.T) {
			res := committedRun(t, target)
			rcs := res.RootCauses
			top := rcs[:min(10, len(rcs))]
			for _, pattern := range want {
				if _, ok := causeByPattern(top, pattern); !ok {
					t.Errorf("%q is not among the top root causes", pattern)
				}
			}
			if rcs[0].Pattern != want[0] {
				t.Errorf("largest root cause %q, want %q", rcs[0].Pattern, want[0])
			}
			// Counts add up: every failed check is in a root cause, each
			// root cause counts its checks once, and a root cause of one
			// field counts exactly the checks that recorded it.
			inSome := map[string]bool{}
			for i, rc := range rcs {
				if rc.Count != len(rc.Checks) || rc.Failing != rc.Count {
					t.Errorf("%s: count %d, failing %d, %d checks", rc.Pattern, rc.Count, rc.Failing, len(rc.Checks))
				}
				if i > 0 && rc.Count > rcs[i-1].Count {
					t.Errorf("%s (%d) comes after a smaller root cause", rc.Pattern, rc.Count)
				}
				for _, id := range rc.Checks {
					inSome[id] = true
				}
			}
			for _, c := range res.Checks {
				if c.Verdict == VerdictFailed && !inSome[c.ID] {
					t.Errorf("failed check %s is in no root cause", c.ID)
				}
			}
			recorded := 0
			for _, c := range res.Checks {
				for _, j := range c.Responses {
					for _, v := range j.Verdicts {
						if v.Field == "header x-amz-id-2" && v.Observed == "absent" {
							recorded++
						}
					}
				}
			}
			if rc, _ := causeByPattern(rcs, "header x-amz-id-2: absent"); rc.Count != recorded {
				t.Errorf("x-amz-id-2 absent: %d checks, but %d recorded it", rc.Count, recorded)
			}
			for _, rc := range top {
				t.Logf("%4d %s", rc.Count, rc.Statement)
			}
			t.Logf("%d failed checks, %d root causes", res.Failed, len(rcs))
		})
	}
}
