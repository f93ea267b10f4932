package reftarget

import (
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Protocol-level errors, judged before the operation runs: URIs S3 cannot
// parse, oversized header sections, bodies without a declared length.

// maxHeaderSection is S3's limit on a request's header section
// (RequestHeaderSectionTooLarge's MaxSizeAllowed, seen from AWS:
// versitygw#2180, va.gov-team#89412).
const maxHeaderSection = 8192

func addProtocolOperations(add addOperation) {
	add(levelObject, "", http.MethodPost, (*Server).postToObject)
}

// protocolChecks runs before every operation of an authenticated (or
// anonymous) request.
func (s *Server) protocolChecks(q *restRequest) *s3Error {
	r := q.r
	if r.Header.Get("Expect") != "" && s.dev.has(devExpectContinueRejected) {
		return &s3Error{code: "ExpectationFailed", message: "Expectation Failed", status: http.StatusExpectationFailed}
	}
	if size := headerSectionSize(r); size > maxHeaderSection && !s.dev.has(devHeaderSizeUnlimited) {
		e := newError("RequestHeaderSectionTooLarge", detail{"MaxSizeAllowed", strconv.Itoa(maxHeaderSection)})
		// AWS words it "Your request header section exceeds the maximum
		// allowed size." (versitygw#2180).
		e.message = "Your request header section exceeds the maximum allowed size."
		return e
	}
	if !utf8.ValidString(r.URL.Path) && !s.dev.has(devURINotValidated) {
		// A key that cannot be decoded names nothing: the error's
		// Resource is the bucket.
		q.key = ""
		return newError("InvalidURI")
	}
	chunked := len(r.TransferEncoding) > 0
	if chunked && !strings.HasPrefix(r.Header.Get("X-Amz-Content-Sha256"), "STREAMING-") && !s.dev.has(devChunkedAsMissingLength) {
		// S3 takes only aws-chunked uploads (knox#43, awssum#30).
		return newError("NotImplemented", detail{"Header", "Transfer-Encoding"})
	}
	if r.Method == http.MethodPut && q.key != "" && !chunked && r.Header.Get("Content-Length") == "" && !s.dev.has(devMissingLengthAccepted) {
		return newError("MissingContentLength")
	}
	if err := s.checkExpectedOwner(q); err != nil { // expectedowner.go
		return err
	}
	if s.dev.has(devMethodNotAllowedAs501) && (q.bucket == "" && r.Method != http.MethodGet && r.Method != http.MethodHead ||
		q.key != "" && r.Method == http.MethodPost && r.URL.RawQuery == "") {
		return errNotImplemented()
	}
	if s.dev.has(devListParamsUnchecked) && q.key == "" && r.Method == http.MethodGet {
		query := r.URL.Query()
		if _, err := strconv.Atoi(query.Get("max-keys")); query.Has("max-keys") && err != nil || strings.HasPrefix(query.Get("max-keys"), "-") {
			query.Del("max-keys")
		}
		if query.Has("encoding-type") && query.Get("encoding-type") != "url" {
			query.Del("encoding-type")
		}
		r.URL.RawQuery = query.Encode()
	}
	return nil
}

// headerSectionSize counts the header lines as sent: "Name: value\r\n".
func headerSectionSize(r *http.Request) int {
	size := len("Host: \r\n") + len(r.Host)
	for name, values := range r.Header {
		for _, v := range values {
			size += len(name) + len(": ") + len(v) + len("\r\n")
		}
	}
	return size
}

// postToObject: POST on an object is only multipart uploads, restores and
// selects, each named by a subresource; S3 answers a plain POST with 405
// (ResourceType OBJECT, danialfarid/ng-file-upload#345).
func (s *Server) postToObject(q *restRequest) *s3Error {
	if q.r.URL.RawQuery != "" {
		return errNotImplemented() // a subresource this target does not implement
	}
	e := newError("MethodNotAllowed", detail{"Method", q.r.Method}, detail{"ResourceType", "OBJECT"})
	e.header = http.Header{"Allow": {"DELETE, GET, HEAD, PUT"}}
	return e
}
