package report

import (
	"bytes"
	"strings"
	"testing"
)

// The family summary's columns line up whatever the length of the names.
func TestSummaryAlignsLongFamilyNames(t *testing.T) {
	res := Results{Target: "t", Checks: []Result{
		{ID: "a", Suite: "rest", Family: "short", Verdict: VerdictPassed},
		{ID: "b", Suite: "rest", Family: "a family name longer than thirty characters", Verdict: VerdictFailed},
	}}
	res.Recount()
	var out bytes.Buffer
	WriteSummary(&out, res)
	var at []int
	for _, line := range strings.Split(out.String(), "\n") {
		if i := strings.Index(line, " passed "); i >= 0 && strings.HasPrefix(line, "  rest ") {
			at = append(at, i)
		}
	}
	if len(at) != 2 || at[0] != at[1] {
		t.Errorf("columns at %v:\n%s", at, out.String())
	}
}
