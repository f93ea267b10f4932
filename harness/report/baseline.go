package report

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// VerdictWaived marks a failed check whose every failing field is a known
// deviation listed in the run's baseline.
const VerdictWaived = "waived"

// Baseline lists a target's known deviations, so a CI gate tolerates them
// without forking the suite, and notices when one is fixed.
type Baseline struct {
	Target string `yaml:"target,omitempty"`
	// RootCauses waive whole root causes, in every check that shows them.
	RootCauses []RootCauseEntry `yaml:"root_causes,omitempty"`
	Deviations []BaselineEntry  `yaml:"deviations"`
}

// RootCauseEntry waives one root cause (RootCause.Pattern, e.g. "header
// x-amz-id-2: absent") wherever it shows: a vendor adopts the suite with a
// handful of reasoned entries instead of one per check. It covers only
// the verdicts that deviate that way; a check deviating in another way
// (the same field with another value included) still fails.
type RootCauseEntry struct {
	Pattern string `yaml:"pattern"`
	Reason  string `yaml:"reason"`
	Expires string `yaml:"expires,omitempty"`
}

// BaselineEntry waives the listed fields of one check.
type BaselineEntry struct {
	Check string `yaml:"check"`
	// Fields are verdict fields ("status", "code", "message",
	// "element Key", ...) that may fail; any other failing field still
	// fails the check.
	Fields []string `yaml:"fields"`
	// Observed records what the target returned, for the reader.
	Observed map[string]string `yaml:"observed,omitempty"`
	// Reason is required: why the deviation is tolerated (an issue link).
	Reason string `yaml:"reason"`
	// Expires, when set (YYYY-MM-DD), ends the waiver: from that day on the
	// entry fails the run.
	Expires string `yaml:"expires,omitempty"`
}

// TODOReason marks entries --update-baseline added; a person must replace
// it with the real reason.
const TODOReason = "TODO"

// LoadBaseline reads and validates a baseline file.
func LoadBaseline(path string) (*Baseline, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var b Baseline
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(&b); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if err := b.validateRootCauses(path); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for i, e := range b.Deviations {
		where := fmt.Sprintf("%s: deviations[%d]", path, i)
		switch {
		case e.Check == "":
			return nil, fmt.Errorf("%s: field \"check\": a check ID is required", where)
		case seen[e.Check]:
			return nil, fmt.Errorf("%s: check %s is listed twice", where, e.Check)
		case len(e.Fields) == 0:
			return nil, fmt.Errorf("%s (%s): field \"fields\": list the deviating fields, e.g. [status, code]", where, e.Check)
		case strings.TrimSpace(e.Reason) == "":
			return nil, fmt.Errorf("%s (%s): field \"reason\": required (e.g. an issue link)", where, e.Check)
		}
		if e.Expires != "" {
			if _, err := time.Parse(time.DateOnly, e.Expires); err != nil {
				return nil, fmt.Errorf("%s (%s): field \"expires\": want YYYY-MM-DD, got %q", where, e.Check, e.Expires)
			}
		}
		seen[e.Check] = true
	}
	return &b, nil
}

func (b *Baseline) validateRootCauses(path string) error {
	seen := map[string]bool{}
	for i, e := range b.RootCauses {
		where := fmt.Sprintf("%s: root_causes[%d]", path, i)
		field, observed, ok := strings.Cut(e.Pattern, ": ")
		switch {
		case !ok || strings.TrimSpace(field) == "" || strings.TrimSpace(observed) == "":
			return fmt.Errorf("%s: field \"pattern\": want FIELD: OBSERVED as reports print it (e.g. \"header x-amz-id-2: absent\"), got %q", where, e.Pattern)
		case seen[e.Pattern]:
			return fmt.Errorf("%s: root cause %q is listed twice", where, e.Pattern)
		case strings.TrimSpace(e.Reason) == "":
			return fmt.Errorf("%s (%s): field \"reason\": required (e.g. an issue link)", where, e.Pattern)
		}
		if e.Expires != "" {
			if _, err := time.Parse(time.DateOnly, e.Expires); err != nil {
				return fmt.Errorf("%s (%s): field \"expires\": want YYYY-MM-DD, got %q", where, e.Pattern, e.Expires)
			}
		}
		seen[e.Pattern] = true
	}
	return nil
}

