package judge

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/beevik/etree"

	"github.com/s3errconform/s3errconform/harness/soap"
	"github.com/s3errconform/s3errconform/harness/targets"
	"github.com/s3errconform/s3errconform/harness/wire"
)

// The S3 guide's example string to sign (SOAP.md §4), signed with the AWS
// documentation's example secret; the value was computed by hand with
// `printf 'AmazonS3CreateBucket2009-01-01T12:00:00.000Z' | openssl dgst
// -sha1 -hmac "$SECRET" -binary | base64`.
func TestSOAPSignatureAgainstHandComputedValue(t *testing.T) {
	got := soap.SOAPSignature("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "CreateBucket", "2009-01-01T12:00:00.000Z")
	if want := "shOMhz4+xPT5ndHZSiRHcrBi/Jc="; got != want {
		t.Errorf("SOAPSignature = %q, want %q", got, want)
	}
}

func TestBuildSOAPEnvelopeSigned(t *testing.T) {
	at := time.Date(2009, 1, 1, 12, 0, 0, 0, time.UTC)
	body := soap.BuildSOAPEnvelope("CreateBucket", []soap.SOAPField{{Name: "Bucket", Value: "quotes & <more>"}},
		&soap.SOAPSecurity{AccessKey: "AKIAIOSFODNN7EXAMPLE", SecretKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", Time: at})
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(body); err != nil {
		t.Fatalf("envelope is not XML: %v\n%s", err, body)
	}
	if !strings.HasPrefix(string(body), `<?xml version="1.0" encoding="UTF-8"?>`) {
		t.Errorf("no XML declaration: %s", body)
	}
	env := doc.Root()
	if env.Tag != "Envelope" || env.NamespaceURI() != soap.SOAPEnvelopeNS {
		t.Fatalf("root <%s> in %q", env.FullTag(), env.NamespaceURI())
	}
	b := env.ChildElements()
	if len(b) != 1 || b[0].Tag != "Body" || b[0].NamespaceURI() != soap.SOAPEnvelopeNS {
		t.Fatalf("envelope children %v", b)
	}
	ops := b[0].ChildElements()
	if len(ops) != 1 || ops[0].Tag != "CreateBucket" || ops[0].NamespaceURI() != soap.S3SOAPNS {
		t.Fatalf("body children: %s", body)
	}
	var names, values []string
	for _, el := range ops[0].ChildElements() {
		names = append(names, el.Tag)
		values = append(values, el.Text())
	}
	if got := strings.Join(names, ","); got != "Bucket,AWSAccessKeyId,Timestamp,Signature" {
		t.Errorf("operation children %s, want the fields then the authorization elements", got)
	}
	want := []string{"quotes & <more>", "AKIAIOSFODNN7EXAMPLE", "2009-01-01T12:00:00.000Z", "shOMhz4+xPT5ndHZSiRHcrBi/Jc="}
	if strings.Join(values, "|") != strings.Join(want, "|") {
		t.Errorf("values %q, want %q", values, want)
	}
}

func TestBuildSOAPEnvelopeAnonymousAndNested(t *testing.T) {
	body := string(soap.BuildSOAPEnvelope("PutObjectInline", []soap.SOAPField{
		{Name: "Bucket", Value: "b"},
		{Name: "Metadata", Children: []soap.SOAPField{{Name: "Name", Value: "Content-Type"}, {Name: "Value", Value: "text/plain"}}},
	}, nil))
	for _, absent := range []string{"AWSAccessKeyId", "Timestamp", "Signature"} {
		if strings.Contains(body, absent) {
			t.Errorf("anonymous envelope has %s: %s", absent, body)
		}
	}
	if !strings.Contains(body, "<Metadata><Name>Content-Type</Name><Value>text/plain</Value></Metadata>") {
		t.Errorf("nested fields not written: %s", body)
	}
}

func TestSOAPTimestampHasMilliseconds(t *testing.T) {
	at := time.Date(2024, 5, 6, 7, 8, 9, 123456789, time.FixedZone("x", 3600))
	body := string(soap.BuildSOAPEnvelope("ListAllMyBuckets", nil, &soap.SOAPSecurity{AccessKey: "a", SecretKey: "s", Time: at}))
	if !strings.Contains(body, "<Timestamp>2024-05-06T06:08:09.123Z</Timestamp>") {
		t.Errorf("timestamp not UTC with millisecond precision: %s", body)
	}
	if sig := soap.SOAPSignature("s", "ListAllMyBuckets", "2024-05-06T06:08:09.123Z"); !strings.Contains(body, "<Signature>"+sig+"</Signature>") {
		t.Errorf("signature does not cover the Timestamp text: %s", body)
	}
}

func TestMalformedBodies(t *testing.T) {
	if err := etree.NewDocument().ReadFromBytes(soap.MalformedSOAPEnvelope()); err == nil {
		t.Error("MalformedSOAPEnvelope parses as XML")
	}
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(soap.SOAPOperationWithoutEnvelope()); err != nil || doc.Root().Tag != "ListAllMyBuckets" {
		t.Errorf("SOAPOperationWithoutEnvelope: %v", err)
	}
}

func TestSOAPSignatureIsRedactedInExchanges(t *testing.T) {
	body := soap.BuildSOAPEnvelope("ListAllMyBuckets", nil, &soap.SOAPSecurity{AccessKey: "AKIAEXAMPLE", SecretKey: "secret-key-example", Time: time.Now()})
	sig := soap.SOAPSignature("secret-key-example", "ListAllMyBuckets", strings.Split(strings.Split(string(body), "<Timestamp>")[1], "<")[0])
	x := &wire.Exchange{Method: "POST", URL: "https://h/soap", RequestBody: body}
	shown := x.String()
	if strings.Contains(shown, sig) || !strings.Contains(shown, "<Signature>"+wire.Redacted+"</Signature>") {
		t.Errorf("signature not redacted:\n%s", shown)
	}
}

func TestSOAPPlainHTTPURL(t *testing.T) {
	for _, c := range []struct{ soapURL, plainField, want, whyNot string }{
		{"", "", "", "target declares no SOAP endpoint"},
		{"https://s3.example.test/soap", "", "http://s3.example.test/soap", ""},
		{"http://s3.example.test:8080/soap", "", "http://s3.example.test:8080/soap", ""},
		{"https://s3.example.test:8443/soap", "", "", "explicit port"},
		{"https://s3.example.test:8443/soap", "http://s3.example.test:8080/soap", "http://s3.example.test:8080/soap", ""},
	} {
		got, why := soap.SOAPPlainHTTPURL(&targets.Target{SOAPURL: c.soapURL, SOAPPlainHTTPURL: c.plainField})
		if got != c.want || (c.whyNot == "") != (why == "") || !strings.Contains(why, c.whyNot) {
			t.Errorf("%q/%q: got %q (%q), want %q (%q)", c.soapURL, c.plainField, got, why, c.want, c.whyNot)
		}
	}
}

func TestSOAPRepro(t *testing.T) {
	r := soapResponse(500, guide.String(), targets.ProfileStrict)
	line, _ := soap.Repro(r)
	for _, want := range []string{"curl -sS -i -X POST", `'SOAPAction: ""'`, "<Signature>" + wire.Redacted + "</Signature>", "https://127.0.0.1:8443/soap", "sign it again"} {
		if !strings.Contains(line, want) {
			t.Errorf("repro lacks %q: %s", want, line)
		}
	}
	r.RequestBody = soap.MalformedSOAPEnvelope()
	if strings.Contains(r.Repro(), "sign it again") {
		t.Error("an unsigned body is told to be signed again")
	}
	if _, ok := soap.Repro(&wire.Response{Exchange: &wire.Exchange{URL: "http://h/b", RequestHeader: http.Header{}}}); ok {
		t.Error("a REST exchange taken for SOAP")
	}
	// No curl line quotes a binary DIME message or a body over 64 KiB.
	r.RequestBody = soap.BuildSOAPEnvelope("PutObjectInline", []soap.SOAPField{{Name: "Data", Value: strings.Repeat("A", 1<<20)}}, nil)
	if _, ok := soap.Repro(r); ok {
		t.Error("a curl line quotes a 1 MiB body")
	}
	r.RequestBody = soap.EncodeDIME(soap.MalformedSOAPEnvelope(), []byte("data"))
	r.RequestHeader.Set("Content-Type", soap.DIMEContentType)
	if _, ok := soap.Repro(r); ok {
		t.Error("a curl line quotes a DIME message")
	}
}
