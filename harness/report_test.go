package harness

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/s3errconform/s3errconform/harness/check"
	"github.com/s3errconform/s3errconform/harness/report"
	"github.com/s3errconform/s3errconform/harness/targets"
	"github.com/s3errconform/s3errconform/harness/wire"
)

const testSecretReport = "rEpOrTtEsTsEcReT/K7MDENGbPxRfiCY0008"

func reportChecks() (pass, fail, skip check.Check) {
	pass = check.Check{ID: "harness-report-pass", Suite: check.LabelREST, Family: "report tests", Title: "a passing check", Code: "NoSuchKey", Operation: "GetObject", Source: "test"}
	fail = check.Check{ID: "harness-report-fail", Suite: check.LabelREST, Family: "report tests", Title: "a failing check", Code: "NoSuchKey", Operation: "GetObject", Source: "catalog NoSuchKey"}
	skip = check.Check{ID: "harness-report-skip", Suite: check.LabelREST, Family: "report tests", Title: "a skipped check", Code: "NoSuchKey", Operation: "GetObject", Capabilities: []string{"versioning"}, Source: "test"}
	return pass, fail, skip
}

// reportEnv is a run against reportTarget with the report tests' checks
// registered.
func reportEnv(t *testing.T) *Env {
	env := &Env{Target: reportTarget()}
	pass, fail, skip := reportChecks()
	for _, c := range []check.Check{pass, fail, skip} {
		if err := env.registry.Add(c); err != nil {
			t.Fatal(err)
		}
	}
	return env
}

func failedRecord(c check.Check) check.CheckRecord {
	return check.CheckRecord{
		Check: c,
		Responses: []check.Judged{
			{Request: "PUT /b", Status: 200, Verdicts: []check.Verdict{{Field: "status", Expected: "200", Observed: "200", Pass: true}}},
			{
				Request: "GET /b/k", Status: 500, RequestID: "REQ9", Code: "InternalError", Message: "We encountered an internal error. Please try again.",
				Verdicts: []check.Verdict{
					{Field: "status", Expected: "404", Observed: "500"},
					{Field: "header x-amz-request-id", Expected: "present once", Observed: `"REQ9"`, Pass: true},
					{Field: "code", Expected: "NoSuchKey", Observed: `"InternalError"`},
					{Field: "message", Expected: `"The specified key does not exist."`, Observed: `"We encountered an internal error. Please try again."`},
					{Field: "RequestId", Expected: `"REQ9" (the x-amz-request-id header)`, Observed: `"REQ9"`, Pass: true},
				},
			},
		},
		Leftovers: []check.Leftover{{Bucket: "s3ec-x-1", Error: "DELETE answered 409"}},
	}
}

func syntheticReport(t *testing.T, rec check.CheckRecord, failureMessage string) types.Report {
	t.Helper()
	pass, fail, skip := reportChecks()
	start := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	return types.Report{
		SuiteDescription: "s3errconform",
		StartTime:        start,
		RunTime:          1500 * time.Millisecond,
		SpecReports: types.SpecReports{
			{LeafNodeType: types.NodeTypeBeforeSuite, State: types.SpecStatePassed},
			{
				LeafNodeType: types.NodeTypeIt, LeafNodeText: pass.SpecText(), LeafNodeLabels: pass.Labels(),
				State: types.SpecStatePassed, RunTime: 20 * time.Millisecond,
			},
			{
				LeafNodeType: types.NodeTypeIt, LeafNodeText: fail.SpecText(), LeafNodeLabels: fail.Labels(),
				State: types.SpecStateFailed, RunTime: 300 * time.Millisecond,
				Failure: types.Failure{Message: failureMessage},
				ReportEntries: types.ReportEntries{
					{Name: "something else", Value: types.WrapEntryValue("ignored")},
					{Name: CheckRecordEntry, Value: types.WrapEntryValue(rec)},
				},
				CapturedGinkgoWriterOutput: "could not clean up " + testSecretReport,
			},
			{
				LeafNodeType: types.NodeTypeIt, LeafNodeText: skip.SpecText(), LeafNodeLabels: skip.Labels(),
				State: types.SpecStateSkipped, Failure: types.Failure{Message: `target "t" declares "versioning" unsupported`},
			},
			{
				LeafNodeType: types.NodeTypeIt, LeafNodeText: "rest other: a check this binary does not know [harness-report-unknown]",
				State: types.SpecStateSkipped,
			},
		},
	}
}

