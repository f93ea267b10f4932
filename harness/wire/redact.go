package wire

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Redacted replaces every secret the suite shows in logs, reports and
// failure messages.
const Redacted = "REDACTED"

// The patterns below are the second line of defence: they catch a
// signature the Secrets of the process never saw (one made by another
// process, or echoed in a form nobody foresaw). Secrets, which knows every
// value the client made, is the first.
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
	// the value after the part's headers and blank line; and the same
	// form quoted as a Go string, where CR and LF are \r and \n.
	formSignature       = regexp.MustCompile(`(?i)(name="(?:x-amz-signature|signature)"\r?\n(?:[^\r\n]+\r?\n)*\r?\n)[^\r\n]*`)
	quotedFormSignature = regexp.MustCompile(`(?i)(name=\\"(?:x-amz-signature|signature)\\"(?:\\r)?\\n(?:(?:[^\\]|\\[^rn])+(?:\\r)?\\n)*(?:\\r)?\\n)[^\\"\s]*`)
)

// RedactText removes signatures from free text by pattern alone. Code that
// has the Secrets of its run uses Secrets.Text, which also removes every
// value the run made, in every encoding.
func RedactText(s string) string { return (*Secrets)(nil).Text(s) }

// RedactURL removes signatures from a URL's query by pattern alone; see
// Secrets.URL.
func RedactURL(u string) string { return (*Secrets)(nil).URL(u) }

// RedactHeader redacts h by pattern alone; see Secrets.Header.
func RedactHeader(h http.Header) http.Header { return (*Secrets)(nil).Header(h) }

func redactPatterns(s string) string {
	s = signatureElement.ReplaceAllString(s, "${1}"+Redacted+"${2}")
	s = signatureParam.ReplaceAllString(s, "${1}"+Redacted)
	s = quotedSigV4.ReplaceAllString(s, "${1}"+Redacted)
	s = quotedSigV2.ReplaceAllString(s, "${1}"+Redacted)
	s = formSignature.ReplaceAllString(s, "${1}"+Redacted)
	return quotedFormSignature.ReplaceAllString(s, "${1}"+Redacted)
}

// Secrets are the values one process must never show: the secret keys it
// signs with and every signature it computed. They are registered when
// made and removed from every output by value, in every encoding a server
// or the suite's own quoting can give them, which no pattern can foresee.
// A run owns one, shared by its clients and report writers. The nil
// *Secrets holds nothing and redacts by pattern alone.
type Secrets struct {
	mu     sync.RWMutex
	values map[string]bool
	// forms maps the first formKey bytes of every form of every value to
	// those forms, longest first, so one pass over a text finds them all.
	forms map[string][]string
}

const (
	// formKey is the shortest value registered: shorter ones cannot be
	// told apart from ordinary text, and redacting them would mangle every
	// message without protecting anything.
	formKey = 4
	// minPartialForm is the shortest base64 run kept for a value encoded
	// inside a longer base64 text.
	minPartialForm = 16
)

// NewSecrets returns an empty set.
func NewSecrets() *Secrets { return &Secrets{values: map[string]bool{}, forms: map[string][]string{}} }

// Add registers v, shown nowhere in any of its encodings.
func (s *Secrets) Add(v string) { s.add(v, true) }

// addEncoded registers only the encodings of v, not v itself: for a whole
// Authorization header, which is shown as such with its signature
// redacted, but whose base64 would hide that signature from every rule.
func (s *Secrets) addEncoded(v string) { s.add(v, false) }

