package reftarget

import (
	"bytes"
	"crypto/md5"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"io"
	"log"
	"maps"
	"net"
	"net/http"
	"net/url"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"
)

const (
	serverName = "s3errconform-reference"
	s3XMLNS    = "http://s3.amazonaws.com/doc/2006-03-01/"

	hdrRequestID = "X-Amz-Request-Id"
	hdrID2       = "X-Amz-Id-2"

	// maxObjectSize bounds request bodies held in memory; S3's own limit
	// is 5 GiB.
	maxObjectSize = 64 << 20
	// maxConfigSize bounds CreateBucketConfiguration bodies.
	maxConfigSize = 64 << 10
	// maxListKeys is S3's cap on max-keys.
	maxListKeys = 1000
)

// unimplementedSubresources are S3 query parameters that select an operation
// or behaviour this target does not implement; answering the plain
// operation instead would be wrong.
var unimplementedSubresources = []string{
	"delete", "legal-hold", "partNumber",
	"retention", "select", "session", "torrent", "uploadId", "uploads",
	"versioning", "versions",
	"response-cache-control", "response-content-disposition", "response-content-encoding",
	"response-content-language", "response-content-type", "response-expires",
}

// restRequest is one REST request being served.
type restRequest struct {
	w         *headerTracker
	r         *http.Request
	requestID string
	hostID    string
	bucket    string
	key       string
	caller    string
	// kmsKeyARN is the key a SSE-KMS write encrypts with (kms.go).
	kmsKeyARN string
}

// resource is the <Resource> of the request's errors: "/bucket/key".
func (q *restRequest) resource() string {
	switch {
	case q.bucket == "":
		return "/"
	case q.key == "":
		return "/" + q.bucket
	}
	return "/" + q.bucket + "/" + q.key
}

// headerTracker records whether the response has started, so a panic can
// still be answered with InternalError when it has not.
type headerTracker struct {
	http.ResponseWriter
	started bool
}

func (w *headerTracker) WriteHeader(status int) {
	w.started = true
	w.ResponseWriter.WriteHeader(status)
}