func reportTarget() *targets.Target {
	return &targets.Target{Name: "t", Endpoint: "http://127.0.0.1:9000", Profile: targets.ProfileStrict, Warnings: []string{"tls verification is off"}}
}

func TestBuildResults(t *testing.T) {
	secrets := wire.NewSecrets()
	secrets.Add(testSecretReport)
	_, fail, _ := reportChecks()
	suite := syntheticReport(t, failedRecord(fail), "Expected S3 error NoSuchKey\n  FAIL status: expected 404, observed 500\nsecret "+testSecretReport)
	res := report.RedactResults(secrets, reportEnv(t).BuildResults(suite, "v-test"))

	if res.Passed != 1 || res.Failed != 1 || res.Skipped != 2 || len(res.Checks) != 4 {
		t.Fatalf("counts: %d passed, %d failed, %d skipped, %d checks", res.Passed, res.Failed, res.Skipped, len(res.Checks))
	}
	if res.Tool != "v-test" || res.Target != "t" || res.Endpoint != "http://127.0.0.1:9000" || res.Profile != "strict" || res.Duration != 1.5 || !res.StartTime.Equal(suite.StartTime) {
		t.Errorf("run fields %+v", res)
	}
	if len(res.Warnings) != 1 {
		t.Errorf("warnings %q", res.Warnings)
	}
	byID := map[string]report.Result{}
	var ids []string
	for _, c := range res.Checks {
		byID[c.ID] = c
		ids = append(ids, c.ID)
	}
	if got := strings.Join(ids, " "); got != " harness-report-fail harness-report-pass harness-report-skip" {
		t.Errorf("IDs in order: %s", got)
	}

	p := byID["harness-report-pass"]
	if p.Verdict != report.VerdictPassed || p.Title != "a passing check" || p.Family != "report tests" || p.Suite != "rest" || p.Code != "NoSuchKey" || p.Operation != "GetObject" || p.Duration != 0.02 {
		t.Errorf("passed result %+v", p)
	}
	if p.Expected != nil || p.Observed != nil || p.Failure != "" {
		t.Errorf("passed result without responses has outcomes: %+v", p)
	}

	f := byID["harness-report-fail"]
	if f.Verdict != report.VerdictFailed || f.Source != "catalog NoSuchKey" || len(f.Responses) != 2 || len(f.Leftovers) != 1 {
		t.Errorf("failed result %+v", f)
	}
	if f.Expected == nil || f.Observed == nil {
		t.Fatalf("failed result lacks outcomes: %+v", f)
	}
	wantExpected := report.Outcome{Status: "404", Code: "NoSuchKey", Message: `"The specified key does not exist."`, RequestID: `"REQ9" (the x-amz-request-id header)`}
	wantObserved := report.Outcome{Status: "500", Code: "InternalError", Message: "We encountered an internal error. Please try again.", RequestID: "REQ9"}
	if *f.Expected != wantExpected {
		t.Errorf("expected %+v, want %+v", *f.Expected, wantExpected)
	}
	if *f.Observed != wantObserved {
		t.Errorf("observed %+v, want %+v", *f.Observed, wantObserved)
	}
	if strings.Contains(f.Failure, testSecretReport) || !strings.Contains(f.Failure, "FAIL status: expected 404, observed 500") {
		t.Errorf("failure %q", f.Failure)
	}

	s := byID["harness-report-skip"]
	if s.Verdict != report.VerdictSkipped || !strings.Contains(s.Skip, "versioning") {
		t.Errorf("skipped result %+v", s)
	}
	u := byID[""] // a spec the registry does not know has no ID
	if u.Verdict != report.VerdictSkipped || u.Skip != "not selected by the run's filters" || u.Title != "rest other: a check this binary does not know [harness-report-unknown]" || u.Family != "" {
		t.Errorf("unknown result %+v", u)
	}
	if len(res.Leftovers) != 1 || res.Leftovers[0].Bucket != "s3ec-x-1" {
		t.Errorf("run leftovers %v", res.Leftovers)
	}
}

