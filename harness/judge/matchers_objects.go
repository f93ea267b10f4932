package judge

import (
	"bytes"
	"fmt"
	"net/http"

	"github.com/beevik/etree"
	"github.com/onsi/gomega/types"

	"github.com/s3errconform/s3errconform/harness/check"
	"github.com/s3errconform/s3errconform/harness/wire"
)

// Matchers for object, range and conditional checks.

// HeaderExpectation is a response header a check requires, e.g.
// x-amz-delete-marker on the 404 of a delete marker (HaveS3ErrorAndHeaders
// in matchers_extra.go takes them too).
type HeaderExpectation struct {
	Name string
	// Value is compared exactly unless AnyValue is set.
	Value    string
	AnyValue bool
}

// Header requires header name once, with exactly value.
func Header(name, value string) HeaderExpectation { return HeaderExpectation{Name: name, Value: value} }

// HeaderPresent requires header name once, with any non-empty value.
func HeaderPresent(name string) HeaderExpectation {
	return HeaderExpectation{Name: name, AnyValue: true}
}

func headerVerdict(r *wire.Response, h HeaderExpectation) check.Verdict {
	values := r.ResponseHeader.Values(h.Name)
	v := check.Verdict{Field: "header " + h.Name, Observed: "absent"}
	switch {
	case len(values) == 1:
		v.Observed = fmt.Sprintf("%q", values[0])
	case len(values) > 1:
		v.Observed = fmt.Sprintf("%d values %q", len(values), values)
	}
	if h.AnyValue {
		v.Expected = "present once, non-empty"
		v.Pass = len(values) == 1 && values[0] != ""
		return v
	}
	v.Expected = fmt.Sprintf("%q", h.Value)
	v.Pass = len(values) == 1 && values[0] == h.Value
	return v
}

// successVerdicts judges what every non-error answer shares: the status
// and the request-id pair (REST.md §1: returned in every response).
func successVerdicts(r *wire.Response, status int) []check.Verdict {
	return []check.Verdict{statusVerdict(r, status), headerOnceVerdict(r, "x-amz-request-id"), headerOnceVerdict(r, "x-amz-id-2")}
}

// HaveStatusWithHeaders is HaveStatus that also requires the request-id
// pair and response headers, e.g. x-amz-delete-marker on a DELETE.
func HaveStatusWithHeaders(status int, headers ...HeaderExpectation) types.GomegaMatcher {
	return &responseMatcher{
		title: fmt.Sprintf("HTTP status %d with headers", status),
		judge: func(r *wire.Response) []check.Verdict {
			vs := successVerdicts(r, status)
			for _, h := range headers {
				vs = append(vs, headerVerdict(r, h))
			}
			return vs
		},
	}
}

func bodyVerdict(r *wire.Response, want []byte) check.Verdict {
	v := check.Verdict{Field: "body", Expected: fmt.Sprintf("%d bytes: %s", len(want), wire.FirstBytes(want)), Pass: bytes.Equal(r.Body, want)}
	v.Observed = fmt.Sprintf("%d bytes: %s", len(r.Body), wire.FirstBytes(r.Body))
	return v
}

// HavePartialContent succeeds on a 206 answer to a satisfiable Range:
// Content-Range (e.g. "bytes 0-3/10") and exactly the bytes asked for.
func HavePartialContent(contentRange string, body []byte) types.GomegaMatcher {
	return &responseMatcher{
		title: "206 Partial Content " + contentRange,
		judge: func(r *wire.Response) []check.Verdict {
			vs := successVerdicts(r, http.StatusPartialContent)
			vs = append(vs, headerVerdict(r, Header("Content-Range", contentRange)))
			if r.Exchange.Method != http.MethodHead {
				vs = append(vs, bodyVerdict(r, body))
			}
			return vs
		},
	}
}

// HaveFullContent succeeds on a 200 answer carrying the whole object and
// no Content-Range: what S3 sends for a Range header it ignores.
func HaveFullContent(body []byte) types.GomegaMatcher {
	return &responseMatcher{
		title: "200 OK with the whole object",
		judge: func(r *wire.Response) []check.Verdict {
			vs := successVerdicts(r, http.StatusOK)
			cr := check.Verdict{Field: "header Content-Range", Expected: "absent", Observed: "absent", Pass: r.ResponseHeader.Get("Content-Range") == ""}
			if !cr.Pass {
				cr.Observed = fmt.Sprintf("%q", r.ResponseHeader.Get("Content-Range"))
			}
			return append(vs, cr, bodyVerdict(r, body))
		},
	}
}

// HaveNotModified succeeds on a 304 Not Modified: no body, the object's
// ETag (ceph/s3-tests test_get_object_ifnonematch_good; RFC 9110 §15.4.5)
// and the request-id pair.
func HaveNotModified(etag string) types.GomegaMatcher {
	return &responseMatcher{
		title: "304 Not Modified",
		// The catalog's name for the 304 answer; it has no body to
		// carry it.
		code: "NotModified",
		judge: func(r *wire.Response) []check.Verdict {
			vs := successVerdicts(r, http.StatusNotModified)
			return append(vs, emptyBodyVerdict(r), headerVerdict(r, Header("ETag", etag)))
		},
	}
}

// HaveDocument succeeds on a success answer whose body is an XML document
// with root element root, e.g. CompleteMultipartUploadResult (which S3 may
// send with 200 even when the upload failed: the body tells).
func HaveDocument(status int, root string) types.GomegaMatcher {
	return &responseMatcher{
		title: fmt.Sprintf("HTTP status %d with a <%s> document", status, root),
		judge: func(r *wire.Response) []check.Verdict {
			return append(successVerdicts(r, status), documentVerdict(r, root))
		},
	}
}

// documentVerdict requires the body to be an XML document with root
// element root.
func documentVerdict(r *wire.Response, root string) check.Verdict {
	v := check.Verdict{Field: "body", Expected: fmt.Sprintf("<%s> document", root)}
	doc := etree.NewDocument()
	switch {
	case doc.ReadFromBytes(r.Body) != nil || doc.Root() == nil:
		v.Observed = "not XML: " + wire.FirstBytes(r.Body)
	default:
		v.Observed = "<" + doc.Root().Tag + ">"
		v.Pass = doc.Root().Tag == root
	}
	return v
}
