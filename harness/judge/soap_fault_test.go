package judge

import (
	"strings"
	"testing"

	"github.com/s3errconform/s3errconform/harness/soap"
)

// fault is a synthetic SOAP fault response.
type fault struct {
	prefix string // envelope prefix; default soapenv
	// names of faultcode, faultstring, detail; default lowercase.
	names       [3]string
	faultAttrs  string // attributes of the Fault element, e.g. xmlns:x="..."
	faultcode   string
	faultstring string
	detail      string // detail children; "-" leaves detail out
}

const guideFaultstring = "The specified key does not exist."

func (f fault) String() string {
	p := f.prefix
	if p == "" {
		p = "soapenv"
	}
	n := f.names
	if n[0] == "" {
		n = [3]string{"faultcode", "faultstring", "detail"}
	}
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString("<" + p + `:Envelope xmlns:` + p + `="` + soap.SOAPEnvelopeNS + `">` + "\n  <" + p + ":Body>\n")
	b.WriteString("    <" + p + ":Fault" + f.faultAttrs + ">\n")
	b.WriteString("      <" + n[0] + ">" + f.faultcode + "</" + n[0] + ">\n")
	b.WriteString("      <" + n[1] + ">" + f.faultstring + "</" + n[1] + ">\n")
	if f.detail != "-" {
		b.WriteString("      <" + n[2] + ">" + f.detail + "</" + n[2] + ">\n")
	}
	b.WriteString("    </" + p + ":Fault>\n  </" + p + ":Body>\n</" + p + ":Envelope>\n")
	return b.String()
}

// guide is the S3 guide's example fault (SOAP.md §6), in SOAP 1.1's
// lowercase names.
var guide = fault{faultcode: "soapenv:Client.NoSuchKey", faultstring: guideFaultstring, detail: "<Key>Fred</Key>"}

func mustParseFault(t *testing.T, body string) *soap.SOAPFault {
	t.Helper()
	m, err := soap.ParseSOAPMessage([]byte(body))
	if err != nil {
		t.Fatalf("ParseSOAPMessage: %v", err)
	}
	if !m.IsEnvelope() || m.Fault == nil {
		t.Fatalf("not a fault envelope: %+v\n%s", m, body)
	}
	return m.Fault
}

func TestParseFaultLowercaseAndCapitalised(t *testing.T) {
	capitalised := guide
	capitalised.names = [3]string{"Faultcode", "Faultstring", "Detail"}
	for name, body := range map[string]string{"lowercase": guide.String(), "capitalised": capitalised.String()} {
		t.Run(name, func(t *testing.T) {
			f := mustParseFault(t, body)
			if f.Namespace != soap.SOAPEnvelopeNS || !f.HasFaultcode || f.Prefix != "soapenv" || f.Local != "Client.NoSuchKey" ||
				f.CodeNamespace != soap.SOAPEnvelopeNS || !f.PrefixBound || f.Class != "Client" || f.Code != "NoSuchKey" || !f.Dotted ||
				f.Faultstring != guideFaultstring || !f.HasDetail {
				t.Errorf("parsed %+v", f)
			}
			if key, ok := f.DetailValue("Key"); !ok || key != "Fred" {
				t.Errorf("detail Key %q %v", key, ok)
			}
		})
	}
}

func TestParseFaultOtherSpellingsAreNotFaultElements(t *testing.T) {
	f := mustParseFault(t, fault{names: [3]string{"FAULTCODE", "FaultString", "DETAIL"}, faultcode: "soapenv:Client.NoSuchKey", faultstring: "x", detail: "<Key>k</Key>"}.String())
	if f.HasFaultcode || f.HasFaultstring || f.HasDetail {
		t.Errorf("accepted spellings other than SOAP 1.1's and the guide's: %+v", f)
	}
}

