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
	Target     string          `yaml:"target,omitempty"`
	Deviations []BaselineEntry `yaml:"deviations"`
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

// Apply marks failed checks whose failing fields are all waived as
// VerdictWaived, and returns the problems that fail the run: listed
// checks that now pass (fixed: remove them), expired entries, and entries
// naming checks the run did not execute are reported but not fatal.
func (b *Baseline) Apply(res *Results, today time.Time) []BaselineProblem {
	entries := map[string]BaselineEntry{}
	for _, e := range b.Deviations {
		entries[e.Check] = e
	}
	var problems []BaselineProblem
	for i := range res.Checks {
		c := &res.Checks[i]
		e, listed := entries[c.ID]
		if !listed {
			continue
		}
		delete(entries, c.ID)
		if e.Expires != "" && !today.Before(mustDate(e.Expires).AddDate(0, 0, 1)) {
			problems = append(problems, BaselineProblem{c.ID, fmt.Sprintf("baseline entry expired on %s (%s)", e.Expires, e.Reason)})
			continue
		}
		switch c.Verdict {
		case VerdictPassed:
			problems = append(problems, BaselineProblem{c.ID, "fixed — the check passes now: remove it from the baseline"})
		case VerdictFailed:
			if unwaived := unwaivedFields(*c, e.Fields); len(unwaived) == 0 {
				c.Verdict = VerdictWaived
				c.Waiver = e.Reason
			} else {
				c.Failure = fmt.Sprintf("fields not covered by the baseline entry: %s\n%s", strings.Join(unwaived, ", "), c.Failure)
			}
		}
	}
	res.Recount()
	return problems
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

// unwaivedFields are the failing fields of r the waiver does not cover. A
// failure with no verdicts at all (a setup error, a panic) is the field
// "check", waived only by an entry naming that field.
func unwaivedFields(r Result, waived []string) []string {
	allowed := map[string]bool{}
	for _, f := range waived {
		allowed[f] = true
	}
	failing := failingFields(r)
	if len(failing) == 0 {
		failing = []string{"check"}
	}
	var out []string
	for _, f := range failing {
		if !allowed[f] {
			out = append(out, f)
		}
	}
	return out
}

// UpdateBaseline returns a baseline listing every deviation of res,
// keeping the reasons and expiry dates of entries old already had and
// marking new ones TODO.
func UpdateBaseline(old *Baseline, res Results) *Baseline {
	previous := map[string]BaselineEntry{}
	if old != nil {
		for _, e := range old.Deviations {
			previous[e.Check] = e
		}
	}
	b := &Baseline{Target: res.Target}
	for _, c := range res.Checks {
		if c.Verdict != VerdictFailed && c.Verdict != VerdictWaived {
			continue
		}
		fields := failingFields(c)
		if len(fields) == 0 {
			fields = []string{"check"}
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
