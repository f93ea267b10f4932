package report

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/s3errconform/s3errconform/harness/check"
)

// errorAnswer is a judged error response: verdicts as the judge writes
// them, with the given ones failing.
func errorAnswer(status int, code, judged string, failing ...check.Verdict) check.Judged {
	j := check.Judged{Status: status, Code: code, JudgedCode: judged, Primary: true}
	for _, v := range failing {
		v.Pass = false
		j.Verdicts = append(j.Verdicts, v)
	}
	j.Verdicts = append(j.Verdicts, check.Verdict{Field: "root element", Expected: "<Error> without namespace", Observed: "<Error>", Pass: true})
	return j
}

var (
	noID2    = check.Verdict{Field: "header x-amz-id-2", Expected: "present once", Observed: "absent"}
	emptyMsg = check.Verdict{Field: "message", Expected: "a non-empty English message", Observed: `""`}
	noKey    = func(key string) check.Verdict {
		return check.Verdict{Field: "element Key", Expected: fmt.Sprintf("%q", key), Observed: "absent"}
	}
	twoRequests = check.Verdict{Field: "header x-amz-id-2", Expected: "present once", Observed: `2 values ["a" "a"]`}
)

func failed(id string, judged ...check.Judged) Result {
	r := Result{ID: id, Verdict: VerdictFailed, Responses: judged}
	var lines []string
	for _, j := range judged {
		for _, v := range j.Verdicts {
			lines = append(lines, v.String())
		}
	}
	r.Failure = "Expected S3 error\n" + strings.Join(lines, "\n") + "\n--- request\nGET /x\n--- response\nHTTP/1.1 404 Not Found\n"
	return r
}

func causeByPattern(rcs []RootCause, pattern string) (RootCause, bool) {
	for _, rc := range rcs {
		if rc.Pattern == pattern {
			return rc, true
		}
	}
	return RootCause{}, false
}

func TestRootCausesCollapseVariantValues(t *testing.T) {
	checks := []Result{
		failed("get-missing-key", errorAnswer(404, "NoSuchKey", "NoSuchKey", noID2, emptyMsg, noKey("s3errconform-no-such-key"))),
		failed("acl-missing-key", errorAnswer(404, "NoSuchKey", "NoSuchKey", noID2, emptyMsg, noKey("deleted"))),
		failed("missing-bucket", errorAnswer(404, "NoSuchBucket", "NoSuchBucket", noID2,
			check.Verdict{Field: "element BucketName", Expected: `"s3ec-tpk91j2e2nixjogh-138"`, Observed: `"s3ec-tpk91j2e2nixjogh-139"`})),
		failed("other-bucket", errorAnswer(404, "NoSuchBucket", "NoSuchBucket",
			check.Verdict{Field: "element BucketName", Expected: `"s3ec-tpk91j9ni6jjgivp-7"`, Observed: `"s3ec-tpk91j9ni6jjgivp-8"`})),
		failed("request-id", errorAnswer(404, "NoSuchKey", "NoSuchKey",
			check.Verdict{Field: "RequestId", Expected: `"5F5C2027A241566D" (the x-amz-request-id header)`, Observed: `"9AFFE743D224263D"`})),
		failed("request-id-2", errorAnswer(404, "NoSuchKey", "NoSuchKey",
			check.Verdict{Field: "RequestId", Expected: `"tx00000a1b2c3d4e5f6a7b8-0063a1b2c3-1234-default" (the x-amz-request-id header)`, Observed: `"other"`})),
		{ID: "passing", Verdict: VerdictPassed},
	}
	rcs := FindRootCauses(checks)
	want := map[string][]string{
		"header x-amz-id-2: absent":                      {"acl-missing-key", "get-missing-key", "missing-bucket"},
		"message: empty":                                 {"acl-missing-key", "get-missing-key"},
		"element Key: absent in NoSuchKey":               {"acl-missing-key", "get-missing-key"},
		`element BucketName: "<bucket>" in NoSuchBucket`: {"missing-bucket", "other-bucket"},
		`RequestId: "<id>"`:                              {"request-id", "request-id-2"},
	}
	if len(rcs) != len(want) {
		t.Errorf("%d root causes, want %d:\n%v", len(rcs), len(want), rcs)
	}
	for pattern, ids := range want {
		rc, ok := causeByPattern(rcs, pattern)
		if !ok {
			t.Errorf("no root cause %q in %v", pattern, rcs)
			continue
		}
		if strings.Join(rc.Checks, " ") != strings.Join(ids, " ") || rc.Count != len(ids) || rc.Failing != len(ids) {
			t.Errorf("%s: checks %v (count %d, failing %d), want %v", pattern, rc.Checks, rc.Count, rc.Failing, ids)
		}
		if rc.Example == nil || rc.Example.Exchange == "" || len(rc.Example.Verdicts) == 0 {
			t.Errorf("%s: no example exchange: %+v", pattern, rc.Example)
		}
	}
	if rcs[0].Pattern != "header x-amz-id-2: absent" {
		t.Errorf("largest root cause is not first: %v", rcs[0].Pattern)
	}
	rc, _ := causeByPattern(rcs, "element Key: absent in NoSuchKey")
	if rc.Statement != `element Key: absent in NoSuchKey (S3: "deleted", "s3errconform-no-such-key")` || rc.Field != "element Key" || rc.Observed != "absent" {
		t.Errorf("statement %q field %q observed %q", rc.Statement, rc.Field, rc.Observed)
	}
	if rc, _ := causeByPattern(rcs, "header x-amz-id-2: absent"); rc.Example.Check != "missing-bucket" {
		t.Errorf("example %s: want the check that deviates in the fewest ways", rc.Example.Check)
	}
}

