package reftarget

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/subtle"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/beevik/etree"

	"github.com/s3errconform/s3errconform/catalog"
)

// The SOAP endpoint (SOAP.md). It serves the S3 SOAP operations the suite
// uses on the same store as the REST endpoint, over HTTPS with a
// certificate generated at start, at soapPath. The plain-HTTP listener
// answers soapPath with the Client.InvalidRequest fault, because S3
// refuses SOAP over HTTP (SOAP.md §3).

const (
	soapPath = "/soap"
	// soapEnvelopeNS is the SOAP 1.1 envelope namespace, s3XMLNS the S3
	// schema's (SOAP.md §2).
	soapEnvelopeNS = "http://schemas.xmlsoap.org/soap/envelope/"
	// soap12EnvelopeNS is SOAP 1.2's, which a deviation binds by mistake.
	soap12EnvelopeNS = "http://www.w3.org/2003/05/soap-envelope"
	soapContentType  = "text/xml; charset=utf-8"
	// maxSOAPRequestSize bounds a SOAP request body.
	maxSOAPRequestSize = 16 << 20
	// maxInlineData bounds PutObjectInline's Data: "objects 1MB or
	// smaller" (APIREF SOAPPutObjectInline), read as 1 MiB, the larger of
	// the two readings; InlineDataTooLarge is the code for exceeding it.
	maxInlineData = 1 << 20
)

// soapEndpoint is the HTTPS listener serving the SOAP endpoint.
type soapEndpoint struct {
	listener net.Listener
	http     *http.Server
	certPEM  []byte
}

// startSOAP starts the HTTPS listener of the SOAP endpoint on addr, default
// the REST listener's host with a free port.
func (s *Server) startSOAP(addr string) error {
	if addr == "" {
		host, _, err := net.SplitHostPort(s.listener.Addr().String())
		if err != nil {
			return fmt.Errorf("reftarget: %w", err)
		}
		addr = net.JoinHostPort(host, "0")
	}
	cert, certPEM, err := selfSignedCertificate(time.Now())
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("reftarget: SOAP endpoint: %w", err)
	}
	e := &soapEndpoint{
		listener: tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}),
		certPEM:  certPEM,
	}
	e.http = &http.Server{Handler: http.HandlerFunc(s.serveHTTPS), ReadHeaderTimeout: 30 * time.Second, ErrorLog: log.New(discard{}, "", 0)}
	s.soap = e
	go e.http.Serve(e.listener)
	return nil
}

// discard drops the TLS handshake errors of clients that do not trust the
// certificate; they see the failure themselves.
type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// SOAPURL is the SOAP endpoint's URL, "https://127.0.0.1:PORT/soap"; empty
// when the server was started without SOAP.
func (s *Server) SOAPURL() string {
	if s.soap == nil {
		return ""
	}
	return "https://" + s.soap.listener.Addr().String() + soapPath
}

// SOAPPlainHTTPURL is the SOAP path on the plain-HTTP listener, which
// refuses SOAP as S3 does; empty when the server was started without SOAP.
func (s *Server) SOAPPlainHTTPURL() string {
	if s.soap == nil {
		return ""
	}
	return s.URL() + soapPath
}

// CACertPEM is the PEM certificate a client must trust to reach the SOAP
// endpoint; nil when the server was started without SOAP.
func (s *Server) CACertPEM() []byte {
	if s.soap == nil {
		return nil
	}
	return append([]byte(nil), s.soap.certPEM...)
}

func (s *Server) closeSOAP() error {
	if s.soap == nil {
		return nil
	}
	return errors.Join(s.soap.http.Close(), closeListener(s.soap.listener))
}

// servePlainHTTP is the plain-HTTP listener: REST, and the SOAP path
// refusing SOAP when SOAP is on.
func (s *Server) servePlainHTTP(w http.ResponseWriter, r *http.Request) {
	if s.soap != nil && r.URL.Path == soapPath {
		s.serveSOAP(w, r, false)
		return
	}
	s.serveREST(w, r)
}

// serveHTTPS is the HTTPS listener: SOAP at its path, REST elsewhere.
func (s *Server) serveHTTPS(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == soapPath {
		s.serveSOAP(w, r, true)
		return
	}
	s.serveREST(w, r)
}

