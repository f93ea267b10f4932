package harness

import (
	"encoding/json"
	"regexp"
	"sort"
	"time"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/s3errconform/s3errconform/harness/targets"
)

// CheckRecordEntry is the name of the Ginkgo report entry holding a check's
// CheckRecord.
const CheckRecordEntry = "s3errconform-check"

var specID = regexp.MustCompile(`\[([a-z0-9-]+)\]$`)

// CheckIDOf returns the check ID at the end of a spec's text ("" if none).
func CheckIDOf(specText string) string {
	if m := specID.FindStringSubmatch(specText); m != nil {
		return m[1]
	}
	return ""
}

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
		res.Checks = append(res.Checks, resultOf(spec, known))
		if spec.State == types.SpecStateInterrupted {
			res.Interrupted = true
		}
	}
	sort.Slice(res.Checks, func(i, j int) bool { return res.Checks[i].ID < res.Checks[j].ID })
	res.recount()
	return res
}

func resultOf(spec types.SpecReport, known map[string]Check) Result {
	r := Result{Labels: spec.Labels(), Duration: spec.RunTime.Seconds(), Title: spec.LeafNodeText}
	r.ID = CheckIDOf(spec.LeafNodeText)
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
		r.Responses, r.Leftovers = redactJudged(rec.Responses), redactLeftovers(rec.Leftovers)
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
