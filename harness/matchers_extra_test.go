package harness

import (
	"net/http"
	"testing"


	"github.com/s3errconform/s3errconform/harness/targets"
)

func errorResponse(status int, code, message string, extra string, header http.Header) *Response {
	h := http.Header{"X-Amz-Request-Id": {"REQ1"}, "X-Amz-Id-2": {"HOST1"}, "Content-Type": {"application/xml"}}
	for n, v := range header {
		h[n] = v
	}
	body := `<?xml version="1.0" encoding="UTF-8"?><Error><Code>` + code + `</Code>`
	if message != "-" {
		body += `<Message>` + message + `</Message>`
	}
	body += extra + `<RequestId>REQ1</RequestId><HostId>HOST1</HostId></Error>`
	return &Response{Exchange: &Exchange{Method: http.MethodGet, Status: status, ResponseHeader: h, Body: []byte(body)},
		Request: Request{Method: http.MethodGet, Bucket: "bkt"}, Profile: targets.ProfileStrict}
}

func match(t *testing.T, m interface {
	Match(any) (bool, error)
}, r *Response) bool {
	t.Helper()
	ok, err := m.Match(r)
	if err != nil {
		t.Fatal(err)
	}
	return ok
}

func TestHaveS3ErrorWorded(t *testing.T) {
	expired := errorResponse(403, "AccessDenied", "Request has expired", "<Expires>x</Expires>", nil)
	if match(t, HaveS3Error("AccessDenied"), expired) {
		t.Fatal("the strict matcher accepts a message other than the catalog's wire text")
	}
	if !match(t, HaveS3ErrorWorded("AccessDenied", WordedForCase, ElementPresent("Expires")), expired) {
		t.Fatalf("worded matcher rejects AWS's case wording: %v", expired.Verdicts)
	}
	if match(t, HaveS3ErrorWorded("AccessDenied", WordedForCase), errorResponse(403, "AccessDenied", "", "", nil)) {
		t.Fatal("an empty message passes WordedForCase")
	}
	empty := errorResponse(400, "InvalidArgument", "", "<ArgumentName>x-amz-acl</ArgumentName>", nil)
	if match(t, HaveS3Error("InvalidArgument"), empty) {
		t.Fatal("the plain matcher accepts an empty InvalidArgument message")
	}
	if !match(t, HaveS3ErrorWorded("InvalidArgument", MessageMayBeEmpty, Element("ArgumentName", "x-amz-acl")), empty) {
		t.Fatal("MessageMayBeEmpty rejects an empty message")
	}
	if match(t, HaveS3ErrorWorded("InvalidArgument", MessageMayBeEmpty), errorResponse(400, "InvalidArgument", "-", "", nil)) {
		t.Fatal("MessageMayBeEmpty accepts a body without <Message>")
	}
	if match(t, HaveS3ErrorWorded("AccessDenied", WordedForCase), errorResponse(400, "AccessDenied", "Request has expired", "", nil)) {
		t.Fatal("the worded matcher ignores the status")
	}
}

func TestHaveS3ErrorAndHeaders(t *testing.T) {
	r := errorResponse(405, "MethodNotAllowed", "The specified method is not allowed against this resource.",
		"<Method>POST</Method><ResourceType>SERVICE</ResourceType>", http.Header{"Allow": {"GET"}})
	if !match(t, HaveS3ErrorAndHeaders("MethodNotAllowed", []HeaderExpectation{Header("Allow", "GET")}, Element("Method", "POST")), r) {
		t.Fatalf("verdicts %v", r.Verdicts)
	}
	if match(t, HaveS3ErrorAndHeaders("MethodNotAllowed", []HeaderExpectation{Header("Allow", "PUT")}), r) {
		t.Fatal("wrong Allow value accepted")
	}
	r.ResponseHeader.Del("Allow")
	if match(t, HaveS3ErrorAndHeaders("MethodNotAllowed", []HeaderExpectation{HeaderPresent("Allow")}), r) {
		t.Fatal("missing Allow accepted")
	}
}

func TestHaveS3ErrorOrSuperseded(t *testing.T) {
	s := Superseded{Status: 200, Root: "ServerSideEncryptionConfiguration", Why: "SSE-S3 by default"}
	m := func() interface{ Match(any) (bool, error) } {
		return HaveS3ErrorOrSuperseded(s, "ServerSideEncryptionConfigurationNotFoundError")
	}
	ok := &Response{Exchange: &Exchange{Method: "GET", Status: 200, ResponseHeader: http.Header{},
		Body: []byte(`<ServerSideEncryptionConfiguration><Rule/></ServerSideEncryptionConfiguration>`)}, Profile: targets.ProfileStrict}
	if !match(t, m(), ok) {
		t.Fatalf("default encryption rejected: %v", ok.Verdicts)
	}
	other := &Response{Exchange: &Exchange{Method: "GET", Status: 200, ResponseHeader: http.Header{}, Body: []byte(`<ListBucketResult/>`)}}
	if match(t, m(), other) {
		t.Fatal("a listing passes for the encryption default")
	}
	// The wire correction: 404 passes, the table's 400 does not.
	msg := "The server side encryption configuration was not found"
	if !match(t, m(), errorResponse(404, "ServerSideEncryptionConfigurationNotFoundError", msg, "", nil)) {
		t.Fatal("404 rejected")
	}
	if match(t, m(), errorResponse(400, "ServerSideEncryptionConfigurationNotFoundError", msg, "", nil)) {
		t.Fatal("the table's 400 accepted")
	}
}

