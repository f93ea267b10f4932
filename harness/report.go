package harness

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/onsi/ginkgo/v2/reporters"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/s3errconform/s3errconform/harness/targets"
)

// Verdicts of a check in the reports.
const (
	VerdictPassed  = "passed"
	VerdictFailed  = "failed"
	VerdictSkipped = "skipped"
)

// Result is one check's record in results.json.
type Result struct {
	ID        string     `json:"id"`
	Suite     string     `json:"suite"`
	Family    string     `json:"family"`
	Title     string     `json:"description"`
	Labels    []string   `json:"labels"`
	Code      string     `json:"code,omitempty"`
	Operation string     `json:"operation,omitempty"`
	Source    string     `json:"source,omitempty"`
	Verdict   string     `json:"verdict"`
	Duration  float64    `json:"duration_seconds"`
	Expected  *Outcome   `json:"expected,omitempty"`
	Observed  *Outcome   `json:"observed,omitempty"`
	Responses []Judged   `json:"responses,omitempty"`
	Failure   string     `json:"failure,omitempty"`
	Skip      string     `json:"skip_reason,omitempty"`
	Leftovers []Leftover `json:"leftovers,omitempty"`
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
	Tool      string     `json:"tool"`
	Target    string     `json:"target"`
	Endpoint  string     `json:"endpoint"`
	Profile   string     `json:"profile"`
	Warnings  []string   `json:"warnings,omitempty"`
	StartTime time.Time  `json:"start_time"`
	Duration  float64    `json:"duration_seconds"`
	Passed    int        `json:"passed"`
	Failed    int        `json:"failed"`
	Skipped   int        `json:"skipped"`
	Checks    []Result   `json:"checks"`
	Leftovers []Leftover `json:"leftovers,omitempty"`
}

var specID = regexp.MustCompile(`\[([a-z0-9-]+)\]$`)

// BuildResults turns Ginkgo's report of a run into the suite's results.
func BuildResults(report types.Report, target *targets.Target, tool string) Results {
	res := Results{
		Tool: tool, Target: target.Name, Endpoint: target.Endpoint, Profile: target.Profile,
		Warnings: target.Warnings, StartTime: report.StartTime, Duration: report.RunTime.Seconds(),
	}
	if res.Duration == 0 {
		// Ginkgo sets RunTime only after the report-after-suite nodes ran.
		res.Duration = time.Since(report.StartTime).Seconds()
	}
	known := map[string]Check{}
	for _, c := range Checks() {
		known[c.ID] = c
	}
	for _, spec := range report.SpecReports {
		if spec.LeafNodeType != types.NodeTypeIt {
			continue
		}
		r := resultOf(spec, known)
		switch r.Verdict {
		case VerdictPassed:
			res.Passed++
		case VerdictFailed:
			res.Failed++
		default:
			res.Skipped++
		}
		res.Leftovers = append(res.Leftovers, r.Leftovers...)
		res.Checks = append(res.Checks, r)
	}
	sort.Slice(res.Checks, func(i, j int) bool { return res.Checks[i].ID < res.Checks[j].ID })
	return res
}

func resultOf(spec types.SpecReport, known map[string]Check) Result {
	r := Result{Labels: spec.Labels(), Duration: spec.RunTime.Seconds(), Title: spec.LeafNodeText}
	if m := specID.FindStringSubmatch(spec.LeafNodeText); m != nil {
		r.ID = m[1]
	}
	if c, ok := known[r.ID]; ok {
		r.Suite, r.Family, r.Title, r.Code, r.Operation, r.Source = c.Suite, c.Family, c.Title, c.Code, c.Operation, c.Source
	}
	for _, entry := range spec.ReportEntries {
		if entry.Name != CheckRecordEntry {
			continue
		}
		// In the process that ran the check the entry holds the record
		// itself; from another Ginkgo process it arrives as JSON.
		rec, ok := entry.Value.GetRawValue().(CheckRecord)
		if !ok && json.Unmarshal([]byte(entry.Value.AsJSON), &rec) != nil {
			continue
		}
		r.Responses, r.Leftovers = rec.Responses, rec.Leftovers
	}
	switch {
	case spec.State == types.SpecStatePassed:
		r.Verdict = VerdictPassed
	case spec.State.Is(types.SpecStateFailureStates):
		r.Verdict = VerdictFailed
		r.Failure = RedactText(spec.Failure.Message)
	default:
		r.Verdict = VerdictSkipped
		r.Skip = spec.Failure.Message
		if r.Skip == "" {
			r.Skip = "not selected by the run's filters"
		}
	}
	if n := len(r.Responses); n > 0 {
		r.Expected, r.Observed = outcomes(r.Responses[n-1])
	}
	return r
}

