package judge

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/beevik/etree"
	"github.com/onsi/gomega/types"

	"github.com/s3errconform/s3errconform/catalog"
	"github.com/s3errconform/s3errconform/harness/check"
	"github.com/s3errconform/s3errconform/harness/soap"
	"github.com/s3errconform/s3errconform/harness/targets"
	"github.com/s3errconform/s3errconform/harness/wire"
)

// SOAPDetailExpectation is a child of a fault's Detail a check requires.
type SOAPDetailExpectation struct {
	// Names are the element names accepted; more than one where the SOAP
	// name is not documented and the check accepts the known candidates.
	Names []string
	// Value is compared exactly unless AnyValue is set.
	Value    string
	AnyValue bool
}

// Detail requires Detail child name with exactly value.
func Detail(name, value string) SOAPDetailExpectation {
	return SOAPDetailExpectation{Names: []string{name}, Value: value}
}

// DetailNaming requires a Detail child called one of names with exactly
// value, e.g. the bucket of a NoSuchBucket fault as BucketName (its REST
// element) or Bucket (the element of the guide's SOAP redirect fault).
func DetailNaming(value string, names ...string) SOAPDetailExpectation {
	return SOAPDetailExpectation{Names: names, Value: value}
}

// HaveSOAPFault succeeds when a response is the SOAP fault of S3 error code
// as SOAP.md §6 and the catalog define it: HTTP 500; a SOAP 1.1 envelope; a
// faultcode whose prefix is bound to the envelope namespace, whose local part
// is the catalog's fault class "." the code; a faultstring (exact in the
// strict profile where the catalog knows the wire text, else non-empty); and
// the Detail children given. Codes the AWS table gives no SOAP fault class
// (N/A) cannot be SOAP expectations: naming one panics.
func HaveSOAPFault(code string, details ...SOAPDetailExpectation) types.GomegaMatcher {
	entry := catalog.MustLookup(code)
	if entry.FaultClass == "" {
		panic(fmt.Sprintf("harness: %s has no SOAP fault class in the catalog (N/A in the AWS table), so it cannot be a SOAP expectation", code))
	}
	return &responseMatcher{
		code:  code,
		title: fmt.Sprintf("SOAP fault %s.%s", entry.FaultClass, code),
		judge: func(r *wire.Response) []check.Verdict { return judgeSOAPFault(r, entry.FaultClass, &entry, details) },
	}
}

// HaveSOAPFaultOfClass succeeds when a response is a well-formed SOAP fault
// of class with some S3 code, for requests whose code S3 does not document:
// the code it carries is reported, not judged.
func HaveSOAPFaultOfClass(class catalog.FaultClass) types.GomegaMatcher {
	return &responseMatcher{
		title: fmt.Sprintf("a SOAP fault of class %s", class),
		judge: func(r *wire.Response) []check.Verdict { return judgeSOAPFault(r, class, nil, nil) },
	}
}

