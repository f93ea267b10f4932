package harness

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"strings"
	"syscall"
	"time"
	"unicode/utf8"

	"github.com/beevik/etree"
)

// Products under test, and the proxies in front of them, misbehave in ways
// no S3 does: HTML error pages, bodies that never end, connections that
// hang or reset, certificates nobody trusts. Each must become a failure of
// the check concerned that says what was wrong; the functions here word
// those failures.

// maxProblemBytes bounds a transport problem's text: error strings can
// quote what a server sent.
const maxProblemBytes = 600

// TransportProblem says in plain words what went wrong below HTTP in x
// (x.Err must be set), followed by the error itself, redacted: a timeout,
// an untrusted certificate, a reset, a body cut short, an answer that is
// not HTTP.
func TransportProblem(x *Exchange) string {
	err := x.Err
	if err == nil {
		return "no response"
	}
	raw := x.redact(err.Error())
	if !utf8.ValidString(raw) {
		raw = fmt.Sprintf("%q", raw)
	}
	raw = cutAtRune(raw, maxProblemBytes)
	after := ""
	if x.Duration > 0 {
		after = " after " + x.Duration.Round(time.Millisecond).String()
	}
	received := len(x.Body)
	declared := ""
	if cl := x.ResponseHeader.Get("Content-Length"); cl != "" {
		declared = " of the " + cl + " its Content-Length announced"
	}
	var (
		unknownCA x509.UnknownAuthorityError
		hostname  x509.HostnameError
		invalid   x509.CertificateInvalidError
		notTLS    tls.RecordHeaderError
		notHTTP1  *notHTTP1Error
	)
	switch {
	case errors.As(err, &notHTTP1) && notHTTP1.http2:
		return "the target answered in HTTP/2 only, not HTTP/1.1 (it sent " + notHTTP1.what + "); the suite speaks HTTP/1.1: " + raw
	case errors.As(err, &notHTTP1):
		return "the answer is not HTTP/1.1: " + raw
	case strings.Contains(raw, "no application protocol"):
		return "TLS: the server accepts no protocol the suite speaks (it refused HTTP/1.1 in ALPN: does it answer in HTTP/2 only?): " + raw
	case errors.As(err, &unknownCA):
		return "TLS: the server's certificate is not signed by a trusted authority (trust its CA with tls.ca_file): " + raw
	case errors.As(err, &hostname):
		return "TLS: the server's certificate is not valid for this host name: " + raw
	case errors.As(err, &invalid) && invalid.Reason == x509.Expired:
		return "TLS: the server's certificate has expired or is not yet valid: " + raw
	case errors.As(err, &invalid):
		return "TLS: the server's certificate is not valid: " + raw
	case errors.As(err, &notTLS):
		return "TLS: the server did not answer in TLS (is the endpoint http://, not https://?): " + raw
	case timedOut(err):
		if x.Status == 0 {
			return fmt.Sprintf("no answer within the request timeout (gave up%s; the targets file's timeout: sets it): %s", after, raw)
		}
		return fmt.Sprintf("the body did not arrive within the request timeout (%d bytes received%s, gave up%s): %s", received, declared, after, raw)
	case errors.Is(err, syscall.ECONNRESET):
		if x.Status == 0 {
			return "the server reset the connection without answering: " + raw
		}
		return fmt.Sprintf("the server reset the connection in the middle of the body (%d bytes received%s): %s", received, declared, raw)
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused: nothing listens at the endpoint: " + raw
	case x.Status != 0 && (errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF)):
		return fmt.Sprintf("the connection closed before the body was complete (%d bytes received%s): %s", received, declared, raw)
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return "the server closed the connection without answering: " + raw
	case strings.Contains(raw, "malformed HTTP"):
		return "the answer is not HTTP: " + raw
	}
	return raw
}

// timedOut reports whether err is the request timeout running out, or a
// network timeout.
func timedOut(err error) bool {
	var netTimeout interface{ Timeout() bool }
	return errors.Is(err, context.DeadlineExceeded) || errors.As(err, &netTimeout) && netTimeout.Timeout()
}

// bodyProblemPrefixes start the messages ParseErrorBody and
// ParseSOAPMessage give for a body they cannot use at all.
var bodyProblemPrefixes = []string{"body is not XML", "body has no XML root element", "body is not one XML document", "body is empty"}

