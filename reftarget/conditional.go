package reftarget

import (
	"net/http"
	"strings"
	"time"
)

func (d deviationSet) errPreconditionFailed(condition string) *s3Error {
	if d.has(devPreconditionNoCondition) {
		return newError("PreconditionFailed")
	}
	return newError("PreconditionFailed", detail{"Condition", condition})
}

// etagMatches compares an If-Match/If-None-Match list with an ETag: "*"
// matches any object; quotes are optional.
func etagMatches(list, etag string) bool {
	for _, candidate := range strings.Split(list, ",") {
		candidate = strings.TrimSpace(candidate)
		if candidate == "*" || strings.Trim(candidate, `"`) == strings.Trim(etag, `"`) {
			return true
		}
	}
	return false
}

// conditionDate is the date of a conditional header, when it is a valid
// HTTP date.
func conditionDate(h http.Header, name string) (time.Time, bool) {
	value := h.Get(name)
	if value == "" {
		return time.Time{}, false
	}
	t, err := http.ParseTime(value)
	return t, err == nil
}

// evaluatePreconditions applies a GET's or HEAD's conditional headers in
// the order of RFC 9110 §13.2.2, which the GetObject reference spells out
// for S3: If-Match, else If-Unmodified-Since (412 PreconditionFailed); then
// If-None-Match, else If-Modified-Since (304 Not Modified).
func (s *Server) evaluatePreconditions(h http.Header, obj object) (notModified bool, err *s3Error) {
	_, hasIfMatch := h["If-Match"]
	if !s.dev.has(devPreconditionIgnored) {
		if hasIfMatch && !etagMatches(h.Get("If-Match"), obj.etag) {
			return false, s.dev.errPreconditionFailed("If-Match")
		}
		if !hasIfMatch || s.dev.has(devUnmodifiedSinceOverridesMatch) {
			if date, ok := conditionDate(h, "If-Unmodified-Since"); ok && obj.lastModified.After(date) {
				return false, s.dev.errPreconditionFailed("If-Unmodified-Since")
			}
		}
	}
	if s.dev.has(devNotModifiedIgnored) {
		return false, nil
	}
	_, hasIfNoneMatch := h["If-None-Match"]
	_, hasIfModifiedSince := h["If-Modified-Since"]
	if hasIfNoneMatch && !(hasIfModifiedSince && s.dev.has(devModifiedSinceOverridesNone)) {
		return etagMatches(h.Get("If-None-Match"), obj.etag), nil
	}
	// A date in the future is not a valid If-Modified-Since (RFC 9110
	// §13.1.3).
	if date, ok := conditionDate(h, "If-Modified-Since"); ok && !date.After(time.Now()) {
		return !obj.lastModified.After(date), nil
	}
	return false, nil
}

// checkCopySourceConditions applies CopyObject's x-amz-copy-source-if-*
// headers to the source; any that fails is 412 PreconditionFailed.
func (s *Server) checkCopySourceConditions(h http.Header, src object) *s3Error {
	if s.dev.has(devCopySourceConditionsIgnored) {
		return nil
	}
	const prefix = "X-Amz-Copy-Source-If-"
	if _, ok := h[prefix+"Match"]; ok && !etagMatches(h.Get(prefix+"Match"), src.etag) {
		return s.dev.errPreconditionFailed("x-amz-copy-source-If-Match")
	}
	if date, ok := conditionDate(h, prefix+"Unmodified-Since"); ok && src.lastModified.After(date) {
		return s.dev.errPreconditionFailed("x-amz-copy-source-If-Unmodified-Since")
	}
	if _, ok := h[prefix+"None-Match"]; ok && etagMatches(h.Get(prefix+"None-Match"), src.etag) {
		return s.dev.errPreconditionFailed("x-amz-copy-source-If-None-Match")
	}
	if date, ok := conditionDate(h, prefix+"Modified-Since"); ok && !src.lastModified.After(date) {
		return s.dev.errPreconditionFailed("x-amz-copy-source-If-Modified-Since")
	}
	return nil
}
