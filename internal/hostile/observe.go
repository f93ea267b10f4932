package hostile

import (
	"bytes"
	"encoding/base64"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
)

// What the server saw of the requests, and the echo of them it answers
// with.

var (
	sigV4Auth  = regexp.MustCompile(`Signature=([0-9a-fA-F]+)`)
	sigV2Auth  = regexp.MustCompile(`^AWS [^:\s]+:(\S+)`)
	soapSigEl  = regexp.MustCompile(`<(?:[\w.-]+:)?Signature(?:\s[^>]*)?>([^<]+)</`)
	queryParam = regexp.MustCompile(`(?i)(?:^|&)(?:X-Amz-Signature|Signature)=([^&]+)`)
	// formField is a POST form's signature, or the policy it signs.
	formField = regexp.MustCompile(`(?i)name="(?:x-amz-signature|signature|policy)"\r?\n(?:[^\r\n]+\r?\n)*\r?\n([^\r\n]+)`)
)

// Signatures returns every signature value the server received: SigV4 and
// SigV2 Authorization signatures, X-Amz-Signature and Signature query
// parameters (URL-decoded as well as raw), SOAP Signature elements, POST
// form signatures and the policies they sign.
func (s *Server) Signatures() []string {
	set := map[string]bool{}
	for _, x := range s.Seen() {
		for _, sig := range signaturesOf(x.Header, x.RawQuery, x.Body) {
			set[sig] = true
		}
		for _, m := range queryParam.FindAllStringSubmatch(x.RawQuery, -1) {
			if decoded, err := url.QueryUnescape(m[1]); err == nil {
				set[decoded] = true
			}
		}
	}
	out := make([]string, 0, len(set))
	for v := range set {
		out = append(out, v)
	}
	sort.Strings(out)
	return out
}

// Authorizations returns every Authorization header value the server
// received.
func (s *Server) Authorizations() []string {
	var out []string
	for _, x := range s.Seen() {
		out = append(out, x.Header.Values("Authorization")...)
	}
	return out
}

// signaturesOf are the signatures one request carries, as sent.
func signaturesOf(h http.Header, rawQuery string, body []byte) []string {
	var out []string
	for _, v := range h.Values("Authorization") {
		if m := sigV4Auth.FindStringSubmatch(v); m != nil {
			out = append(out, m[1])
		}
		if m := sigV2Auth.FindStringSubmatch(v); m != nil {
			out = append(out, m[1])
		}
	}
	for _, m := range queryParam.FindAllStringSubmatch(rawQuery, -1) {
		out = append(out, m[1])
	}
	for _, re := range []*regexp.Regexp{soapSigEl, formField} {
		for _, m := range re.FindAllSubmatch(body, -1) {
			out = append(out, string(m[1]))
		}
	}
	return out
}

// maxEchoedBody bounds the request bodies echo repeats.
const maxEchoedBody = 8 << 10

// echo returns up with the request's signatures repeated in it, every way
// the issue saw a target do it: the bare signature (hex or base64) and the
// base64 of the whole Authorization header in a custom header; for an
// error, also URL-encoded ("Signature%3D...") in a Location header and in
// the body's text, those and the presigned URL in elements of the error,
// and the request body (a POST form, a SOAP envelope) in its message or
// faultstring, XML-escaped, so that the text a client parses holds the
// form's CR and LF and the envelope's <Signature> element.
func echo(r *http.Request, body []byte, up *upstreamResponse, soap bool) *upstreamResponse {
	sigs := signaturesOf(r.Header, r.URL.RawQuery, body)
	auth := r.Header.Get("Authorization")
	if len(sigs) == 0 && auth == "" {
		return up
	}
	out := &upstreamResponse{status: up.status, header: up.header.Clone(), body: up.body}
	if len(sigs) > 0 {
		out.header.Set("X-Echo-Signature", sigs[0])
	}
	if auth != "" {
		out.header.Set("X-Echo-Authorization", base64.StdEncoding.EncodeToString([]byte(auth)))
	}
	if up.status < 300 {
		return out
	}
	var encoded []string
	for _, sig := range sigs {
		encoded = append(encoded, url.QueryEscape("Signature="+sig))
	}
	if auth != "" {
		encoded = append(encoded, url.QueryEscape(auth))
	}
	presigned := "http://" + r.Host + r.RequestURI
	out.header.Set("Location", presigned+"&echo="+strings.Join(encoded, ","))
	var extra strings.Builder
	for _, sig := range sigs {
		fmt.Fprintf(&extra, "<EchoSignature>%s</EchoSignature>", xmlEscape(sig))
	}
	if auth != "" {
		fmt.Fprintf(&extra, "<EchoAuthorization>%s</EchoAuthorization>", base64.StdEncoding.EncodeToString([]byte(auth)))
	}
	fmt.Fprintf(&extra, "<EchoURL>%s</EchoURL><EchoEncoded>%s</EchoEncoded>", xmlEscape(presigned), xmlEscape(strings.Join(encoded, " ")))
	said := " echo: " + strings.Join(encoded, " ")
	if len(body) <= maxEchoedBody {
		said += " " + string(body)
	}
	text := "</Message>"
	if soap {
		text = "</faultstring>"
	}
	b := bytes.Replace(up.body, []byte(text), []byte(xmlEscape(said)+text), 1)
	if i := bytes.LastIndex(b, []byte("</Error>")); !soap && i >= 0 {
		b = append(b[:i:i], append([]byte(extra.String()), b[i:]...)...)
	}
	if soap {
		if i := bytes.Index(b, []byte("<detail>")); i >= 0 {
			end := i + len("<detail>")
			b = append(b[:end:end], append([]byte(extra.String()), b[end:]...)...)
		} else if i := bytes.Index(b, []byte("</faultstring>")); i >= 0 {
			end := i + len("</faultstring>")
			b = append(b[:end:end], append([]byte("<detail>"+extra.String()+"</detail>"), b[end:]...)...)
		}
	}
	out.body = b
	return out
}

func xmlEscape(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}
