package harness

import (
	"context"
	"fmt"

	"github.com/s3errconform/s3errconform/harness/check"
	"github.com/s3errconform/s3errconform/harness/report"
	"github.com/s3errconform/s3errconform/harness/wire"
)

// Outcome is how a check run by RunCheck ended.
type Outcome struct {
	// Verdict is report.VerdictPassed, VerdictFailed or VerdictSkipped.
	Verdict string
	// Message is the failure, or why the check was skipped.
	Message string
	Record  check.CheckRecord
	// Transcript is every request the check sent, setup and cleanup
	// included.
	Transcript *wire.Transcript
}

// stopped ends a check body run by RunCheck: the T's fail and skip panic
// with it, as Ginkgo's do with their own value, and RunCheck recovers it.
type stopped struct{ outcome Outcome }

// RunCheck runs the registered check id in this goroutine, without Ginkgo,
// and cleans up after it however it ends. Checks of one Env may run
// concurrently this way: each has its own T and buckets. The suite's own
// tests use it to run checks many times over (the sensitivity sweep); a
// run for people goes through Ginkgo (DefineSpecs).
func (e *Env) RunCheck(ctx context.Context, id string) (out Outcome) {
	c, ok := e.registry.Lookup(id)
	if !ok {
		return Outcome{Verdict: report.VerdictFailed, Message: fmt.Sprintf("no check %s is registered", id)}
	}
	if why := unsupportedBy(e.Target, c); why != "" {
		return Outcome{Verdict: report.VerdictSkipped, Message: why}
	}
	end := func(verdict string) func(string, int) {
		return func(message string, _ int) {
			panic(stopped{Outcome{Verdict: verdict, Message: message}})
		}
	}
	skip := func(message string, _ ...int) { end(report.VerdictSkipped)(message, 0) }
	t := e.begin(ctx, c, end(report.VerdictFailed), skip)
	defer func() {
		if r := recover(); r != nil {
			s, ok := r.(stopped)
			if !ok {
				panic(r)
			}
			out = s.outcome
		}
		out.Record = t.finish(out.Verdict == report.VerdictFailed)
		out.Transcript = t.transcript
	}()
	e.bodies[id](t)
	if err := t.primaryProblem(); err != nil {
		return Outcome{Verdict: report.VerdictFailed, Message: err.Error()}
	}
	return Outcome{Verdict: report.VerdictPassed}
}
