package reftarget

import (
	"crypto/hmac"
	"crypto/md5"
	"crypto/sha1"
	"crypto/subtle"
	"crypto/tls"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"log"
	"maps"
	"net"
	"net/http"
	"runtime/debug"
	"slices"
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
	// maxInlineData bounds PutObjectInline's Data. S3's limit is not
	// documented (SOAP.md); InlineDataTooLarge is the code for exceeding it.
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

// soapOperations are the operations served, by element name.
var soapOperations = map[string]soapOperation{
	"CreateBucket":     (*Server).soapCreateBucket,
	"DeleteBucket":     (*Server).soapDeleteBucket,
	"ListBucket":       (*Server).soapListBucket,
	"ListAllMyBuckets": (*Server).soapListAllMyBuckets,
	"PutObjectInline":  (*Server).soapPutObjectInline,
	"GetObject":        (*Server).soapGetObject,
	"DeleteObject":     (*Server).soapDeleteObject,
}

// wsdlOperations are the other operations of the S3 WSDL (SOAP.md §5),
// which this target does not implement.
var wsdlOperations = []string{
	"GetObjectAccessControlPolicy", "GetBucketAccessControlPolicy", "SetObjectAccessControlPolicy",
	"SetBucketAccessControlPolicy", "GetObjectExtended", "PutObject", "CopyObject",
	"GetBucketLoggingStatus", "SetBucketLoggingStatus",
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
	case contains(wsdlOperations, name), s.dev.has(devSOAPUnknownOperationServer):
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
		return "", newError("MissingSecurityElement")
	}
	secret, known := s.secrets[accessKey]
	if !known {
		if s.dev.has(devUnknownKeyAsSignatureMismatch) {
			return "", newError("SignatureDoesNotMatch", detail{"AWSAccessKeyId", accessKey}, detail{"SignatureProvided", signature})
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
		return "", newError("SignatureDoesNotMatch",
			detail{"AWSAccessKeyId", accessKey}, detail{"StringToSign", stringToSign}, detail{"SignatureProvided", signature})
	}
	return accessKey, nil
}

// soapResponse starts <operation>Response in the S3 namespace, and its
// same-named child as the schema nests them (SOAP.md §5), returning both.
func soapResponse(operation, inner string) (*etree.Element, *etree.Element) {
	outer := etree.NewElement(operation + "Response")
	outer.CreateAttr("xmlns", s3XMLNS)
	return outer, outer.CreateElement(inner)
}

func addText(parent *etree.Element, name, value string) *etree.Element {
	el := parent.CreateElement(name)
	el.SetText(value)
	return el
}

func (s *Server) soapCreateBucket(c *soapCall) (*etree.Element, *s3Error) {
	if err := s.store.createBucket(c.caller, c.bucket, ""); err != nil {
		return nil, err
	}
	outer, result := soapResponse("CreateBucket", "CreateBucketReturn")
	addText(result, "BucketName", c.bucket)
	return outer, nil
}

func (s *Server) soapDeleteBucket(c *soapCall) (*etree.Element, *s3Error) {
	if err := s.store.deleteBucket(c.caller, c.bucket); err != nil {
		return nil, err
	}
	outer, status := soapResponse("DeleteBucket", "DeleteBucketResponse")
	addText(status, "Code", "204")
	addText(status, "Description", "No Content")
	return outer, nil
}

func (s *Server) soapListBucket(c *soapCall) (*etree.Element, *s3Error) {
	prefix, _ := c.field("Prefix")
	marker, _ := c.field("Marker")
	delimiter, _ := c.field("Delimiter")
	query := listQuery{prefix: prefix, delimiter: delimiter, after: marker, maxKeys: maxListKeys}
	if v, ok := c.field("MaxKeys"); ok {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return nil, errInvalidArgument("Provided max-keys not an integer or within integer range", "MaxKeys", v)
		}
		query.maxKeys = min(n, maxListKeys)
	}
	page, err := s.store.listObjects(c.caller, c.bucket, query)
	if err != nil {
		return nil, err
	}
	outer, result := soapResponse("ListBucket", "ListBucketResponse")
	addText(result, "Name", c.bucket)
	addText(result, "Prefix", prefix)
	addText(result, "Marker", marker)
	if page.truncated && delimiter != "" {
		addText(result, "NextMarker", page.last)
	}
	addText(result, "MaxKeys", strconv.Itoa(query.maxKeys))
	if delimiter != "" {
		addText(result, "Delimiter", delimiter)
	}
	addText(result, "IsTruncated", strconv.FormatBool(page.truncated))
	for _, obj := range page.objects {
		entry := result.CreateElement("Contents")
		addText(entry, "Key", obj.key)
		addText(entry, "LastModified", xmlTime(obj.lastModified))
		addText(entry, "ETag", obj.etag)
		addText(entry, "Size", strconv.Itoa(len(obj.body)))
		owner := entry.CreateElement("Owner")
		addText(owner, "ID", canonicalUserID(c.caller))
		addText(owner, "DisplayName", c.caller)
		addText(entry, "StorageClass", "STANDARD")
	}
	for _, p := range page.commonPrefixes {
		addText(result.CreateElement("CommonPrefixes"), "Prefix", p)
	}
	return outer, nil
}