// HaveSOAPSignatureMismatch is HaveSOAPFault("SignatureDoesNotMatch")
// that also requires the Detail children a real S3 fault carried (SOAP.md
// §6, captured faults): StringToSign equal to "AmazonS3" + operation +
// Timestamp as the request sent them, and SignatureProvided equal to the
// Signature it sent. Neither signature is ever shown.
func HaveSOAPSignatureMismatch() types.GomegaMatcher {
	entry := catalog.MustLookup("SignatureDoesNotMatch")
	return &responseMatcher{
		code:  entry.Code,
		title: fmt.Sprintf("SOAP fault %s.%s", entry.FaultClass, entry.Code),
		judge: func(r *wire.Response) []check.Verdict {
			vs := judgeSOAPFault(r, entry.FaultClass, &entry, nil)
			m, err := soap.ParseSOAPMessage(r.Body)
			if err != nil || m.Fault == nil {
				return vs // judgeSOAPFault failed the envelope or the fault already
			}
			op, timestamp, signature, sent := soap.SentAuth(r.RequestBody)
			toSign := check.Verdict{Field: "detail StringToSign", Expected: fmt.Sprintf("%q", "AmazonS3"+op+timestamp)}
			provided := check.Verdict{Field: "detail SignatureProvided", Expected: "the Signature the request carried (not shown)"}
			if !sent {
				toSign.Expected = `"AmazonS3" + operation + Timestamp`
				toSign.Note = "the request's Timestamp and Signature could not be read back, so not compared"
			}
			got, has := m.Fault.DetailValue("StringToSign")
			switch {
			case !has:
				toSign.Observed = "absent"
			case !sent:
				toSign.Observed, toSign.Pass = fmt.Sprintf("%q", got), got != ""
			default:
				toSign.Observed, toSign.Pass = fmt.Sprintf("%q", got), got == "AmazonS3"+op+timestamp
			}
			got, has = m.Fault.DetailValue("SignatureProvided")
			switch {
			case !has:
				provided.Observed = "absent"
			case !sent:
				provided.Observed, provided.Pass = "present (not shown)", got != ""
				provided.Note = "the request's Signature could not be read back, so not compared"
			case got == signature:
				provided.Observed, provided.Pass = "the Signature the request carried (not shown)", true
			default:
				provided.Observed = "another value (not shown)"
				provided.Note = "SECURITY: if it is the signature the server expected, the server hands out a valid signature for this request to anyone who sends a wrong one"
			}
			return append(vs, toSign, provided)
		},
	}
}

// RefuseSOAPOverHTTP succeeds when a SOAP request sent over plain HTTP is
// answered with the Client.InvalidRequest fault, as S3 does (SOAP.md §3).
// The compatible profile reports whatever came back without failing on it
// (spec README decision 5).
func RefuseSOAPOverHTTP() types.GomegaMatcher {
	inner := HaveSOAPFault("InvalidRequest").(*responseMatcher)
	return &reportedInCompatible{
		responseMatcher: inner,
		note:            "compatible profile: SOAP over plain HTTP is reported, not judged (spec README decision 5)",
	}
}

// HaveNoSOAPFault succeeds when a response is the success of a SOAP
// operation: HTTP 200, a SOAP 1.1 envelope with no Fault, and the
// operation's response element (<Operation>Response) first in the Body. For
// DeleteObject and DeleteBucket it also requires the nested Status Code:
// 200, as the SOAPDeleteObject page's sample shows, or 204, as a captured
// DeleteBucket success carried (SOAP.md §5, §6).
func HaveNoSOAPFault(operation string) types.GomegaMatcher {
	return &responseMatcher{
		title: "SOAP " + operation + " success",
		judge: func(r *wire.Response) []check.Verdict { return judgeSOAPSuccess(r, operation) },
	}
}

// reportedInCompatible turns a failing judgement into a reported one when
// the response was judged by the compatible profile.
type reportedInCompatible struct {
	*responseMatcher
	note string
}

func (m *reportedInCompatible) Match(actual any) (bool, error) {
	ok, err := m.responseMatcher.Match(actual)
	r, isResponse := actual.(*wire.Response)
	if err != nil || ok || !isResponse || r.Profile != targets.ProfileCompatible {
		return ok, err
	}
	for i := range m.verdicts {
		if !m.verdicts[i].Pass {
			m.verdicts[i].Pass, m.verdicts[i].Note = true, m.note
		}
	}
	return true, nil
}

// s3ResponseNamespaces are the namespaces S3's SOAP response elements are
// shown in: the schema's (WSDL targetNamespace) and the variants of the
// documentation's samples (SOAP.md §2).
var s3ResponseNamespaces = []string{
	soap.S3SOAPNS,
	"http://s3.amazonaws.com/doc/2006-03-01",
	"https://s3.amazonaws.com/doc/2006-03-01",
	"https://s3.amazonaws.com/doc/2006-03-01/",
}

