package check

import "fmt"

// Verdict is the judgement of one field of a response.
type Verdict struct {
	Field    string `json:"field"`
	Expected string `json:"expected"`
	Observed string `json:"observed"`
	Pass     bool   `json:"pass"`
	// Note explains a verdict that reports without judging, or why a
	// field was judged the way it was.
	Note string `json:"note,omitempty"`
}

func (v Verdict) String() string {
	mark := "PASS"
	if !v.Pass {
		mark = "FAIL"
	}
	s := fmt.Sprintf("  %s %s: expected %s, observed %s", mark, v.Field, v.Expected, v.Observed)
	if v.Note != "" {
		s += " (" + v.Note + ")"
	}
	return s
}

// CheckRecord is what the reports need of one executed check beyond
// Ginkgo's own spec report.
type CheckRecord struct {
	Check     Check      `json:"check"`
	Responses []Judged   `json:"responses,omitempty"`
	Leftovers []Leftover `json:"leftovers,omitempty"`
	// Notes say what the check's cleanup found beyond its own buckets,
	// e.g. a bucket the server created under a name shared by every run.
	Notes []string `json:"notes,omitempty"`
	// Script replays a failed check with curl (wire.Transcript.Script).
	Script string `json:"repro_script,omitempty"`
}

// Judged is one response a matcher judged, with its verdicts.
type Judged struct {
	Request   string    `json:"request"`
	Status    int       `json:"status"`
	RequestID string    `json:"request_id,omitempty"`
	HostID    string    `json:"host_id,omitempty"`
	Repro     string    `json:"repro,omitempty"`
	Code      string    `json:"code,omitempty"`
	Message   string    `json:"message,omitempty"`
	Verdicts  []Verdict `json:"verdicts"`
	// JudgedCode is the error code the response was judged against; ""
	// for a success.
	JudgedCode string `json:"judged_code,omitempty"`
	// Primary marks the judgement the check is about: the first against
	// its declared code (the first of all for a check expecting success).
	// Reports headline it.
	Primary bool `json:"primary,omitempty"`
}

// Leftover is a resource a run created and could not delete.
type Leftover struct {
	Bucket string `json:"bucket"`
	Key    string `json:"key,omitempty"`
	Error  string `json:"error"`
}

func (l Leftover) String() string {
	what := "bucket " + l.Bucket
	if l.Key != "" {
		what = fmt.Sprintf("object %s/%s", l.Bucket, l.Key)
	}
	return what + ": " + l.Error
}