// soapCall is one SOAP request being served.
type soapCall struct {
	w         *headerTracker
	r         *http.Request
	requestID string
	// prefix is the envelope namespace's prefix in responses.
	prefix string
	// operation is the request's operation element; nil until parsed.
	operation *etree.Element
	bucket    string
	key       string
	caller    string
	// attachments are the data of a DIME message's records after the
	// envelope; nil for a plain SOAP message.
	attachments [][]byte
}

// field returns the text of the operation's child called name.
func (c *soapCall) field(name string) (string, bool) {
	if el := c.operation.SelectElement(name); el != nil {
		return strings.TrimSpace(el.Text()), true
	}
	return "", false
}

func (c *soapCall) boolField(name string) bool {
	v, _ := c.field(name)
	return v == "true" || v == "1"
}

// soapOperation serves one operation: it returns the response element
// (<Operation>Response) or the error to answer with a fault.
type soapOperation func(s *Server, c *soapCall) (*etree.Element, *s3Error)

// soapOperations are the 16 operations of the S3 WSDL (SOAP.md §5), by
// element name (soap_ops.go).
var soapOperations = map[string]soapOperation{
	"CreateBucket":                 (*Server).soapCreateBucket,
	"DeleteBucket":                 (*Server).soapDeleteBucket,
	"ListBucket":                   (*Server).soapListBucket,
	"ListAllMyBuckets":             (*Server).soapListAllMyBuckets,
	"PutObjectInline":              (*Server).soapPutObjectInline,
	"PutObject":                    (*Server).soapPutObject,
	"GetObject":                    (*Server).soapGetObject,
	"GetObjectExtended":            (*Server).soapGetObjectExtended,
	"DeleteObject":                 (*Server).soapDeleteObject,
	"CopyObject":                   (*Server).soapCopyObject,
	"GetBucketAccessControlPolicy": (*Server).soapGetBucketAccessControlPolicy,
	"SetBucketAccessControlPolicy": (*Server).soapSetBucketAccessControlPolicy,
	"GetObjectAccessControlPolicy": (*Server).soapGetObjectAccessControlPolicy,
	"SetObjectAccessControlPolicy": (*Server).soapSetObjectAccessControlPolicy,
	"GetBucketLoggingStatus":       (*Server).soapGetBucketLoggingStatus,
	"SetBucketLoggingStatus":       (*Server).soapSetBucketLoggingStatus,
}

// s3RequestNamespaces are the namespaces an operation element is accepted
// in: the schema's, and the variants the documentation's samples use
// (SOAP.md §2).
var s3RequestNamespaces = []string{
	s3XMLNS,
	"http://s3.amazonaws.com/doc/2006-03-01",
	"https://s3.amazonaws.com/doc/2006-03-01",
	"https://s3.amazonaws.com/doc/2006-03-01/",
	"http://doc.s3.amazonaws.com/2006-03-01",
	"https://doc.s3.amazonaws.com/2006-03-01",
}

