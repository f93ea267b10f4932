package wire

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// Secrets the tests register: long and distinctive, like real ones.
const (
	testSecretRedact = "rEdAcTtEsTsEcReT/K7MDENG+bPxRfiCY0001"
	testShortSecret  = "abc"
)

func TestRedactHeaderAuthorization(t *testing.T) {
	const sig = "fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024"
	const v4Prefix = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature="
	tests := []struct {
		name   string
		header string // name as stored in the map, possibly not canonical
		value  string
		want   string
	}{
		{"sigv4", "Authorization", v4Prefix + sig, v4Prefix + Redacted},
		{"sigv4 lowercase header name", "authorization", v4Prefix + sig, v4Prefix + Redacted},
		{"sigv2", "Authorization", "AWS AKIAIOSFODNN7EXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg=", "AWS AKIAIOSFODNN7EXAMPLE:" + Redacted},
		{"sigv4 without spaces", "Authorization", "AWS4-HMAC-SHA256 Credential=AK/20130524/us-east-1/s3/aws4_request,SignedHeaders=host,Signature=" + sig,
			"AWS4-HMAC-SHA256 Credential=AK/20130524/us-east-1/s3/aws4_request,SignedHeaders=host,Signature=" + Redacted},
		{"other header untouched", "X-Amz-Date", "20130524T000000Z", "20130524T000000Z"},
		{"signature echoed in another header", "X-Debug-Authorization", v4Prefix + sig, v4Prefix + Redacted},
		{"presigned URL in Location", "Location", "https://b.s3.example/k?X-Amz-Credential=AK&X-Amz-Signature=" + sig + "&x=1",
			"https://b.s3.example/k?X-Amz-Credential=AK&X-Amz-Signature=" + Redacted + "&x=1"},
		{"other header text untouched", "X-Custom", "a value naming no Signature", "a value naming no Signature"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := http.Header{tc.header: {tc.value}}
			got := RedactHeader(h)
			if g := got[tc.header]; len(g) != 1 || g[0] != tc.want {
				t.Errorf("RedactHeader(%s: %s) = %q, want %q", tc.header, tc.value, g, tc.want)
			}
			if h[tc.header][0] != tc.value {
				t.Errorf("RedactHeader modified its input: %q", h[tc.header][0])
			}
		})
	}
}

func TestRedactHeaderKeepsCredentialAndSignedHeaders(t *testing.T) {
	v := "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=0123abcd"
	got := RedactHeader(http.Header{"Authorization": {v}}).Get("Authorization")
	for _, keep := range []string{"Credential=AKIDEXAMPLE/20130524/us-east-1/s3/aws4_request", "SignedHeaders=host;x-amz-date"} {
		if !strings.Contains(got, keep) {
			t.Errorf("redacted header %q lost %q", got, keep)
		}
	}
	if strings.Contains(got, "0123abcd") {
		t.Errorf("redacted header %q still holds the signature", got)
	}
}

func TestRedactSignatureQueryParams(t *testing.T) {
	tests := []struct{ in, want string }{
		{
			"https://h.example/b/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AK%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Expires=900&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404&X-Amz-SignedHeaders=host",
			"https://h.example/b/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AK%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Expires=900&X-Amz-Signature=" + Redacted + "&X-Amz-SignedHeaders=host",
		},
		{"https://h/b/k?x-amz-signature=abc123", "https://h/b/k?x-amz-signature=" + Redacted},
		{"https://h/b/k?X-AMZ-SIGNATURE=abc123#frag", "https://h/b/k?X-AMZ-SIGNATURE=" + Redacted + "#frag"},
		{"https://h/b/k?AWSAccessKeyId=AK&Expires=1141889120&Signature=vjbyPxybdZaNmGa%2ByT272YEAiv4%3D", "https://h/b/k?AWSAccessKeyId=AK&Expires=1141889120&Signature=" + Redacted},
		{"https://h/b/k?signature=abc&x=1", "https://h/b/k?signature=" + Redacted + "&x=1"},
		{"Signature=abc", "Signature=" + Redacted},
		// Names that merely end in "Signature" are not signatures.
		{"https://h/b/k?NotASignature=keep&MySignature=keep", "https://h/b/k?NotASignature=keep&MySignature=keep"},
	}
	for _, tc := range tests {
		if got := RedactURL(tc.in); got != tc.want {
			t.Errorf("RedactURL(%q)\n got %q\nwant %q", tc.in, got, tc.want)
		}
		if got := RedactText(tc.in); got != tc.want {
			t.Errorf("RedactText(%q)\n got %q\nwant %q", tc.in, got, tc.want)
		}
	}
	// In XML text, where the URL ends at the closing tag and & is escaped.
	xmlText := "<Resource>/b/k?X-Amz-Expires=60&amp;X-Amz-Signature=deadbeef&amp;X-Amz-Date=1</Resource><Other>/b?Signature=abc</Other>"
	xmlWant := "<Resource>/b/k?X-Amz-Expires=60&amp;X-Amz-Signature=" + Redacted + "&amp;X-Amz-Date=1</Resource><Other>/b?Signature=" + Redacted + "</Other>"
	if got := RedactText(xmlText); got != xmlWant {
		t.Errorf("RedactText(%q)\n got %q\nwant %q", xmlText, got, xmlWant)
	}
	// In free text, e.g. an error message quoting the URL.
	text := `Get "https://h/b/k?X-Amz-Expires=60&X-Amz-Signature=deadbeef": dial tcp: connection refused`
	want := `Get "https://h/b/k?X-Amz-Expires=60&X-Amz-Signature=` + Redacted + `": dial tcp: connection refused`
	if got := RedactText(text); got != want {
		t.Errorf("RedactText(%q)\n got %q\nwant %q", text, got, want)
	}
}

