package harness

import (
	"net/http"
	"net/url"

	"github.com/onsi/gomega/types"

	"github.com/s3errconform/s3errconform/catalog"
)

// HaveSignatureMismatch is HaveS3Error("SignatureDoesNotMatch", elements...)
// that also requires <StringToSign>, and <SignatureProvided> equal to the
// signature the request carried (REST.md §3). A server that puts there the
// signature it expected hands out a valid signature for the request; the
// verdict says so. Neither signature is ever shown.
func HaveSignatureMismatch(elements ...ElementExpectation) types.GomegaMatcher {
	return &responseMatcher{
		title: "S3 error SignatureDoesNotMatch",
		judge: func(r *Response) []Verdict {
			vs := judgeS3Error(r, catalog.MustLookup("SignatureDoesNotMatch"), elements)
			if r.Exchange.Method == http.MethodHead {
				return vs
			}
			body, err := ParseErrorBody(r.Body)
			if err != nil {
				return vs // judgeS3Error failed the body already
			}
			return append(vs, elementVerdict(body, ElementPresent("StringToSign")), signatureProvidedVerdict(r.Exchange, body))
		},
	}
}

func signatureProvidedVerdict(x *Exchange, body *ErrorBody) Verdict {
	v := Verdict{Field: "element SignatureProvided", Expected: "the signature the request carried (not shown)"}
	sent, provided := sentSignature(x), body.Element("SignatureProvided")
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

// sentSignature is the signature a request carried: its Authorization
// header's (SigV4 or SigV2) or its presigned URL's.
func sentSignature(x *Exchange) string {
	for _, v := range x.RequestHeader.Values("Authorization") {
		if m := sentSigV4.FindStringSubmatch(v); m != nil {
			return m[1]
		}
		if m := sentSigV2.FindStringSubmatch(v); m != nil {
			return m[1]
		}
	}
	if u, err := url.Parse(x.URL); err == nil {
		for _, name := range []string{"X-Amz-Signature", "Signature"} {
			if s := u.Query().Get(name); s != "" {
				return s
			}
		}
	}
	return ""
}
