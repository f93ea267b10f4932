package harness

import (
	"net/http"
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