func (w *headerTracker) Write(b []byte) (int, error) {
	w.started = true
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection.
func (w *headerTracker) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (s *Server) serveREST(w http.ResponseWriter, r *http.Request) {
	q := &restRequest{w: &headerTracker{ResponseWriter: w}, r: r, requestID: newRequestID(), hostID: newHostID()}
	h := w.Header()
	h.Set("Server", serverName)
	h.Set(hdrRequestID, q.requestID)
	h.Set(hdrID2, q.hostID)
	defer func() {
		if v := recover(); v != nil {
			log.Printf("reftarget: panic serving %s %s: %v\n%s", r.Method, r.URL, v, debug.Stack())
			if !q.w.started {
				for name := range h {
					if name != "Server" && name != hdrRequestID && name != hdrID2 {
						delete(h, name)
					}
				}
				s.writeError(q, newError("InternalError"))
			}
		}
	}()
	r.Body = &idleBody{ReadCloser: r.Body, rc: http.NewResponseController(w), timeout: s.stalledBodyTimeout, dev: s.dev}
	q.bucket, q.key = s.address(r)
	// A bucket of another region is redirected before anything else: AWS
	// answers 301 whether the request is anonymous or signed, for this
	// endpoint's region or the bucket's (regions.go).
	if err := s.redirectElsewhere(q); err != nil {
		s.writeError(q, err)
		return
	}
	caller, err := s.authenticate(r)
	if err == nil {
		q.caller = caller
		if err = s.protocolChecks(q); err == nil { // protocol.go
			err = s.route(q)
		}
	}
	if err != nil {
		s.writeError(q, err)
	}
}

// address splits the request into bucket and key, virtual-hosted style when
// the Host is "bucket.SUFFIX", path style otherwise.
func (s *Server) address(r *http.Request) (bucket, key string) {
	path := strings.TrimPrefix(r.URL.Path, "/")
	host := r.Host
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	if b, ok := strings.CutSuffix(strings.ToLower(host), "."+strings.ToLower(s.virtualHostSuffix)); ok && b != "" {
		return b, path
	}
	bucket, key, _ = strings.Cut(path, "/")
	return bucket, key
}

// operation serves one S3 operation: it writes a success response itself
// and returns errors for the caller to write.
type operation func(s *Server, q *restRequest) *s3Error

// Levels of the resource an operation acts on.
const (
	levelBucket = "bucket"
	levelObject = "object"
)

type operationKey struct{ level, subresource, method string }

// operationTable holds the operations selected by a subresource query
// parameter (or, with subresource "", by a method the plain routes do not
// serve). Each file implementing an S3 feature adds its own operations,
// so features stay in files of their own; a Server builds the table when
// it is made.
type operationTable map[operationKey]operation

// addOperation adds one operation to the table being built.
type addOperation func(level, subresource, method string, op operation)

func newOperationTable() operationTable {
	t := operationTable{}
	add := func(level, subresource, method string, op operation) {
		key := operationKey{level, subresource, method}
		if _, dup := t[key]; dup {
			panic(fmt.Sprintf("reftarget: operation %v added twice", key))
		}
		t[key] = op
	}
	for _, addFeature := range []func(addOperation){
		addObjectACLOperations,
		addBucketACLOperations,
		addBucketConfigOperations,
		addConfigSetOperations,
		addBucketFeatureOperations,
		addDeleteObjectsOperations,
		addMultipartOperations,
		addObjectAttributesOperations,
		addObjectLockOperations,
		addPartOperations,
		addPostObjectOperations,
		addProtocolOperations,
		addRestoreOperations,
		addTaggingOperations,
		addVersioningOperations,
	} {
		addFeature(add)
	}
	return t
}

// find finds the operation a request's subresource names.
func (operations operationTable) find(q *restRequest, query url.Values) (operation, bool) {
	level := levelObject
	switch {
	case q.bucket == "":
		return nil, false
	case q.key == "":
		level = levelBucket
	}
	// Sorted, so a request naming two registered subresources is served
	// the same way every time.
	names := slices.Sorted(maps.Keys(query))
	for _, name := range names {
		if op, ok := operations[operationKey{level, name, q.r.Method}]; ok && slices.Contains(operationSubresources, name) {
			return op, true
		}
	}
	// A request naming an S3 operation this target does not serve at this
	// level and method is not the plain operation, whatever parameters
	// come with it: POST /bucket?delete is DeleteObjects, never a browser
	// upload; DELETE /bucket?cors never deletes the bucket; GET
	// /bucket/key?attributes&versionId=... is not a GetObject of that
	// version.
	if namesSubresource(query) {
		return nil, false
	}
	// Operations selected by a parameter (versionId, partNumber) rather
	// than a subresource.
	for _, name := range names {
		if op, ok := operations[operationKey{level, name, q.r.Method}]; ok {
			return op, true
		}
	}
	op, ok := operations[operationKey{level, "", q.r.Method}]
	return op, ok
}

// operationSubresources are the query parameters that select an S3
// operation other than the plain one of the method (the S3 API reference's
// request URIs: botocore's s3 service-2.json, plus uploadId and session).
var operationSubresources = []string{
	"accelerate", "acl", "analytics", "attributes", "cors", "delete", "encryption",
	"intelligent-tiering", "inventory", "legal-hold", "lifecycle", "location", "logging",
	"metadataConfiguration", "metadataTable", "metrics", "notification", "object-lock",
	"ownershipControls", "policy", "policyStatus", "publicAccessBlock", "renameObject",
	"replication", "requestPayment", "restore", "retention", "select", "session",
	"tagging", "torrent", "uploadId", "uploads", "versioning", "versions", "website",
}

func namesSubresource(query url.Values) bool {
	for _, name := range operationSubresources {
		if query.Has(name) {
			return true
		}
	}
	return false
}

// route runs the operation the request names; it writes success responses
// itself and returns errors for the caller to write.
func (s *Server) route(q *restRequest) *s3Error {
	query := q.r.URL.Query()
	if err := s.featureNotImplementedFirst(q, query); err != nil { // lookup.go
		return err
	}
	op, ok := s.operations.find(q, query)
	if !ok && (slices.ContainsFunc(unimplementedSubresources, query.Has) || namesSubresource(query)) {
		return s.notImplemented(q) // lookup.go
	}
	if err := s.checkRequestHeaders(q); err != nil { // headers.go
		return err
	}
	if ok {
		return op(s, q)
	}
	method := q.r.Method
	switch {
	case q.bucket == "":
		if method == http.MethodGet || method == http.MethodHead {
			return s.listBuckets(q)
		}
		e := newError("MethodNotAllowed", detail{"Method", method}, detail{"ResourceType", "SERVICE"})
		e.header = http.Header{"Allow": {http.MethodGet}}
		return e
	case q.key == "":
		switch method {
		case http.MethodGet:
			return s.listObjects(q)
		case http.MethodHead:
			return s.headBucket(q)
		case http.MethodPut:
			return s.createBucket(q)
		case http.MethodDelete:
			return s.deleteBucket(q)
		}
	default:
		switch method {
		case http.MethodGet, http.MethodHead:
			return s.getObject(q)
		case http.MethodPut:
			return s.putObject(q)
		case http.MethodDelete:
			return s.deleteObject(q)
		}
	}
	return errNotImplemented()
}

type xmlOwner struct {
	ID string
}

type listAllMyBucketsResult struct {
	XMLName xml.Name `xml:"ListAllMyBucketsResult"`
	XMLNS   string   `xml:"xmlns,attr"`
	Owner   xmlOwner
	Buckets struct {
		Bucket []xmlBucket
	}
}

type xmlBucket struct {
	Name         string
	CreationDate string
}

func (s *Server) listBuckets(q *restRequest) *s3Error {
	buckets, err := s.store.listBuckets(q.caller)
	if err != nil {
		return err
	}
	result := listAllMyBucketsResult{XMLNS: s3XMLNS, Owner: xmlOwner{canonicalUserID(q.caller)}}
	for _, b := range buckets {
		result.Buckets.Bucket = append(result.Buckets.Bucket, xmlBucket{b.name, xmlTime(b.created)})
	}
	writeXML(q, result)
	return nil
}

type createBucketConfiguration struct {
	XMLName            xml.Name `xml:"CreateBucketConfiguration"`
	LocationConstraint string
}

func (s *Server) createBucket(q *restRequest) *s3Error {
	body, err := readBody(q.r, maxConfigSize)
	if err != nil {
		return err
	}
	var config createBucketConfiguration
	if len(bytes.TrimSpace(body)) > 0 && xml.Unmarshal(body, &config) != nil {
		return newError("MalformedXML")
	}
	if err := s.checkCreateBucketHeaders(q); err != nil { // bucketacl.go
		return err
	}
	if err := s.store.createBucketIn(s.region, q.caller, q.bucket, config.LocationConstraint); err != nil {
		return err
	}
	s.configureNewBucket(q) // bucketacl.go
	q.w.Header().Set("Location", "/"+q.bucket)
	q.w.WriteHeader(http.StatusOK)
	return nil
}

func (s *Server) deleteBucket(q *restRequest) *s3Error {
	if err := s.store.deleteBucket(q.caller, q.bucket); err != nil {
		return err
	}
	q.w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) headBucket(q *restRequest) *s3Error {
	if err := s.store.headBucket(q.caller, q.bucket); err != nil {
		return err
	}
	q.w.Header().Set("X-Amz-Bucket-Region", s.region)
	q.w.WriteHeader(http.StatusOK)
	return nil
}

type listBucketResultV1 struct {
	XMLName        xml.Name `xml:"ListBucketResult"`
	XMLNS          string   `xml:"xmlns,attr"`
	Name           string
	Prefix         string
	Marker         string
	NextMarker     string `xml:",omitempty"`
	MaxKeys        int
	Delimiter      string `xml:",omitempty"`
	EncodingType   string `xml:",omitempty"`
	IsTruncated    bool
	Contents       []xmlObject
	CommonPrefixes []xmlCommonPrefix
}

type listBucketResultV2 struct {
	XMLName               xml.Name `xml:"ListBucketResult"`
	XMLNS                 string   `xml:"xmlns,attr"`
	Name                  string
	Prefix                string
	ContinuationToken     string `xml:",omitempty"`
	NextContinuationToken string `xml:",omitempty"`
	StartAfter            string `xml:",omitempty"`
	KeyCount              int
	MaxKeys               int
	Delimiter             string `xml:",omitempty"`
	EncodingType          string `xml:",omitempty"`
	IsTruncated           bool
	Contents              []xmlObject
	CommonPrefixes        []xmlCommonPrefix
}

type xmlObject struct {
	Key          string
	LastModified string
	ETag         string
	Size         int
	Owner        *xmlOwner `xml:",omitempty"`
	StorageClass string
}

type xmlCommonPrefix struct {
	Prefix string
}

// listObjects answers ListObjects (v1) and, with list-type=2, ListObjectsV2.
func (s *Server) listObjects(q *restRequest) *s3Error {
	params := q.r.URL.Query()
	v2 := params.Has("list-type")
	if v2 && params.Get("list-type") != "2" {
		return errInvalidArgument("Invalid List Type specified in Request", "list-type", params.Get("list-type"))
	}
	// encoding-type=url asks for keys URL-encoded, so that keys with
	// characters XML cannot carry survive.
	encode := func(s string) string { return s }
	if params.Has("encoding-type") {
		if params.Get("encoding-type") != "url" {
			return errInvalidArgument("Invalid Encoding Method specified in Request", "encoding-type", params.Get("encoding-type"))
		}
		encode = url.QueryEscape
	}
	query := listQuery{prefix: params.Get("prefix"), delimiter: params.Get("delimiter"), maxKeys: maxListKeys}
	if params.Has("max-keys") {
		n, err := strconv.Atoi(params.Get("max-keys"))
		if err != nil || n < 0 {
			return errInvalidArgument("Provided max-keys not an integer or within integer range", "max-keys", params.Get("max-keys"))
		}
		query.maxKeys = min(n, maxListKeys)
	}
	switch {
	case !v2:
		query.after = params.Get("marker")
	case params.Has("continuation-token"):
		after, ok := decodeContinuationToken(params.Get("continuation-token"))
		if !ok {
			return errInvalidArgument("The continuation token provided is incorrect", "continuation-token", params.Get("continuation-token"))
		}
		query.after = after
	default:
		query.after = params.Get("start-after")
	}
	page, err := s.store.listObjects(q.caller, q.bucket, query)
	if err != nil {
		return err
	}
	withOwner := !v2 || params.Get("fetch-owner") == "true"
	var contents []xmlObject
	for _, obj := range page.objects {
		entry := xmlObject{Key: encode(obj.key), LastModified: xmlTime(obj.lastModified), ETag: obj.etag, Size: len(obj.body), StorageClass: "STANDARD"}
		if withOwner {
			entry.Owner = &xmlOwner{canonicalUserID(q.caller)}
		}
		contents = append(contents, entry)
	}
	var prefixes []xmlCommonPrefix
	for _, p := range page.commonPrefixes {
		prefixes = append(prefixes, xmlCommonPrefix{encode(p)})
	}
	encodingType := params.Get("encoding-type")
	if !v2 {
		result := listBucketResultV1{
			XMLNS: s3XMLNS, Name: q.bucket, Prefix: encode(query.prefix), Marker: encode(query.after),
			MaxKeys: query.maxKeys, Delimiter: encode(query.delimiter), EncodingType: encodingType,
			IsTruncated: page.truncated, Contents: contents, CommonPrefixes: prefixes,
		}
		// S3 sends NextMarker only with a delimiter; without one the
		// last key is the next marker.
		if page.truncated && query.delimiter != "" {
			result.NextMarker = encode(page.last)
		}
		writeXML(q, result)
		return nil
	}
	result := listBucketResultV2{
		XMLNS: s3XMLNS, Name: q.bucket, Prefix: encode(query.prefix),
		ContinuationToken: params.Get("continuation-token"), StartAfter: encode(params.Get("start-after")),
		KeyCount: len(contents) + len(prefixes), MaxKeys: query.maxKeys, Delimiter: encode(query.delimiter),
		EncodingType: encodingType, IsTruncated: page.truncated, Contents: contents, CommonPrefixes: prefixes,
	}
	if page.truncated {
		result.NextContinuationToken = base64.RawURLEncoding.EncodeToString([]byte(page.last))
	}
	writeXML(q, result)
	return nil
}

// decodeContinuationToken reverses the opaque token of a truncated
// ListObjectsV2 page: the base64 of the last key or prefix returned.
func decodeContinuationToken(token string) (string, bool) {
	after, err := base64.RawURLEncoding.DecodeString(token)
	return string(after), err == nil && token != ""
}

func (s *Server) putObject(q *restRequest) *s3Error {
	if err := s.checkObjectACLHeaders(q); err != nil { // acl.go
		return err
	}
	if q.r.Header.Get("X-Amz-Copy-Source") != "" {
		if name, ok := lockHeaderSent(q.r.Header); ok {
			return newError("NotImplemented", detail{"Header", name}) // objectlock.go
		}
		return s.copyObject(q) // copy.go
	}
	body, err := readBody(q.r, maxObjectSize)
	if err != nil && (err.code != "IncompleteBody" || !s.dev.has(devIncompleteBodyStored)) {
		return err
	}
	if err := s.checkObjectMD5(q.r.Header, body); err != nil {
		return err
	}
	if err := s.checkObjectChecksums(q.r.Header, body); err != nil { // checksum.go
		return err
	}
	attrs, err := s.objectAttributes(q.r.Header)
	if err != nil {
		return err
	}
	if attrs.lock, err = s.lockHeaders(q); err != nil { // objectlock.go
		return err
	}
	cond, err := s.writeConditionsOf(q.r.Header, s.dev.has(devConditionalWriteIgnored))
	if err != nil {
		return err
	}
	obj, err := s.store.putObjectVersion(q.caller, q.bucket, newObject(q.key, body, attrs), cond)
	if err != nil {
		return err
	}
	q.w.Header().Set("ETag", obj.etag)
	if obj.versionID != "" {
		q.w.Header().Set("X-Amz-Version-Id", obj.versionID)
	}
	q.setSSEKMSHeaders() // kms.go
	q.w.WriteHeader(http.StatusOK)
	return nil
}

// getObject answers GetObject and HeadObject (objects.go serves the
// object); HEAD omits the body.
func (s *Server) getObject(q *restRequest) *s3Error {
	obj, err := s.store.getObject(q.caller, q.bucket, q.key)
	if err != nil {
		return err
	}
	return s.serveObject(q, obj)
}

func (s *Server) deleteObject(q *restRequest) *s3Error {
	if err := s.store.deleteObject(q.caller, q.bucket, q.key); err != nil {
		return err
	}
	if marker, ok := s.store.latestDeleteMarker(q.caller, q.bucket, q.key); ok {
		s.setDeleteMarkerHeaders(q.w.Header(), marker) // versioning.go
	}
	q.w.WriteHeader(http.StatusNoContent)
	return nil
}

// readBody reads a request body of at most limit bytes; S3 wants its length
// declared up front. A body that ends early comes back as far as it got,
// with IncompleteBody; one that goes silent gets RequestTimeout.
func readBody(r *http.Request, limit int64) ([]byte, *s3Error) {
	if r.ContentLength < 0 {
		return nil, newError("MissingContentLength")
	}
	if r.ContentLength > limit {
		return nil, errEntityTooLarge(r.ContentLength, limit)
	}
	body := make([]byte, r.ContentLength)
	if n, err := io.ReadFull(r.Body, body); err != nil {
		if bodyStalled(err) {
			return nil, newError("RequestTimeout")
		}
		return body[:n], newError("IncompleteBody")
	}
	return body, nil
}

// checkContentMD5 verifies a Content-MD5 header against the body: InvalidDigest
// when the header is not a base64 MD5, BadDigest when it differs.
func checkContentMD5(header http.Header, body []byte) *s3Error {
	values, present := header["Content-Md5"]
	if !present {
		return nil
	}
	expected := strings.Join(values, ",")
	digest, err := base64.StdEncoding.DecodeString(expected)
	if err != nil || len(digest) != md5.Size {
		return newError("InvalidDigest", detail{"Content-MD5", expected})
	}
	if sum := md5.Sum(body); !bytes.Equal(digest, sum[:]) {
		return newError("BadDigest",
			detail{"ExpectedDigest", expected},
			detail{"CalculatedDigest", base64.StdEncoding.EncodeToString(sum[:])})
	}
	return nil
}

// userMetadata collects the x-amz-meta-* headers under lower-case names, as
// S3 stores them.
func userMetadata(header http.Header) map[string]string {
	const prefix = "X-Amz-Meta-"
	meta := map[string]string{}
	for name, values := range header {
		if strings.HasPrefix(name, prefix) && len(name) > len(prefix) {
			meta[strings.ToLower(name[len(prefix):])] = strings.Join(values, ",")
		}
	}
	return meta
}

// writeXML writes a 200 response with an XML document; HEAD gets the
// headers only.
func writeXML(q *restRequest, v any) {
	doc, err := xml.Marshal(v)
	if err != nil {
		panic(err) // the result types always marshal
	}
	body := append([]byte(xml.Header), doc...)
	h := q.w.Header()
	h.Set("Content-Type", "application/xml")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	q.w.WriteHeader(http.StatusOK)
	if q.r.Method != http.MethodHead {
		q.w.Write(body)
	}
}

// writeError writes e as S3 does (REST.md §1-2, §4), after the deviations
// that change the error or its headers.
func (s *Server) writeError(q *restRequest, e *s3Error) {
	h := q.w.Header()
	original := e.code
	e = s.dev.reshape(e)
	maps.Copy(h, e.header)
	bodyRequestID, hostID, contentType := q.requestID, q.hostID, "application/xml"
	if original == "NoSuchKey" {
		if s.dev.has(devNoSuchKeyNoRequestIDHeader) {
			h.Del(hdrRequestID)
		}
		if s.dev.has(devNoSuchKeyRequestIDMismatch) {
			bodyRequestID = newRequestID()
		}
		if s.dev.has(devNoSuchKeyDuplicateRequestID) {
			h[hdrRequestID] = []string{q.requestID, q.requestID}
		}
		if s.dev.has(devNoSuchKeyNoID2Header) {
			h.Del(hdrID2)
		}
		if s.dev.has(devNoSuchKeyNoHostID) {
			hostID = ""
		}
		if s.dev.has(devNoSuchKeyContentTypeText) {
			contentType = "text/plain"
		}
	}
	h.Set("Content-Type", contentType)
	body := errorDocument(e, q.resource(), bodyRequestID, hostID)
	if q.r.Method == http.MethodHead {
		if s.dev.has(devHeadErrorNoRequestID) {
			h.Del(hdrRequestID)
		}
		if !s.dev.has(devHeadErrorBody) {
			q.w.WriteHeader(e.status) // HEAD has no body (REST.md §4)
			return
		}
		if writeRawResponse(q.w, e.status, body) {
			return
		}
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	q.w.WriteHeader(e.status)
	q.w.Write(body)
}

// errorDocument renders the REST <Error> body: Code, Message, the
// code-specific elements, Resource, RequestId, HostId (left out when
// hostID is empty).
func errorDocument(e *s3Error, resource, requestID, hostID string) []byte {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString("<Error>")
	writeElement(&b, "Code", e.code)
	writeElement(&b, "Message", e.message)
	for _, d := range e.details {
		writeElement(&b, d.name, d.value)
	}
	writeElement(&b, "Resource", resource)
	writeElement(&b, "RequestId", requestID)
	if hostID != "" {
		writeElement(&b, "HostId", hostID)
	}
	b.WriteString("</Error>")
	return b.Bytes()
}

func writeElement(b *bytes.Buffer, name, value string) {
	b.WriteString("<" + name + ">")
	xml.EscapeText(b, []byte(value))
	b.WriteString("</" + name + ">")
}

// writeRawResponse sends a response with a body on the bare connection,
// which net/http refuses to do for HEAD; the connection is closed after it
// because the client will not read the body. It reports false when the
// connection cannot be taken over (e.g. under httptest.ResponseRecorder).
func writeRawResponse(w http.ResponseWriter, status int, body []byte) bool {
	conn, buf, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return false
	}
	defer conn.Close()
	header := w.Header().Clone()
	header.Set("Content-Length", strconv.Itoa(len(body)))
	header.Set("Connection", "close")
	header.Set("Date", time.Now().UTC().Format(http.TimeFormat))
	fmt.Fprintf(buf, "HTTP/1.1 %d %s\r\n", status, http.StatusText(status))
	header.Write(buf)
	buf.WriteString("\r\n")
	buf.Write(body)
	buf.Flush()
	return true
}

// newRequestID returns an id shaped like S3's x-amz-request-id: 16
// upper-case hex digits.
func newRequestID() string {
	var b [8]byte
	rand.Read(b[:])
	return strings.ToUpper(hex.EncodeToString(b[:]))
}

// newHostID returns a token shaped like S3's x-amz-id-2.
func newHostID() string {
	var b [48]byte
	rand.Read(b[:])
	return base64.StdEncoding.EncodeToString(b[:])
}

func xmlTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }
