package judge

import (
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/beevik/etree"

	"github.com/s3errconform/s3errconform/harness/soap"
	"github.com/s3errconform/s3errconform/harness/targets"
	"github.com/s3errconform/s3errconform/harness/wire"
	"github.com/s3errconform/s3errconform/internal/hostile"
)

// soapSpecExamples are the SOAP documents of ../shared/spec/SOAP.md (the
// verbatim faults wrapped in the envelope SOAP 1.1 requires, and the
// request and response samples), with QName variants, as fuzz seeds.
var soapSpecExamples = []string{
	// SOAP.md §6, DG UsingSOAPError.md, in an envelope.
	`<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>
  <soapenv:Fault>
    <Faultcode>soapenv:Client.NoSuchKey</Faultcode>
    <Faultstring>The specified key does not exist.</Faultstring>
    <Detail>
      <Key>Fred</Key>
    </Detail>
  </soapenv:Fault>
</soapenv:Body></soapenv:Envelope>`,
	// SOAP.md §6, DG Redirects.md.
	`<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>
  <soapenv:Fault>
    <Faultcode>soapenv:Client.TemporaryRedirect</Faultcode>
    <Faultstring>Please re-send this request to the specified temporary endpoint.
    Continue to use the original request endpoint for future requests.</Faultstring>
    <Detail>
      <Bucket>images</Bucket>
      <Endpoint>s3-gztb4pa9sq.amazonaws.com</Endpoint>
    </Detail>
  </soapenv:Fault>
</soapenv:Body></soapenv:Envelope>`,
	// The bare Body of the documentation's example.
	`<soapenv:Body><soapenv:Fault><Faultcode>soapenv:Client.NoSuchKey</Faultcode></soapenv:Fault></soapenv:Body>`,
	// SOAP 1.1 names; an unbound prefix; the default namespace; xml:.
	`<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body><S:Fault><faultcode>S:Server.InternalError</faultcode><faultstring>We encountered an internal error. Please try again.</faultstring><detail/></S:Fault></S:Body></S:Envelope>`,
	`<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body><e:Fault><faultcode>nope:Client.NoSuchKey</faultcode></e:Fault></e:Body></e:Envelope>`,
	`<Envelope xmlns="http://schemas.xmlsoap.org/soap/envelope/"><Body><Fault xmlns:p=""><faultcode xmlns="urn:d">Client</faultcode><faultcode>p:x.y.z</faultcode><faultcode>xml:Client.A</faultcode></Fault></Body></Envelope>`,
	// SOAP.md §5: DeleteObject request and response, GetBucketLoggingStatus
	// (abridged), PutObjectInline's response with its broken entities.
	`<DeleteObject xmlns="http://doc.s3.amazonaws.com/2006-03-01">
  <Bucket>quotes</Bucket>
  <Key>Nelson</Key>
  <AWSAccessKeyId> AKIAIOSFODNN7EXAMPLE</AWSAccessKeyId>
  <Timestamp>2006-03-01T12:00:00.183Z</Timestamp>
  <Signature>Iuyz3d3P0aTou39dzbqaEXAMPLE=</Signature>
</DeleteObject>`,
	`<DeleteObjectResponse xmlns="http://s3.amazonaws.com/doc/2006-03-01">
  <DeleteObjectResponse>
    <Code>200</Code>
    <Description>OK</Description>
  </DeleteObjectResponse>
</DeleteObjectResponse>`,
	`<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><soap:Body><GetBucketLoggingStatus xmlns="http://doc.s3.amazonaws.com/2006-03-01"><Bucket>b</Bucket></GetBucketLoggingStatus></soap:Body></soap:Envelope>`,
	`<PutObjectInlineResponse xmlns="https://s3.amazonaws.com/doc/2006-03-01"><PutObjectInlineResponse><ETag>&quot828ef3fdfa96f00ad9f27c383fc9ac7f&quot</ETag><LastModified>2009-01-01T12:00:00.000Z</LastModified></PutObjectInlineResponse></PutObjectInlineResponse>`,
	"", "<html><body>Bad Request</body></html>",
}

// FuzzParseSOAPMessage: the SOAP parser and the fault matcher return for
// any body, and a fault's QName is resolved consistently: its parts
// rebuild the faultcode, and a bound prefix resolves to a declaration in
// scope.
func FuzzParseSOAPMessage(f *testing.F) {
	for _, s := range soapSpecExamples {
		f.Add([]byte(s))
	}
	f.Add(hostile.Body(hostile.SOAPHTML))
	f.Add(hostile.Body(hostile.BillionLaughs))
	f.Fuzz(func(t *testing.T, body []byte) {
		m, err := soap.ParseSOAPMessage(body)
		if err != nil {
			if msg := err.Error(); !utf8.ValidString(msg) || len(msg) > 1500 {
				t.Fatalf("error message (%d bytes) unbounded or not UTF-8: %.300q", len(msg), msg)
			}
		} else if f := m.Fault; f != nil && f.HasFaultcode {
			rebuilt := f.Local
			if f.Prefix != "" {
				rebuilt = f.Prefix + ":" + f.Local
			}
			if rebuilt != f.Faultcode {
				t.Fatalf("QName %q split into %q and %q", f.Faultcode, f.Prefix, f.Local)
			}
			if f.Dotted != strings.Contains(f.Local, ".") {
				t.Fatalf("Dotted %v for %q", f.Dotted, f.Local)
			}
			if f.Dotted && f.Class+"."+f.Code != f.Local {
				t.Fatalf("class %q and code %q do not rebuild %q", f.Class, f.Code, f.Local)
			}
			if f.PrefixBound && f.Prefix != "" && f.Prefix != "xml" && !declared(m, f.Prefix, f.CodeNamespace) {
				t.Fatalf("prefix %q said bound to %q, but no declaration in scope says so", f.Prefix, f.CodeNamespace)
			}
			if !f.PrefixBound && f.CodeNamespace != "" {
				t.Fatalf("unbound prefix %q resolved to %q", f.Prefix, f.CodeNamespace)
			}
		}
		r := &wire.Response{
			Exchange: &wire.Exchange{
				Method: http.MethodPost, URL: "https://s3.test/soap", Status: 500, Proto: "HTTP/1.1",
				RequestHeader:  http.Header{soap.ActionHeader: {`""`}},
				ResponseHeader: http.Header{"Content-Type": {"text/xml"}}, Body: body,
			},
			Request: wire.Request{Method: http.MethodPost, Bucket: "b", Key: "k"},
			Profile: targets.ProfileStrict,
		}
		matcher := HaveSOAPFault("NoSuchKey", Detail("Key", "k"))
		if _, err := matcher.Match(r); err != nil {
			t.Fatal(err)
		}
		if msg := matcher.FailureMessage(r); !utf8.ValidString(msg) {
			t.Fatalf("failure message is not UTF-8: %.300q", msg)
		}
		soap.Outcome(r)
	})
}

// declared reports whether some faultcode element of m's fault has an
// ancestor-or-self declaring xmlns:prefix="uri".
func declared(m *soap.SOAPMessage, prefix, uri string) bool {
	if m.Body == nil {
		return false
	}
	var found bool
	var walk func(*etree.Element)
	walk = func(el *etree.Element) {
		for e := el; e != nil; e = e.Parent() {
			for _, a := range e.Attr {
				if a.Space == "xmlns" && a.Key == prefix && a.Value == uri {
					found = true
				}
			}
		}
		for _, c := range el.ChildElements() {
			walk(c)
		}
	}
	walk(m.Body)
	return found
}
