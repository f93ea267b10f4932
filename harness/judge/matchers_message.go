package judge

import (
	"github.com/onsi/gomega/types"

	"github.com/s3errconform/s3errconform/catalog"
	"github.com/s3errconform/s3errconform/harness/check"
	"github.com/s3errconform/s3errconform/harness/wire"
)

// HaveS3ErrorSaying is HaveS3Error for a case whose <Message> AWS was
// recorded sending, where the catalog has only the documentation's
// description (e.g. KMS.NotFoundException "Invalid keyId 'x'"): the strict
// profile compares message exactly, as it compares a catalog message seen
// on the wire; the compatible profile reports it. The check's Source must
// cite the recording.
func HaveS3ErrorSaying(code, message string, elements ...ElementExpectation) types.GomegaMatcher {
	return &responseMatcher{
		code:  code,
		title: "S3 error " + code,
		judge: func(r *wire.Response) []check.Verdict {
			e := catalog.MustLookup(code)
			e.Message, e.MessageKind = message, catalog.KindWire
			return judgeS3Error(r, e, elements)
		},
	}
}
