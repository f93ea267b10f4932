package soap

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"time"

	"github.com/beevik/etree"
)

// SOAP namespaces (SOAP.md §2).
const (
	// SOAPEnvelopeNS is the SOAP 1.1 envelope namespace.
	SOAPEnvelopeNS = "http://schemas.xmlsoap.org/soap/envelope/"
	// S3SOAPNS is the target namespace of the S3 WSDL and schema, with its
	// trailing slash.
	S3SOAPNS = "http://s3.amazonaws.com/doc/2006-03-01/"
)

// SOAPTimestampFormat is the Timestamp element's form: an XML Schema
// dateTime in UTC with millisecond precision, as in the S3 guide's
// "2009-01-01T12:00:00.000Z" (SOAP.md §4).
const SOAPTimestampFormat = "2006-01-02T15:04:05.000Z"

// SOAPField is one child element of a SOAP operation element, e.g. Bucket;
// Children, when given, are nested (Metadata's Name and Value).
type SOAPField struct {
	Name     string
	Value    string
	Children []SOAPField
	// XSIType, when set, is the element's xsi:type, e.g. "CanonicalUser"
	// for a Grantee (SOAP.md §5), a QName in the S3 namespace.
	XSIType string
}

// xsiNS is the XML Schema instance namespace of xsi:type.
const xsiNS = "http://www.w3.org/2001/XMLSchema-instance"

// SOAPSecurity is what signs a SOAP request: the AWSAccessKeyId, Timestamp
// and Signature elements (SOAP.md §4).
type SOAPSecurity struct {
	AccessKey string
	SecretKey string
	Time      time.Time
	// Omit names one authorization element left out of the request, for
	// the MissingSecurityElement check; "" sends all three.
	Omit string
}

// fieldsAfterAuth are, by operation, the fields the schema puts after the
// authorization elements (and Credential): every other field precedes
// them (AmazonS3.xsd, SOAP.md §5).
var fieldsAfterAuth = map[string]string{"SetBucketLoggingStatus": "BucketLoggingStatus"}

// SOAPSignature is Base64(HMAC-SHA1(secret, "AmazonS3" + operation +
// timestamp)), where timestamp is the Timestamp element's text exactly as
// sent (SOAP.md §4).
func SOAPSignature(secretKey, operation, timestamp string) string {
	mac := hmac.New(sha1.New, []byte(secretKey))
	mac.Write([]byte("AmazonS3" + operation + timestamp))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// BuildSOAPEnvelope returns a SOAP 1.1 request envelope for operation: the
// operation element in the S3 namespace holds fields in the given (schema)
// order, with the authorization elements where the schema puts them when
// sec is not nil: after the fields, except those of fieldsAfterAuth. A nil
// sec builds an anonymous request.
func BuildSOAPEnvelope(operation string, fields []SOAPField, sec *SOAPSecurity) []byte {
	doc := etree.NewDocument()
	doc.CreateProcInst("xml", `version="1.0" encoding="UTF-8"`)
	env := doc.CreateElement("soapenv:Envelope")
	env.CreateAttr("xmlns:soapenv", SOAPEnvelopeNS)
	op := env.CreateElement("soapenv:Body").CreateElement(operation)
	op.CreateAttr("xmlns", S3SOAPNS)
	var after []SOAPField
	for _, f := range fields {
		if f.Name == fieldsAfterAuth[operation] {
			after = append(after, f)
			continue
		}
		addSOAPFields(op, []SOAPField{f})
	}
	if sec != nil {
		ts := sec.Time.UTC().Format(SOAPTimestampFormat)
		for _, el := range [][2]string{
			{"AWSAccessKeyId", sec.AccessKey}, {"Timestamp", ts}, {"Signature", SOAPSignature(sec.SecretKey, operation, ts)},
		} {
			if el[0] != sec.Omit {
				op.CreateElement(el[0]).SetText(el[1])
			}
		}
	}
	addSOAPFields(op, after)
	out, err := doc.WriteToBytes()
	if err != nil {
		panic(err) // writing to memory does not fail
	}
	return out
}

func addSOAPFields(parent *etree.Element, fields []SOAPField) {
	for _, f := range fields {
		el := parent.CreateElement(f.Name)
		if f.XSIType != "" {
			// Declared here, not on the envelope, so that the operation
			// element validates on its own (see the schema test).
			el.CreateAttr("xmlns:xsi", xsiNS)
			el.CreateAttr("xsi:type", f.XSIType)
		}
		if len(f.Children) > 0 {
			addSOAPFields(el, f.Children)
			continue
		}
		el.SetText(f.Value)
	}
}

// MalformedSOAPEnvelope is a request body that is not well-formed XML: a
// ListAllMyBuckets envelope cut off in the middle of its operation element.
func MalformedSOAPEnvelope() []byte {
	return []byte(`<?xml version="1.0" encoding="UTF-8"?>` +
		`<soapenv:Envelope xmlns:soapenv="` + SOAPEnvelopeNS + `"><soapenv:Body>` +
		`<ListAllMyBuckets xmlns="` + S3SOAPNS + `"><AWSAccessKeyId>`)
}

// SOAPOperationWithoutEnvelope is a well-formed request body that is not a
// SOAP envelope: a bare, anonymous ListAllMyBuckets element.
func SOAPOperationWithoutEnvelope() []byte {
	return []byte(`<?xml version="1.0" encoding="UTF-8"?><ListAllMyBuckets xmlns="` + S3SOAPNS + `"/>`)
}

// SentAuth reads back, from a request body BuildSOAPEnvelope built, the
// operation and its Timestamp and Signature texts; ok is false when the
// body is no such envelope.
func SentAuth(body []byte) (operation, timestamp, signature string, ok bool) {
	doc := etree.NewDocument()
	if doc.ReadFromBytes(body) != nil {
		return "", "", "", false
	}
	op := doc.FindElement("/Envelope/Body/*")
	if op == nil {
		return "", "", "", false
	}
	ts, sig := op.SelectElement("Timestamp"), op.SelectElement("Signature")
	if ts == nil || sig == nil {
		return op.Tag, "", "", false
	}
	return op.Tag, ts.Text(), sig.Text(), true
}