func TestRedactSignatureElements(t *testing.T) {
	tests := []struct{ in, want string }{
		{"<SignatureProvided>abc123</SignatureProvided>", "<SignatureProvided>" + Redacted + "</SignatureProvided>"},
		{"<Signature>abc123</Signature>", "<Signature>" + Redacted + "</Signature>"},
		{"<s3:Signature>abc123</s3:Signature>", "<s3:Signature>" + Redacted + "</s3:Signature>"},
		{`<Signature xmlns="http://s3.amazonaws.com/doc/2006-03-01/">abc123</Signature>`, `<Signature xmlns="http://s3.amazonaws.com/doc/2006-03-01/">` + Redacted + `</Signature>`},
		{`<s3:SignatureProvided a="1">abc</s3:SignatureProvided>`, `<s3:SignatureProvided a="1">` + Redacted + `</s3:SignatureProvided>`},
		{
			"<Error><Code>SignatureDoesNotMatch</Code><AWSAccessKeyId>AK</AWSAccessKeyId><SignatureProvided>abc</SignatureProvided><RequestId>R</RequestId></Error>",
			"<Error><Code>SignatureDoesNotMatch</Code><AWSAccessKeyId>AK</AWSAccessKeyId><SignatureProvided>" + Redacted + "</SignatureProvided><RequestId>R</RequestId></Error>",
		},
		// Other elements, even with similar names, are kept.
		{"<SignatureVersion>4</SignatureVersion><StringToSign>x</StringToSign>", "<SignatureVersion>4</SignatureVersion><StringToSign>x</StringToSign>"},
		{"<Signature/>", "<Signature/>"},
	}
	for _, tc := range tests {
		if got := RedactText(tc.in); got != tc.want {
			t.Errorf("RedactText(%q)\n got %q\nwant %q", tc.in, got, tc.want)
		}
	}
}

func TestRegisteredSecretsAreRemoved(t *testing.T) {
	secrets := NewSecrets()
	secrets.Add(testSecretRedact)
	n := len(secrets.forms[testSecretRedact[:formKey]])
	secrets.Add(testSecretRedact) // twice is harmless
	secrets.Add(testShortSecret)  // too short: ignored
	secrets.Add("")

	text := "the key is " + testSecretRedact + " and abc stays"
	if got, want := secrets.Text(text), "the key is "+Redacted+" and abc stays"; got != want {
		t.Errorf("Text = %q, want %q", got, want)
	}
	u := "https://h/b/" + testSecretRedact + "?x=" + testSecretRedact
	if got, want := secrets.URL(u), "https://h/b/"+Redacted+"?x="+Redacted; got != want {
		t.Errorf("URL = %q, want %q", got, want)
	}
	h := http.Header{"X-Echo": {"pre-" + testSecretRedact}, "Authorization": {"AWS AK:" + testSecretRedact}, "X-Abc": {"abc"}}
	got := secrets.Header(h)
	if v := got.Get("X-Echo"); v != "pre-"+Redacted {
		t.Errorf("X-Echo redacted to %q", v)
	}
	if v := got.Get("Authorization"); strings.Contains(v, testSecretRedact) {
		t.Errorf("Authorization redacted to %q", v)
	}
	if v := got.Get("X-Abc"); v != "abc" {
		t.Errorf("a short registered value was redacted: %q", v)
	}

	for v := range secrets.values {
		if len(v) < formKey {
			t.Errorf("short secret %q was registered", v)
		}
	}
	if again := len(secrets.forms[testSecretRedact[:formKey]]); again != n {
		t.Errorf("registering twice made %d forms of %d", again, n)
	}
}

