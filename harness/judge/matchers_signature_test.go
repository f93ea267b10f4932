package judge

import (
	"net/http"
	"strings"
	"testing"

	"github.com/s3errconform/s3errconform/harness/wire"
)

func TestHaveSignatureMismatch(t *testing.T) {
	const sent, expected = "aaaa1111bbbb2222", "cccc3333dddd4444"
	response := func(provided string) *wire.Response {
		extra := "<AWSAccessKeyId>AKID</AWSAccessKeyId><StringToSign>sts</StringToSign>"
		if provided != "" {
			extra += "<SignatureProvided>" + provided + "</SignatureProvided>"
		}
		r := errorResponse(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your key and signing method.", extra, nil)
		r.Exchange.RequestHeader = http.Header{"Authorization": {"AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=" + sent}}
		return r
	}
	if r := response(sent); !mustMatch(t, HaveSignatureMismatch(), r) {
		t.Fatalf("the signature sent echoed back fails: %v", verdictsOf(r))
	}
	for name, provided := range map[string]string{"expected": expected, "absent": ""} {
		m := HaveSignatureMismatch()
		r := response(provided)
		if mustMatch(t, m, r) {
			t.Fatalf("%s SignatureProvided passes", name)
		}
		msg := m.FailureMessage(r)
		if strings.Contains(msg, expected) || strings.Contains(msg, sent) {
			t.Fatalf("%s: the failure message shows a signature:\n%s", name, msg)
		}
		if name == "expected" && !strings.Contains(msg, "SECURITY") {
			t.Fatalf("the failure message does not say the server may hand out a valid signature:\n%s", msg)
		}
	}
	r := errorResponse(403, "SignatureDoesNotMatch", "-", "<SignatureProvided>"+sent+"</SignatureProvided>", nil)
	r.Exchange.RequestHeader = http.Header{"Authorization": {"AWS AKID:" + sent}}
	if mustMatch(t, HaveSignatureMismatch(), r) {
		t.Fatal("a body without StringToSign passes")
	}
}
