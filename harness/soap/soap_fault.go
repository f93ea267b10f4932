package soap

import (
	"strings"

	"github.com/beevik/etree"

	"github.com/s3errconform/s3errconform/harness/wire"
)

// xmlNS is the namespace the "xml" prefix is bound to by definition.
const xmlNS = "http://www.w3.org/XML/1998/namespace"

// SOAPMessage is a parsed SOAP response: its envelope and, in its Body,
// either a Fault or the operation's response element.
type SOAPMessage struct {
	// Root is the root element's name as written, e.g. "soapenv:Envelope".
	Root string
	// RootLocal and RootNamespace are the root's local name and namespace
	// URI; a SOAP 1.1 response has "Envelope" in SOAPEnvelopeNS.
	RootLocal     string
	RootNamespace string
	// Body is the Envelope's Body child in the root's namespace; nil when
	// there is none.
	Body *etree.Element
	// Fault is the Body's Fault; nil when the Body holds none.
	Fault *SOAPFault
	// Payload is the Body's first child element when it is not a Fault.
	Payload *etree.Element
}

// IsEnvelope reports whether the message is a SOAP 1.1 envelope with a Body.
func (m *SOAPMessage) IsEnvelope() bool {
	return m.RootLocal == "Envelope" && m.RootNamespace == SOAPEnvelopeNS && m.Body != nil
}

// SOAPFault is a parsed SOAP 1.1 fault. The names of its children are
// matched as SOAP 1.1 writes them (faultcode, faultstring, detail) and as the
// S3 guide's example does (Faultcode, Faultstring, Detail); spec README
// decision 4.
type SOAPFault struct {
	// Namespace is the Fault element's namespace URI.
	Namespace string
	// Names are the child element names used, as written, in order.
	Names []string

	// HasFaultcode is false when the fault has no faultcode element.
	HasFaultcode bool
	// Faultcode is the faultcode text, trimmed.
	Faultcode string
	// Prefix and Local are the faultcode QName's parts; Prefix is "" when
	// the QName has none.
	Prefix string
	Local  string
	// CodeNamespace is the namespace URI the prefix resolves to through the
	// namespace declarations in scope at the faultcode element (the default
	// namespace when there is no prefix); "" when the prefix is unbound.
	CodeNamespace string
	// PrefixBound is false when the prefix has no declaration in scope.
	PrefixBound bool
	// Class and Code are Local split at its first ".": "Client" and
	// "NoSuchKey" for "Client.NoSuchKey". Without a ".", Local is the
	// Class when it is a SOAP class (Client, Server) and the Code otherwise.
	Class string
	Code  string
	// Dotted is true when Local has a "." separating class and code.
	Dotted bool

	HasFaultstring bool
	Faultstring    string

	// HasDetail is false when the fault has no detail element.
	HasDetail bool
	// Detail holds the detail element's children's texts by local name,
	// in document order.
	Detail map[string][]string
	// DetailOrder lists the detail children's local names in order.
	DetailOrder []string
}

// DetailValue returns the first detail child called name and whether there
// is one.
func (f *SOAPFault) DetailValue(name string) (string, bool) {
	v := f.Detail[name]
	if len(v) == 0 {
		return "", false
	}
	return v[0], true
}

// ParseSOAPMessage parses a SOAP response body. It fails only when the body
// is not an XML document at all (empty, HTML, truncated); a document that is
// not a SOAP envelope parses, and IsEnvelope tells.
func ParseSOAPMessage(body []byte) (*SOAPMessage, error) {
	root, err := wire.ParseDocument(body)
	if err != nil {
		return nil, err
	}
	m := &SOAPMessage{Root: root.FullTag(), RootLocal: root.Tag, RootNamespace: root.NamespaceURI()}
	for _, child := range root.ChildElements() {
		if child.Tag == "Body" && child.NamespaceURI() == m.RootNamespace {
			m.Body = child
			break
		}
	}
	if m.Body == nil {
		return m, nil
	}
	for _, child := range m.Body.ChildElements() {
		if child.Tag == "Fault" {
			m.Fault = parseSOAPFault(child)
			return m, nil
		}
	}
	if children := m.Body.ChildElements(); len(children) > 0 {
		m.Payload = children[0]
	}
	return m, nil
}

