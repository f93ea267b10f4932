package main

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/s3errconform/s3errconform/harness/check"
	"github.com/s3errconform/s3errconform/harness/report"
	"github.com/s3errconform/s3errconform/harness/wire"
	"github.com/s3errconform/s3errconform/internal/hostile"
	"github.com/s3errconform/s3errconform/reftarget"
)

// genericOperationChecks skips the generated family of every operation's
// generic errors (suites/rest/operations_errors.go) in the leak tests: its
// 300-odd checks sign and send requests as the other families do (SigV4,
// anonymous, a second identity, a wrong secret), so they would add time,
// not kinds of signature; each test asserts every kind was sent.
const genericOperationChecks = `\[rest-ops-`

// signatureValues find a signature's value in an output, whatever it is.
var signatureValues = []*regexp.Regexp{
	regexp.MustCompile(`Signature=([^,\s&"'<>\\]*)`),
	regexp.MustCompile(`<Signature>([^<]*)</Signature>`),
	regexp.MustCompile(`<SignatureProvided>([^<]*)</SignatureProvided>`),
}

// secretLeakDeviations make REST and SOAP checks fail, so that their
// exchanges are shown: signed, presigned, SigV2 and SOAP requests, and
// errors echoing the signature provided.
var secretLeakDeviations = []string{
	"nosuchkey-status-403", "ignore-signature", "unknown-key-as-signature-mismatch",
	"amz-date-as-signature-mismatch", "presign-unverified", "sigv2-unverified",
	"soap-nosuchkey-status-200", "soap-malformed-as-html", "soap-unknown-operation-server-fault",
}

// TestSecretsNeverLeak runs the whole suite, REST and SOAP, with failures,
// verbose, through a proxy that records every signature the suite sends,
// and searches everything the run wrote for the secret keys and those
// signatures.
func TestSecretsNeverLeak(t *testing.T) {
	t.Parallel()
	const (
		secret       = "SECRETLEAKCANARY0main0dontshowme0123456"
		accessKey    = "AKIALEAKCANARYACCESS"
		secondSecret = "hostile-second-secret-0123456789"
	)
	var deviations []string
	for _, d := range reftarget.Deviations() {
		if slices.Contains(secretLeakDeviations, d.Name) {
			deviations = append(deviations, d.Name)
		}
	}
	config, env, h := hostileTarget(t, hostileSetup{
		identity:   &reftarget.Identity{AccessKey: accessKey, SecretKey: secret},
		deviations: deviations,
	})
	reports := t.TempDir()
	markdown := filepath.Join(t.TempDir(), "step-summary.md")
	run := runCLIWithin(t, cliRunLimit, env, "run", "--config", config, "--report-dir", reports, "--summary-markdown", markdown, "--procs", "2", "-v", "--skip", genericOperationChecks)
	if run.exitCode != exitFailed {
		t.Fatalf("exit %d, want %d\n%s", run.exitCode, exitFailed, run.stderr)
	}
	res := readResults(t, filepath.Join(reports, "hostile"))
	failedBySuite := map[string]int{}
	for _, c := range res.Checks {
		if c.Verdict == report.VerdictFailed {
			failedBySuite[c.Suite]++
		}
	}
	if failedBySuite[check.LabelREST] == 0 || failedBySuite[check.LabelSOAP] == 0 {
		t.Fatalf("want REST and SOAP failures, got %v", failedBySuite)
	}

	outputs := runOutputs(t, run, reports, markdown)

	signatures := h.Signatures()
	kinds := map[string]bool{}
	for _, x := range h.Seen() {
		switch {
		case strings.Contains(x.Header.Get("Authorization"), "Signature="):
			kinds["sigv4"] = true
		case strings.HasPrefix(x.Header.Get("Authorization"), "AWS "):
			kinds["sigv2"] = true
		case strings.Contains(x.RawQuery, "X-Amz-Signature="):
			kinds["presigned"] = true
		case x.SOAP && strings.Contains(string(x.Body), "<Signature>"):
			kinds["soap"] = true
		}
	}
	for _, kind := range []string{"sigv4", "presigned", "soap"} {
		if !kinds[kind] {
			t.Errorf("the run sent no %s signature; the test would prove nothing about it", kind)
		}
	}
	t.Logf("searched %d outputs for the secrets and %d signatures (%v)", len(outputs), len(signatures), kinds)

	forbidden := map[string]string{secret: "the main secret", secondSecret: "the second secret",
		hostileExpired.SecretKey: "the expired session's secret", hostileExpired.Token: "the expired session's token"}
	for _, s := range signatures {
		if len(s) < 16 {
			continue
		}
		// As sent, URL-decoded, as HTML escapes it, and its first 20
		// characters in case a report cut it.
		decoded, _ := url.QueryUnescape(s)
		for _, f := range []string{s, decoded, html.EscapeString(decoded), decoded[:20]} {
			forbidden[f] = s
		}
	}
	searchLeaks(t, outputs, forbidden)
	for name, text := range outputs {
		unescaped := html.UnescapeString(text)
		for _, re := range signatureValues {
			for _, m := range re.FindAllStringSubmatch(unescaped, -1) {
				if m[1] != wire.Redacted && m[1] != "" {
					t.Errorf("%s shows an unredacted %q", name, m[0])
				}
			}
		}
	}
	for _, want := range []string{"Signature=REDACTED", "X-Amz-Signature=REDACTED", "<Signature>REDACTED</Signature>"} {
		if !strings.Contains(html.UnescapeString(outputs["hostile/results.json"]), want) && !strings.Contains(outputs["hostile/results.json"], strings.NewReplacer("<", `\u003c`, ">", `\u003e`).Replace(want)) {
			t.Errorf("results.json never shows %s: the exchanges the test relies on are not in the report", want)
		}
	}
}