// soapFaultstringIsExact applies spec README decision 1 to faultstrings: a
// strict profile compares the catalog's text where it is known on the wire,
// except where the catalog records that the SOAP faultstring of the code is
// unknown (NoSuchBucket's notes), since SOAP.md §6 leaves open whether the
// faultstring equals the REST Message.
func soapFaultstringIsExact(e catalog.Entry) bool {
	return e.MessageIsExact() && !strings.Contains(strings.ToLower(e.Notes), "soap faultstring for this code: unknown")
}

const envelopeExpectation = "a SOAP 1.1 <Envelope> (namespace " + soap.SOAPEnvelopeNS + ") with a <Body>"

// envelopeVerdict parses the body and judges that it is a SOAP envelope.
func envelopeVerdict(r *wire.Response) (*soap.SOAPMessage, check.Verdict) {
	v := check.Verdict{Field: "envelope", Expected: envelopeExpectation}
	m, err := soap.ParseSOAPMessage(r.Body)
	switch {
	case err != nil:
		v.Observed = err.Error()
	case m.RootLocal != "Envelope":
		v.Observed = fmt.Sprintf("<%s> (namespace %q), not a SOAP envelope", m.Root, m.RootNamespace)
	case m.RootNamespace != soap.SOAPEnvelopeNS:
		v.Observed = fmt.Sprintf("<%s> in namespace %q", m.Root, m.RootNamespace)
	case m.Body == nil:
		v.Observed = fmt.Sprintf("<%s> without a Body in its namespace", m.Root)
	default:
		v.Observed = fmt.Sprintf("<%s> with a Body", m.Root)
		v.Pass = true
	}
	return m, v
}

// describeBody names what a Body holds, for a verdict's observation.
func describeBody(m *soap.SOAPMessage) string {
	switch {
	case m.Fault != nil:
		return fmt.Sprintf("a Fault with faultcode %q, faultstring %q", m.Fault.Faultcode, m.Fault.Faultstring)
	case m.Payload != nil:
		return fmt.Sprintf("<%s> (namespace %q)", m.Payload.FullTag(), m.Payload.NamespaceURI())
	}
	return "an empty Body"
}

// judgeSOAPFault judges a fault of class; entry is the expected code's
// catalog entry, or nil when any code is accepted and reported.
func judgeSOAPFault(r *wire.Response, class catalog.FaultClass, entry *catalog.Entry, details []SOAPDetailExpectation) []check.Verdict {
	vs := []check.Verdict{statusVerdict(r, http.StatusInternalServerError)}
	m, env := envelopeVerdict(r)
	vs = append(vs, env)
	if !env.Pass {
		return vs
	}
	fault := check.Verdict{Field: "fault", Expected: "a <Fault> in the envelope namespace, in the Body"}
	f := m.Fault
	switch {
	case f == nil:
		fault.Observed = "no Fault; the Body holds " + describeBody(m)
		return append(vs, fault)
	case f.Namespace != soap.SOAPEnvelopeNS:
		fault.Observed = fmt.Sprintf("a Fault in namespace %q", f.Namespace)
	default:
		fault.Observed = fmt.Sprintf("a Fault with %s", strings.Join(f.Names, ", "))
		fault.Pass = true
	}
	vs = append(vs, fault)
	wantCode := "<code>"
	if entry != nil {
		wantCode = entry.Code
	}
	vs = append(vs,
		faultcodeNamespaceVerdict(f, r.Profile),
		check.Verdict{Field: "fault class", Expected: fmt.Sprintf("%q (catalog soap_fault_prefix)", class), Observed: quoteOrNone(f.HasFaultcode, f.Class), Pass: f.Class == string(class)},
		check.Verdict{
			Field: "faultcode composition", Expected: fmt.Sprintf("class \".\" code, i.e. %s.%s", class, wantCode),
			Observed: quoteOrNone(f.HasFaultcode, f.Local), Pass: f.Dotted && f.Class != "" && f.Code != "",
		},
		faultCodeVerdict(f, entry),
		faultstringVerdict(r.Profile, entry, f),
	)
	for _, d := range details {
		vs = append(vs, detailVerdict(f, d))
	}
	return vs
}