// Save writes the baseline to path, keeping the comment lines that head a
// file already there: they say how its entries were reviewed.
func (b *Baseline) Save(path string) error {
	var out bytes.Buffer
	out.WriteString(leadingComments(path))
	if out.Len() == 0 {
		out.WriteString("# Known deviations of this target from Amazon S3, read by s3errconform run --baseline.\n" +
			"# Every entry needs a reason; entries with reason TODO were added by --update-baseline.\n")
	}
	enc := yaml.NewEncoder(&out)
	enc.SetIndent(2)
	enc.CompactSeqIndent()
	if err := enc.Encode(b); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	return os.WriteFile(path, out.Bytes(), 0o644)
}

// leadingComments is the run of "#" lines a file starts with, if any.
func leadingComments(path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	var head strings.Builder
	for line := range strings.Lines(string(data)) {
		if !strings.HasPrefix(line, "#") {
			break
		}
		head.WriteString(line)
	}
	return head.String()
}

// BaselineProblem is a reason the baseline makes a run fail although the
// check itself may have passed: a fixed deviation or an expired waiver.
type BaselineProblem struct {
	Check   string `json:"check"`
	Problem string `json:"problem"`
}

func (p BaselineProblem) String() string { return p.Check + ": " + p.Problem }

// Apply marks failed checks whose every deviation is waived — by the
// check's entry (its fields) or by a root cause entry (its pattern) — as
// VerdictWaived, and returns the problems that fail the run: listed
// checks that now pass (fixed: remove them) and expired entries. Entries
// naming checks the run did not execute are ignored; a root cause entry
// that matched no deviation is a warning of the run, not a failure (a
// filtered run may simply not have met it).
func (b *Baseline) Apply(res *Results, today time.Time) []BaselineProblem {
	entries := map[string]BaselineEntry{}
	for _, e := range b.Deviations {
		entries[e.Check] = e
	}
	causes, expiredCauses := map[string]RootCauseEntry{}, map[string]RootCauseEntry{}
	for _, e := range b.RootCauses {
		if expired(e.Expires, today) {
			expiredCauses[e.Pattern] = e
		} else {
			causes[e.Pattern] = e
		}
	}
	var problems []BaselineProblem
	met := map[string]bool{}
	for i := range res.Checks {
		c := &res.Checks[i]
		e, listed := entries[c.ID]
		if listed && expired(e.Expires, today) {
			problems = append(problems, BaselineProblem{c.ID, fmt.Sprintf("baseline entry expired on %s (%s)", e.Expires, e.Reason)})
			e, listed = BaselineEntry{}, false
		}
		switch c.Verdict {
		case VerdictPassed:
			if listed {
				problems = append(problems, BaselineProblem{c.ID, "fixed — the check passes now: remove it from the baseline"})
			}
		case VerdictFailed:
			unwaived, reasons := waive(*c, e.Fields, causes, met)
			switch {
			case len(unwaived) == 0:
				c.Verdict = VerdictWaived
				if listed {
					reasons = append([]string{e.Reason}, reasons...)
				}
				c.Waiver = strings.Join(reasons, "; ")
			case listed || len(reasons) > 0:
				c.Failure = fmt.Sprintf("fields not covered by the baseline: %s\n%s", strings.Join(unwaived, ", "), c.Failure)
			}
		}
	}
	for _, e := range b.RootCauses {
		switch _, stale := expiredCauses[e.Pattern]; {
		case stale && rootCauseShown(*res, e.Pattern):
			problems = append(problems, BaselineProblem{"root cause " + e.Pattern, fmt.Sprintf("baseline entry expired on %s (%s)", e.Expires, e.Reason)})
		case !stale && !met[e.Pattern]:
			res.Warnings = append(res.Warnings, fmt.Sprintf("baseline root cause %q matched no deviation of this run: remove it if the target no longer deviates that way", e.Pattern))
		}
	}
	res.Recount()
	for i := range res.RootCauses {
		if e, ok := causes[res.RootCauses[i].Pattern]; ok {
			res.RootCauses[i].Waiver = e.Reason
		}
	}
	SortRootCauses(res.RootCauses)
	return problems
}

