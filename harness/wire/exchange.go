package wire

import (
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// MaxBodyBytes caps how much of any response body the suite reads, so an
// endless or huge body costs bounded memory.
const MaxBodyBytes = 1 << 20

// shownBodyBytes is how much of a body a failure message prints.
const shownBodyBytes = 4 << 10

// Exchange is one request and what came back, as the suite saw it. A
// transport failure leaves Status 0 and sets Err.
type Exchange struct {
	Method        string
	URL           string
	RequestHeader http.Header
	RequestBody   []byte

	Status         int
	Proto          string
	ResponseHeader http.Header
	Body           []byte
	// BodyTruncated is true when the server sent more than MaxBodyBytes.
	BodyTruncated bool
	// Err is the transport error: refused or dropped connection, timeout,
	// TLS failure, or a body that could not be read to its end.
	Err      error
	Duration time.Duration
	// secrets are those of the client that made the exchange; every
	// rendering of it is redacted with them.
	Secrets *Secrets
}

// RequestID is the x-amz-request-id header's first value.
func (x *Exchange) RequestID() string { return x.ResponseHeader.Get("x-amz-request-id") }

// HostID is the x-amz-id-2 header's first value.
func (x *Exchange) HostID() string { return x.ResponseHeader.Get("x-amz-id-2") }

// RequestLine is "METHOD URL", redacted.
func (x *Exchange) RequestLine() string { return x.Method + " " + x.Secrets.URL(x.URL) }

// RedactURL is u with the secrets of the client that made x removed.
func (x *Exchange) RedactURL(u string) string { return x.Secrets.URL(u) }

// redact removes from s every secret and signature, those of the client
// that made x included.
func (x *Exchange) Redact(s string) string {
	if x == nil {
		return RedactText(s)
	}
	return x.Secrets.Text(s)
}

// String renders the whole exchange, secrets redacted, for a failure
// message: enough for a vendor to reproduce it without reading our code.
func (x *Exchange) String() string {
	var b strings.Builder
	b.WriteString("--- request\n")
	b.WriteString(x.RequestLine() + "\n")
	writeHeaders(&b, x.Secrets.Header(x.RequestHeader))
	if len(x.RequestBody) > 0 {
		b.WriteString("\n" + x.showBody(x.RequestBody, false) + "\n")
	}
	b.WriteString("--- response")
	if x.Duration > 0 {
		fmt.Fprintf(&b, " (after %s)", x.Duration.Round(time.Millisecond))
	}
	b.WriteString("\n")
	if x.Err != nil {
		fmt.Fprintf(&b, "transport error: %s\n", x.Redact(x.Err.Error()))
	}
	if x.Status == 0 {
		return b.String()
	}
	fmt.Fprintf(&b, "%s %d %s\n", x.Proto, x.Status, http.StatusText(x.Status))
	writeHeaders(&b, x.Secrets.Header(x.ResponseHeader))
	if len(x.Body) > 0 {
		b.WriteString("\n" + x.showBody(x.Body, x.BodyTruncated) + "\n")
	}
	return b.String()
}

func writeHeaders(b *strings.Builder, h http.Header) {
	names := make([]string, 0, len(h))
	for n := range h {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		for _, v := range h[n] {
			fmt.Fprintf(b, "%s: %s\n", n, v)
		}
	}
}

// showBody renders a body for people: text as is (cut at shownBodyBytes),
// anything that is not UTF-8 as a quoted Go string so control bytes cannot
// garble a terminal or a report.
func (x *Exchange) showBody(body []byte, truncatedByReader bool) string {
	// Redact the whole body before quoting or cutting it, so a secret
	// straddling the cut cannot show in part.
	text := x.Redact(string(body))
	if !utf8.ValidString(text) {
		text = fmt.Sprintf("%q", text)
	}
	shown := cutAtRune(text, shownBodyBytes)
	switch {
	case truncatedByReader:
		shown += fmt.Sprintf("\n[... body longer than %d bytes; the suite stopped reading]", MaxBodyBytes)
	case len(shown) < len(text):
		shown += fmt.Sprintf("\n[... %d more bytes not shown]", len(text)-len(shown))
	}
	return shown
}

// cutAtRune returns at most n bytes of s, not splitting a UTF-8 character.
func cutAtRune(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// SentSignature is the signature the request carried: its Authorization
// header's (SigV4 or SigV2) or its presigned URL's; "" when it carried
// none that can be read back.
func (x *Exchange) SentSignature() string {
	for _, v := range x.RequestHeader.Values("Authorization") {
		if sig, ok := sigV4Of(v); ok {
			return sig
		}
		if sig, ok := sigV2Of(v); ok {
			return sig
		}
	}
	if u, err := url.Parse(x.URL); err == nil {
		for _, name := range []string{"X-Amz-Signature", "Signature"} {
			if s := u.Query().Get(name); s != "" {
				return s
			}
		}
	}
	return ""
}