func (s *Secrets) add(v string, raw bool) {
	if s == nil || len(v) < formKey {
		return
	}
	key := v
	if !raw {
		key = "\x00" + v
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.values[key] {
		return
	}
	s.values[key] = true
	for _, f := range forms(v, raw) {
		k := f[:formKey]
		list := s.forms[k]
		if slicesContains(list, f) {
			continue
		}
		list = append(list, f)
		sort.SliceStable(list, func(i, j int) bool { return len(list[i]) > len(list[j]) })
		s.forms[k] = list
	}
}

func slicesContains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

var (
	sentSOAPSig    = regexp.MustCompile(`<(?:[\w.-]+:)?Signature(?:\s[^>]*)?>([^<]+)</`)
	sentFormFields = regexp.MustCompile(`(?i)name="(?:x-amz-signature|signature|policy)"\r?\n(?:[^\r\n]+\r?\n)*\r?\n([^\r\n]+)`)
)

// sigV4Of is the signature of a SigV4 Authorization header: what follows
// its first "Signature=", up to a comma or white space. (A regular
// expression did this at a cost every request paid.)
func sigV4Of(authorization string) (string, bool) {
	_, rest, ok := strings.Cut(authorization, "Signature=")
	if !ok {
		return "", false
	}
	if end := strings.IndexFunc(rest, func(r rune) bool { return r == ',' || unicode.IsSpace(r) }); end >= 0 {
		rest = rest[:end]
	}
	return rest, rest != ""
}

// sigV2Of is the signature of a SigV2 Authorization header
// "AWS AccessKey:Signature": the run of non-space characters after the
// first colon, where the access key holds no space.
func sigV2Of(authorization string) (string, bool) {
	rest, ok := strings.CutPrefix(authorization, "AWS ")
	if !ok {
		return "", false
	}
	key, sig, ok := strings.Cut(rest, ":")
	if !ok || key == "" || strings.IndexFunc(key, unicode.IsSpace) >= 0 {
		return "", false
	}
	if end := strings.IndexFunc(sig, unicode.IsSpace); end >= 0 {
		sig = sig[:end]
	}
	return sig, sig != ""
}

// AddRequest registers every signature a request about to be sent
// carries: the Authorization header's (and the base64 of the whole
// header), a presigned URL's, a POST form's signature and the policy it
// signs, a SOAP envelope's. It sees the request as it goes on the wire, so
// what a check's tampering left of a signature is registered too.
func (s *Secrets) AddRequest(h http.Header, rawQuery string, body []byte) {
	if s == nil {
		return
	}
	for _, v := range h.Values("Authorization") {
		if sig, ok := sigV4Of(v); ok {
			s.Add(sig)
		}
		if sig, ok := sigV2Of(v); ok {
			s.Add(sig)
		}
		s.addEncoded(v)
	}
	if rawQuery != "" {
		// A query that does not parse keeps the parameters it could read.
		q, _ := url.ParseQuery(rawQuery)
		for name, values := range q {
			if strings.EqualFold(name, "X-Amz-Signature") || strings.EqualFold(name, "Signature") {
				for _, v := range values {
					s.Add(v)
				}
			}
		}
	}
	if !bytes.Contains(body, []byte("ignature")) && !bytes.Contains(body, []byte("policy")) {
		return
	}
	for _, m := range sentFormFields.FindAllSubmatch(body, -1) {
		s.Add(string(m[1]))
	}
	for _, m := range sentSOAPSig.FindAllSubmatch(body, -1) {
		s.Add(string(m[1]))
	}
}

// Text removes every registered value, in any of its forms, then every
// signature the patterns recognise, from free text: an exchange's body,
// an error message, a log line. Call it before quoting or cutting a text.
func (s *Secrets) Text(t string) string { return redactPatterns(s.redactValues(t)) }

// URL removes registered values from a URL, and signatures from its query.
func (s *Secrets) URL(u string) string {
	return signatureParam.ReplaceAllString(s.redactValues(u), "${1}"+Redacted)
}

// Header returns a copy of h with the Authorization signature, and any
// registered value, replaced. Other headers get the free-text rules: a
// server may echo a signature back in one (a Location with a presigned
// URL, a debugging header quoting the Authorization).
func (s *Secrets) Header(h http.Header) http.Header {
	out := make(http.Header, len(h))
	for name, values := range h {
		redacted := make([]string, len(values))
		for i, v := range values {
			if strings.EqualFold(name, "Authorization") {
				v = s.redactValues(v)
				v = sigV4Signature.ReplaceAllString(v, "${1}"+Redacted)
				redacted[i] = sigV2Signature.ReplaceAllString(v, "${1}"+Redacted)
				continue
			}
			redacted[i] = s.Text(v)
		}
		out[name] = redacted
	}
	return out
}

// redactValues replaces every registered form in t in one pass, the longest
// form at a position first.
func (s *Secrets) redactValues(t string) string {
	if s == nil || len(t) < formKey {
		return t
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if len(s.forms) == 0 {
		return t
	}
	var b strings.Builder
	last := 0
	for i := 0; i+formKey <= len(t); {
		matched := 0
		for _, f := range s.forms[t[i:i+formKey]] {
			if strings.HasPrefix(t[i:], f) {
				matched = len(f)
				break
			}
		}
		if matched == 0 {
			i++
			continue
		}
		b.WriteString(t[last:i])
		b.WriteString(Redacted)
		i += matched
		last = i
	}
	if last == 0 {
		return t
	}
	b.WriteString(t[last:])
	return b.String()
}

// forms lists what v can look like in an output: as is (when raw), hex in
// either case, its bytes in base64 when it is hex and in hex when it is
// base64, the base64 of its text (alone, or inside the base64 of a longer
// text), each of those URL-encoded (query or path, once or twice, %XX in
// either case),
// XML- or HTML-escaped, JSON-escaped or quoted as a Go string.
func forms(v string, raw bool) []string {
	var bases []string
	if raw {
		bases = append(bases, v)
	}
	if isHex(v) {
		bases = append(bases, strings.ToLower(v), strings.ToUpper(v))
		if b, err := hex.DecodeString(v); err == nil {
			bases = append(bases, base64Forms(b)...)
		}
	}
	if b, ok := decodeBase64(v); ok {
		bases = append(bases, hex.EncodeToString(b), strings.ToUpper(hex.EncodeToString(b)))
		bases = append(bases, base64Forms(b)...)
	}
	bases = append(bases, base64Forms([]byte(v))...)
	var out []string
	for _, b := range bases {
		out = append(out, escapings(b)...)
	}
	out = append(out, embeddedBase64([]byte(v))...)
	seen := map[string]bool{}
	kept := out[:0]
	for _, f := range out {
		if len(f) >= formKey && !seen[f] {
			seen[f] = true
			kept = append(kept, f)
		}
	}
	return kept
}

func isHex(v string) bool {
	if len(v) < 16 || len(v)%2 != 0 {
		return false
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

func decodeBase64(v string) ([]byte, bool) {
	if len(v) < 16 {
		return nil, false
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(v); err == nil {
			return b, true
		}
	}
	return nil, false
}

func base64Forms(b []byte) []string {
	return []string{
		base64.StdEncoding.EncodeToString(b), base64.URLEncoding.EncodeToString(b),
		base64.RawStdEncoding.EncodeToString(b), base64.RawURLEncoding.EncodeToString(b),
	}
}

// embeddedBase64 is what of the base64 of a longer text holding v at any
// offset depends on v alone: the 4-character groups that encode 3 bytes
// of v each, for the 3 alignments v can have.
func embeddedBase64(v []byte) []string {
	var out []string
	for k := 0; k < 3; k++ {
		padded := append(make([]byte, k, k+len(v)), v...)
		first, end := (k+2)/3, (k+len(v))/3
		if (end-first)*4 < minPartialForm {
			continue
		}
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding} {
			out = append(out, enc.EncodeToString(padded)[4*first:4*end])
		}
	}
	return out
}

var xmlApos = strings.NewReplacer(`&`, "&amp;", `<`, "&lt;", `>`, "&gt;", `"`, "&quot;", `'`, "&apos;")

// escapings are x as the usual escapes of URLs, XML, HTML, JSON and Go
// strings write it.
func escapings(x string) []string {
	out := []string{x}
	// Twice URL-encoded too: a URL holding the value, put in the query of
	// another (a redirect's Location).
	for _, e := range []string{url.QueryEscape(x), url.PathEscape(x), url.QueryEscape(url.QueryEscape(x))} {
		out = append(out, e, lowerEscapes(e))
	}
	var xmlText strings.Builder
	xml.EscapeText(&xmlText, []byte(x))
	out = append(out, xmlText.String(), html.EscapeString(x), xmlApos.Replace(x))
	for _, escapeHTML := range []bool{true, false} {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(escapeHTML)
		if enc.Encode(x) == nil {
			out = append(out, unquote(strings.TrimSuffix(b.String(), "\n")))
		}
	}
	out = append(out, unquote(strconv.Quote(x)), unquote(strconv.QuoteToASCII(x)))
	return out
}

func unquote(q string) string { return q[1 : len(q)-1] }

// lowerEscapes writes the hex digits of e's %XX escapes in lower case.
func lowerEscapes(e string) string {
	b := []byte(e)
	for i := 0; i+2 < len(b); i++ {
		if b[i] == '%' {
			b[i+1], b[i+2] = lowerHex(b[i+1]), lowerHex(b[i+2])
			i += 2
		}
	}
	return string(b)
}

func lowerHex(c byte) byte {
	if 'A' <= c && c <= 'F' {
		return c + ('a' - 'A')
	}
	return c
}

// Writer returns a writer that redacts what it passes on to w, a line at
// a time, so that a value split across two writes is still whole when it
// is redacted. Close writes what is left of an unfinished line.
func (s *Secrets) Writer(w io.Writer) *RedactingWriter { return &RedactingWriter{secrets: s, out: w} }

// RedactingWriter is what Secrets.Writer returns.
type RedactingWriter struct {
	secrets *Secrets
	out     io.Writer
	mu      sync.Mutex
	pending []byte
}

func (w *RedactingWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.pending = append(w.pending, p...)
	end := bytes.LastIndexByte(w.pending, '\n')
	if end < 0 {
		return len(p), nil
	}
	lines := string(w.pending[:end+1])
	w.pending = append(w.pending[:0], w.pending[end+1:]...)
	if _, err := io.WriteString(w.out, w.secrets.Text(lines)); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Close writes the unfinished last line, redacted.
func (w *RedactingWriter) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.pending) == 0 {
		return nil
	}
	_, err := io.WriteString(w.out, w.secrets.Text(string(w.pending)))
	w.pending = nil
	return err
}

// cutClean returns at most n bytes of s, not splitting a UTF-8 character
// nor a run of the characters signatures, keys and their encodings are
// made of: a value cut there would leave its first part, which no rule
// recognises, while the whole of it dropped leaves nothing.
func cutClean(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	if tokenByte(s[n]) {
		for n > 0 && tokenByte(s[n-1]) {
			n--
		}
	}
	return s[:n]
}

func tokenByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("+/=%-_.~&#;\\", c) >= 0
}
