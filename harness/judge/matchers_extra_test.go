package judge

import (
	"net/http"
	"testing"

	"github.com/onsi/gomega/types"

	"github.com/s3errconform/s3errconform/harness/targets"
	"github.com/s3errconform/s3errconform/harness/wire"
)

func errorResponse(status int, code, message string, extra string, header http.Header) *wire.Response {
	h := http.Header{"X-Amz-Request-Id": {"REQ1"}, "X-Amz-Id-2": {"HOST1"}, "Content-Type": {"application/xml"}}
	for n, v := range header {
		h[n] = v
	}
	body := `<?xml version="1.0" encoding="UTF-8"?><Error><Code>` + code + `</Code>`
	if message != "-" {
		body += `<Message>` + message + `</Message>`
	}
	body += extra + `<RequestId>REQ1</RequestId><HostId>HOST1</HostId></Error>`
	return &wire.Response{Exchange: &wire.Exchange{Method: http.MethodGet, Status: status, ResponseHeader: h, Body: []byte(body)},
		Request: wire.Request{Method: http.MethodGet, Bucket: "bkt"}, Profile: targets.ProfileStrict}
}

func mustMatch(t *testing.T, m types.GomegaMatcher, r *wire.Response) bool {
	t.Helper()
	ok, err := match(m, r)
	if err != nil {
		t.Fatal(err)
	}
	return ok
}

func TestHaveS3ErrorWorded(t *testing.T) {
	expired := errorResponse(403, "AccessDenied", "Request has expired", "<Expires>x</Expires>", nil)
	if mustMatch(t, HaveS3Error("AccessDenied"), expired) {
		t.Fatal("the strict matcher accepts a message other than the catalog's wire text")
	}
	if !mustMatch(t, HaveS3ErrorWorded("AccessDenied", WordedForCase, ElementPresent("Expires")), expired) {
		t.Fatalf("worded matcher rejects AWS's case wording: %v", verdictsOf(expired))
	}
	if mustMatch(t, HaveS3ErrorWorded("AccessDenied", WordedForCase), errorResponse(403, "AccessDenied", "", "", nil)) {
		t.Fatal("an empty message passes WordedForCase")
	}
	empty := errorResponse(400, "InvalidArgument", "", "<ArgumentName>x-amz-acl</ArgumentName>", nil)
	if mustMatch(t, HaveS3Error("InvalidArgument"), empty) {
		t.Fatal("the plain matcher accepts an empty InvalidArgument message")
	}
	if !mustMatch(t, HaveS3ErrorWorded("InvalidArgument", MessageMayBeEmpty, Element("ArgumentName", "x-amz-acl")), empty) {
		t.Fatal("MessageMayBeEmpty rejects an empty message")
	}
	if mustMatch(t, HaveS3ErrorWorded("InvalidArgument", MessageMayBeEmpty), errorResponse(400, "InvalidArgument", "-", "", nil)) {
		t.Fatal("MessageMayBeEmpty accepts a body without <Message>")
	}
	if mustMatch(t, HaveS3ErrorWorded("AccessDenied", WordedForCase), errorResponse(400, "AccessDenied", "Request has expired", "", nil)) {
		t.Fatal("the worded matcher ignores the status")
	}
}

func TestHaveS3ErrorAndHeaders(t *testing.T) {
	r := errorResponse(405, "MethodNotAllowed", "The specified method is not allowed against this resource.",
		"<Method>POST</Method><ResourceType>SERVICE</ResourceType>", http.Header{"Allow": {"GET"}})
	if !mustMatch(t, HaveS3ErrorAndHeaders("MethodNotAllowed", []HeaderExpectation{Header("Allow", "GET")}, Element("Method", "POST")), r) {
		t.Fatalf("verdicts %v", verdictsOf(r))
	}
	if mustMatch(t, HaveS3ErrorAndHeaders("MethodNotAllowed", []HeaderExpectation{Header("Allow", "PUT")}), r) {
		t.Fatal("wrong Allow value accepted")
	}
	r.ResponseHeader.Del("Allow")
	if mustMatch(t, HaveS3ErrorAndHeaders("MethodNotAllowed", []HeaderExpectation{HeaderPresent("Allow")}), r) {
		t.Fatal("missing Allow accepted")
	}
}