// TestSecretsRedactEveryEncoding: a registered value is gone from a text
// in each form a server's echo or the suite's own quoting can give it.
func TestSecretsRedactEveryEncoding(t *testing.T) {
	const (
		hexSig  = "fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024"
		b64Sig  = "bWq2s1WEIj+Ydj0vQ697zp+IXMU="
		key     = `wJalrXUtnFEMI/K7MDENG+bPx"RfiCY<EXAMPLE>`
		authHdr = "AWS4-HMAC-SHA256 Credential=AK/20130524/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=" + hexSig
	)
	secrets := NewSecrets()
	secrets.Add(key)
	secrets.AddRequest(http.Header{"Authorization": {authHdr}}, "", nil)
	secrets.AddRequest(http.Header{"Authorization": {"AWS AK:" + b64Sig}}, "", nil)
	hexBytes, _ := hex.DecodeString(hexSig)
	b64Bytes, _ := base64.StdEncoding.DecodeString(b64Sig)
	var xmlKey strings.Builder
	xml.EscapeText(&xmlKey, []byte(key))
	jsonKey, _ := json.Marshal(key)
	cases := map[string]string{
		"hex":                         hexSig,
		"hex upper":                   strings.ToUpper(hexSig),
		"hex as base64":               base64.StdEncoding.EncodeToString(hexBytes),
		"hex as raw url base64":       base64.RawURLEncoding.EncodeToString(hexBytes),
		"base64":                      b64Sig,
		"base64 as hex":               hex.EncodeToString(b64Bytes),
		"base64 url alphabet":         base64.RawURLEncoding.EncodeToString(b64Bytes),
		"base64 query-escaped":        url.QueryEscape(b64Sig),
		"base64 escaped in lowercase": strings.NewReplacer("%2B", "%2b", "%3D", "%3d").Replace(url.QueryEscape(b64Sig)),
		"base64 path-escaped":         url.PathEscape(b64Sig),
		"base64 escaped twice":        url.QueryEscape(url.QueryEscape(b64Sig)),
		"Signature%3D<hex>":           url.QueryEscape("Signature=" + hexSig),
		"key":                         key,
		"key XML-escaped":             xmlKey.String(),
		"key HTML-escaped":            html.EscapeString(key),
		"key JSON-escaped":            string(jsonKey[1 : len(jsonKey)-1]),
		"key Go-quoted":               strconv.Quote(key),
		"key base64":                  base64.StdEncoding.EncodeToString([]byte(key)),
		"Authorization base64":        base64.StdEncoding.EncodeToString([]byte(authHdr)),
		"Authorization raw base64url": base64.RawURLEncoding.EncodeToString([]byte(authHdr)),
		// A base64'd request holding the header: the signature's bytes
		// fall at any alignment.
		"in base64 of a longer text, offset 0": base64.StdEncoding.EncodeToString([]byte("GET / HTTP/1.1\r\nAuthorization: " + authHdr + "\r\n\r\n")),
		"in base64 of a longer text, offset 1": base64.StdEncoding.EncodeToString([]byte("xGET / HTTP/1.1\r\nAuthorization: " + authHdr + "\r\n\r\n")),
		"in base64 of a longer text, offset 2": base64.StdEncoding.EncodeToString([]byte("xxGET / HTTP/1.1\r\nAuthorization: " + authHdr + "\r\n\r\n")),
	}
	for name, form := range cases {
		got := secrets.Text("before " + form + " after")
		if !strings.Contains(got, Redacted) || strings.Contains(got, form) {
			t.Errorf("%s: %q redacted to %q", name, form, got)
		}
	}
	// What is left of a base64 text around a value is at most the groups
	// that mix it with its neighbours.
	for _, k := range []string{"", "x", "xx"} {
		got := secrets.Text(base64.StdEncoding.EncodeToString([]byte(k + "echo: " + hexSig + " end")))
		for _, part := range strings.Split(got, Redacted) {
			if len(part) > 12 {
				t.Errorf("offset %d: %q left around the signature: %q", len(k), part, got)
			}
		}
	}
	// The Authorization header itself stays readable, its signature gone.
	if got := secrets.Header(http.Header{"Authorization": {authHdr}}).Get("Authorization"); !strings.Contains(got, "Credential=AK/20130524") || strings.Contains(got, hexSig) {
		t.Errorf("Authorization redacted to %q", got)
	}
}

