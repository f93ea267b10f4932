package harness

import (
	"net/http"
	"regexp"
	"strings"
	"sync"
)

// Redacted replaces every secret the suite shows in logs, reports and
// failure messages.
const Redacted = "REDACTED"

var (
	// The signature part of SigV4 and SigV2 Authorization headers.
	sigV4Signature = regexp.MustCompile(`(Signature=)[^,\s]*`)
	sigV2Signature = regexp.MustCompile(`^(AWS [^:\s]+:)\S+`)
	// Elements whose text is a signature: the SOAP Signature and the
	// SignatureProvided a SignatureDoesNotMatch error echoes back.
	signatureElement = regexp.MustCompile(`(<(?:[\w.-]+:)?(?:Signature|SignatureProvided)(?:\s[^>]*)?>)[^<]*(</)`)
	// Query parameters carrying a presigned URL's signature.
	signatureParam = regexp.MustCompile(`(?i)((?:^|[?&;])(?:X-Amz-Signature|Signature)=)[^&#\s"'<>]*`)
	// An Authorization header quoted in free text, e.g. the ArgumentValue
	// of an InvalidArgument error: its SigV4 signature, or its SigV2 one.
	quotedSigV4 = regexp.MustCompile(`((?:^|[\s,])Signature=)[^,\s"'<>&]*`)
	quotedSigV2 = regexp.MustCompile(`(\bAWS [\w.-]{4,}:)[A-Za-z0-9+/=]{16,}`)
	// The signature field of a POST upload form (multipart/form-data):
	// the value after the part's headers and blank line.
	formSignature = regexp.MustCompile(`(?i)(name="(?:x-amz-signature|signature)"\r?\n(?:[^\r\n]+\r?\n)*\r?\n)[^\r\n]*`)
)

var secrets = struct {
	sync.RWMutex
	values []string
}{}

// RegisterSecret adds a value (a secret key) that must never be shown: every
// redaction function replaces it wherever it appears.
func RegisterSecret(s string) {
	if len(s) < 4 {
		// Too short to tell apart from ordinary text; redacting it would
		// mangle every message without protecting anything.
		return
	}
	secrets.Lock()
	defer secrets.Unlock()
	for _, v := range secrets.values {
		if v == s {
			return
		}
	}
	secrets.values = append(secrets.values, s)
}

func redactSecrets(s string) string {
	secrets.RLock()
	defer secrets.RUnlock()
	for _, v := range secrets.values {
		s = strings.ReplaceAll(s, v, Redacted)
	}
	return s
}

// RedactText removes signatures and registered secrets from free text: an
// exchange's body, an error message, a log line.
func RedactText(s string) string {
	s = signatureElement.ReplaceAllString(s, "${1}"+Redacted+"${2}")
	s = signatureParam.ReplaceAllString(s, "${1}"+Redacted)
	s = quotedSigV4.ReplaceAllString(s, "${1}"+Redacted)
	s = quotedSigV2.ReplaceAllString(s, "${1}"+Redacted)
	s = formSignature.ReplaceAllString(s, "${1}"+Redacted)
	return redactSecrets(s)
}

// RedactURL removes signatures from a URL's query and registered secrets
// from the whole URL.
func RedactURL(u string) string {
	return redactSecrets(signatureParam.ReplaceAllString(u, "${1}"+Redacted))
}

// RedactHeader returns a copy of h with the Authorization signature, and any
// registered secret, replaced. Other headers get the free-text rules: a
// server may echo a signature back in one (a Location with a presigned
// URL, a debugging header quoting the Authorization).
func RedactHeader(h http.Header) http.Header {
	out := make(http.Header, len(h))
	for name, values := range h {
		redacted := make([]string, len(values))
		for i, v := range values {
			if strings.EqualFold(name, "Authorization") {
				v = sigV4Signature.ReplaceAllString(v, "${1}"+Redacted)
				v = sigV2Signature.ReplaceAllString(v, "${1}"+Redacted)
				redacted[i] = redactSecrets(v)
				continue
			}
			redacted[i] = RedactText(v)
		}
		out[name] = redacted
	}
	return out
}