func TestHaveS3ErrorOrSuperseded(t *testing.T) {
	s := Superseded{Status: 200, Root: "ServerSideEncryptionConfiguration", Why: "SSE-S3 by default"}
	m := func() types.GomegaMatcher {
		return HaveS3ErrorOrSuperseded(s, "ServerSideEncryptionConfigurationNotFoundError")
	}
	ok := &wire.Response{Exchange: &wire.Exchange{Method: "GET", Status: 200, ResponseHeader: http.Header{},
		Body: []byte(`<ServerSideEncryptionConfiguration><Rule/></ServerSideEncryptionConfiguration>`)}, Profile: targets.ProfileStrict}
	if !mustMatch(t, m(), ok) {
		t.Fatalf("default encryption rejected: %v", verdictsOf(ok))
	}
	other := &wire.Response{Exchange: &wire.Exchange{Method: "GET", Status: 200, ResponseHeader: http.Header{}, Body: []byte(`<ListBucketResult/>`)}}
	if mustMatch(t, m(), other) {
		t.Fatal("a listing passes for the encryption default")
	}
	// The wire correction: 404 passes, the table's 400 does not.
	msg := "The server side encryption configuration was not found"
	if !mustMatch(t, m(), errorResponse(404, "ServerSideEncryptionConfigurationNotFoundError", msg, "", nil)) {
		t.Fatal("404 rejected")
	}
	if mustMatch(t, m(), errorResponse(400, "ServerSideEncryptionConfigurationNotFoundError", msg, "", nil)) {
		t.Fatal("the table's 400 accepted")
	}
}

func TestHaveS3ErrorCodedOnWire(t *testing.T) {
	m := func() types.GomegaMatcher {
		return HaveS3ErrorCodedOnWire("MaxPostPreDataLengthExceededError", "MaxPostPreDataLengthExceeded", Element("MaxPostPreDataLengthBytes", "20480"))
	}
	const msg, extra = "Your POST request fields preceeding the upload file was too large.", "<MaxPostPreDataLengthBytes>20480</MaxPostPreDataLengthBytes>"
	if r := errorResponse(400, "MaxPostPreDataLengthExceeded", msg, extra, nil); !mustMatch(t, m(), r) {
		t.Fatalf("AWS's answer rejected: %v", verdictsOf(r))
	}
	if mustMatch(t, m(), errorResponse(400, "MaxPostPreDataLengthExceededError", msg, extra, nil)) {
		t.Fatal("the table's name accepted where AWS sends another")
	}
	if mustMatch(t, m(), errorResponse(403, "MaxPostPreDataLengthExceeded", msg, extra, nil)) {
		t.Fatal("the status is not judged")
	}
	if mustMatch(t, m(), errorResponse(400, "MaxPostPreDataLengthExceeded", msg, "", nil)) {
		t.Fatal("the elements are not judged")
	}
}

// A wire correction of the code and message (catalog/wire-corrections.csv)
// is what HaveS3Error expects: AWS's spelling, and its message with the
// trailing space AWS sends.
func TestHaveS3ErrorExpectsTheCorrectedCodeAndMessage(t *testing.T) {
	m := func() types.GomegaMatcher {
		return HaveS3Error("CrossLocationLoggingProhibited", Element("TargetBucketLocation", "us-west-2"))
	}
	const extra = "<TargetBucketLocation>us-west-2</TargetBucketLocation>"
	if r := errorResponse(403, "CrossLocationLoggingProhibitted", "Cross S3 location logging not allowed. ", extra, nil); !mustMatch(t, m(), r) {
		t.Fatalf("AWS's answer rejected: %v", verdictsOf(r))
	}
	if mustMatch(t, m(), errorResponse(403, "CrossLocationLoggingProhibited", "Cross S3 location logging not allowed. ", extra, nil)) {
		t.Fatal("the table's spelling accepted where AWS sends another")
	}
	if mustMatch(t, m(), errorResponse(403, "CrossLocationLoggingProhibitted", "Cross S3 location logging not allowed.", extra, nil)) {
		t.Fatal("the message without AWS's trailing space accepted under the strict profile")
	}
}