// TestSecretsAddRequest: every signature a request carries is registered
// as it is sent.
func TestSecretsAddRequest(t *testing.T) {
	const (
		presigned = "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"
		v2        = "vjbyPxybdZaNmGa+yT272YEAiv4="
		formSig   = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
		policy    = "eyJleHBpcmF0aW9uIjoiMjAzMC0wMS0wMVQwMDowMDowMFoifQ=="
		soapSig   = "Zm9vYmFyYmF6cXV4cXV1eDAxMjM0NQ=="
	)
	secrets := NewSecrets()
	secrets.AddRequest(nil, "X-Amz-Signature="+presigned+"&x=1", nil)
	secrets.AddRequest(nil, "Signature="+url.QueryEscape(v2), nil)
	form := "--b\r\nContent-Disposition: form-data; name=\"policy\"\r\n\r\n" + policy + "\r\n--b\r\nContent-Disposition: form-data; name=\"x-amz-signature\"\r\n\r\n" + formSig + "\r\n--b--\r\n"
	secrets.AddRequest(nil, "", []byte(form))
	secrets.AddRequest(nil, "", []byte("<GetObject><Signature>"+soapSig+"</Signature></GetObject>"))
	for _, v := range []string{presigned, v2, formSig, policy, soapSig} {
		if got := secrets.Text("<x>" + v + "</x>"); got != "<x>"+Redacted+"</x>" {
			t.Errorf("%s not registered: %q", v, got)
		}
	}
	// The form quoted as a Go string, as a verdict quotes a message.
	if got := secrets.Text(strconv.Quote(form)); strings.Contains(got, formSig) || strings.Contains(got, policy) {
		t.Errorf("quoted form shows its signature: %s", got)
	}
}

// TestQuotedFormSignaturePattern: without Secrets, the pattern still finds
// a form's signature after quoting turned CR and LF into \r and \n.
func TestQuotedFormSignaturePattern(t *testing.T) {
	const sig = "0123456789abcdef0123456789abcdef"
	form := "--b\r\nContent-Disposition: form-data; name=\"x-amz-signature\"\r\n\r\n" + sig + "\r\n--b--\r\n"
	if got := RedactText(strconv.Quote(form)); strings.Contains(got, sig) || !strings.Contains(got, Redacted) {
		t.Errorf("RedactText(quoted form) = %s", got)
	}
}

func TestRedactingWriterJoinsSplitWrites(t *testing.T) {
	const sig = "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"
	secrets := NewSecrets()
	secrets.Add(sig)
	var out strings.Builder
	w := secrets.Writer(&out)
	for _, p := range []string{"first line " + sig[:10], sig[10:] + " end\nsecond ", sig, " unfinished"} {
		w.Write([]byte(p))
	}
	if strings.Contains(out.String(), "unfinished") {
		t.Errorf("an unfinished line was written before Close: %q", out.String())
	}
	w.Close()
	if want := "first line " + Redacted + " end\nsecond " + Redacted + " unfinished"; out.String() != want {
		t.Errorf("wrote %q, want %q", out.String(), want)
	}
}

// A text cut without knowing the secrets is cut between runs of the
// characters values are made of, never inside one.
func TestCutCleanNeverKeepsPartOfAValue(t *testing.T) {
	const sig = "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"
	text := "error: the signature " + sig + " does not match"
	for n := len("error: the signature ") + 1; n < len("error: the signature ")+len(sig); n++ {
		if got := cutClean(text, n); got != "error: the signature " {
			t.Fatalf("cutClean(%d) = %q", n, got)
		}
	}
	if got := cutClean(text, 200); got != text {
		t.Errorf("a short text was cut: %q", got)
	}
}

func TestSignatureOfAuthorizationHeader(t *testing.T) {
	for _, c := range []struct{ header, v4, v2 string }{
		{"AWS4-HMAC-SHA256 Credential=AKID/20261205/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc123", "abc123", ""},
		{"AWS4-HMAC-SHA256 Credential=AKID/x,SignedHeaders=host,Signature=def456 ", "def456", ""},
		{"AWS4-HMAC-SHA256 Signature=", "", ""},
		{"AWS AKIDEXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg=", "", "frJIUN8DYpKDtOLCwo//yllqDzg="},
		{"AWS AKID EXAMPLE:notasignature", "", ""},
		{"AWS :nokey", "", ""},
		{"Bearer token", "", ""},
	} {
		if got, _ := sigV4Of(c.header); got != c.v4 {
			t.Errorf("sigV4Of(%q) = %q, want %q", c.header, got, c.v4)
		}
		if got, _ := sigV2Of(c.header); got != c.v2 {
			t.Errorf("sigV2Of(%q) = %q, want %q", c.header, got, c.v2)
		}
	}
}