// runOutputs is everything a run wrote: stdout, stderr, the markdown
// summary and every file under the report directory (junit.xml,
// results.json, summary.txt, report.html, the shard logs), by name.
func runOutputs(t *testing.T, run cliRun, reports, markdown string) map[string]string {
	t.Helper()
	outputs := map[string]string{"stdout": run.stdout, "stderr": run.stderr}
	files := []string{markdown}
	filepath.WalkDir(reports, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, path)
		}
		return nil
	})
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		outputs[strings.TrimPrefix(f, reports+"/")] = string(data)
	}
	for _, want := range []string{"junit.xml", "results.json", "summary.txt", "report.html", "shard-", "step-summary.md"} {
		found := false
		for name := range outputs {
			found = found || strings.Contains(name, want)
		}
		if !found {
			t.Errorf("no %s among the outputs searched: %v", want, keys(outputs))
		}
	}
	return outputs
}

// echoTarget is the reference target behind a hostile proxy that echoes
// every request's signatures back (hostile.Options.Echo).
func echoTarget(t *testing.T, main, second reftarget.Identity) (config string, env []string, h *hostile.Server) {
	t.Helper()
	ref, err := reftarget.Start(reftarget.Options{Region: "eu-central-1", Identities: []reftarget.Identity{main, second}, SOAP: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ref.Close() })
	h, err = hostile.Start(hostile.Options{REST: ref.URL(), SOAP: ref.SOAPURL(), UpstreamCA: ref.CACertPEM(), Echo: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(h.Close)
	dir := t.TempDir()
	ca := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(ca, h.CAPEM(), 0o600); err != nil {
		t.Fatal(err)
	}
	config = filepath.Join(dir, "targets.yaml")
	yaml := fmt.Sprintf(`targets:
  - name: echo
    endpoint: %s
    region: eu-central-1
    access_key_env: E_AK
    secret_key_env: E_SK
    second_identity:
      access_key_env: E_AK2
      secret_key_env: E_SK2
    soap_url: %s
    soap_plain_http_url: %s
    tls:
      ca_file: %s
    timeout: 5s
`, h.RESTURL(), h.SOAPURL(), h.SOAPPlainHTTPURL(), ca)
	if err := os.WriteFile(config, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	return config, []string{"E_AK=" + main.AccessKey, "E_SK=" + main.SecretKey, "E_AK2=" + second.AccessKey, "E_SK2=" + second.SecretKey}, h
}

// TestEchoedSignaturesNeverLeak runs the whole suite, REST and SOAP,
// against a target that echoes every request's signatures back in every
// way issue 11 saw: a POST form inside a quoted message, Signature%3D<hex>
// in a Location header and in the body, an XML-escaped SOAP envelope in a
// faultstring, the bare signature and the base64 of the Authorization
// header in a header and in elements, the presigned URL in the body. The
// echo target records every signature it received; no output of the run
// may show any of them, nor a secret key, in any encoding.
func TestEchoedSignaturesNeverLeak(t *testing.T) {
	t.Parallel()
	main := reftarget.Identity{AccessKey: "AKIAECHOCANARYACCESS", SecretKey: "ECHOCANARY0main0secret0dontshowme012345"}
	second := reftarget.Identity{AccessKey: "AKIAECHOCANARYSECOND", SecretKey: "ECHOCANARY0second0secret0dontshowme0123"}
	config, env, h := echoTarget(t, main, second)
	reports := t.TempDir()
	markdown := filepath.Join(t.TempDir(), "step-summary.md")
	run := runCLIWithin(t, cliRunLimit, env, "run", "--config", config, "--report-dir", reports, "--summary-markdown", markdown, "--procs", "2", "-v", "--skip", genericOperationChecks)
	if run.exitCode != exitFailed {
		t.Fatalf("exit %d, want %d\n%s", run.exitCode, exitFailed, run.stderr)
	}
	outputs := runOutputs(t, run, reports, markdown)

	kinds := map[string]int{}
	for _, x := range h.Seen() {
		auth := x.Header.Get("Authorization")
		switch {
		case strings.Contains(auth, "Signature="):
			kinds["sigv4"]++
		case strings.HasPrefix(auth, "AWS "):
			kinds["sigv2"]++
		case strings.Contains(x.RawQuery, "X-Amz-Signature="):
			kinds["presigned v4"]++
		case strings.Contains(x.RawQuery, "Signature="):
			kinds["presigned v2"]++
		case x.SOAP && strings.Contains(string(x.Body), "<Signature>"):
			kinds["soap"]++
		case strings.Contains(string(x.Body), `name="x-amz-signature"`):
			kinds["post form"]++
		}
	}
	for _, kind := range []string{"sigv4", "sigv2", "presigned v4", "presigned v2", "soap", "post form"} {
		if kinds[kind] == 0 {
			t.Errorf("the run sent no %s signature; the test would prove nothing about it", kind)
		}
	}
	forbidden := map[string]string{}
	for _, v := range append(h.Signatures(), main.SecretKey, second.SecretKey) {
		for _, f := range leakForms(v) {
			forbidden[f] = v
		}
	}
	for _, auth := range h.Authorizations() {
		if auth == "" {
			continue
		}
		for _, f := range base64Forms([]byte(auth)) {
			forbidden[f] = "base64 of " + auth
		}
	}
	t.Logf("searched %d outputs for %d forms of %d signatures and keys (%v)", len(outputs), len(forbidden), len(h.Signatures())+2, kinds)
	searchLeaks(t, outputs, forbidden)
}

// searchLeaks fails t for every form in forbidden (form -> what it is a
// form of) that an output shows, as written or HTML-unescaped. The forms
// are indexed by their first bytes, so that each output is read once
// however many forms there are.
func searchLeaks(t *testing.T, outputs map[string]string, forbidden map[string]string) {
	t.Helper()
	byStart := map[string][]string{}
	for f := range forbidden {
		byStart[f[:minLeakForm]] = append(byStart[f[:minLeakForm]], f)
	}
	for name, text := range outputs {
		leaks := 0
		for _, text := range []string{text, html.UnescapeString(text)} {
			for i := 0; i+minLeakForm <= len(text); i++ {
				for _, f := range byStart[text[i:i+minLeakForm]] {
					if !strings.HasPrefix(text[i:], f) {
						continue
					}
					if leaks++; leaks <= 5 {
						t.Errorf("%s shows %q (a form of %.60s)", name, f, forbidden[f])
					}
				}
			}
		}
		if leaks > 5 {
			t.Errorf("%s: %d more", name, leaks-5)
		}
	}
}

// minLeakForm is the shortest form searched for: shorter runs of hex or
// base64 occur by chance.
const minLeakForm = 12

// leakForms are the encodings of v a reader could decode: as is, with its
// first 20 characters alone (a cut value), URL-decoded and -encoded (query
// and path, either case of hex), XML-, HTML- and JSON-escaped, base64 in
// both alphabets with and without padding, and for a hex value the base64
// of its bytes, for a base64 one their hex.
func leakForms(v string) []string {
	var bases []string
	for _, s := range []string{v, unescapeQuery(v)} {
		bases = append(bases, s, s[:min(20, len(s))])
		if b, err := hex.DecodeString(s); err == nil && len(s) >= 16 {
			bases = append(bases, base64Forms(b)...)
		}
		if b, err := base64.StdEncoding.DecodeString(s); err == nil && len(s) >= 16 {
			bases = append(bases, hex.EncodeToString(b), strings.ToUpper(hex.EncodeToString(b)))
		}
		bases = append(bases, base64Forms([]byte(s))...)
	}
	var out []string
	for _, b := range bases {
		json, _ := json.Marshal(b)
		out = append(out, b, url.QueryEscape(b), url.PathEscape(b), percentHex.ReplaceAllStringFunc(url.QueryEscape(b), strings.ToLower), html.EscapeString(b), string(json[1:len(json)-1]))
	}
	var kept []string
	for _, f := range out {
		if len(f) >= minLeakForm {
			kept = append(kept, f)
		}
	}
	return kept
}

var percentHex = regexp.MustCompile(`%[0-9A-F]{2}`)

func unescapeQuery(v string) string {
	if u, err := url.QueryUnescape(v); err == nil {
		return u
	}
	return v
}

func base64Forms(b []byte) []string {
	return []string{base64.StdEncoding.EncodeToString(b), base64.URLEncoding.EncodeToString(b), base64.RawStdEncoding.EncodeToString(b), base64.RawURLEncoding.EncodeToString(b)}
}

func keys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
