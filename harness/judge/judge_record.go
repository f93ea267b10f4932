package judge

import (
	"github.com/s3errconform/s3errconform/harness/check"
	"github.com/s3errconform/s3errconform/harness/soap"
	"github.com/s3errconform/s3errconform/harness/wire"
)

// Record is a judgement as the check's record keeps it: the request, what
// came back, and the verdicts.
func Record(jm Judgement) check.Judged {
	r := jm.Response
	j := check.Judged{Request: r.RequestLine(), Status: r.Status, RequestID: r.RequestID(), HostID: r.HostID(), Repro: r.Repro(), Verdicts: jm.Verdicts, JudgedCode: jm.Code}
	if body, err := wire.ParseErrorBody(r.Body); err == nil {
		j.Code, j.Message = body.Code, body.Message
	}
	if code, message, ok := soap.Outcome(r); ok {
		j.Code, j.Message = code, message
	}
	return j
}
