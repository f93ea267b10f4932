package judge

import (
	"github.com/s3errconform/s3errconform/harness/check"
	"github.com/s3errconform/s3errconform/harness/wire"
)

// judgedInTests holds, by response, the verdicts the tests' matchers gave,
// as the DSL keeps them in a check's record.
var judgedInTests = map[*wire.Response][]check.Verdict{}

func match(m interface{ Match(any) (bool, error) }, r *wire.Response) (bool, error) {
	ok, err := m.Match(r)
	if j, isJudging := m.(Judging); isJudging {
		judgedInTests[r] = append(judgedInTests[r], j.Judgement().Verdicts...)
	}
	return ok, err
}

func verdictsOf(r *wire.Response) []check.Verdict { return judgedInTests[r] }

func checked(r *wire.Response) bool { _, ok := judgedInTests[r]; return ok }
