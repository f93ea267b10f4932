package report

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/s3errconform/s3errconform/harness/check"
	"github.com/s3errconform/s3errconform/harness/wire"
)

// Verdicts of a check in the reports.
const (
	VerdictPassed  = "passed"
	VerdictFailed  = "failed"
	VerdictSkipped = "skipped"
	// VerdictInterrupted is a check the run's interrupt stopped while it
	// ran: it has no verdict of its own, and is not a failure.
	VerdictInterrupted = "interrupted"
	// VerdictNotRun is a check the run's interrupt kept from starting.
	VerdictNotRun = "not-run"
)

// Reasons shown for the checks an interrupt stopped or kept from running;
// a JUnit consumer sees them as skipped with these reasons.
const (
	InterruptedReason = "interrupted: the run was stopped while this check ran"
	NotRunReason      = "not run (interrupted): the run was stopped before this check started"
)

// Result is one check's record in results.json.
type Result struct {
	ID        string         `json:"id"`
	Suite     string         `json:"suite"`
	Family    string         `json:"family"`
	Title     string         `json:"description"`
	Labels    []string       `json:"labels"`
	Code      string         `json:"code,omitempty"`
	Operation string         `json:"operation,omitempty"`
	Source    string         `json:"source,omitempty"`
	Verdict   string         `json:"verdict"`
	Duration  float64        `json:"duration_seconds"`
	Expected  *Outcome       `json:"expected,omitempty"`
	Observed  *Outcome       `json:"observed,omitempty"`
	Responses []check.Judged `json:"responses,omitempty"`
	Failure   string         `json:"failure,omitempty"`
	Skip      string         `json:"skip_reason,omitempty"`
	// Waiver is the baseline's reason for a waived check.
	Waiver    string           `json:"waiver,omitempty"`
	Leftovers []check.Leftover `json:"leftovers,omitempty"`
	// Notes are the check record's (check.CheckRecord).
	Notes []string `json:"notes,omitempty"`
	// ReproScript replays a failed check with curl (check.CheckRecord).
	ReproScript string `json:"repro_script,omitempty"`
}

// Outcome is the status, code, message and request id a check expected or
// observed on the response it judged (the last one, when it judged several).
type Outcome struct {
	Status    string `json:"status,omitempty"`
	Code      string `json:"code,omitempty"`
	Message   string `json:"message,omitempty"`
	RequestID string `json:"request_id,omitempty"`
}

// Results is the whole of results.json.
type Results struct {
	Tool      string    `json:"tool"`
	Target    string    `json:"target"`
	Endpoint  string    `json:"endpoint"`
	Profile   string    `json:"profile"`
	Warnings  []string  `json:"warnings,omitempty"`
	StartTime time.Time `json:"start_time"`
	Duration  float64   `json:"duration_seconds"`
	Passed    int       `json:"passed"`
	Failed    int       `json:"failed"`
	Waived    int       `json:"waived"`
	Skipped   int       `json:"skipped"`
	// InterruptedChecks and NotRun count the checks an interrupt stopped
	// midway and kept from starting, apart from failures and skips.
	InterruptedChecks int `json:"interrupted_checks,omitempty"`
	NotRun            int `json:"not_run,omitempty"`
	// RootCauses group the deviations of the failed and waived checks,
	// largest first (FindRootCauses).
	RootCauses []RootCause `json:"root_causes"`
	Checks     []Result    `json:"checks"`
	// Leftovers are what checks created and could not delete, and, after
	// an interrupt that cut cleanup short, what was never cleaned up.
	Leftovers []check.Leftover `json:"leftovers,omitempty"`
	Abandoned []check.Leftover `json:"abandoned,omitempty"`
	// BaselineProblems fail the run: fixed deviations still listed,
	// expired waivers.
	BaselineProblems []BaselineProblem `json:"baseline_problems,omitempty"`
	// Interrupted is set when the run was stopped before every check ran.
	Interrupted bool `json:"interrupted,omitempty"`
}

