package wire

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
const MaxProblemBytes = 600

// TransportProblem says in plain words what went wrong below HTTP in x
// (x.Err must be set), followed by the error itself, redacted: a timeout,
// an untrusted certificate, a reset, a body cut short, an answer that is
// not HTTP.
func TransportProblem(x *Exchange) string {
	err := x.Err
	if err == nil {
		return "no response"
	}
	raw := x.Redact(err.Error())
	if !utf8.ValidString(raw) {
		raw = fmt.Sprintf("%q", raw)
	}
	raw = cutAtRune(raw, MaxProblemBytes)
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
	case TimedOut(err):
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
func TimedOut(err error) bool {
	var netTimeout interface{ Timeout() bool }
	return errors.Is(err, context.DeadlineExceeded) || errors.As(err, &netTimeout) && netTimeout.Timeout()
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
