package report

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/s3errconform/s3errconform/harness/check"
)

func failedWith(id string, fields map[string]string) Result {
	var vs []check.Verdict
	for f, observed := range fields {
		vs = append(vs, check.Verdict{Field: f, Observed: observed})
	}
	return Result{ID: id, Verdict: VerdictFailed, Responses: []check.Judged{{Verdicts: vs}}}
}

func TestBaselineWaivesOnlyItsFields(t *testing.T) {
	b := &Baseline{Deviations: []BaselineEntry{
		{Check: "a", Fields: []string{"message"}, Reason: "r"},
		{Check: "b", Fields: []string{"message"}, Reason: "r"},
		{Check: "c", Fields: []string{"check"}, Reason: "setup fails"},
		{Check: "d", Fields: []string{"status"}, Reason: "r"},
		{Check: "e", Fields: []string{"status"}, Reason: "r", Expires: "2020-01-01"},
	}}
	res := Results{Checks: []Result{
		failedWith("a", map[string]string{"message": `""`}),
		failedWith("b", map[string]string{"message": `""`, "status": "403"}),
		{ID: "c", Verdict: VerdictFailed, Failure: "setup failed"},
		{ID: "d", Verdict: VerdictPassed},
		failedWith("e", map[string]string{"status": "403"}),
	}}
	problems := b.Apply(&res, time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC))
	want := map[string]string{"a": VerdictWaived, "b": VerdictFailed, "c": VerdictWaived, "d": VerdictPassed, "e": VerdictFailed}
	for _, c := range res.Checks {
		if c.Verdict != want[c.ID] {
			t.Errorf("%s: verdict %s, want %s", c.ID, c.Verdict, want[c.ID])
		}
	}
	if len(problems) != 2 {
		t.Errorf("problems %v, want the fixed d and the expired e", problems)
	}
}

func TestUpdateBaselineKeepsReasonsAndRecordedValues(t *testing.T) {
	old := &Baseline{Deviations: []BaselineEntry{
		{Check: "a", Fields: []string{"element BucketName"}, Observed: map[string]string{"element BucketName": `"s3ec-run1-1"`}, Reason: "known", Expires: "2027-01-01"},
		{Check: "b", Fields: []string{"message"}, Observed: map[string]string{"message": `"x"`}, Reason: "known too"},
	}}
	res := Results{Target: "t", Checks: []Result{
		failedWith("a", map[string]string{"element BucketName": `"s3ec-run2-7"`}),
		failedWith("b", map[string]string{"message": `"x"`, "status": "500"}),
		failedWith("c", map[string]string{"code": `"Other"`}),
	}}
	got := UpdateBaseline(old, res)
	if len(got.Deviations) != 3 {
		t.Fatalf("entries %+v", got.Deviations)
	}
	a, b, c := got.Deviations[0], got.Deviations[1], got.Deviations[2]
	if a.Reason != "known" || a.Expires != "2027-01-01" || a.Observed["element BucketName"] != `"s3ec-run1-1"` {
		t.Errorf("a: %+v; the same deviation must keep its reason, expiry and recorded values", a)
	}
	if b.Reason != "known too" || b.Observed["status"] != "500" {
		t.Errorf("b: %+v; a deviation with new fields records the new values", b)
	}
	if c.Reason != TODOReason {
		t.Errorf("c: reason %q, want TODO", c.Reason)
	}
}

func TestBaselineSaveKeepsItsHeaderComments(t *testing.T) {
	path := filepath.Join(t.TempDir(), "b.yaml")
	header := "# Reviewed against the exchanges.\n# Each reason says what the server answers.\n"
	if err := os.WriteFile(path, []byte(header+"target: t\ndeviations: []\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	b := &Baseline{Target: "t", Deviations: []BaselineEntry{{Check: "a", Fields: []string{"code"}, Reason: "r"}}}
	if err := b.Save(path); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	if !strings.HasPrefix(string(data), header) || !strings.Contains(string(data), "\n- check: a\n  fields:\n  - code\n") {
		t.Fatalf("saved:\n%s", data)
	}
	back, err := LoadBaseline(path)
	if err != nil || len(back.Deviations) != 1 || back.Deviations[0].Reason != "r" {
		t.Fatalf("reloaded %+v, %v", back, err)
	}
}
