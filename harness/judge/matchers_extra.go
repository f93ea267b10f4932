package judge

import (
	"fmt"

	"github.com/onsi/gomega/types"

	"github.com/s3errconform/s3errconform/catalog"
	"github.com/s3errconform/s3errconform/harness/check"
	"github.com/s3errconform/s3errconform/harness/targets"
	"github.com/s3errconform/s3errconform/harness/wire"
)

// Wording says how AWS words an error's <Message> in the case a check
// provokes, where it departs from the catalog's single text.
type Wording int

// Wordings.
const (
	// WordedForCase: AWS words this code for the case at hand (e.g.
	// AccessDenied "Request has expired" for an expired presigned URL), so
	// the catalog text is reported, not compared; a message must be there.
	WordedForCase Wording = iota + 1
	// MessageMayBeEmpty: AWS sends an empty <Message/> in this case
	// (REST.md §3: InvalidArgument's Message can be empty).
	MessageMayBeEmpty
)

// HaveS3ErrorWorded is HaveS3Error for a case whose message AWS words its
// own way; everything else is judged the same.
func HaveS3ErrorWorded(code string, w Wording, elements ...ElementExpectation) types.GomegaMatcher {
	return &responseMatcher{
		code:  code,
		title: "S3 error " + code,
		judge: func(r *wire.Response) []check.Verdict {
			vs := judgeS3Error(r, catalog.MustLookup(code), elements)
			for i := range vs {
				if vs[i].Field != "message" {
					continue
				}
				body, _ := wire.ParseErrorBody(r.Body)
				switch {
				case w == MessageMayBeEmpty && body != nil && body.Has("Message"):
					vs[i].Expected, vs[i].Pass = "present, possibly empty", true
					vs[i].Note = "AWS sends an empty or case-specific message here; not compared"
				case w == WordedForCase && r.Profile != targets.ProfileCompatible:
					vs[i].Expected = "a non-empty message"
					vs[i].Pass = body != nil && body.Message != ""
					vs[i].Note = "AWS words this case its own way; the catalog text is not compared"
				}
			}
			return vs
		},
	}
}

// HaveS3ErrorAndHeaders is HaveS3Error that also requires response headers,
// e.g. Allow on 405 MethodNotAllowed or x-amz-bucket-region on a region
// mismatch (REST.md §1, §3).
func HaveS3ErrorAndHeaders(code string, headers []HeaderExpectation, elements ...ElementExpectation) types.GomegaMatcher {
	return &responseMatcher{
		code:  code,
		title: "S3 error " + code,
		judge: func(r *wire.Response) []check.Verdict {
			vs := judgeS3Error(r, catalog.MustLookup(code), elements)
			for _, h := range headers {
				vs = append(vs, headerVerdict(r, h))
			}
			return vs
		},
	}
}

// Superseded is a success answer S3 gives today where it once answered
// an error (e.g. GetBucketEncryption since 2023-01-05, when every bucket
// got SSE-S3 default encryption): the check accepts either.
type Superseded struct {
	Status int
	// Root is the root element the success body must have.
	Root string
	// Why says when and why S3 changed, with its source.
	Why string
}

// HaveS3ErrorOrSuperseded succeeds for the S3 error as HaveS3Error judges
// it, or for the success answer that superseded it.
func HaveS3ErrorOrSuperseded(s Superseded, code string, elements ...ElementExpectation) types.GomegaMatcher {
	return &responseMatcher{
		code:  code,
		title: fmt.Sprintf("S3 error %s, or %d with <%s> (%s)", code, s.Status, s.Root, s.Why),
		judge: func(r *wire.Response) []check.Verdict {
			if r.Status != s.Status {
				return judgeS3Error(r, catalog.MustLookup(code), elements)
			}
			v := documentVerdict(r, s.Root)
			v.Note = "the answer that superseded " + code + ": " + s.Why
			return []check.Verdict{statusVerdict(r, s.Status), v}
		},
	}
}

// HaveS3ErrorCodedOnWire is HaveS3Error for a catalog code AWS sends under
// another name that the catalog does not list (e.g.
// MaxPostPreDataLengthExceededError, sent as MaxPostPreDataLengthExceeded
// in the bodies quoted by waynehoover/s3_direct_upload#45): status and
// message are judged from code's entry, <Code> must be wireCode. The check
// declares code, so the catalog counts it covered.
func HaveS3ErrorCodedOnWire(code, wireCode string, elements ...ElementExpectation) types.GomegaMatcher {
	return &responseMatcher{
		code:  code,
		title: fmt.Sprintf("S3 error %s, sent as %s", code, wireCode),
		judge: func(r *wire.Response) []check.Verdict {
			e := catalog.MustLookup(code)
			e.Code = wireCode
			return judgeS3Error(r, e, elements)
		},
	}
}