func quoteOrNone(present bool, s string) string {
	if !present {
		return "no faultcode element"
	}
	if s == "" {
		return "none"
	}
	return fmt.Sprintf("%q", s)
}

// faultcodeNamespaceVerdict: the faultcode is a QName whose prefix must
// resolve, through the declarations in scope, to the SOAP 1.1 envelope
// namespace, whatever the prefix is (spec README decision 4). The one
// capture of real S3 faults shows a prefix of unrecorded binding (SOAP.md
// §6), so the compatible profile reports a faultcode resolving to another
// namespace without failing on it. A prefix bound to nothing fails in both
// profiles: the faultcode is then no QName at all (XML Namespaces 1.0,
// "Prefix Declared"), which no SOAP client can resolve.
func faultcodeNamespaceVerdict(f *soap.SOAPFault, profile string) check.Verdict {
	v := check.Verdict{Field: "faultcode namespace", Expected: "a QName whose prefix is bound to " + soap.SOAPEnvelopeNS}
	switch {
	case !f.HasFaultcode:
		v.Observed = "no faultcode element; the Fault has " + strings.Join(f.Names, ", ")
		return v
	case f.Prefix == "":
		v.Observed = fmt.Sprintf("%q has no prefix; the default namespace in scope is %q", f.Faultcode, f.CodeNamespace)
	case !f.PrefixBound:
		v.Observed = fmt.Sprintf("%q: prefix %q is not bound to any namespace", f.Faultcode, f.Prefix)
		return v
	default:
		v.Observed = fmt.Sprintf("%q: prefix %q is bound to %q", f.Faultcode, f.Prefix, f.CodeNamespace)
	}
	v.Pass = f.CodeNamespace == soap.SOAPEnvelopeNS
	if !v.Pass && profile == targets.ProfileCompatible {
		v.Pass, v.Note = true, "compatible profile: a faultcode in another namespace is reported, not judged (spec README decision 4)"
	}
	return v
}

func faultCodeVerdict(f *soap.SOAPFault, entry *catalog.Entry) check.Verdict {
	v := check.Verdict{Field: "code", Observed: quoteOrNone(f.HasFaultcode, f.Code)}
	if entry != nil {
		v.Expected = entry.Code
		v.Pass = f.Code == entry.Code
		return v
	}
	v.Expected = "an S3 error code (which one is reported, not judged)"
	v.Pass = f.Code != ""
	if _, known := catalog.Lookup(f.Code); v.Pass && !known {
		v.Note = "not a code of the S3 error catalog"
	}
	return v
}

// faultstringVerdict follows spec README decision 1, with
// soapFaultstringIsExact deciding where the text is known.
func faultstringVerdict(profile string, entry *catalog.Entry, f *soap.SOAPFault) check.Verdict {
	v := check.Verdict{Field: "faultstring", Observed: "absent"}
	if f.HasFaultstring {
		v.Observed = fmt.Sprintf("%q", f.Faultstring)
	}
	nonEmpty := func(note string) check.Verdict {
		v.Expected = "a non-empty English message"
		v.Pass = f.Faultstring != ""
		v.Note = note
		return v
	}
	switch {
	case entry == nil:
		if profile == targets.ProfileCompatible {
			v.Expected, v.Pass, v.Note = "a message", true, "compatible profile: reported, not judged"
			return v
		}
		return nonEmpty("")
	case profile == targets.ProfileCompatible:
		v.Expected = fmt.Sprintf("%q", entry.Message)
		v.Pass = true
		if f.Faultstring != entry.Message {
			v.Note = "compatible profile: reported, not judged"
		}
		return v
	case soapFaultstringIsExact(*entry):
		v.Expected = fmt.Sprintf("%q", entry.Message)
		v.Pass = f.Faultstring == entry.Message
		return v
	case entry.MessageIsExact():
		return nonEmpty(fmt.Sprintf("catalog text %q is the REST message; its SOAP faultstring is unknown, so not compared", entry.Message))
	}
	return nonEmpty(fmt.Sprintf("catalog text %q is %s, so not compared", entry.Message, entry.MessageKind))
}

