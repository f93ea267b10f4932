package judge

import (
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/s3errconform/s3errconform/harness/targets"
	"github.com/s3errconform/s3errconform/harness/wire"
	"github.com/s3errconform/s3errconform/internal/hostile"
)

// restSpecExamples are the REST error documents of ../shared/spec/REST.md
// and variants S3 and compatible servers send, as fuzz seeds.
var restSpecExamples = []string{
	// REST.md §2, the documentation's sample, verbatim.
	`<?xml version="1.0" encoding="UTF-8"?>
<Error>
  <Code>NoSuchKey</Code>
  <Message>The resource you requested does not exist</Message>
  <Resource>/mybucket/myfoto.jpg</Resource>
  <RequestId>4442587FB7D0A2F9</RequestId>
</Error>`,
	`<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message><BucketName>mybucket</BucketName><RequestId>4442587FB7D0A2F9</RequestId><HostId>Uuag1LuByRx9e6j5Onimru9pO4ZVKnJ2Qz7/C1NPcfTWAtRPfTaOFg==</HostId></Error>`,
	`<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided.</Message><AWSAccessKeyId>AKIAIOSFODNN7EXAMPLE</AWSAccessKeyId><StringToSign>AWS4-HMAC-SHA256</StringToSign><SignatureProvided>deadbeef</SignatureProvided><RequestId>R</RequestId></Error>`,
	`<Error><Code>MethodNotAllowed</Code><Message>The specified method is not allowed against this resource.</Message><Method>POST</Method><ResourceType>OBJECT</ResourceType><RequestId>R</RequestId></Error>`,
	`<Error xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Code>NoSuchKey</Code><Key>a/b</Key></Error>`,
	"", " \n", "Not Found", `{"Code":"NoSuchKey"}`, "<Error><Code>NoSuchKey</Code><Mess",
	"<a:Error xmlns:a='urn:x'><a:Code>X</a:Code></a:Error>",
	"<Error/><Error/>", "\xef\xbb\xbf<Error><Code>A</Code></Error>",
	// The parser's own messages quote names from the body: without
	// xmlProblem these gave a 10 kB message and one that is not UTF-8.
	"<Error>&" + strings.Repeat("x", 10000) + ";</Error>", "<Error>&\x80 </Error>",
}

// FuzzParseErrorBody: whatever a server sends, the parser and the matcher
// judging it return (no panic), say why in bounded, printable text, and a
// parsed body is self-consistent.
func FuzzParseErrorBody(f *testing.F) {
	for _, s := range restSpecExamples {
		f.Add([]byte(s))
	}
	for _, m := range []hostile.Misbehaviour{hostile.BillionLaughs, hostile.ExternalEntity, hostile.HTMLErrorPage, hostile.SOAPHTML} {
		f.Add(hostile.Body(m))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		b, err := wire.ParseErrorBody(body)
		if err != nil {
			msg := err.Error()
			if !utf8.ValidString(msg) || len(msg) > 1500 || !strings.HasPrefix(msg, "body ") {
				t.Fatalf("error message (%d bytes) is unbounded, not UTF-8 or unclear: %.300q", len(msg), msg)
			}
		} else {
			if b.Root == "" || b.Elements == nil {
				t.Fatalf("parsed without a root: %+v", b)
			}
			if b.Code != b.Element("Code") || b.Message != b.Element("Message") || b.RequestID != b.Element("RequestId") {
				t.Fatalf("named fields disagree with Elements: %+v", b)
			}
			for name := range b.Elements {
				if name == "" {
					t.Fatalf("an element without a name: %+v", b)
				}
			}
		}
		// The whole path a response takes to a report.
		r := &wire.Response{
			Exchange: &wire.Exchange{
				Method: http.MethodGet, URL: "http://s3.test/b/k", Status: 404, Proto: "HTTP/1.1",
				ResponseHeader: http.Header{"Content-Type": {"application/xml"}, "X-Amz-Request-Id": {"R"}, "X-Amz-Id-2": {"H"}},
				Body:           body,
			},
			Request: wire.Request{Method: http.MethodGet, Bucket: "b", Key: "k"},
			Profile: targets.ProfileStrict,
		}
		m := HaveS3Error("NoSuchKey", Element("Key", "k"))
		if _, err := match(m, r); err != nil {
			t.Fatal(err)
		}
		failure := m.FailureMessage(r)
		if !utf8.ValidString(failure) {
			t.Fatalf("failure message is not UTF-8: %.300q", failure)
		}
		for _, v := range verdictsOf(r) {
			if len(v.Observed) > 3000 {
				t.Fatalf("verdict %s observes %d bytes", v.Field, len(v.Observed))
			}
		}
	})
}
