package report

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/s3errconform/s3errconform/harness/check"
)

func TestMatrixLaysOutTargetsSideBySide(t *testing.T) {
	a := Results{Target: "a", Checks: []Result{
		{ID: "rest-x", Suite: "rest", Family: "object errors", Title: "X", Verdict: VerdictPassed},
		{ID: "rest-y", Suite: "rest", Family: "object errors", Title: "Y", Verdict: VerdictFailed, Observed: &Outcome{Status: "403", Code: "AccessDenied"},
			Responses: []check.Judged{{Verdicts: []check.Verdict{{Field: "status", Pass: true}, {Field: "header x-amz-id-2"}, {Field: "element Key"}}}}},
	}}
	b := Results{Target: "b", Checks: []Result{
		{ID: "rest-x", Suite: "rest", Family: "object errors", Title: "X", Verdict: VerdictSkipped, Skip: "target declares \"tagging\" unsupported"},
		{ID: "soap-z", Suite: "soap", Family: "faults", Title: "Z", Verdict: VerdictFailed, Observed: &Outcome{Status: "0"}},
	}}
	m := BuildMatrix("T", time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC), []Results{a, b}, map[string]string{"a": "A 1.0"})
	var md bytes.Buffer
	m.WriteMarkdown(&md)
	for _, want := range []string{
		"**a**: A 1.0 — passes 1 of 2 checks (0 skipped)",
		"**b**:  — passes 0 of 1 check (1 skipped)",
		"| `rest-x` | pass | skip: target declares \"tagging\" unsupported |",
		"| `rest-y` | fail: 403 AccessDenied (x-amz-id-2, Key) | not run |",
		"| `soap-z` | not run | fail: no response |",
		"## rest object errors", "## soap faults",
	} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("markdown lacks %q:\n%s", want, md.String())
		}
	}
	var html bytes.Buffer
	if err := m.WriteHTML(&html); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(html.String(), `<td class="failed">fail: 403 AccessDenied (x-amz-id-2, Key)</td>`) || strings.Contains(html.String(), "http") && strings.Contains(html.String(), "<script src") {
		t.Errorf("html is not the expected self-contained page:\n%s", html.String())
	}
}
