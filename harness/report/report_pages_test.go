package report

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/s3errconform/s3errconform/harness/check"
)

// pagesRun is a small run with what the pages must show: a failure whose
// body quotes XML, a judge note, a record note, root causes.
func pagesRun() Results {
	missingKey := failed("rest-get-object-missing-key", errorAnswer(404, "NoSuchKey", "NoSuchKey", noID2, emptyMsg, noKey("s3errconform-no-such-key"),
		check.Verdict{Field: "body", Expected: "an XML <Error> document & more", Observed: `<Error><Code>NoSuchKey</Code>`, Note: "judge note: read as text"}))
	missingKey.Suite, missingKey.Family, missingKey.Title, missingKey.Code = "rest", "object errors", "GET of a missing key is 404 NoSuchKey", "NoSuchKey"
	missingKey.Labels = []string{"rest", "GetObject", "NoSuchKey"}
	missingKey.Notes = []string{"cleanup found bucket s3ec-shared left by the server"}
	headKey := failed("rest-head-object-missing-key", errorAnswer(404, "NoSuchKey", "NoSuchKey", noID2))
	headKey.Suite, headKey.Family, headKey.Labels = "rest", "object errors", []string{"rest", "HeadObject", "NoSuchKey"}
	res := Results{Tool: "test", Target: "t", Endpoint: "http://127.0.0.1:1", Profile: "strict", StartTime: time.Date(2026, 12, 5, 7, 0, 0, 0, time.UTC), Checks: []Result{
		missingKey, headKey,
		{ID: "rest-put-object-ok", Suite: "rest", Family: "object errors", Title: "fine", Verdict: VerdictPassed, Labels: []string{"rest", "PutObject"}},
		{ID: "soap-get-object", Suite: "soap", Family: "object faults", Title: "skipped", Verdict: VerdictSkipped, Skip: "no SOAP", Labels: []string{"soap"}},
	}}
	res.Recount()
	return res
}