// recount derives the totals from the checks.
func (res *Results) Recount() {
	res.Passed, res.Failed, res.Waived, res.Skipped, res.InterruptedChecks, res.NotRun = 0, 0, 0, 0, 0, 0
	res.Leftovers = nil
	for _, c := range res.Checks {
		switch c.Verdict {
		case VerdictPassed:
			res.Passed++
		case VerdictFailed:
			res.Failed++
		case VerdictWaived:
			res.Waived++
		case VerdictInterrupted:
			res.InterruptedChecks++
		case VerdictNotRun:
			res.NotRun++
		default:
			res.Skipped++
		}
		res.Leftovers = append(res.Leftovers, c.Leftovers...)
	}
	// The baseline's waivers of whole root causes outlive a recount.
	waivers := map[string]string{}
	for _, rc := range res.RootCauses {
		waivers[rc.Pattern] = rc.Waiver
	}
	res.RootCauses = FindRootCauses(res.Checks)
	for i := range res.RootCauses {
		res.RootCauses[i].Waiver = waivers[res.RootCauses[i].Pattern]
	}
	SortRootCauses(res.RootCauses)
}

// Merge adds the checks of another run of the same target (a parallel
// shard) to res.
func (res *Results) Merge(other Results) {
	res.Checks = append(res.Checks, other.Checks...)
	sort.Slice(res.Checks, func(i, j int) bool { return res.Checks[i].ID < res.Checks[j].ID })
	if other.StartTime.Before(res.StartTime) || res.StartTime.IsZero() {
		res.StartTime = other.StartTime
	}
	res.Interrupted = res.Interrupted || other.Interrupted
	res.Abandoned = append(res.Abandoned, other.Abandoned...)
	res.Recount()
}

// AllLeftovers is everything the run could not delete.
func (res Results) AllLeftovers() []check.Leftover {
	return append(append([]check.Leftover(nil), res.Leftovers...), res.Abandoned...)
}

// Executed is how many checks ran to a verdict other than skipped.
func (res Results) Executed() int { return res.Passed + res.Failed + res.Waived }

// OK reports whether the run passes as a gate: something ran, nothing
// failed that the baseline does not waive, and the baseline has no
// problems.
func (res Results) OK() bool {
	return res.Executed() > 0 && res.Failed == 0 && len(res.BaselineProblems) == 0 && !res.Interrupted
}

// redactJudged scrubs what reports show of judged responses: a record from
// another process is only as clean as that process made it.
func RedactJudged(in []check.Judged) []check.Judged {
	out := make([]check.Judged, len(in))
	for i, j := range in {
		j.Request, j.Code, j.Message, j.Repro = wire.RedactText(j.Request), wire.RedactText(j.Code), wire.RedactText(j.Message), wire.RedactText(j.Repro)
		verdicts := make([]check.Verdict, len(j.Verdicts))
		for k, v := range j.Verdicts {
			v.Expected, v.Observed, v.Note = wire.RedactText(v.Expected), wire.RedactText(v.Observed), wire.RedactText(v.Note)
			verdicts[k] = v
		}
		j.Verdicts = verdicts
		out[i] = j
	}
	return out
}

func RedactLeftovers(in []check.Leftover) []check.Leftover {
	out := make([]check.Leftover, len(in))
	for i, l := range in {
		l.Error = wire.RedactText(l.Error)
		out[i] = l
	}
	return out
}

func Outcomes(j check.Judged) (expected, observed *Outcome) {
	expected, observed = &Outcome{}, &Outcome{Status: fmt.Sprint(j.Status), Code: j.Code, Message: j.Message, RequestID: j.RequestID}
	for _, v := range j.Verdicts {
		switch v.Field {
		case "status":
			expected.Status = v.Expected
		case "code":
			expected.Code = v.Expected
		case "message", "faultstring":
			expected.Message = v.Expected
		case "RequestId":
			expected.RequestID = v.Expected
		}
	}
	return expected, observed
}

