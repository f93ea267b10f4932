package report

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/s3errconform/s3errconform/harness/check"
)

// RootCause is one way a target departs from S3 that many checks show: a
// field deviating the same way. A vendor fixes root causes, not checks;
// a check that deviates in several ways belongs to several root causes.
type RootCause struct {
	// Pattern names the root cause the same way in every run (no bucket
	// names, request ids or keys), e.g. "header x-amz-id-2: absent"; a
	// baseline waives a whole root cause by it.
	Pattern string `json:"pattern"`
	// Statement is the one line a report leads with: the pattern and what
	// S3 answers instead.
	Statement string `json:"statement"`
	Field     string `json:"field"`
	// Expected is what S3 answers in that field, the most frequent first.
	Expected string `json:"expected"`
	Observed string `json:"observed"`
	// Count is how many checks deviate this way; Failing how many of them
	// still fail the run (the rest are waived by the baseline).
	Count   int      `json:"count"`
	Failing int      `json:"failing"`
	Checks  []string `json:"checks"`
	// Codes are the error codes the deviating responses were judged
	// against, the most frequent first.
	Codes   []string      `json:"codes,omitempty"`
	Example *CauseExample `json:"example,omitempty"`
	// Waiver is the baseline's reason, when it waives the root cause as a
	// whole.
	Waiver string `json:"waiver,omitempty"`
}

// CauseExample is one check showing a root cause: the clearest one, which
// deviates in no other way when there is such a check.
type CauseExample struct {
	Check string `json:"check"`
	// Verdicts are the check's failing verdict lines of this root cause.
	Verdicts []string `json:"verdicts"`
	// Exchange is the check's failure: every verdict, then the request and
	// response, secrets redacted.
	Exchange string `json:"exchange,omitempty"`
}

// deviation is one failing verdict of a check, placed in its root cause.
type deviation struct {
	pattern, field, observed, expected string
	// verdictField is the field of the verdict itself: a status root cause
	// also holds the code, message and elements of the answer it replaced.
	verdictField string
	code         string
	line         string
}

// FindRootCauses groups the deviations of the failed and waived checks
// into root causes, largest first. Every failed check belongs to at least
// one: one that failed with no verdict (a setup error) is the root cause
// "check: <its failure's first line>".
func FindRootCauses(checks []Result) []RootCause {
	type group struct {
		RootCause
		expected, codes map[string]int
		checks          map[string]bool
	}
	groups := map[string]*group{}
	examples, exampleScore := map[string]Result{}, map[string]int{}
	for _, c := range checks {
		if c.Verdict != VerdictFailed && c.Verdict != VerdictWaived {
			continue
		}
		devs := deviationsOf(c)
		patterns := map[string]bool{}
		for _, d := range devs {
			patterns[d.pattern] = true
		}
		for _, d := range devs {
			g := groups[d.pattern]
			if g == nil {
				g = &group{RootCause: RootCause{Pattern: d.pattern, Field: d.field, Observed: d.observed},
					expected: map[string]int{}, codes: map[string]int{}, checks: map[string]bool{}}
				groups[d.pattern] = g
			}
			if d.verdictField == d.field {
				// Absorbed verdicts (the code under a status) would only
				// repeat the expectation of the one that heads the cause.
				g.expected[d.expected]++
			}
			if d.code != "" {
				g.codes[d.code]++
			}
			if g.checks[c.ID] {
				continue
			}
			g.checks[c.ID] = true
			g.Checks = append(g.Checks, c.ID)
			if c.Verdict == VerdictFailed {
				g.Failing++
			}
			// The clearest example deviates in the fewest ways, and its
			// failure message shows this deviation: a check whose failure
			// shows another of its responses scores below any that does.
			score := len(patterns)
			if d.line != "" && !strings.Contains(c.Failure, d.line) {
				score += 1 << 20 // more root causes than any check has
			}
			if prev, seen := exampleScore[d.pattern]; !seen || score < prev {
				examples[d.pattern], exampleScore[d.pattern] = c, score
			}
		}
	}
	out := make([]RootCause, 0, len(groups))
	for pattern, g := range groups {
		rc := g.RootCause
		sort.Strings(rc.Checks)
		rc.Count = len(rc.Checks)
		rc.Expected = strings.Join(byFrequency(g.expected, 4), ", ")
		rc.Codes = byFrequency(g.codes, 0)
		rc.Statement = rc.Pattern
		if rc.Expected != "" {
			rc.Statement += " (S3: " + rc.Expected + ")"
		}
		if ex, ok := examples[pattern]; ok {
			rc.Example = &CauseExample{Check: ex.ID, Exchange: ex.Failure}
			for _, d := range deviationsOf(ex) {
				if d.pattern == pattern && d.line != "" {
					rc.Example.Verdicts = append(rc.Example.Verdicts, d.line)
				}
			}
		}
		out = append(out, rc)
	}
	SortRootCauses(out)
	return out
}

