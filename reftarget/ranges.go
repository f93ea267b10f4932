package reftarget

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// byteRange is a single satisfiable range of an object, inclusive;
// clipped says the request asked for bytes past the end.
type byteRange struct {
	first, last int
	clipped     bool
}

// parseRange reads a Range header the way S3 does (RFC 9110 §14.1.2, AWS
// as observed: localstack/localstack#9076, getmoto/moto#6778,
// basho/riak_cs#304): a header it cannot use as one byte range is ignored
// (ok false); a usable one is satisfiable or not.
func parseRange(value string, size int) (r byteRange, ok, satisfiable bool) {
	spec, found := strings.CutPrefix(value, "bytes=")
	if !found || strings.Contains(spec, ",") {
		return byteRange{}, false, false
	}
	firstText, lastText, found := strings.Cut(strings.TrimSpace(spec), "-")
	if !found {
		return byteRange{}, false, false
	}
	first, firstErr := parseBytePos(firstText)
	last, lastErr := parseBytePos(lastText)
	switch {
	case firstText == "" && lastErr == nil: // suffix: the last N bytes
		if last == 0 || size == 0 {
			return byteRange{}, true, false
		}
		return byteRange{first: max(size-last, 0), last: size - 1}, true, true
	case firstErr != nil:
		return byteRange{}, false, false
	case lastText == "":
		last = size - 1
	case lastErr != nil || last < first:
		return byteRange{}, false, false
	}
	if first >= size {
		return byteRange{}, true, false
	}
	return byteRange{first, min(last, size-1), last > size-1 && lastText != ""}, true, true
}

func parseBytePos(s string) (int, error) {
	if s == "" || strings.Trim(s, "0123456789") != "" {
		return 0, fmt.Errorf("not a byte position: %q", s)
	}
	return strconv.Atoi(s)
}

// selectRange returns the bytes of obj a GET asks for and the status to
// send, 206 with Content-Range for a satisfiable range, or 416
// InvalidRange.
func (s *Server) selectRange(h http.Header, obj object, out http.Header) ([]byte, int, *s3Error) {
	value := h.Get("Range")
	if value == "" || s.dev.has(devRangeIgnored) {
		return obj.body, http.StatusOK, nil
	}
	size := len(obj.body)
	r, ok, satisfiable := parseRange(value, size)
	if r.clipped && s.dev.has(devRangePastEndUnsatisfiable) {
		satisfiable = false
	}
	if !ok && s.dev.has(devInvalidRangeSyntaxRejected) {
		ok, satisfiable = true, false
	}
	switch {
	case !ok:
		return obj.body, http.StatusOK, nil
	case !satisfiable:
		e := newError("InvalidRange", detail{"RangeRequested", value}, detail{"ActualObjectSize", strconv.Itoa(size)})
		if s.dev.has(devInvalidRangeNoElements) {
			e.details = nil
		}
		if s.dev.has(devInvalidRangeStatus400) {
			e.status = http.StatusBadRequest
		}
		e.header = http.Header{"Content-Range": {fmt.Sprintf("bytes */%d", size)}}
		return nil, 0, e
	}
	out.Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", r.first, r.last, size))
	return obj.body[r.first : r.last+1], http.StatusPartialContent, nil
}
