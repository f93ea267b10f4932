package judge

import (
	"net/http"

	"github.com/onsi/gomega/types"

	"github.com/s3errconform/s3errconform/catalog"
	"github.com/s3errconform/s3errconform/harness/check"
	"github.com/s3errconform/s3errconform/harness/wire"
)

// HaveSignatureMismatch is HaveS3Error("SignatureDoesNotMatch", elements...)
// that also requires <StringToSign>, and <SignatureProvided> equal to the
// signature the request carried (REST.md §3). A server that puts there the
// signature it expected hands out a valid signature for the request; the
// verdict says so. Neither signature is ever shown.
func HaveSignatureMismatch(elements ...ElementExpectation) types.GomegaMatcher {
	return &responseMatcher{
		title: "S3 error SignatureDoesNotMatch",
		code:  "SignatureDoesNotMatch",
		judge: func(r *wire.Response) []check.Verdict {
			vs := judgeS3Error(r, catalog.MustLookup("SignatureDoesNotMatch"), elements)
			if r.Exchange.Method == http.MethodHead {
				return vs
			}
			body, err := wire.ParseErrorBody(r.Body)
			if err != nil {
				return vs // judgeS3Error failed the body already
			}
			return append(vs, elementVerdict(body, ElementPresent("StringToSign")), signatureProvidedVerdict(r.Exchange, body))
		},
	}
}

func signatureProvidedVerdict(x *wire.Exchange, body *wire.ErrorBody) check.Verdict {
	v := check.Verdict{Field: "element SignatureProvided", Expected: "the signature the request carried (not shown)"}
	sent, provided := x.SentSignature(), body.Element("SignatureProvided")
	switch {
	case !body.Has("SignatureProvided"):
		v.Observed = "absent"
	case sent == "":
		v.Observed, v.Pass = "present (not shown)", provided != ""
		v.Note = "the request's signature could not be read back, so not compared"
	case provided == sent:
		v.Observed, v.Pass = "the signature the request carried (not shown)", true
	default:
		v.Observed = "another value (not shown)"
		v.Note = "SECURITY: if it is the signature the server expected, the server hands out a valid signature for this request to anyone who sends a wrong one"
	}
	return v
}
