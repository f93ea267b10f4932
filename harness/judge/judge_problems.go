package judge

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/s3errconform/s3errconform/harness/check"
	"github.com/s3errconform/s3errconform/harness/wire"
)

// bodyProblemPrefixes start the messages ParseErrorBody and
// ParseSOAPMessage give for a body they cannot use at all.
var bodyProblemPrefixes = []string{"body is not XML", "body has no XML root element", "body is not one XML document", "body is empty"}

// explainBodyProblems adds to each failed verdict about an unusable body
// what the server declared it to be and how long it was, e.g.
// `body is not XML: Content-Type "text/html", 162 bytes; ...`: most such
// bodies are a proxy's or a web server's own error page.
func explainBodyProblems(r *wire.Response, vs []check.Verdict) {
	for i, v := range vs {
		if v.Pass {
			continue
		}
		for _, prefix := range bodyProblemPrefixes {
			rest, ok := strings.CutPrefix(v.Observed, prefix)
			if !ok || strings.HasPrefix(rest, ": Content-Type") {
				continue
			}
			ct := "no Content-Type"
			if values := r.ResponseHeader.Values("Content-Type"); len(values) > 0 {
				ct = fmt.Sprintf("Content-Type %q", strings.Join(values, ", "))
			}
			size := fmt.Sprintf("%d bytes", len(r.Body))
			if r.BodyTruncated {
				size = fmt.Sprintf("more than %d bytes (the suite read no further)", wire.MaxBodyBytes)
			}
			rest = strings.TrimPrefix(rest, ":")
			rest = strings.TrimPrefix(rest, ";")
			if rest != "" {
				rest = ";" + rest
			}
			vs[i].Observed = fmt.Sprintf("%s: %s, %s%s", prefix, ct, size, rest)
			break
		}
	}
}

// completeResponseVerdicts judge what a check's matcher does not: that the
// response arrived whole, and that its body was not past the read cap (an
// endless body that begins like the right answer must not pass).
func completeResponseVerdicts(r *wire.Response) []check.Verdict {
	var vs []check.Verdict
	if r.BodyTruncated {
		vs = append(vs, check.Verdict{
			Field: "body size", Expected: fmt.Sprintf("at most %d bytes", wire.MaxBodyBytes),
			Observed: fmt.Sprintf("more than %d bytes: the suite stopped reading (a huge or endless body)", wire.MaxBodyBytes),
		})
	}
	if r.Err != nil {
		vs = append(vs, check.Verdict{Field: "transport", Expected: "a complete response", Observed: wire.TransportProblem(r.Exchange)})
	}
	return vs
}

// redirectNote explains a 3xx a check did not expect: the suite never
// follows redirects, because a check judges the answer of the endpoint it
// was pointed at.
func redirectNote(r *wire.Response, vs []check.Verdict) {
	// 304 Not Modified is an answer to a conditional request, not a
	// redirect.
	if r.Status < 300 || r.Status > 399 || r.Status == http.StatusNotModified {
		return
	}
	for i, v := range vs {
		if v.Field == "status" && !v.Pass && v.Note == "" {
			loc := r.ResponseHeader.Get("Location")
			switch {
			case loc == "":
				vs[i].Note = fmt.Sprintf("a %d redirect without a Location", r.Status)
			case loc == r.URL:
				vs[i].Note = fmt.Sprintf("a %d redirect to this very URL, a redirect loop; the suite does not follow redirects", r.Status)
			default:
				vs[i].Note = fmt.Sprintf("a %d redirect to %s; the suite does not follow redirects", r.Status, r.Exchange.RedactURL(loc))
			}
		}
	}
}