func TestFaultcodePrefixResolution(t *testing.T) {
	for _, c := range []struct {
		name    string
		body    string
		wantNS  string
		bound   bool
		wantPfx string
	}{
		{"any prefix bound to the envelope namespace", fault{prefix: "S", faultcode: "S:Client.NoSuchKey"}.String(), soap.SOAPEnvelopeNS, true, "S"},
		{"prefix declared on the Fault", fault{faultAttrs: ` xmlns:e="` + soap.SOAPEnvelopeNS + `"`, faultcode: "e:Client.NoSuchKey"}.String(), soap.SOAPEnvelopeNS, true, "e"},
		{"prefix declared on faultcode itself",
			strings.Replace(fault{faultcode: "q:Client.NoSuchKey"}.String(), "<faultcode>", `<faultcode xmlns:q="`+soap.SOAPEnvelopeNS+`">`, 1), soap.SOAPEnvelopeNS, true, "q"},
		{"unbound prefix", fault{faultcode: "soap:Client.NoSuchKey"}.String(), "", false, "soap"},
		{"prefix bound to SOAP 1.2", fault{faultAttrs: ` xmlns:soap="http://www.w3.org/2003/05/soap-envelope"`, faultcode: "soap:Client.NoSuchKey"}.String(),
			"http://www.w3.org/2003/05/soap-envelope", true, "soap"},
		{"inner declaration shadows the outer", fault{faultAttrs: ` xmlns:soapenv="urn:other"`, faultcode: "soapenv:Client.NoSuchKey"}.String(), "urn:other", true, "soapenv"},
		{"no prefix, no default namespace", fault{faultcode: "Client.NoSuchKey"}.String(), "", true, ""},
		{"no prefix, default namespace is the envelope's", fault{faultAttrs: ` xmlns="` + soap.SOAPEnvelopeNS + `"`, faultcode: "Client.NoSuchKey"}.String(), soap.SOAPEnvelopeNS, true, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := mustParseFault(t, c.body)
			if f.CodeNamespace != c.wantNS || f.PrefixBound != c.bound || f.Prefix != c.wantPfx {
				t.Errorf("prefix %q resolved to %q (bound %v), want %q (bound %v)", f.Prefix, f.CodeNamespace, f.PrefixBound, c.wantNS, c.bound)
			}
		})
	}
}

func TestFaultcodeClassCodeSplit(t *testing.T) {
	for _, c := range []struct{ faultcode, class, code string }{
		{"soapenv:Client.NoSuchKey", "Client", "NoSuchKey"},
		{"soapenv:Server.InternalError", "Server", "InternalError"},
		{"soapenv:Client.Some.Dotted", "Client", "Some.Dotted"},
		{"soapenv:NoSuchKey", "", "NoSuchKey"},
		{"soapenv:Client", "Client", ""},
		{"Client:NoSuchKey", "", "NoSuchKey"},
		{"  soapenv:Client.NoSuchKey\n ", "Client", "NoSuchKey"},
	} {
		f := mustParseFault(t, fault{faultcode: c.faultcode}.String())
		if f.Class != c.class || f.Code != c.code || f.Dotted != strings.Contains(c.faultcode, ".") {
			t.Errorf("%q: class %q code %q dotted %v, want %q %q", c.faultcode, f.Class, f.Code, f.Dotted, c.class, c.code)
		}
	}
}

func TestParseNonEnvelopes(t *testing.T) {
	for name, body := range map[string]string{
		"empty": "  \n",
		"HTML":  "<html><head><title>500</title></head><body><p>oops<br></body></html>",
		"text":  "Internal Server Error",
	} {
		if _, err := soap.ParseSOAPMessage([]byte(body)); err == nil {
			t.Errorf("%s body parsed as XML", name)
		}
	}
	for name, body := range map[string]string{
		"REST error":      `<Error><Code>NoSuchKey</Code></Error>`,
		"bare Fault":      `<soapenv:Fault xmlns:soapenv="` + soap.SOAPEnvelopeNS + `"><faultcode>soapenv:Client.NoSuchKey</faultcode></soapenv:Fault>`,
		"SOAP 1.2":        `<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body/></e:Envelope>`,
		"no Body":         `<e:Envelope xmlns:e="` + soap.SOAPEnvelopeNS + `"><e:Header/></e:Envelope>`,
		"unprefixed Body": `<e:Envelope xmlns:e="` + soap.SOAPEnvelopeNS + `"><Body/></e:Envelope>`,
	} {
		m, err := soap.ParseSOAPMessage([]byte(body))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if m.IsEnvelope() {
			t.Errorf("%s taken for a SOAP 1.1 envelope", name)
		}
	}
}

func TestParseSuccessPayload(t *testing.T) {
	body := `<S:Envelope xmlns:S="` + soap.SOAPEnvelopeNS + `"><S:Header/><S:Body><ListBucketResponse xmlns="` + soap.S3SOAPNS + `"><ListBucketResponse/></ListBucketResponse></S:Body></S:Envelope>`
	m, err := soap.ParseSOAPMessage([]byte(body))
	if err != nil || !m.IsEnvelope() || m.Fault != nil || m.Payload == nil || m.Payload.Tag != "ListBucketResponse" {
		t.Fatalf("%+v %v", m, err)
	}
}
