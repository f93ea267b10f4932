package harness

import (
	"strings"
	"testing"

	"github.com/s3errconform/s3errconform/harness/check"
	"github.com/s3errconform/s3errconform/harness/judge"
)

func TestPrimaryJudgementIsTheDeclaredCode(t *testing.T) {
	judged := func(codes ...string) []judge.Judgement {
		var out []judge.Judgement
		for _, c := range codes {
			out = append(out, judge.Judgement{Code: c})
		}
		return out
	}
	for _, tc := range []struct {
		declared string
		judged   []judge.Judgement
		primary  int
		problem  string
	}{
		{"BucketNotEmpty", judged("BucketNotEmpty", ""), 0, ""},
		{"BucketNotEmpty", judged("", "BucketNotEmpty"), 1, ""},
		{"", judged("", ""), 0, ""},
		{"NoSuchKey", judged(""), -1, ""}, // a success the target declared
		{"NoSuchKey", judged("NoSuchBucket"), -1, `declares code "NoSuchKey" but judged its responses against "NoSuchBucket"`},
		{"NoSuchKey", nil, -1, ""},
	} {
		tt := &T{Check: check.Check{ID: "c", Code: tc.declared}, judged: tc.judged}
		if got := tt.primaryIndex(); got != tc.primary {
			t.Errorf("%q %v: primary %d, want %d", tc.declared, tc.judged, got, tc.primary)
		}
		err := tt.primaryProblem()
		if (err == nil) != (tc.problem == "") || err != nil && !strings.Contains(err.Error(), tc.problem) {
			t.Errorf("%q %v: problem %v, want %q", tc.declared, tc.judged, err, tc.problem)
		}
	}
}