// SortRootCauses orders root causes as reports show them, largest first:
// those some check still fails on, then those the baseline's check entries
// settle, then those it waives as a whole.
func SortRootCauses(rcs []RootCause) {
	sort.SliceStable(rcs, func(i, j int) bool {
		a, b := rcs[i], rcs[j]
		if (a.Waiver == "") != (b.Waiver == "") {
			return a.Waiver == ""
		}
		if a.Waiver == "" && (a.Failing > 0) != (b.Failing > 0) {
			return a.Failing > 0
		}
		if a.Count != b.Count {
			return a.Count > b.Count
		}
		return a.Pattern < b.Pattern
	})
}

// byFrequency is the keys of counts, the most frequent first, at most n
// of them (all when n is 0) and a note of how many more there are.
func byFrequency(counts map[string]int, n int) []string {
	keys := make([]string, 0, len(counts))
	for k := range counts {
		if k != "" {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		if counts[keys[i]] != counts[keys[j]] {
			return counts[keys[i]] > counts[keys[j]]
		}
		return keys[i] < keys[j]
	})
	if n > 0 && len(keys) > n {
		more := len(keys) - n
		keys = append(keys[:n], fmt.Sprintf("%d more", more))
	}
	return keys
}

// deviationsOf places every failing verdict of a failed or waived check in
// its root cause.
func deviationsOf(r Result) []deviation {
	var out []deviation
	for _, j := range r.Responses {
		out = append(out, judgedDeviations(j)...)
	}
	if len(out) == 0 {
		first := strings.TrimSpace(strings.SplitN(r.Failure, "\n", 2)[0])
		if first == "" {
			first = "failed without a verdict"
		}
		observed := generalize(first)
		out = append(out, deviation{
			pattern: "check: " + observed, field: "check", verdictField: "check",
			observed: observed, expected: "runs to its verdicts",
		})
	}
	return out
}

// judgedDeviations places the failing verdicts of one judged response.
// When the response is another answer than the one expected (its status
// or code differs, or it is no error document at all), the fields that
// answer's code defines — the code, its message text, its elements — are
// consequences: they join the status (or code) root cause instead of
// making root causes of their own. Fields every answer carries (headers,
// an empty Message, RequestId) are judged on their own in any case.
func judgedDeviations(j check.Judged) []deviation {
	var failing []check.Verdict
	for _, v := range j.Verdicts {
		if !v.Pass {
			failing = append(failing, v)
		}
	}
	if len(failing) == 0 {
		return nil
	}
	var anchor *deviation
	notAnError := false
	for _, v := range failing {
		switch {
		case v.Field == "root element" && !strings.HasPrefix(v.Observed, "<Error>"),
			v.Field == "body" && strings.Contains(v.Expected, "<Error>"),
			v.Field == "fault" && v.Expected != "none":
			notAnError = true
		}
	}
	for _, v := range failing {
		if v.Field == "status" {
			observed := strings.TrimSpace(fmt.Sprintf("%d %s", j.Status, generalize(j.Code)))
			d := deviation{pattern: "status: " + observed, field: "status", observed: observed,
				expected: strings.TrimSpace(v.Expected + " " + j.JudgedCode)}
			anchor = &d
			break
		}
	}
	if anchor == nil {
		for _, v := range failing {
			if v.Field == "code" || notAnError && (v.Field == "root element" || v.Field == "body" || v.Field == "fault") {
				d := ownDeviation(j, v)
				anchor = &d
				break
			}
		}
	}
	var out []deviation
	for _, v := range failing {
		var d deviation
		if anchor != nil && (v.Field == anchor.field || !ownField(v) && (notAnError || definedByCode(v))) {
			d = *anchor
		} else {
			d = ownDeviation(j, v)
		}
		d.verdictField, d.code, d.line = v.Field, j.JudgedCode, strings.TrimSpace(v.String())
		if d.field == "status" && v.Field == "status" {
			d.expected = anchor.expected
		} else if d.field == v.Field {
			d.expected = generalize(v.Expected)
		}
		out = append(out, d)
	}
	return out
}