func TestHTMLReportOpensOnRootCausesAndFailures(t *testing.T) {
	var b bytes.Buffer
	if err := WriteHTML(&b, pagesRun()); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	for _, want := range []string{
		`id="rest-get-object-missing-key"`, // a stable anchor per check
		`href="#rest-get-object-missing-key"`,
		`<code>header x-amz-id-2: absent</code>`,
		`<option selected>failed</option>`, // opens on the failures
		`data-labels=" rest getobject nosuchkey "`,
		`<span class="fail">  FAIL header x-amz-id-2: expected present once, observed absent</span>`,
		`judge note: read as text`,
		`note: cleanup found bucket s3ec-shared left by the server`,
		`&lt;Error&gt;&lt;Code&gt;NoSuchKey`,
		`class="bar"`, `100%`, `0%`, // per-family pass bars
		`id="q"`, `type="search"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("report.html lacks %s", want)
		}
	}
	causes, checks := strings.Index(page, `id="root-causes"`), strings.Index(page, `<table class="checks">`)
	if causes < 0 || checks < 0 || causes > checks {
		t.Errorf("root causes (at %d) do not come before the checks (at %d)", causes, checks)
	}
	// Self-contained: nothing loaded from elsewhere.
	if regexp.MustCompile(`(?i)<(script|link|img)[^>]+(src|href)=`).MatchString(page) {
		t.Error("report.html loads an external resource")
	}
	if strings.Contains(page, `<Error><Code>`) {
		t.Error("an observed body reached the page unescaped")
	}
}

func TestHTMLReportWithoutFailuresShowsEverything(t *testing.T) {
	var b bytes.Buffer
	if err := WriteHTML(&b, Results{Target: "t", Checks: []Result{{ID: "a", Verdict: VerdictPassed}}}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "<option selected>failed") || strings.Contains(b.String(), `id="root-causes"`) {
		t.Error("a run without failures opens filtered on failures, or shows root causes")
	}
}

func TestMarkdownLeadsWithRootCausesAndEscapesHTML(t *testing.T) {
	var b bytes.Buffer
	WriteMarkdown(&b, pagesRun())
	md := b.String()
	causes, table := strings.Index(md, "#### Root causes"), strings.Index(md, "| Check | Field |")
	if causes < 0 || table < 0 || causes > table {
		t.Errorf("root causes (at %d) do not come before the failures (at %d):\n%s", causes, table, md)
	}
	for _, want := range []string{
		"| 2 | `header x-amz-id-2: absent` | present once | `rest-get-object-missing-key`, `rest-head-object-missing-key` |",
		"an XML &lt;Error&gt; document &amp; more",
		"&lt;Error&gt;&lt;Code&gt;NoSuchKey&lt;/Code&gt; (judge note: read as text)",
		"- **note** `rest-get-object-missing-key`: cleanup found bucket s3ec-shared left by the server",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
	// Outside code, no raw tag reaches GitHub's HTML.
	for _, line := range strings.Split(md, "\n") {
		outside := regexp.MustCompile("`[^`]*`").ReplaceAllString(line, "")
		if strings.Contains(outside, "<Error>") {
			t.Errorf("raw tag in %q", line)
		}
	}
}

func TestSummaryLeadsWithRootCauses(t *testing.T) {
	var b bytes.Buffer
	WriteSummary(&b, pagesRun())
	summary := b.String()
	causes, families, failed := strings.Index(summary, "root causes, largest first"), strings.Index(summary, "rest object errors"), strings.Index(summary, "failed checks:")
	if causes < 0 || causes > families || families > failed {
		t.Errorf("summary order: root causes %d, families %d, failed checks %d:\n%s", causes, families, failed, summary)
	}
	if !strings.Contains(summary, "     2 checks  header x-amz-id-2: absent (S3: present once)\n") {
		t.Errorf("summary lacks the root cause line:\n%s", summary)
	}
	// Family names of any length line up.
	var cols []int
	for _, line := range strings.Split(summary, "\n") {
		if i := strings.Index(line, " passed "); i > 0 && (strings.HasPrefix(line, "  rest ") || strings.HasPrefix(line, "  soap ")) {
			cols = append(cols, i)
		}
	}
	for _, c := range cols {
		if len(cols) != 2 || c != cols[0] {
			t.Errorf("family columns do not line up: %v\n%s", cols, summary)
			break
		}
	}
}

func TestMatrixLeadsWithRootCausesAndAHeatMap(t *testing.T) {
	res := pagesRun()
	old := pagesRun()
	old.Target, old.RootCauses = "old", nil // results.json from before root causes
	m := BuildMatrix("T", time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC), []Results{res, old}, nil)
	var md, html bytes.Buffer
	m.WriteMarkdown(&md)
	if err := m.WriteHTML(&html); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"## Top root causes", "- 2 × `header x-amz-id-2: absent` — S3: present once",
		"| [rest object errors](#rest-object-errors) | 🟧 33% (1/3) | 🟧 33% (1/3) |",
		"| [soap object faults](#soap-object-faults) | ⬜ – (1 skipped) |",
	} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("markdown lacks %q:\n%s", want, md.String())
		}
	}
	page := html.String()
	for _, want := range []string{
		`<h2 id="family-rest-object-errors">`, `<a href="#family-rest-object-errors" title="1 passed, 2 failed, 0 waived, 0 skipped">33% (1/3)</a>`,
		`style="background:hsl(39,70%,84%)"`, `table-layout:fixed`, `<tr id="check-rest-get-object-missing-key">`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("html lacks %s", want)
		}
	}
	if strings.Index(page, `id="heat-map"`) > strings.Index(page, `id="family-rest-object-errors"`) {
		t.Error("the heat map does not come before the per-check tables")
	}
}

func TestHTMLReportPutsWaivedRootCausesApart(t *testing.T) {
	res := pagesRun()
	b := &Baseline{RootCauses: []RootCauseEntry{{Pattern: "header x-amz-id-2: absent", Reason: "never sent"}}}
	b.Apply(&res, time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC))
	var page bytes.Buffer
	if err := WriteHTML(&page, res); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<span class="t-waived">1 waived</span>`, `1 root cause waived by the baseline`, `<b>waived:</b> never sent`} {
		if !strings.Contains(page.String(), want) {
			t.Errorf("report.html lacks %s", want)
		}
	}
}

func TestPagesOfARunThatStartedNothingShowNoTime(t *testing.T) {
	res := Results{Target: "t", Duration: 9223372036.85, Checks: []Result{{ID: "a", Verdict: VerdictSkipped, Skip: "filtered"}}}
	res.Recount()
	var summary, page bytes.Buffer
	WriteSummary(&summary, res)
	if err := WriteHTML(&page, res); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(summary.String(), " in ") || strings.Contains(page.String(), "0001-01-01") {
		t.Errorf("a run that started nothing shows a time:\n%s", summary.String())
	}
}