func TestRootCausesOfAnotherAnswerAbsorbItsCodesFields(t *testing.T) {
	notImplemented := func(expected, judged string) check.Judged {
		return errorAnswer(501, "NotImplemented", judged,
			check.Verdict{Field: "status", Expected: expected, Observed: "501"},
			noID2,
			check.Verdict{Field: "code", Expected: judged, Observed: `"NotImplemented"`},
			check.Verdict{Field: "message", Expected: `"The specified method is not allowed against this resource."`, Observed: `"A header you provided implies functionality that is not implemented"`},
			check.Verdict{Field: "element Method", Expected: `"POST"`, Observed: "absent"},
		)
	}
	checks := []Result{
		failed("post-object", notImplemented("405", "MethodNotAllowed")),
		failed("torrent", notImplemented("400", "RequestTorrentOfBucketError")),
		failed("wrong-code-empty-message", errorAnswer(400, "InvalidArgument", "InvalidRequest",
			check.Verdict{Field: "code", Expected: "InvalidRequest", Observed: `"InvalidArgument"`}, emptyMsg,
			check.Verdict{Field: "element ArgumentName", Expected: `"x-amz-acl"`, Observed: "absent"})),
		failed("listing-instead", check.Judged{Status: 200, JudgedCode: "InvalidArgument", Verdicts: []check.Verdict{
			{Field: "status", Expected: "400", Observed: "200"},
			{Field: "root element", Expected: "<Error> without namespace", Observed: "<ListBucketResult>"},
			{Field: "code", Expected: "InvalidArgument", Observed: "absent"},
			{Field: "message", Expected: "a non-empty English message", Observed: "absent"},
			{Field: "RequestId", Expected: "present", Observed: "absent"},
		}}),
		failed("trailing-period", errorAnswer(404, "NoSuchBucket", "NoSuchBucket",
			check.Verdict{Field: "message", Expected: `"The specified bucket does not exist"`, Observed: `"The specified bucket does not exist."`})),
		failed("trailing-period-2", errorAnswer(403, "AccessDenied", "AccessDenied",
			check.Verdict{Field: "message", Expected: `"Access Denied"`, Observed: `"Access Denied."`})),
		{ID: "setup", Verdict: VerdictFailed, Failure: "setup: PUT s3ec-tpk91j2e2nixjogh-3 answered 500\nmore"},
	}
	rcs := FindRootCauses(checks)
	want := map[string][]string{
		"status: 501 NotImplemented":                {"post-object", "torrent"},
		"header x-amz-id-2: absent":                 {"post-object", "torrent"},
		"code: InvalidArgument":                     {"wrong-code-empty-message"},
		"message: empty":                            {"wrong-code-empty-message"},
		"status: 200":                               {"listing-instead"},
		"message: S3's text plus a trailing period": {"trailing-period", "trailing-period-2"},
		"check: setup: PUT <bucket> answered 500":   {"setup"},
	}
	if len(rcs) != len(want) {
		t.Errorf("%d root causes, want %d:", len(rcs), len(want))
		for _, rc := range rcs {
			t.Logf("  %s: %v", rc.Pattern, rc.Checks)
		}
	}
	for pattern, ids := range want {
		rc, ok := causeByPattern(rcs, pattern)
		if !ok || strings.Join(rc.Checks, " ") != strings.Join(ids, " ") {
			t.Errorf("%s: checks %v, want %v", pattern, rc.Checks, ids)
		}
	}
	rc, _ := causeByPattern(rcs, "status: 501 NotImplemented")
	if rc.Expected != "400 RequestTorrentOfBucketError, 405 MethodNotAllowed" {
		t.Errorf("expected %q: want what S3 answers, without the absorbed fields'", rc.Expected)
	}
	if len(rc.Example.Verdicts) != 4 {
		t.Errorf("example verdicts %q: want status, code, message and the element", rc.Example.Verdicts)
	}
}