// ownField: a verdict about something every response carries, judged on
// its own whatever the answer.
func ownField(v check.Verdict) bool {
	return strings.HasPrefix(v.Field, "header ") || v.Field == "transport"
}

// definedByCode: a verdict about something the expected error code
// defines, which another code's answer cannot be expected to match.
func definedByCode(v check.Verdict) bool {
	switch {
	case v.Field == "code", v.Field == "fault class",
		strings.HasPrefix(v.Field, "element "), strings.HasPrefix(v.Field, "detail "):
		return true
	case v.Field == "message", v.Field == "faultstring":
		// An empty or missing message is the server's way with every
		// error, not the text of another one.
		o := generalizeObserved(v.Field, v.Observed)
		return o != "empty" && o != "absent"
	}
	return false
}

func ownDeviation(j check.Judged, v check.Verdict) deviation {
	observed := generalizeObserved(v.Field, v.Observed)
	if v.Field == "message" || v.Field == "faultstring" {
		if o, err := strconv.Unquote(v.Observed); err == nil {
			if e, err := strconv.Unquote(v.Expected); err == nil && e != "" && o == e+"." {
				observed = "S3's text plus a trailing period"
			}
		}
	}
	if v.Field == "code" {
		if o, err := strconv.Unquote(observed); err == nil {
			observed = o
		}
	}
	pattern := v.Field + ": " + observed
	if (strings.HasPrefix(v.Field, "element ") || strings.HasPrefix(v.Field, "detail ")) && j.JudgedCode != "" {
		// An element belongs to its error code: "NoSuchKey without Key" is
		// one fix, "InvalidRange without RangeRequested" another.
		pattern += " in " + j.JudgedCode
	}
	return deviation{pattern: pattern, field: v.Field, observed: observed, expected: generalizeExpected(v.Field, v.Expected)}
}

// Fields whose values are identifiers that change with every request.
var idFields = map[string]bool{"header x-amz-request-id": true, "header x-amz-id-2": true, "RequestId": true, "HostId": true}

var (
	quoted   = regexp.MustCompile(`"(?:[^"\\]|\\.)+"`)
	bodySize = regexp.MustCompile(`^[1-9][0-9]* bytes: .*$`)
)

// generalizeObserved is an observed value with what varies from run to run
// (ids, names, sizes of a body) taken out.
func generalizeObserved(field, observed string) string {
	if observed == `""` {
		return "empty"
	}
	if idFields[field] {
		return quoted.ReplaceAllString(observed, `"<id>"`)
	}
	if field == "body" && bodySize.MatchString(observed) {
		return "a body"
	}
	return generalize(observed)
}

// generalizeExpected is an expected value with what varies from run to run
// taken out: an id field expects the id its header carried.
func generalizeExpected(field, expected string) string {
	if idFields[field] {
		return quoted.ReplaceAllString(expected, `"<id>"`)
	}
	return generalize(expected)
}

var variants = []struct {
	re   *regexp.Regexp
	with string
}{
	// A run's bucket: s3ec-RUNID-N (harness.Namer); not the test keys'
	// "s3ec-access", which a reader must still see.
	{regexp.MustCompile(`s3ec-[a-z0-9]+-[0-9]+\b`), "<bucket>"},
	{regexp.MustCompile(`\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z?`), "<time>"},
	{regexp.MustCompile(`\b\d{8}T\d{6}Z\b`), "<time>"},
	{regexp.MustCompile(`\b[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT\b`), "<time>"},
	{regexp.MustCompile(`\b[0-9a-fA-F]{32,}\b`), "<hex>"},
	{regexp.MustCompile(`\b[0-9A-F]{16}\b`), "<id>"},
}

// token is a run of characters ids and version ids are made of.
var token = regexp.MustCompile(`[A-Za-z0-9+/=_.]{20,}`)

// generalize replaces the values that differ between runs — bucket names,
// times, request and version ids, digests — with placeholders, so that the
// same deviation reads the same in every check.
func generalize(s string) string {
	for _, v := range variants {
		s = v.re.ReplaceAllString(s, v.with)
	}
	return token.ReplaceAllStringFunc(s, func(t string) string {
		if strings.ContainsAny(t, "0123456789") && strings.IndexFunc(t, isLetter) >= 0 && !strings.Contains(t, "..") {
			return "<id>"
		}
		return t
	})
}

func isLetter(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }
