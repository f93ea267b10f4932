package main

import (
	"html"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/s3errconform/s3errconform/harness"
	"github.com/s3errconform/s3errconform/reftarget"
)

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
	run := runCLIWithin(t, cliRunLimit, env, "run", "--config", config, "--report-dir", reports, "--summary-markdown", markdown, "--procs", "2", "-v")
	if run.exitCode != exitFailed {
		t.Fatalf("exit %d, want %d\n%s", run.exitCode, exitFailed, run.stderr)
	}
	res := readResults(t, filepath.Join(reports, "hostile"))
	failedBySuite := map[string]int{}
	for _, c := range res.Checks {
		if c.Verdict == harness.VerdictFailed {
			failedBySuite[c.Suite]++
		}
	}
	if failedBySuite[harness.LabelREST] == 0 || failedBySuite[harness.LabelSOAP] == 0 {
		t.Fatalf("want REST and SOAP failures, got %v", failedBySuite)
	}

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
	for _, want := range []string{"junit.xml", "results.json", "summary.txt", "report.html", "shard-"} {
		found := false
		for name := range outputs {
			found = found || strings.Contains(name, want)
		}
		if !found {
			t.Errorf("no %s among the outputs searched: %v", want, keys(outputs))
		}
	}

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

	forbidden := []string{secret, secondSecret}
	for _, s := range signatures {
		if len(s) < 16 {
			continue
		}
		// As sent, URL-decoded, as HTML escapes it, and its first 20
		// characters in case a report cut it.
		decoded, _ := url.QueryUnescape(s)
		forbidden = append(forbidden, s, decoded, html.EscapeString(decoded), decoded[:20])
	}
	for name, text := range outputs {
		unescaped := html.UnescapeString(text)
		for _, f := range forbidden {
			if f != "" && (strings.Contains(text, f) || strings.Contains(unescaped, f)) {
				t.Errorf("%s shows %q", name, f)
			}
		}
		for _, re := range []*regexp.Regexp{
			regexp.MustCompile(`Signature=([^,\s&"'<>\\]*)`),
			regexp.MustCompile(`<Signature>([^<]*)</Signature>`),
			regexp.MustCompile(`<SignatureProvided>([^<]*)</SignatureProvided>`),
		} {
			for _, m := range re.FindAllStringSubmatch(unescaped, -1) {
				if m[1] != harness.Redacted && m[1] != "" {
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

func keys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