// Every failed check belongs to a root cause, and a root cause counts each
// check once however many of its responses deviate that way.
func TestRootCausesAccountForEveryFailedCheck(t *testing.T) {
	checks := []Result{
		failed("two-responses", errorAnswer(404, "NoSuchKey", "NoSuchKey", noID2), errorAnswer(404, "NoSuchKey", "NoSuchKey", noID2)),
		failed("one", errorAnswer(404, "NoSuchKey", "NoSuchKey", noID2)),
		{ID: "waived", Verdict: VerdictWaived, Responses: []check.Judged{errorAnswer(404, "NoSuchKey", "NoSuchKey", noID2)}},
		{ID: "panicked", Verdict: VerdictFailed},
	}
	rcs := FindRootCauses(checks)
	rc, _ := causeByPattern(rcs, "header x-amz-id-2: absent")
	if rc.Count != 3 || rc.Failing != 2 {
		t.Errorf("count %d failing %d, want 3 and 2", rc.Count, rc.Failing)
	}
	covered := map[string]bool{}
	for _, rc := range rcs {
		for _, id := range rc.Checks {
			covered[id] = true
		}
	}
	for _, c := range checks {
		if !covered[c.ID] {
			t.Errorf("%s is in no root cause", c.ID)
		}
	}
}

func TestBaselineWaivesRootCausesAsAWhole(t *testing.T) {
	b := &Baseline{RootCauses: []RootCauseEntry{
		{Pattern: "header x-amz-id-2: absent", Reason: "never sent (tracker 1)"},
		{Pattern: "message: empty", Reason: "RGW leaves Message empty"},
		{Pattern: "status: 501 NotImplemented", Reason: "gone", Expires: "2020-01-01"},
		{Pattern: "element Key: absent in NoSuchKey", Reason: "fixed upstream"},
	}, Deviations: []BaselineEntry{
		{Check: "listed-code", Fields: []string{"code"}, Reason: "per check"},
	}}
	res := Results{Checks: []Result{
		failed("only-id2", errorAnswer(404, "NoSuchKey", "NoSuchKey", noID2)),
		failed("id2-and-message", errorAnswer(404, "NoSuchKey", "NoSuchKey", noID2, emptyMsg)),
		// The same field deviating another way is not the waived root cause.
		failed("id2-twice", errorAnswer(404, "NoSuchKey", "NoSuchKey", twoRequests)),
		failed("id2-and-status", errorAnswer(403, "AccessDenied", "NoSuchKey", noID2, check.Verdict{Field: "status", Expected: "404", Observed: "403"})),
		failed("listed-code", errorAnswer(400, "InvalidArgument", "InvalidRequest", noID2, check.Verdict{Field: "code", Expected: "InvalidRequest", Observed: `"InvalidArgument"`})),
		failed("expired", errorAnswer(501, "NotImplemented", "MethodNotAllowed", check.Verdict{Field: "status", Expected: "405", Observed: "501"})),
	}}
	problems := b.Apply(&res, time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC))
	want := map[string]string{
		"only-id2": VerdictWaived, "id2-and-message": VerdictWaived, "id2-twice": VerdictFailed,
		"id2-and-status": VerdictFailed, "listed-code": VerdictWaived, "expired": VerdictFailed,
	}
	for _, c := range res.Checks {
		if c.Verdict != want[c.ID] {
			t.Errorf("%s: verdict %s, want %s (%s)", c.ID, c.Verdict, want[c.ID], strings.SplitN(c.Failure, "\n", 2)[0])
		}
	}
	byID := map[string]Result{}
	for _, c := range res.Checks {
		byID[c.ID] = c
	}
	if w := byID["only-id2"].Waiver; w != "header x-amz-id-2: absent: never sent (tracker 1)" {
		t.Errorf("waiver %q", w)
	}
	if f := byID["id2-and-status"].Failure; !strings.HasPrefix(f, "fields not covered by the baseline: status\n") {
		t.Errorf("failure %q: want the status named", f)
	}
	if len(problems) != 1 || !strings.Contains(problems[0].String(), "status: 501 NotImplemented") {
		t.Errorf("problems %v: want the expired root cause", problems)
	}
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "element Key: absent in NoSuchKey") {
		t.Errorf("warnings %v: want the root cause that matched nothing", res.Warnings)
	}
	id2, _ := causeByPattern(res.RootCauses, "header x-amz-id-2: absent")
	if id2.Waiver != "never sent (tracker 1)" || id2.Count != 4 || id2.Failing != 1 {
		t.Errorf("root cause %+v: want waived, 4 checks, 1 still failing (for its status)", id2)
	}
	if res.RootCauses[len(res.RootCauses)-1].Waiver == "" {
		t.Errorf("waived root causes should come last: %v", res.RootCauses)
	}
	res.Recount()
	if id2, _ := causeByPattern(res.RootCauses, "header x-amz-id-2: absent"); id2.Waiver == "" {
		t.Error("a recount dropped the root cause's waiver")
	}

	updated := UpdateBaseline(b, res)
	var listed []string
	for _, e := range updated.Deviations {
		listed = append(listed, e.Check+"="+strings.Join(e.Fields, ","))
	}
	if got := strings.Join(listed, " "); got != "id2-and-status=status id2-twice=header x-amz-id-2 listed-code=code" {
		t.Errorf("updated baseline lists %s: want only what no root cause entry waives", got)
	}
	if len(updated.RootCauses) != len(b.RootCauses) {
		t.Errorf("updated baseline dropped root cause entries: %v", updated.RootCauses)
	}
}