func (s *Server) soapListAllMyBuckets(c *soapCall) (*etree.Element, *s3Error) {
	buckets, err := s.store.listBuckets(c.caller)
	if err != nil {
		return nil, err
	}
	outer, result := soapResponse("ListAllMyBuckets", "ListAllMyBucketsResponse")
	owner := result.CreateElement("Owner")
	addText(owner, "ID", canonicalUserID(c.caller))
	addText(owner, "DisplayName", c.caller)
	list := result.CreateElement("Buckets")
	for _, b := range buckets {
		entry := list.CreateElement("Bucket")
		addText(entry, "Name", b.name)
		addText(entry, "CreationDate", xmlTime(b.created))
	}
	return outer, nil
}

func (s *Server) soapPutObjectInline(c *soapCall) (*etree.Element, *s3Error) {
	encoded, _ := c.field("Data")
	data, derr := base64.StdEncoding.DecodeString(encoded)
	if derr != nil {
		return nil, errInvalidArgument("The Data element is not valid base64", "Data", "")
	}
	if len(data) > maxInlineData {
		return nil, newError("InlineDataTooLarge")
	}
	if v, ok := c.field("ContentLength"); ok && v != strconv.Itoa(len(data)) {
		return nil, errInvalidArgument("ContentLength does not match the length of Data", "ContentLength", v)
	}
	sum := md5.Sum(data)
	obj := object{
		key: c.key, body: data, etag: `"` + hex.EncodeToString(sum[:]) + `"`,
		contentType: "binary/octet-stream", metadata: map[string]string{},
		lastModified: time.Now().UTC().Truncate(time.Second),
	}
	for _, m := range c.operation.SelectElements("Metadata") {
		name, value := strings.TrimSpace(m.SelectElement("Name").NotNil().Text()), m.SelectElement("Value").NotNil().Text()
		if strings.EqualFold(name, "Content-Type") {
			obj.contentType = value
		} else if name != "" {
			obj.metadata[strings.ToLower(name)] = value
		}
	}
	if err := s.store.putObject(c.caller, c.bucket, obj); err != nil {
		return nil, err
	}
	outer, result := soapResponse("PutObjectInline", "PutObjectInlineResponse")
	addText(result, "ETag", obj.etag)
	addText(result, "LastModified", xmlTime(obj.lastModified))
	return outer, nil
}

func (s *Server) soapGetObject(c *soapCall) (*etree.Element, *s3Error) {
	getData := c.boolField("GetData")
	if getData && !c.boolField("InlineData") {
		return nil, errNotImplemented() // data as a DIME attachment
	}
	obj, err := s.store.getObject(c.caller, c.bucket, c.key)
	if err != nil {
		return nil, err
	}
	outer, result := soapResponse("GetObject", "GetObjectResponse")
	status := result.CreateElement("Status")
	addText(status, "Code", "200")
	addText(status, "Description", "OK")
	if c.boolField("GetMetadata") {
		meta := map[string]string{"Content-Type": obj.contentType}
		for name, value := range obj.metadata {
			meta[name] = value
		}
		for _, name := range slices.Sorted(maps.Keys(meta)) {
			m := result.CreateElement("Metadata")
			addText(m, "Name", name)
			addText(m, "Value", meta[name])
		}
	}
	if getData {
		addText(result, "Data", base64.StdEncoding.EncodeToString(obj.body))
	}
	addText(result, "LastModified", xmlTime(obj.lastModified))
	addText(result, "ETag", obj.etag)
	return outer, nil
}

// soapDeleteObject answers DeleteObject of a missing key with the NoSuchKey
// fault of the S3 guide's example (spec README decision 2).
func (s *Server) soapDeleteObject(c *soapCall) (*etree.Element, *s3Error) {
	if _, err := s.store.getObject(c.caller, c.bucket, c.key); err != nil {
		if err.code != "NoSuchKey" || !s.dev.has(devSOAPDeleteMissingKeySuccess) {
			return nil, err
		}
	}
	if err := s.store.deleteObject(c.caller, c.bucket, c.key); err != nil {
		return nil, err
	}
	outer, status := soapResponse("DeleteObject", "DeleteObjectResponse")
	addText(status, "Code", "200")
	addText(status, "Description", "OK")
	return outer, nil
}

// unwrapped is the deviation's response: the inner element, renamed
// <operation>Result, directly in the Body.
func unwrapped(outer *etree.Element, operation string) *etree.Element {
	inner := outer.ChildElements()[0]
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