func (s *Server) serveSOAP(w http.ResponseWriter, r *http.Request, secure bool) {
	c := &soapCall{w: &headerTracker{ResponseWriter: w}, r: r, requestID: newRequestID(), prefix: "soapenv"}
	if s.dev.has(devSOAPEnvelopePrefixS) {
		c.prefix = "S"
	}
	h := w.Header()
	h.Set("Server", serverName)
	h.Set(hdrRequestID, c.requestID)
	h.Set(hdrID2, newHostID())
	defer func() {
		if v := recover(); v != nil {
			log.Printf("reftarget: panic serving SOAP %s: %v\n%s", r.URL, v, debug.Stack())
			if !c.w.started {
				s.writeFault(c, newError("InternalError"))
			}
		}
	}()
	if !secure && !s.dev.has(devSOAPOverHTTP) {
		s.writeFault(c, newContextError("InvalidRequest", "SOAP requests must be made over an HTTPS connection."))
		return
	}
	if r.Method != http.MethodPost {
		s.writeFault(c, newError("InvalidSOAPRequest"))
		return
	}
	body, err := readBody(r, maxSOAPRequestSize)
	if err != nil {
		s.writeFault(c, err)
		return
	}
	if isDIME(r.Header.Get("Content-Type")) {
		envelope, attachments, ok := decodeDIME(body)
		if !ok {
			s.writeFault(c, newError("InvalidSOAPRequest"))
			return
		}
		body, c.attachments = envelope, attachments
	}
	if c.operation, err = parseSOAPRequest(body); err != nil {
		if s.dev.has(devSOAPMalformedAsHTML) {
			writeHTMLError(c)
			return
		}
		s.writeFault(c, err)
		return
	}
	c.bucket, _ = c.field("Bucket")
	c.key, _ = c.field("Key")
	name := c.operation.Tag
	op, known := soapOperations[name]
	switch {
	case known:
	case s.dev.has(devSOAPUnknownOperationServer):
		s.writeFault(c, errNotImplemented())
		return
	default:
		s.writeFault(c, newError("InvalidSOAPRequest"))
		return
	}
	if c.caller, err = s.soapAuthenticate(c); err != nil {
		s.writeFault(c, err)
		return
	}
	payload, err := op(s, c)
	if err != nil {
		s.writeFault(c, err)
		return
	}
	if s.dev.has(devSOAPResponseUnwrapped) {
		payload = unwrapped(payload, name)
	}
	s.writeEnvelope(c, http.StatusOK, payload)
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// parseSOAPRequest returns the operation element of a SOAP 1.1 request:
// the first element in the Body of an Envelope in the envelope namespace,
// in an S3 namespace.
func parseSOAPRequest(body []byte) (*etree.Element, *s3Error) {
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(body); err != nil || doc.Root() == nil {
		return nil, newError("InvalidSOAPRequest")
	}
	env := doc.Root()
	if env.Tag != "Envelope" || env.NamespaceURI() != soapEnvelopeNS {
		return nil, newError("InvalidSOAPRequest")
	}
	var soapBody *etree.Element
	for _, child := range env.ChildElements() {
		if child.Tag == "Body" && child.NamespaceURI() == soapEnvelopeNS {
			soapBody = child
		}
	}
	if soapBody == nil || len(soapBody.ChildElements()) == 0 {
		return nil, newError("InvalidSOAPRequest")
	}
	op := soapBody.ChildElements()[0]
	if !contains(s3RequestNamespaces, op.NamespaceURI()) {
		return nil, newError("InvalidSOAPRequest")
	}
	return op, nil
}

// soapAuthenticate returns the caller of a SOAP request from its
// AWSAccessKeyId, Timestamp and Signature (SOAP.md §4): anonymous with none
// of them, else the S3 error for what is wrong.
func (s *Server) soapAuthenticate(c *soapCall) (string, *s3Error) {
	accessKey, hasKey := c.field("AWSAccessKeyId")
	timestamp, hasTimestamp := c.field("Timestamp")
	signature, hasSignature := c.field("Signature")
	if !hasKey && !hasTimestamp && !hasSignature {
		return anonymous, nil
	}
	if !hasKey || !hasTimestamp || !hasSignature {
		if s.dev.has(devSOAPPartialAuthAnonymous) {
			return anonymous, nil
		}
		return "", newError("MissingSecurityElement")
	}
	secret, known := s.secrets[accessKey]
	if !known {
		if s.dev.has(devUnknownKeyAsSignatureMismatch) {
			return "", newError("SignatureDoesNotMatch", detail{"AWSAccessKeyId", accessKey}, detail{"SignatureProvided", signature})
		}
		if s.dev.has(devSOAPInvalidAccessKeyNoDetail) {
			return "", newError("InvalidAccessKeyId")
		}
		return "", newError("InvalidAccessKeyId", detail{"AWSAccessKeyId", accessKey})
	}
	at, err := time.Parse(time.RFC3339Nano, timestamp)
	if err != nil {
		return "", newError("InvalidSOAPRequest")
	}
	now := time.Now().UTC()
	if skew := now.Sub(at); (skew > maxClockSkew || skew < -maxClockSkew) && !s.dev.has(devIgnoreClockSkew) {
		return "", newError("RequestTimeTooSkewed",
			detail{"RequestTime", timestamp},
			detail{"ServerTime", now.Format(time.RFC3339)},
			detail{"MaxAllowedSkewMilliseconds", fmt.Sprint(maxClockSkew.Milliseconds())})
	}
	if s.dev.has(devIgnoreSignature) {
		return accessKey, nil
	}
	stringToSign := "AmazonS3" + c.operation.Tag + timestamp
	mac := hmac.New(sha1.New, []byte(secret))
	mac.Write([]byte(stringToSign))
	want := base64.StdEncoding.EncodeToString(mac.Sum(nil))
	if subtle.ConstantTimeCompare([]byte(want), []byte(signature)) != 1 {
		// The Detail of the captured AWS fault (SOAP.md §6).
		if s.dev.has(devSOAPStringToSignWithoutTimestamp) {
			stringToSign = "AmazonS3" + c.operation.Tag
		}
		if s.dev.has(devSOAPSignatureProvidedExpected) {
			signature = want
		}
		return "", newError("SignatureDoesNotMatch",
			detail{"AWSAccessKeyId", accessKey}, detail{"StringToSign", stringToSign}, detail{"SignatureProvided", signature})
	}
	return accessKey, nil
}

// unwrapped is the deviation's response: the inner element, renamed
// <operation>Result, directly in the Body; for an empty response (the Set*
// operations') the outer element so renamed.
func unwrapped(outer *etree.Element, operation string) *etree.Element {
	children := outer.ChildElements()
	if len(children) == 0 {
		outer.Tag = operation + "Result"
		return outer
	}
	inner := children[0]
	outer.RemoveChild(inner)
	inner.Tag = operation + "Result"
	inner.CreateAttr("xmlns", s3XMLNS)
	return inner
}

// writeEnvelope writes a SOAP 1.1 envelope holding content in its Body.
func (s *Server) writeEnvelope(c *soapCall, status int, content *etree.Element) {
	doc := etree.NewDocument()
	doc.CreateProcInst("xml", `version="1.0" encoding="UTF-8"`)
	env := doc.CreateElement(c.prefix + ":Envelope")
	env.CreateAttr("xmlns:"+c.prefix, soapEnvelopeNS)
	env.CreateElement(c.prefix + ":Body").AddChild(content)
	body, err := doc.WriteToBytes()
	if err != nil {
		panic(err) // writing to memory does not fail
	}
	h := c.w.Header()
	h.Set("Content-Type", soapContentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	c.w.WriteHeader(status)
	c.w.Write(body)
}

// writeFault answers e as a SOAP fault (SOAP.md §6): HTTP 500, faultcode
// prefix:Class.Code with the class of the catalog, faultstring the error's
// message, detail its code-specific elements; after the deviations that
// change the error or the fault.
func (s *Server) writeFault(c *soapCall, e *s3Error) {
	original := e.code
	e = s.dev.reshape(e)
	class := string(catalog.FaultClient)
	if entry, ok := catalog.Lookup(e.code); ok && entry.FaultClass != "" {
		class = string(entry.FaultClass)
	}
	status := http.StatusInternalServerError
	names := [3]string{"faultcode", "faultstring", "detail"}
	if s.dev.has(devSOAPCapitalisedFaultElements) {
		names = [3]string{"Faultcode", "Faultstring", "Detail"}
	}
	fault := etree.NewElement(c.prefix + ":Fault")
	faultcode := c.prefix + ":" + class + "." + e.code
	message, details := e.message, e.details
	if original == "NoSuchKey" {
		switch {
		case s.dev.has(devSOAPNoSuchKeyStatus200):
			status = http.StatusOK
		case s.dev.has(devSOAPNoSuchKeyServerClass):
			faultcode = c.prefix + ":Server." + e.code
		case s.dev.has(devSOAPNoSuchKeyColonSeparator):
			faultcode = class + ":" + e.code
		case s.dev.has(devSOAPNoSuchKeyNoClass):
			faultcode = c.prefix + ":" + e.code
		case s.dev.has(devSOAPNoSuchKeyWrongNamespace):
			fault.CreateAttr("xmlns:soap", soap12EnvelopeNS)
			faultcode = "soap:" + class + "." + e.code
		case s.dev.has(devSOAPNoSuchKeyUnboundPrefix):
			faultcode = "soap:" + class + "." + e.code
		case s.dev.has(devSOAPNoSuchKeyEmptyFaultstring):
			message = ""
		case s.dev.has(devSOAPNoSuchKeyNoDetail):
			details = nil
		case s.dev.has(devSOAPNoSuchKeyDetailWrongKey):
			details = []detail{{"Key", c.bucket + "/" + c.key}}
		}
	}
	addText(fault, names[0], faultcode)
	addText(fault, names[1], message)
	if len(details) > 0 {
		d := fault.CreateElement(names[2])
		for _, dt := range details {
			addText(d, dt.name, dt.value)
		}
	}
	s.writeEnvelope(c, status, fault)
}

// writeHTMLError is the deviation's answer to a request that is not a SOAP
// envelope: a web server's error page.
func writeHTMLError(c *soapCall) {
	body := "<html><head><title>400 Bad Request</title></head><body><h1>Bad Request</h1></body></html>\n"
	h := c.w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	c.w.WriteHeader(http.StatusBadRequest)
	c.w.Write([]byte(body))
}