func TestLoadBaselineChecksRootCauseEntries(t *testing.T) {
	for name, body := range map[string]string{
		"no colon":  "root_causes:\n- pattern: x-amz-id-2 absent\n  reason: r\ndeviations: []\n",
		"no reason": "root_causes:\n- pattern: 'header x-amz-id-2: absent'\ndeviations: []\n",
		"twice":     "root_causes:\n- pattern: 'message: empty'\n  reason: r\n- pattern: 'message: empty'\n  reason: r\ndeviations: []\n",
		"bad date":  "root_causes:\n- pattern: 'message: empty'\n  reason: r\n  expires: soon\ndeviations: []\n",
	} {
		path := writeTemp(t, body)
		if _, err := LoadBaseline(path); err == nil || !strings.Contains(err.Error(), "root_causes[") {
			t.Errorf("%s: error %v, want one naming the entry", name, err)
		}
	}
	b, err := LoadBaseline(writeTemp(t, "root_causes:\n- pattern: 'header x-amz-id-2: absent'\n  reason: never sent\n"))
	if err != nil || len(b.RootCauses) != 1 {
		t.Errorf("baseline %+v, error %v", b, err)
	}
}

func writeTemp(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "baseline.yaml")
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestGeneralizeExpectedIDs(t *testing.T) {
	if got := generalizeExpected("HostId", `"zB9Xq+1Wz/abc=" (the x-amz-id-2 header)`); got != `"<id>" (the x-amz-id-2 header)` {
		t.Errorf("HostId expected generalized to %s", got)
	}
}

func TestGeneralizeKeepsWordsAndDropsVariants(t *testing.T) {
	for in, want := range map[string]string{
		`"The specified bucket does not exist"`:                              `"The specified bucket does not exist"`,
		`Missing required header: x-amz-content-sha256`:                      `Missing required header: x-amz-content-sha256`,
		`"s3ec-tpk91j2e2nixjogh-138"`:                                        `"<bucket>"`,
		`"s3ec-access"`:                                                      `"s3ec-access"`,
		`"2026-12-05T07:05:44.123Z"`:                                         `"<time>"`,
		`"20261205T070544Z"`:                                                 `"<time>"`,
		`"Sat, 05 Dec 2026 07:05:44 GMT"`:                                    `"<time>"`,
		`"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"`: `"<hex>"`,
		`"v5n1PPUjOCMHLyyfq0ayjoZ5RZLfVQKA"`:                                 `"<id>"`,
		`"5F5C2027A241566D"`:                                                 `"<id>"`,
		`absent`:                                                             `absent`,
	} {
		if got := generalize(in); got != want {
			t.Errorf("generalize(%s) = %s, want %s", in, got, want)
		}
	}
	if got := generalizeObserved("body", `302 bytes: "<?xml version=\"1.0\"?><Error>"...`); got != "a body" {
		t.Errorf("a body's size and bytes are not generalised: %s", got)
	}
	if got := generalizeObserved("header x-amz-id-2", `2 values ["a+b/c=" "a+b/c="]`); got != `2 values ["<id>" "<id>"]` {
		t.Errorf("header values are not generalised: %s", got)
	}
}