func expired(expires string, today time.Time) bool {
	return expires != "" && !today.Before(mustDate(expires).AddDate(0, 0, 1))
}

// rootCauseShown reports whether a failed check of res deviates the way
// pattern names.
func rootCauseShown(res Results, pattern string) bool {
	for _, c := range res.Checks {
		if c.Verdict != VerdictFailed {
			continue
		}
		for _, d := range deviationsOf(c) {
			if d.pattern == pattern {
				return true
			}
		}
	}
	return false
}

func mustDate(s string) time.Time {
	t, _ := time.Parse(time.DateOnly, s)
	return t
}

// failingFields are the verdict fields that failed in a result.
func failingFields(r Result) []string {
	var fields []string
	seen := map[string]bool{}
	for _, j := range r.Responses {
		for _, v := range j.Verdicts {
			if !v.Pass && !seen[v.Field] {
				seen[v.Field] = true
				fields = append(fields, v.Field)
			}
		}
	}
	return fields
}

// waive returns the failing fields of r that neither the check's waived
// fields nor a waived root cause covers, and the reasons of the root
// causes that covered some; met records the root causes met. Each failing
// verdict is judged on its own: a root cause waiver covers the verdicts
// that deviate its way, never another deviation of the same field. A
// failure with no verdicts at all (a setup error, a panic) is the field
// "check", waived only by an entry naming that field or its root cause.
func waive(r Result, fields []string, causes map[string]RootCauseEntry, met map[string]bool) (unwaived, reasons []string) {
	allowed := map[string]bool{}
	for _, f := range fields {
		allowed[f] = true
	}
	seen := map[string]bool{}
	for _, d := range deviationsOf(r) {
		if e, ok := causes[d.pattern]; ok {
			if reason := d.pattern + ": " + e.Reason; !slices.Contains(reasons, reason) {
				reasons = append(reasons, reason)
			}
			met[d.pattern] = true
			continue
		}
		if !allowed[d.verdictField] && !seen[d.verdictField] {
			seen[d.verdictField] = true
			unwaived = append(unwaived, d.verdictField)
		}
	}
	return unwaived, reasons
}

// UpdateBaseline returns a baseline listing every deviation of res that
// old's root cause entries do not waive, keeping those entries, the
// reasons and expiry dates of check entries old already had, and marking
// new ones TODO.
func UpdateBaseline(old *Baseline, res Results) *Baseline {
	previous := map[string]BaselineEntry{}
	b := &Baseline{Target: res.Target}
	causes := map[string]RootCauseEntry{}
	if old != nil {
		for _, e := range old.Deviations {
			previous[e.Check] = e
		}
		b.RootCauses = old.RootCauses
		for _, e := range old.RootCauses {
			causes[e.Pattern] = e
		}
	}
	for _, c := range res.Checks {
		if c.Verdict != VerdictFailed && c.Verdict != VerdictWaived {
			continue
		}
		fields, _ := waive(c, nil, causes, map[string]bool{})
		if len(fields) == 0 {
			continue
		}
		e := BaselineEntry{Check: c.ID, Fields: fields, Observed: observedFields(c, fields), Reason: TODOReason}
		if p, ok := previous[c.ID]; ok {
			e.Reason, e.Expires = p.Reason, p.Expires
			// The same deviation keeps its recorded values: bucket names
			// and request ids differ on every run and would only churn.
			if slices.Equal(p.Fields, e.Fields) {
				e.Observed = p.Observed
			}
		}
		b.Deviations = append(b.Deviations, e)
	}
	sort.Slice(b.Deviations, func(i, j int) bool { return b.Deviations[i].Check < b.Deviations[j].Check })
	return b
}

func observedFields(r Result, fields []string) map[string]string {
	out := map[string]string{}
	for _, j := range r.Responses {
		for _, v := range j.Verdicts {
			for _, f := range fields {
				if v.Field == f && !v.Pass {
					out[f] = v.Observed
				}
			}
		}
	}
	return out
}

// ErrNoChecksRan is returned for a run that executed no check: a filter
// that matches nothing, or every check skipped, is not a pass.
var ErrNoChecksRan = errors.New("no check ran")
