package reftarget

import (
	"net/http"
	"strings"
)

// refusedHeaders are S3 request headers whose functionality this target
// does not implement (doc.go says why, one by one). A request carrying one
// is answered 501 NotImplemented naming it, as S3 does for headers it does
// not support: serving it as if the header were absent would answer
// wrongly.
var refusedHeaders = []string{
	"x-amz-mfa",
	"x-amz-bucket-object-lock-token",
	"x-amz-skip-destination-validation",
	"x-amz-website-redirect-location",
	"x-amz-write-offset-bytes",
	"x-amz-copy-source-server-side-encryption-customer-algorithm",
	"x-amz-copy-source-server-side-encryption-customer-key",
	"x-amz-copy-source-server-side-encryption-customer-key-md5",
	"x-amz-server-side-encryption-aws-kms-key-id",
	"x-amz-server-side-encryption-context",
	"x-amz-server-side-encryption-bucket-key-enabled",
	"x-amz-max-parts",
	"x-amz-part-number-marker",
	"x-amz-request-route",
	"x-amz-request-token",
}

// refusedHeaderPrefixes are families of refused headers:
// WriteGetObjectResponse's forwarded headers.
var refusedHeaderPrefixes = []string{"x-amz-fwd-"}

// checkRequestHeaders refuses the headers this target does not implement
// and validates the encryption headers of object writes (sse.go).
func (s *Server) checkRequestHeaders(q *restRequest) *s3Error {
	h := q.r.Header
	kmsWrite := isKMSWrite(q.r, q.key) // kms.go
	for _, name := range refusedHeaders {
		if kmsWrite && name == kmsKeyIDLower {
			continue
		}
		if _, ok := h[http.CanonicalHeaderKey(name)]; ok {
			return newError("NotImplemented", detail{"Header", name})
		}
	}
	for name := range h {
		lower := strings.ToLower(name)
		for _, prefix := range refusedHeaderPrefixes {
			if strings.HasPrefix(lower, prefix) {
				return newError("NotImplemented", detail{"Header", lower})
			}
		}
	}
	if kmsWrite {
		var err *s3Error
		q.kmsKeyARN, err = s.checkKMSWrite(h)
		return err
	}
	objectWrite := q.key != "" && (q.r.Method == http.MethodPut || q.r.Method == http.MethodPost)
	if objectWrite && hasSSECHeader(h) && s.dev.has(devSSECUnchecked) {
		return nil
	}
	if objectWrite {
		return checkEncryptionHeaders(h, s.dev)
	}
	// Reads and deletes of objects that can never be SSE-C encrypted.
	for _, name := range []string{hdrSSECAlgorithm, hdrSSECKey, hdrSSECKeyMD5} {
		if _, ok := h[name]; ok {
			return newError("NotImplemented", detail{"Header", strings.ToLower(name)})
		}
	}
	return nil
}