// WriteReports writes junit.xml, results.json, summary.txt and
// report.html for one target into dir.
func WriteReports(dir string, res Results) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	writers := map[string]func(io.Writer) error{
		"junit.xml":    func(w io.Writer) error { return WriteJUnit(w, res) },
		"results.json": func(w io.Writer) error { return writeJSON(w, res) },
		"summary.txt":  func(w io.Writer) error { WriteSummary(w, res); return nil },
		"report.html":  func(w io.Writer) error { return WriteHTML(w, res) },
	}
	for name, write := range writers {
		if err := writeFile(filepath.Join(dir, name), write); err != nil {
			return fmt.Errorf("writing %s: %w", name, err)
		}
	}
	return nil
}

// WriteResultsJSON writes results.json alone, as a parallel shard does.
func WriteResultsJSON(path string, res Results) error {
	return writeFile(path, func(w io.Writer) error { return writeJSON(w, res) })
}

func writeJSON(w io.Writer, res Results) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(res)
}

func writeFile(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// ReadResults reads a results.json file.
func ReadResults(path string) (Results, error) {
	var res Results
	data, err := os.ReadFile(path)
	if err != nil {
		return res, err
	}
	if err := json.Unmarshal(data, &res); err != nil {
		return res, fmt.Errorf("%s: %w", path, err)
	}
	return res, nil
}

// WriteSummary prints the one-screen human summary of a run: totals by
// family, every failure's failing fields, baseline problems, leftovers and
// the slowest checks.
func WriteSummary(w io.Writer, res Results) {
	fmt.Fprintf(w, "s3errconform %s against %s (%s, profile %s)\n", res.Tool, res.Target, res.Endpoint, res.Profile)
	for _, warning := range res.Warnings {
		fmt.Fprintf(w, "warning: %s\n", warning)
	}
	writeRootCauses(w, res.RootCauses, summaryRootCauses)
	cut := res.InterruptedChecks+res.NotRun > 0
	families := familyCounts(res)
	width := 0
	for _, fam := range families {
		width = max(width, len(fam.name))
	}
	for _, fam := range families {
		fmt.Fprintf(w, "  %-*s %3d passed %3d failed %3d waived %3d skipped", width, fam.name, fam.passed, fam.failed, fam.waived, fam.skipped)
		if cut {
			fmt.Fprintf(w, " %3d interrupted %3d not run", fam.interrupted, fam.notRun)
		}
		fmt.Fprintln(w)
	}
	if res.Failed > 0 {
		fmt.Fprintln(w, "failed checks:")
		for _, c := range res.Checks {
			if c.Verdict != VerdictFailed {
				continue
			}
			fmt.Fprintf(w, "  %s: %s\n", c.ID, c.Title)
			for _, line := range failingLines(c) {
				fmt.Fprintf(w, "    %s\n", line)
			}
		}
	}
	for _, p := range res.BaselineProblems {
		fmt.Fprintf(w, "baseline: %s\n", p)
	}
	for _, l := range res.AllLeftovers() {
		fmt.Fprintf(w, "left behind: %s\n", l)
	}
	if slow := slowest(res, 3); len(slow) > 0 {
		fmt.Fprint(w, "slowest:")
		for _, c := range slow {
			fmt.Fprintf(w, " %s %.2fs;", c.ID, c.Duration)
		}
		fmt.Fprintln(w)
	}
	if res.Interrupted {
		fmt.Fprintf(w, "interrupted: not every check ran (%d stopped while running, %d not run; neither counts as failed)\n", res.InterruptedChecks, res.NotRun)
		for _, c := range res.Checks {
			if c.Verdict == VerdictInterrupted {
				fmt.Fprintf(w, "  stopped while running: %s\n", c.ID)
			}
		}
	}
	if res.Executed() == 0 {
		fmt.Fprintf(w, "no check ran: the filters matched nothing or every check was skipped; that is not a pass\n")
	}
	if res.StartTime.IsZero() {
		// No check started, so the run has no time of its own to show.
		fmt.Fprintln(w, res.Counts())
		return
	}
	fmt.Fprintf(w, "%s in %.2fs\n", res.Counts(), res.Duration)
}

// summaryRootCauses is how many root causes the end-of-run summary shows;
// report.html and results.json have them all.
const summaryRootCauses = 12

// writeRootCauses prints the first n root causes, largest first, each with
// a few of its checks.
func writeRootCauses(w io.Writer, rcs []RootCause, n int) {
	if len(rcs) == 0 {
		return
	}
	fmt.Fprintln(w, "root causes, largest first (a check may show several):")
	for i, rc := range rcs {
		if i == n {
			fmt.Fprintf(w, "  … %d more root causes in report.html and results.json\n", len(rcs)-n)
			break
		}
		fmt.Fprintf(w, "  %4d %s  %s\n", rc.Count, plural(rc.Count, "check", "checks"), rc.Statement)
		if rc.Waiver != "" {
			fmt.Fprintf(w, "         waived: %s\n", rc.Waiver)
		} else if rc.Failing < rc.Count {
			fmt.Fprintf(w, "         %d still failing, %d waived by the baseline\n", rc.Failing, rc.Count-rc.Failing)
		}
		examples := rc.Checks[:min(3, len(rc.Checks))]
		more := ""
		if len(rc.Checks) > len(examples) {
			more = fmt.Sprintf(" and %d more", len(rc.Checks)-len(examples))
		}
		fmt.Fprintf(w, "         e.g. %s%s\n", strings.Join(examples, ", "), more)
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Counts is the run's totals in words, e.g. "3 passed, 1 failed, 0 waived,
// 2 skipped", with the checks an interrupt stopped or kept from running
// when there are any.
func (res Results) Counts() string {
	s := fmt.Sprintf("%d passed, %d failed, %d waived, %d skipped", res.Passed, res.Failed, res.Waived, res.Skipped)
	if res.InterruptedChecks+res.NotRun > 0 {
		s += fmt.Sprintf(", %d interrupted, %d not run (interrupted)", res.InterruptedChecks, res.NotRun)
	}
	return s
}

type familyCount struct {
	name                                                 string
	passed, failed, waived, skipped, interrupted, notRun int
}

func familyCounts(res Results) []familyCount {
	byName := map[string]*familyCount{}
	var out []*familyCount
	for _, c := range res.Checks {
		name := strings.TrimSpace(c.Suite + " " + c.Family)
		f := byName[name]
		if f == nil {
			f = &familyCount{name: name}
			byName[name] = f
			out = append(out, f)
		}
		switch c.Verdict {
		case VerdictPassed:
			f.passed++
		case VerdictFailed:
			f.failed++
		case VerdictWaived:
			f.waived++
		case VerdictInterrupted:
			f.interrupted++
		case VerdictNotRun:
			f.notRun++
		default:
			f.skipped++
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	counts := make([]familyCount, len(out))
	for i, f := range out {
		counts[i] = *f
	}
	return counts
}

// failingLines are the failed verdicts of a check, or its failure's first
// line when it failed without verdicts (a setup error).
func failingLines(c Result) []string {
	var lines []string
	for _, j := range c.Responses {
		for _, v := range j.Verdicts {
			if !v.Pass {
				lines = append(lines, strings.TrimSpace(v.String()))
			}
		}
	}
	if len(lines) == 0 && c.Failure != "" {
		lines = append(lines, strings.SplitN(c.Failure, "\n", 2)[0])
	}
	return lines
}

func slowest(res Results, n int) []Result {
	ran := make([]Result, 0, len(res.Checks))
	for _, c := range res.Checks {
		if c.Verdict != VerdictSkipped && c.Verdict != VerdictNotRun {
			ran = append(ran, c)
		}
	}
	sort.SliceStable(ran, func(i, j int) bool { return ran[i].Duration > ran[j].Duration })
	return ran[:min(n, len(ran))]
}