func detailVerdict(f *soap.SOAPFault, d SOAPDetailExpectation) check.Verdict {
	v := check.Verdict{Field: "detail " + strings.Join(d.Names, " or ")}
	if d.AnyValue {
		v.Expected = "present, non-empty"
	} else {
		v.Expected = fmt.Sprintf("%q", d.Value)
	}
	if !f.HasDetail {
		v.Observed = "no detail element"
		return v
	}
	var seen []string
	for _, name := range d.Names {
		value, ok := f.DetailValue(name)
		if !ok {
			continue
		}
		seen = append(seen, fmt.Sprintf("%s %q", name, value))
		if (d.AnyValue && value != "") || (!d.AnyValue && value == d.Value) {
			v.Pass = true
			v.Observed = fmt.Sprintf("%s %q", name, value)
			return v
		}
	}
	switch {
	case len(seen) > 0:
		v.Observed = strings.Join(seen, ", ")
	case len(f.DetailOrder) == 0:
		v.Observed = "an empty detail"
	default:
		v.Observed = "absent; detail has " + strings.Join(f.DetailOrder, ", ")
	}
	return v
}

// judgeSOAPSuccess judges the success response of operation.
func judgeSOAPSuccess(r *wire.Response, operation string) []check.Verdict {
	vs := []check.Verdict{statusVerdict(r, http.StatusOK)}
	m, env := envelopeVerdict(r)
	vs = append(vs, env)
	if !env.Pass {
		return vs
	}
	noFault := check.Verdict{Field: "fault", Expected: "none", Observed: "none", Pass: m.Fault == nil}
	if m.Fault != nil {
		noFault.Observed = describeBody(m)
	}
	vs = append(vs, noFault)
	want := operation + "Response"
	el := check.Verdict{
		Field:    "response element",
		Expected: fmt.Sprintf("<%s> in the S3 namespace, first in the Body", want),
		Observed: describeBody(m),
	}
	p := m.Payload
	if p != nil && p.Tag == want {
		ns := p.NamespaceURI()
		for _, accepted := range s3ResponseNamespaces {
			if ns == accepted {
				el.Pass = true
			}
		}
		if el.Pass && ns != soap.S3SOAPNS {
			el.Note = "a namespace of the S3 documentation's samples, not the WSDL's " + soap.S3SOAPNS
		}
	}
	vs = append(vs, el)
	if (operation == "DeleteObject" || operation == "DeleteBucket") && el.Pass {
		vs = append(vs, statusCodeVerdict(p, want))
	}
	return vs
}

// statusCodeVerdict requires the nested Status of the SOAPDeleteObject
// page's sample, <DeleteObjectResponse><DeleteObjectResponse><Code>200</Code>,
// or the 204 of the captured DeleteBucket success.
func statusCodeVerdict(p *etree.Element, name string) check.Verdict {
	v := check.Verdict{Field: name + " Code", Expected: "200 or 204", Observed: "absent"}
	for _, inner := range p.ChildElements() {
		if inner.Tag != name {
			continue
		}
		for _, c := range inner.ChildElements() {
			if c.Tag == "Code" {
				code := strings.TrimSpace(c.Text())
				v.Observed = fmt.Sprintf("%q", code)
				v.Pass = code == "200" || code == "204"
				return v
			}
		}
	}
	return v
}
