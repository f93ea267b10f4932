package reftarget

import (
	"net/http"
	"strconv"

	"github.com/s3errconform/s3errconform/catalog"
)

// s3Error is an S3 error independent of the protocol that reports it: the
// REST layer renders it as an <Error> document, a SOAP layer as a fault.
type s3Error struct {
	code    string
	message string
	// status is the HTTP status of the REST response.
	status int
	// details are the code-specific elements (REST.md §3), in wire order.
	details []detail
	// header holds extra REST response headers (e.g. x-amz-bucket-region).
	header http.Header
}

type detail struct{ name, value string }

// newError builds the error for a catalog code with the catalog's status and
// message, so that every answer of the reference target is derived from the
// catalog.
func newError(code string, details ...detail) *s3Error {
	entry := catalog.MustLookup(code)
	return &s3Error{code: entry.OnWire(), message: entry.Message, status: entry.HTTPStatus, details: details}
}

// newContextError builds the error for a code whose message AWS varies per
// request (message_kind context-dependent); message replaces the catalog's
// example. Codes with a fixed wire message must use newError.
func newContextError(code, message string, details ...detail) *s3Error {
	e := newError(code, details...)
	e.message = message
	return e
}

func errNoSuchBucket(bucket string) *s3Error {
	return newError("NoSuchBucket", detail{"BucketName", bucket})
}

func errNoSuchKey(key string) *s3Error {
	return newError("NoSuchKey", detail{"Key", key})
}

func errAccessDenied() *s3Error { return newError("AccessDenied") }

func errNotImplemented() *s3Error { return newError("NotImplemented") }

func errInvalidArgument(message, name, value string) *s3Error {
	return newContextError("InvalidArgument", message, detail{"ArgumentName", name}, detail{"ArgumentValue", value})
}

func errEntityTooLarge(proposed, max int64) *s3Error {
	return newError("EntityTooLarge",
		detail{"ProposedSize", strconv.FormatInt(proposed, 10)},
		detail{"MaxSizeAllowed", strconv.FormatInt(max, 10)})
}
