package harness

import (
	"encoding/json"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/s3errconform/s3errconform/harness/check"
	"github.com/s3errconform/s3errconform/harness/report"
	"github.com/s3errconform/s3errconform/harness/wire"
)

// CheckRecordEntry is the name of the Ginkgo report entry holding a check's
// CheckRecord.
const CheckRecordEntry = "s3errconform-check"

// BuildResults turns Ginkgo's report of a run into the suite's results.
// Each check's metadata comes from the Env's registry, found by its spec
// text.
func (e *Env) BuildResults(suiteReport types.Report, tool string) report.Results {
	target := e.Target
	res := report.Results{
		Tool: tool, Target: target.Name, Endpoint: target.Endpoint, Profile: target.Profile,
		Warnings: target.Warnings, StartTime: suiteReport.StartTime, Duration: suiteReport.RunTime.Seconds(),
	}
	if res.Duration == 0 {
		// Ginkgo sets RunTime only after the report-after-suite nodes ran.
		res.Duration = time.Since(suiteReport.StartTime).Seconds()
	}
	known := map[string]check.Check{}
	for _, c := range e.registry.Checks() {
		known[c.SpecText()] = c
	}
	res.Interrupted = interrupted(suiteReport)
	for _, spec := range suiteReport.SpecReports {
		if spec.LeafNodeType != types.NodeTypeIt {
			continue
		}
		r := resultOf(spec, known)
		// Ginkgo skips, without a reason, the checks it did not start
		// after an interrupt, as it does those the filters leave out.
		if res.Interrupted && r.Verdict == report.VerdictSkipped && spec.Failure.Message == "" && selected(suiteReport.SuiteConfig, spec) {
			r.Verdict, r.Skip = report.VerdictNotRun, report.NotRunReason
		}
		res.Checks = append(res.Checks, r)
	}
	sort.Slice(res.Checks, func(i, j int) bool { return res.Checks[i].ID < res.Checks[j].ID })
	res.Recount()
	return res
}

// interrupted reports whether a signal stopped the run Ginkgo reports.
func interrupted(suiteReport types.Report) bool {
	for _, reason := range suiteReport.SpecialSuiteFailureReasons {
		if strings.Contains(reason, "Interrupted") {
			return true
		}
	}
	for _, spec := range suiteReport.SpecReports {
		if spec.State == types.SpecStateInterrupted {
			return true
		}
	}
	return false
}

// selected reports whether the run's filters select spec, as Ginkgo
// decides it: its label filter, focus and skip expressions.
func selected(cfg types.SuiteConfig, spec types.SpecReport) bool {
	if cfg.LabelFilter != "" {
		match, err := types.ParseLabelFilter(cfg.LabelFilter)
		if err != nil || !match(spec.Labels()) {
			return false
		}
	}
	text := spec.FullText()
	matchesAny := func(exprs []string) bool {
		for _, e := range exprs {
			if re, err := regexp.Compile(e); err == nil && re.MatchString(text) {
				return true
			}
		}
		return false
	}
	return (len(cfg.FocusStrings) == 0 || matchesAny(cfg.FocusStrings)) && !matchesAny(cfg.SkipStrings)
}

func resultOf(spec types.SpecReport, known map[string]check.Check) report.Result {
	r := report.Result{Labels: spec.Labels(), Duration: spec.RunTime.Seconds(), Title: spec.LeafNodeText}
	if c, ok := known[spec.LeafNodeText]; ok {
		r.ID, r.Suite, r.Family, r.Title, r.Code, r.Operation, r.Source = c.ID, c.Suite, c.Family, c.Title, c.Code, c.Operation, c.Source
	}
	for _, entry := range spec.ReportEntries {
		if entry.Name != CheckRecordEntry {
			continue
		}
		// In the process that ran the check the entry holds the record
		// itself; from another Ginkgo process it arrives as JSON.
		rec, ok := entry.Value.GetRawValue().(check.CheckRecord)
		if !ok && json.Unmarshal([]byte(entry.Value.AsJSON), &rec) != nil {
			continue
		}
		r.Responses, r.Leftovers, r.Notes = report.RedactJudged(rec.Responses), report.RedactLeftovers(rec.Leftovers), rec.Notes
		r.ReproScript = wire.RedactText(rec.Script)
	}
	switch {
	case spec.State == types.SpecStatePassed:
		r.Verdict = report.VerdictPassed
	case spec.State == types.SpecStateInterrupted:
		r.Verdict, r.Skip = report.VerdictInterrupted, report.InterruptedReason
	case spec.State == types.SpecStateSkipped && spec.Failure.Message == report.NotRunReason:
		r.Verdict, r.Skip = report.VerdictNotRun, report.NotRunReason
	case spec.State.Is(types.SpecStateFailureStates):
		r.Verdict = report.VerdictFailed
		r.Failure = wire.RedactText(spec.Failure.Message)
	default:
		r.Verdict = report.VerdictSkipped
		r.Skip = spec.Failure.Message
		if r.Skip == "" {
			r.Skip = "not selected by the run's filters"
		}
	}
	if n := len(r.Responses); n > 0 {
		r.Expected, r.Observed = report.Outcomes(headline(r.Responses))
	}
	return r
}

// headline is the judged response a report leads with: the check's
// primary one, or the last judged when none is marked (a record from an
// older run).
func headline(judged []check.Judged) check.Judged {
	for _, j := range judged {
		if j.Primary {
			return j
		}
	}
	return judged[len(judged)-1]
}
