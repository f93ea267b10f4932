package harness

func judged(r *Response) Judged {
	j := Judged{Request: r.RequestLine(), Status: r.Status, RequestID: r.RequestID(), HostID: r.HostID(), Repro: r.Repro(), Verdicts: r.Verdicts}
	if body, err := ParseErrorBody(r.Body); err == nil {
		j.Code, j.Message = body.Code, body.Message
	}
	if code, message, ok := soapOutcome(r); ok {
		j.Code, j.Message = code, message
	}
	return j
}