func outcomes(j Judged) (expected, observed *Outcome) {
	expected, observed = &Outcome{}, &Outcome{Status: fmt.Sprint(j.Status), Code: j.Code, Message: j.Message, RequestID: j.RequestID}
	for _, v := range j.Verdicts {
		switch v.Field {
		case "status":
			expected.Status = v.Expected
		case "code":
			expected.Code = v.Expected
		case "message":
			expected.Message = v.Expected
		case "RequestId":
			expected.RequestID = v.Expected
		}
	}
	return expected, observed
}

// WriteReports writes junit.xml, results.json and summary.txt into dir and
// returns the results.
func WriteReports(dir string, report types.Report, target *targets.Target, tool string) (Results, error) {
	res := BuildResults(report, target, tool)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return res, err
	}
	junit := reporters.JunitReportConfig{OmitTimelinesForSpecState: types.SpecStatePassed | types.SpecStateSkipped}
	if err := reporters.GenerateJUnitReportWithConfig(redactReport(report), filepath.Join(dir, "junit.xml"), junit); err != nil {
		return res, fmt.Errorf("writing junit.xml: %w", err)
	}
	data, err := json.MarshalIndent(res, "", "  ")
	if err != nil {
		return res, err
	}
	if err := os.WriteFile(filepath.Join(dir, "results.json"), append(data, '\n'), 0o644); err != nil {
		return res, err
	}
	f, err := os.Create(filepath.Join(dir, "summary.txt"))
	if err != nil {
		return res, err
	}
	defer f.Close()
	WriteSummary(f, res)
	return res, f.Close()
}

// redactReport scrubs failure messages and captured output before they
// are written to JUnit, which CI systems publish.
func redactReport(report types.Report) types.Report {
	specs := make(types.SpecReports, len(report.SpecReports))
	for i, s := range report.SpecReports {
		s.Failure.Message = RedactText(s.Failure.Message)
		s.CapturedGinkgoWriterOutput = RedactText(s.CapturedGinkgoWriterOutput)
		s.CapturedStdOutErr = RedactText(s.CapturedStdOutErr)
		specs[i] = s
	}
	report.SpecReports = specs
	return report
}

// WriteSummary prints the one-screen human summary of a run.
func WriteSummary(w io.Writer, res Results) {
	fmt.Fprintf(w, "s3errconform %s against %s (%s, profile %s)\n", res.Tool, res.Target, res.Endpoint, res.Profile)
	for _, warning := range res.Warnings {
		fmt.Fprintf(w, "warning: %s\n", warning)
	}
	type counts struct{ passed, failed, skipped int }
	byFamily := map[string]*counts{}
	var families []string
	for _, c := range res.Checks {
		key := strings.TrimSpace(c.Suite + " " + c.Family)
		if byFamily[key] == nil {
			byFamily[key] = &counts{}
			families = append(families, key)
		}
		switch c.Verdict {
		case VerdictPassed:
			byFamily[key].passed++
		case VerdictFailed:
			byFamily[key].failed++
		default:
			byFamily[key].skipped++
		}
	}
	sort.Strings(families)
	for _, fam := range families {
		c := byFamily[fam]
		fmt.Fprintf(w, "  %-28s %3d passed %3d failed %3d skipped\n", fam, c.passed, c.failed, c.skipped)
	}
	if res.Failed > 0 {
		fmt.Fprintln(w, "failed checks:")
		for _, c := range res.Checks {
			if c.Verdict != VerdictFailed {
				continue
			}
			fmt.Fprintf(w, "  %s: %s\n", c.ID, c.Title)
			for _, j := range c.Responses {
				for _, v := range j.Verdicts {
					if !v.Pass {
						fmt.Fprintf(w, "    %s\n", strings.TrimSpace(v.String()))
					}
				}
			}
		}
	}
	for _, l := range res.Leftovers {
		fmt.Fprintf(w, "left behind: %s\n", l)
	}
	fmt.Fprintf(w, "%d passed, %d failed, %d skipped in %.1fs\n", res.Passed, res.Failed, res.Skipped, res.Duration)
}