// faultChild finds a fault child by its SOAP 1.1 name or its capitalised
// form (spec README decision 4).
func faultChild(fault *etree.Element, name string) *etree.Element {
	capitalised := strings.ToUpper(name[:1]) + name[1:]
	for _, child := range fault.ChildElements() {
		if child.Tag == name || child.Tag == capitalised {
			return child
		}
	}
	return nil
}

func parseSOAPFault(el *etree.Element) *SOAPFault {
	f := &SOAPFault{Namespace: el.NamespaceURI(), Detail: map[string][]string{}}
	for _, child := range el.ChildElements() {
		f.Names = append(f.Names, child.FullTag())
	}
	if code := faultChild(el, "faultcode"); code != nil {
		f.HasFaultcode = true
		f.Faultcode = strings.TrimSpace(code.Text())
		f.Prefix, f.Local = splitQName(f.Faultcode)
		f.CodeNamespace, f.PrefixBound = resolvePrefix(code, f.Prefix)
		f.Class, f.Code, f.Dotted = splitFaultcode(f.Local)
	}
	if s := faultChild(el, "faultstring"); s != nil {
		f.HasFaultstring = true
		f.Faultstring = strings.TrimSpace(s.Text())
	}
	if d := faultChild(el, "detail"); d != nil {
		f.HasDetail = true
		for _, child := range d.ChildElements() {
			f.Detail[child.Tag] = append(f.Detail[child.Tag], strings.TrimSpace(child.Text()))
			f.DetailOrder = append(f.DetailOrder, child.Tag)
		}
	}
	return f
}

// splitQName splits "prefix:local" at its first colon. A colon with
// nothing before or after it separates no prefix (":Client.X" is no QName):
// the whole text is then the local part, so it is judged as written and not
// resolved through the default namespace (found by FuzzParseSOAPMessage).
func splitQName(qname string) (prefix, local string) {
	if p, l, ok := strings.Cut(qname, ":"); ok && p != "" && l != "" {
		return p, l
	}
	return "", qname
}

// resolvePrefix resolves a QName prefix through the namespace declarations
// in scope at el, innermost first, as XML Namespaces 1.0 does: "" is the
// default namespace (bound, to no namespace, when none is declared), and
// "xml" is predefined.
func resolvePrefix(el *etree.Element, prefix string) (uri string, bound bool) {
	if prefix == "xml" {
		return xmlNS, true
	}
	for e := el; e != nil; e = e.Parent() {
		for _, a := range e.Attr {
			if prefix == "" && a.Space == "" && a.Key == "xmlns" {
				return a.Value, true
			}
			if prefix != "" && a.Space == "xmlns" && a.Key == prefix {
				return a.Value, a.Value != ""
			}
		}
	}
	return "", prefix == ""
}

// splitFaultcode splits a faultcode's local part at its first "." into the
// SOAP class and the S3 code.
func splitFaultcode(local string) (class, code string, dotted bool) {
	if c, rest, ok := strings.Cut(local, "."); ok {
		return c, rest, true
	}
	if local == "Client" || local == "Server" {
		return local, "", false
	}
	return "", local, false
}

// soapOutcome is the S3 code and faultstring of a SOAP fault response, for
// the reports; ok is false for anything that is not a SOAP exchange with a
// fault.
func Outcome(r *wire.Response) (code, message string, ok bool) {
	if r.Exchange == nil || r.RequestHeader[ActionHeader] == nil {
		return "", "", false
	}
	m, err := ParseSOAPMessage(r.Body)
	if err != nil || m.Fault == nil {
		return "", "", false
	}
	return m.Fault.Code, m.Fault.Faultstring, true
}
