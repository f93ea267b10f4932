package wire

import (
	"net/http"
	"strings"
)

// Tampering edits a signed request's headers (Request.Tamper): the
// requests of checks about malformed or incomplete authentication.

// Tampers applies each edit in turn.
func Tampers(edits ...func(http.Header)) func(http.Header) {
	return func(h http.Header) {
		for _, e := range edits {
			e(h)
		}
	}
}

// WithoutHeader removes a header after signing (e.g. X-Amz-Date or
// X-Amz-Content-Sha256).
func WithoutHeader(name string) func(http.Header) {
	return func(h http.Header) { h.Del(name) }
}

// WithHeader sets a header after signing, so the signature does not cover
// its new value.
func WithHeader(name, value string) func(http.Header) {
	return func(h http.Header) { h.Set(name, value) }
}

// WithAuthorization replaces the whole Authorization header.
func WithAuthorization(value string) func(http.Header) {
	return WithHeader("Authorization", value)
}

// WithAuthorizationScheme replaces the first word of the Authorization
// header (AWS4-HMAC-SHA256 for SigV4).
func WithAuthorizationScheme(scheme string) func(http.Header) {
	return func(h http.Header) {
		_, rest, _ := strings.Cut(h.Get("Authorization"), " ")
		h.Set("Authorization", scheme+" "+rest)
	}
}

// WithoutAuthorizationPart drops one component (Credential, SignedHeaders
// or Signature) of a SigV4 Authorization header.
func WithoutAuthorizationPart(name string) func(http.Header) {
	return func(h http.Header) {
		scheme, rest, _ := strings.Cut(h.Get("Authorization"), " ")
		var kept []string
		for _, part := range strings.Split(rest, ",") {
			if n, _, _ := strings.Cut(strings.TrimSpace(part), "="); n != name {
				kept = append(kept, strings.TrimSpace(part))
			}
		}
		h.Set("Authorization", scheme+" "+strings.Join(kept, ", "))
	}
}

// WithCredential replaces the Credential component of a SigV4
// Authorization header with value.
func WithCredential(value string) func(http.Header) {
	return func(h http.Header) {
		scheme, rest, _ := strings.Cut(h.Get("Authorization"), " ")
		parts := strings.Split(rest, ",")
		for i, part := range parts {
			if n, _, _ := strings.Cut(strings.TrimSpace(part), "="); n == "Credential" {
				parts[i] = "Credential=" + value
			}
		}
		h.Set("Authorization", scheme+" "+strings.Join(parts, ","))
	}
}

// WithCredentialService replaces the service of the SigV4 credential scope
// (access-key/date/region/SERVICE/aws4_request).
func WithCredentialService(service string) func(http.Header) {
	return func(h http.Header) {
		scheme, rest, _ := strings.Cut(h.Get("Authorization"), " ")
		parts := strings.Split(rest, ",")
		for i, part := range parts {
			n, v, _ := strings.Cut(strings.TrimSpace(part), "=")
			if scope := strings.Split(v, "/"); n == "Credential" && len(scope) == 5 {
				scope[3] = service
				parts[i] = "Credential=" + strings.Join(scope, "/")
			}
		}
		h.Set("Authorization", scheme+" "+strings.Join(parts, ","))
	}
}