func TestBuildResultsRecordFromJSON(t *testing.T) {
	_, fail, _ := reportChecks()
	data, err := json.Marshal(failedRecord(fail))
	if err != nil {
		t.Fatal(err)
	}
	suite := syntheticReport(t, check.CheckRecord{}, "failed")
	for i, s := range suite.SpecReports {
		if s.LeafNodeText == fail.SpecText() {
			suite.SpecReports[i].ReportEntries = types.ReportEntries{{Name: CheckRecordEntry, Value: types.ReportEntryValue{AsJSON: string(data)}}}
		}
	}
	res := reportEnv(t).BuildResults(suite, "v")
	for _, c := range res.Checks {
		if c.ID == fail.ID && (len(c.Responses) != 2 || c.Expected == nil || c.Expected.Code != "NoSuchKey" || c.Observed.Status != "500") {
			t.Errorf("record from JSON not used: %+v", c)
		}
	}
}

func TestWriteReports(t *testing.T) {
	secrets := wire.NewSecrets()
	secrets.Add(testSecretReport)
	_, fail, _ := reportChecks()
	suite := syntheticReport(t, failedRecord(fail), "Expected S3 error NoSuchKey\nkey "+testSecretReport+"\nGET /b/k?X-Amz-Signature=feedfacefeedface")
	res := report.RedactResults(secrets, reportEnv(t).BuildResults(suite, "v-test"))
	dir := filepath.Join(t.TempDir(), "reports")
	if err := report.WriteReports(dir, res); err != nil {
		t.Fatalf("WriteReports: %v", err)
	}
	files := map[string][]byte{}
	for _, name := range []string{"junit.xml", "results.json", "summary.txt"} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		files[name] = data
		for _, leak := range []string{testSecretReport, "feedfacefeedface"} {
			if bytes.Contains(data, []byte(leak)) {
				t.Errorf("%s shows %q", name, leak)
			}
		}
	}

	junit := string(files["junit.xml"])
	for _, w := range []string{`tests="4"`, `failures="1"`, `skipped="2"`, "[harness-report-fail] a failing check", "[harness-report-pass] a passing check", "<failure", "<skipped", "status: expected 404, observed 500", wire.Redacted} {
		if !strings.Contains(junit, w) {
			t.Errorf("junit.xml lacks %q:\n%s", w, junit)
		}
	}

	var back report.Results
	if err := json.Unmarshal(files["results.json"], &back); err != nil {
		t.Fatalf("results.json: %v", err)
	}
	if back.Passed != 1 || back.Failed != 1 || back.Skipped != 2 || len(back.Checks) != 4 {
		t.Errorf("results.json counts %+v", back)
	}
	if read, err := report.ReadResults(filepath.Join(dir, "results.json")); err != nil || read.Failed != 1 {
		t.Errorf("ReadResults: %v, %+v", err, read)
	}

	summary := string(files["summary.txt"])
	for _, w := range []string{
		"s3errconform v-test against t (http://127.0.0.1:9000, profile strict)",
		"warning: tls verification is off",
		"rest report tests",
		"failed checks:",
		"harness-report-fail: a failing check",
		"FAIL status: expected 404, observed 500",
		"FAIL code: expected NoSuchKey",
		"left behind: bucket s3ec-x-1: DELETE answered 409",
		"1 passed, 1 failed, 0 waived, 2 skipped in 1.50s",
	} {
		if !strings.Contains(summary, w) {
			t.Errorf("summary lacks %q:\n%s", w, summary)
		}
	}
	if strings.Contains(summary, "PASS header") {
		t.Errorf("summary lists passing verdicts:\n%s", summary)
	}
}