// explainBodyProblems adds to each failed verdict about an unusable body
// what the server declared it to be and how long it was, e.g.
// `body is not XML: Content-Type "text/html", 162 bytes; ...`: most such
// bodies are a proxy's or a web server's own error page.
func explainBodyProblems(r *Response, vs []Verdict) {
	for i, v := range vs {
		if v.Pass {
			continue
		}
		for _, prefix := range bodyProblemPrefixes {
			rest, ok := strings.CutPrefix(v.Observed, prefix)
			if !ok || strings.HasPrefix(rest, ": Content-Type") {
				continue
			}
			ct := "no Content-Type"
			if values := r.ResponseHeader.Values("Content-Type"); len(values) > 0 {
				ct = fmt.Sprintf("Content-Type %q", strings.Join(values, ", "))
			}
			size := fmt.Sprintf("%d bytes", len(r.Body))
			if r.BodyTruncated {
				size = fmt.Sprintf("more than %d bytes (the suite read no further)", MaxBodyBytes)
			}
			rest = strings.TrimPrefix(rest, ":")
			rest = strings.TrimPrefix(rest, ";")
			if rest != "" {
				rest = ";" + rest
			}
			vs[i].Observed = fmt.Sprintf("%s: %s, %s%s", prefix, ct, size, rest)
			break
		}
	}
}

// completeResponseVerdicts judge what a check's matcher does not: that the
// response arrived whole, and that its body was not past the read cap (an
// endless body that begins like the right answer must not pass).
func completeResponseVerdicts(r *Response) []Verdict {
	var vs []Verdict
	if r.BodyTruncated {
		vs = append(vs, Verdict{
			Field: "body size", Expected: fmt.Sprintf("at most %d bytes", MaxBodyBytes),
			Observed: fmt.Sprintf("more than %d bytes: the suite stopped reading (a huge or endless body)", MaxBodyBytes),
		})
	}
	if r.Err != nil {
		vs = append(vs, Verdict{Field: "transport", Expected: "a complete response", Observed: TransportProblem(r.Exchange)})
	}
	return vs
}

// redirectNote explains a 3xx a check did not expect: the suite never
// follows redirects, because a check judges the answer of the endpoint it
// was pointed at.
func redirectNote(r *Response, vs []Verdict) {
	if r.Status < 300 || r.Status > 399 {
		return
	}
	for i, v := range vs {
		if v.Field == "status" && !v.Pass && v.Note == "" {
			loc := r.ResponseHeader.Get("Location")
			switch {
			case loc == "":
				vs[i].Note = fmt.Sprintf("a %d redirect without a Location", r.Status)
			case loc == r.URL:
				vs[i].Note = fmt.Sprintf("a %d redirect to this very URL, a redirect loop; the suite does not follow redirects", r.Status)
			default:
				vs[i].Note = fmt.Sprintf("a %d redirect to %s; the suite does not follow redirects", r.Status, r.Exchange.secrets.URL(loc))
			}
		}
	}
}

// xmlProblem words why etree could not read body. etree (encoding/xml
// underneath) never expands an entity a DOCTYPE declares, internal or
// external, and stops at a nesting depth of 1024; those failures say so.
// The parser's own text can quote names of any length from the body, so
// it is cut and quoted when it is not valid UTF-8.
func xmlProblem(body []byte, err error) string {
	text := err.Error()
	if !utf8.ValidString(text) {
		text = fmt.Sprintf("%q", text)
	}
	text = cutAtRune(text, 300)
	switch {
	case errors.Is(err, etree.ErrXML):
		return "not well-formed: the document ends with elements still open, or closes one with the wrong tag (a body cut short, or HTML?)"
	case strings.HasSuffix(text, "unexpected EOF"):
		return "the document ends in the middle of a tag, a body cut short? (" + text + ")"
	case errors.Is(err, etree.ErrMaxDepth):
		return "elements nested deeper than 1024 levels, where the suite stops reading (" + text + ")"
	case bytes.Contains(body, []byte("<!DOCTYPE")) && strings.Contains(text, "entity"):
		return "it has a DOCTYPE whose entities the suite never expands (" + text + ")"
	}
	return text
}