func TestWriteSummaryNothingRan(t *testing.T) {
	var b strings.Builder
	report.WriteSummary(&b, report.Results{Tool: "v", Target: "t", Checks: []report.Result{{ID: "x", Verdict: report.VerdictSkipped}}, Skipped: 1})
	if !strings.Contains(b.String(), "no check ran") || !strings.Contains(b.String(), "0 passed, 0 failed, 0 waived, 1 skipped") {
		t.Errorf("summary:\n%s", b.String())
	}
}

// A server can echo a registered secret in what a verdict or a judged
// response quotes (its Message, an element); the reports must not show it.
func TestReportsDoNotShowSecretsFromResponses(t *testing.T) {
	secrets := wire.NewSecrets()
	secrets.Add(testSecretReport)
	_, fail, _ := reportChecks()
	rec := failedRecord(fail)
	j := &rec.Responses[1]
	j.Message = "invalid key " + testSecretReport
	j.Verdicts[3].Observed = `"invalid key ` + testSecretReport + `"`
	res := report.RedactResults(secrets, reportEnv(t).BuildResults(syntheticReport(t, rec, "failed"), "v"))
	dir := t.TempDir()
	if err := report.WriteReports(dir, res); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"junit.xml", "results.json", "summary.txt", "report.html"} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(data, []byte(testSecretReport)) {
			t.Errorf("%s shows a registered secret", name)
		}
	}
}

// TestBuildResultsAfterInterrupt: the check an interrupt stopped is
// "interrupted", those it kept from starting "not run", neither failed nor
// skipped; a check the filters leave out stays skipped. JUnit shows the
// first two as skipped with their reason.
func TestBuildResultsAfterInterrupt(t *testing.T) {
	_, fail, _ := reportChecks()
	cut := check.Check{ID: "harness-report-cut", Suite: check.LabelREST, Family: "report tests", Title: "a check never started", Code: "NoSuchKey", Operation: "GetObject", Source: "test"}
	env := reportEnv(t)
	if err := env.registry.Add(cut); err != nil {
		t.Fatal(err)
	}
	suite := syntheticReport(t, failedRecord(fail), "Interrupted by User")
	suite.SpecialSuiteFailureReasons = []string{"Interrupted by User"}
	suite.SuiteConfig.LabelFilter = check.LabelREST
	suite.SpecReports[2].State = types.SpecStateInterrupted
	suite.SpecReports = append(suite.SpecReports, types.SpecReport{
		LeafNodeType: types.NodeTypeIt, LeafNodeText: cut.SpecText(), LeafNodeLabels: cut.Labels(),
		State: types.SpecStateSkipped,
	})
	res := env.BuildResults(suite, "v-test")
	verdicts := map[string]string{}
	for _, c := range res.Checks {
		verdicts[c.ID] = c.Verdict
	}
	want := map[string]string{
		"harness-report-pass": report.VerdictPassed, "harness-report-fail": report.VerdictInterrupted, "harness-report-skip": report.VerdictSkipped,
		"harness-report-cut": report.VerdictNotRun,
	}
	for id, v := range want {
		if verdicts[id] != v {
			t.Errorf("%s: verdict %q, want %q", id, verdicts[id], v)
		}
	}
	if !res.Interrupted || res.Failed != 0 || res.InterruptedChecks != 1 || res.NotRun != 1 || res.Skipped != 2 {
		t.Errorf("interrupted %v, counts %s", res.Interrupted, res.Counts())
	}
	var junit bytes.Buffer
	if err := report.WriteJUnit(&junit, res); err != nil {
		t.Fatal(err)
	}
	for _, reason := range []string{report.InterruptedReason, report.NotRunReason} {
		if !strings.Contains(junit.String(), `<skipped message="`+reason) {
			t.Errorf("junit.xml does not skip a check with %q:\n%s", reason, junit.String())
		}
	}
	if strings.Contains(junit.String(), "<failure") {
		t.Errorf("junit.xml has a failure:\n%s", junit.String())
	}
}
