package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/s3errconform/s3errconform/harness/report"
	"github.com/s3errconform/s3errconform/internal/hostile"
	"github.com/s3errconform/s3errconform/reftarget"
)

// hostileTimeout is the per-request timeout of hostile targets whose
// misbehaviour is a hang: short, so a hang costs a check little.
// Misbehaviours that answer at once get patientTimeout: their timeout is
// not what is tested, and a loaded machine must not reach it.
const (
	hostileTimeout = 500 * time.Millisecond
	patientTimeout = 60 * time.Second
)

// hangs are the misbehaviours a check meets as a timeout.
var hangs = map[hostile.Misbehaviour]bool{
	hostile.TrickleBody: true, hostile.NeverAnswers: true, hostile.HangAfterProbe: true,
	hostile.Silent: true, hostile.SOAPSilent: true,
}

// A run per misbehaviour is a run of the checks its corruption could reach
// by mistake: every check reading or heading an object, REST and SOAP
// (those of the same request shape as the one corrupted); the SOAP
// endpoint's with every SOAP check. TestHostileProxyIsFaithful runs all
// checks through the proxy once.
const (
	objectChecks = "GetObject || HeadObject"
	soapChecks   = "soap || GetObject"
)

type hostileSetup struct {
	misbehaviour hostile.Misbehaviour
	restOverTLS  bool
	// tls is extra YAML under the target's tls: key.
	tls string
	// identity overrides the main keys (the secrets test's canaries).
	identity   *reftarget.Identity
	deviations []string
	// timeout replaces the misbehaviour's (hostileTimeout for hangs,
	// patientTimeout for the rest).
	timeout time.Duration
	// latency delays every answer of the reference target behind the proxy.
	latency time.Duration
}

// hostileTarget starts a reference target with SOAP, the hostile proxy in
// front of it, and writes a targets file pointing at the proxy.
func hostileTarget(t *testing.T, setup hostileSetup) (config string, env []string, h *hostile.Server) {
	t.Helper()
	main := reftarget.Identity{AccessKey: "HOSTILEMAINKEY", SecretKey: "hostile-main-secret-0123456789"}
	if setup.identity != nil {
		main = *setup.identity
	}
	second := reftarget.Identity{AccessKey: "HOSTILESECONDKEY", SecretKey: "hostile-second-secret-0123456789"}
	ref, err := reftarget.Start(reftarget.Options{
		Region: "eu-central-1", Identities: []reftarget.Identity{main, second}, SOAP: true, Deviations: setup.deviations,
		Latency: setup.latency, ExpiredSession: &hostileExpired,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ref.Close() })
	h, err = hostile.Start(hostile.Options{
		REST: ref.URL(), SOAP: ref.SOAPURL(), UpstreamCA: ref.CACertPEM(),
		Misbehaviour: setup.misbehaviour, RESTOverTLS: setup.restOverTLS,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(h.Close)
	dir := t.TempDir()
	ca := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(ca, h.CAPEM(), 0o600); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "targets:\n  - name: hostile\n    endpoint: %s\n    region: eu-central-1\n", h.RESTURL())
	b.WriteString("    access_key_env: H_AK\n    secret_key_env: H_SK\n")
	b.WriteString("    second_identity:\n      access_key_env: H_AK2\n      secret_key_env: H_SK2\n")
	b.WriteString("    expired_session:\n      access_key_env: H_EAK\n      secret_key_env: H_ESK\n      session_token_env: H_ETOKEN\n")
	fmt.Fprintf(&b, "    stalled_body_timeout: %s\n", ref.StalledBodyTimeout())
	fmt.Fprintf(&b, "    soap_url: %s\n", h.SOAPURL())
	if plain := h.SOAPPlainHTTPURL(); plain != "" {
		fmt.Fprintf(&b, "    soap_plain_http_url: %s\n", plain)
	}
	fmt.Fprintf(&b, "    tls:\n      ca_file: %s\n%s", ca, setup.tls)
	timeout := patientTimeout
	switch {
	case setup.timeout > 0:
		timeout = setup.timeout
	case hangs[setup.misbehaviour]:
		timeout = hostileTimeout
	}
	fmt.Fprintf(&b, "    timeout: %s\n", timeout)
	config = filepath.Join(dir, "targets.yaml")
	if err := os.WriteFile(config, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return config, []string{
		"H_AK=" + main.AccessKey, "H_SK=" + main.SecretKey,
		"H_AK2=" + second.AccessKey, "H_SK2=" + second.SecretKey,
		"H_EAK=" + hostileExpired.AccessKey, "H_ESK=" + hostileExpired.SecretKey, "H_ETOKEN=" + hostileExpired.Token,
	}, h
}

// hostileExpired is the hostile target's expired session, whose secret
// and token no output may show.
var hostileExpired = reftarget.Session{AccessKey: "HOSTILEEXPIREDKEY", SecretKey: "hostile-expired-secret-0123456789", Token: "hostile-expired-session-token-0123456789"}

// hostileCase is one misbehaviour and what the failure of the check it
// hits must say.
type hostileCase struct {
	misbehaviour hostile.Misbehaviour
	check        string
	want         []string
}

var restCheck, soapCheck = "rest-get-object-missing-key", "soap-get-object-missing-key"

var hostileCases = []hostileCase{
	{hostile.HTMLErrorPage, restCheck, []string{"status: expected 404, observed 502", `body is not XML: Content-Type "text/html", 150 bytes; not well-formed`, `first bytes: "<html>\n<head><title>502 Bad Gateway</title>`}},
	{hostile.PlainTextBody, restCheck, []string{`body has no XML root element: Content-Type "text/plain; charset=utf-8"`, `first bytes: "404 Not Found: The specified key does not exist.\n"`}},
	{hostile.JSONBody, restCheck, []string{`body has no XML root element: Content-Type "application/json"`, `first bytes: "{\"Code\":\"NoSuchKey\"`}},
	{hostile.EmptyErrorBody, restCheck, []string{`body is empty: Content-Type "application/xml", 0 bytes`}},
	{hostile.TruncatedXML, restCheck, []string{"body is not XML", "the document ends with elements still open", "a body cut short"}},
	{hostile.BillionLaughs, restCheck, []string{"it has a DOCTYPE whose entities the suite never expands", "invalid character entity &lol9;"}},
	{hostile.ExternalEntity, restCheck, []string{"it has a DOCTYPE whose entities the suite never expands", "invalid character entity &xxe;"}},
	{hostile.HugeBody, restCheck, []string{"body size: expected at most 1048576 bytes, observed more than 1048576 bytes: the suite stopped reading", "more than 1048576 bytes (the suite read no further)"}},
	{hostile.EndlessBody, restCheck, []string{"body size: expected at most 1048576 bytes, observed more than 1048576 bytes: the suite stopped reading"}},
	{hostile.TrickleBody, restCheck, []string{"transport: expected a complete response, observed the body did not arrive within the request timeout", "its Content-Length announced, gave up after"}},
	{hostile.NeverAnswers, restCheck, []string{"transport: expected a response, observed no response: no answer within the request timeout (gave up after"}},
	{hostile.ResetMidBody, restCheck, []string{"the server reset the connection in the middle of the body", "connection reset by peer"}},
	{hostile.WrongContentLength, restCheck, []string{"the connection closed before the body was complete (", "bytes received of the", "its Content-Length announced)", "unexpected EOF"}},
	{hostile.RedirectLoop, restCheck, []string{"status: expected 404, observed 307 (a 307 redirect to this very URL, a redirect loop; the suite does not follow redirects)"}},
	{hostile.SuccessInsteadOfError, restCheck, []string{"status: expected 404, observed 200", `body is empty: Content-Type "application/octet-stream", 0 bytes`}},
	{hostile.DuplicateHeaders, restCheck, []string{"header x-amz-request-id: expected present once, observed 2 values", "0000DUPLICATE0000"}},
	{hostile.NonUTF8Message, restCheck, []string{"XML syntax error on line 2: invalid UTF-8", `The specified key \xff\xfe does not exist \xc3(`}},
	{hostile.DeepNesting, restCheck, []string{"elements nested deeper than 1024 levels, where the suite stops reading", "700075 bytes"}},
	{hostile.NotHTTP, restCheck, []string{"no response: the answer is not HTTP", `malformed HTTP status code "Ubuntu-3ubuntu13"`}},
	{hostile.SOAPHTML, soapCheck, []string{`envelope: expected a SOAP 1.1 <Envelope>`, `observed body is not XML: Content-Type "text/html; charset=iso-8859-1"`, `first bytes: "<!DOCTYPE HTML PUBLIC`}},
	{hostile.SOAPUnboundPrefix, soapCheck, []string{`faultcode namespace`, `observed "unbound:Client.NoSuchKey": prefix "unbound" is not bound to any namespace`}},
}

func TestHostileTargets(t *testing.T) {
	for _, c := range hostileCases {
		t.Run(string(c.misbehaviour), func(t *testing.T) {
			t.Parallel()
			config, env, h := hostileTarget(t, hostileSetup{misbehaviour: c.misbehaviour})
			reports := t.TempDir()
			run := runCLIWithin(t, cliRunLimit, env, "run", "--config", config, "--report-dir", reports, "--procs", "2", "--label-filter", objectChecks)
			res := assertCompleteRun(t, run, reports, "hostile")
			if run.exitCode != exitFailed {
				t.Errorf("exit %d, want %d", run.exitCode, exitFailed)
			}
			corrupted := h.Corrupted()
			if len(corrupted) == 0 {
				t.Fatalf("the misbehaviour hit no request")
			}
			want := affectedChecks(t, res, corrupted)
			if got := failedChecks(res); strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("failed checks:\n  %s\nwant (the checks whose requests were corrupted):\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
			}
			msg := failureText(res, c.check)
			for _, w := range c.want {
				if !strings.Contains(msg, w) {
					t.Errorf("the failure of %s does not say %q:\n%s", c.check, w, msg)
				}
			}
			// A check's request is sent once, never retried, however its
			// answer goes wrong.
			if len(corrupted) > len(want) {
				t.Errorf("%d corrupted requests for %d checks: a check's request was sent again", len(corrupted), len(want))
			}
			// The client stops reading a huge or endless body at its cap:
			// the target wrote at most that and what the sockets buffer,
			// not its 1 GiB or forever.
			if n := h.Streamed(); n > 64<<20 {
				t.Errorf("the target wrote %d body bytes before the client stopped reading", n)
			}
			if n := h.ExternalEntityFetches(); n > 0 {
				t.Errorf("the external entity was fetched %d times", n)
			}
			t.Logf("%s: %s", c.misbehaviour, firstFailingLine(res, c.check))
		})
	}
}

// assertCompleteRun checks what every run against a misbehaving target
// must give: no panic, every report written, every check with a verdict.
func assertCompleteRun(t *testing.T, run cliRun, reports, target string) report.Results {
	t.Helper()
	dir := filepath.Join(reports, target)
	for _, name := range []string{"junit.xml", "results.json", "summary.txt", "report.html"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("report %s not written: %v", name, err)
		}
	}
	texts := []string{run.stdout, run.stderr}
	logs, _ := filepath.Glob(filepath.Join(dir, "shard-*.log"))
	for _, l := range logs {
		data, _ := os.ReadFile(l)
		texts = append(texts, string(data))
	}
	for _, text := range texts {
		if strings.Contains(text, "panic:") || strings.Contains(text, "[PANICKED]") || strings.Contains(text, "goroutine ") {
			t.Errorf("a panic:\n%s", text)
		}
	}
	res := readResults(t, dir)
	if len(res.Checks) < 5 {
		t.Errorf("results hold %d checks", len(res.Checks))
	}
	for _, c := range res.Checks {
		if c.Verdict == report.VerdictFailed && strings.Contains(c.Failure, "the shard running this check failed") {
			t.Errorf("check %s lost with its shard: %s", c.ID, c.Failure)
		}
	}
	return res
}

func failedChecks(res report.Results) []string {
	var out []string
	for _, c := range res.Checks {
		if c.Verdict == report.VerdictFailed {
			out = append(out, c.ID)
		}
	}
	sort.Strings(out)
	return out
}

// affectedChecks maps the corrupted requests to the checks that sent them:
// a REST request by its method and path (bucket names are unique to a
// check); a SOAP request, all at one URL, only when exactly one was
// corrupted — then it is the SOAP GetObject check's.
func affectedChecks(t *testing.T, res report.Results, corrupted []hostile.Exchange) []string {
	t.Helper()
	set := map[string]bool{}
	var soapHits int
	for _, x := range corrupted {
		if x.SOAP {
			soapHits++
			continue
		}
		line := regexp.MustCompile(`^` + x.Method + ` https?://[^/]+` + regexp.QuoteMeta(x.Path) + `(\?|$)`)
		found := false
		for _, c := range res.Checks {
			for _, j := range c.Responses {
				if line.MatchString(j.Request) {
					set[c.ID], found = true, true
				}
			}
		}
		if !found {
			t.Errorf("no check judged the corrupted request %s %s", x.Method, x.Path)
		}
	}
	switch {
	case soapHits == 1:
		set[soapCheck] = true
	case soapHits > 1:
		t.Errorf("%d SOAP requests corrupted; the test can map only one to its check", soapHits)
	}
	out := make([]string, 0, len(set))
	for id := range set {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// failureText is everything the reports say about a check's failure.
func failureText(res report.Results, id string) string {
	for _, c := range res.Checks {
		if c.ID != id {
			continue
		}
		var b strings.Builder
		for _, j := range c.Responses {
			for _, v := range j.Verdicts {
				if !v.Pass {
					b.WriteString(strings.TrimSpace(v.String()) + "\n")
				}
			}
		}
		b.WriteString(c.Failure)
		return b.String()
	}
	return "(check " + id + " not in the results)"
}

func firstFailingLine(res report.Results, id string) string {
	lines := strings.Split(failureText(res, id), "\n")
	var out []string
	for _, l := range lines {
		if strings.HasPrefix(l, "FAIL ") {
			out = append(out, l)
		}
	}
	return strings.Join(out, " | ")
}

func checksOfSuite(res report.Results, suite string) (ran []string) {
	for _, c := range res.Checks {
		if strings.HasPrefix(c.ID, suite+"-") && c.Verdict != report.VerdictSkipped {
			ran = append(ran, c.ID)
		}
	}
	return ran
}

// TestHostileProxyIsFaithful: without a misbehaviour the proxy changes no
// verdict of the whole suite, so what the misbehaviours' runs see is theirs.
func TestHostileProxyIsFaithful(t *testing.T) {
	t.Parallel()
	// The whole suite moves megabytes (5 MiB multipart parts) through the
	// proxy, under patientTimeout.
	config, env, h := hostileTarget(t, hostileSetup{})
	reports := t.TempDir()
	run := runCLIWithin(t, cliRunLimit, env, "run", "--config", config, "--report-dir", reports, "--procs", "2")
	res := assertCompleteRun(t, run, reports, "hostile")
	if run.exitCode != exitPassed || res.Failed != 0 {
		t.Errorf("exit %d, failed %v", run.exitCode, failedChecks(res))
		for _, id := range failedChecks(res) {
			t.Log(firstFailingLine(res, id))
		}
	}
	if len(h.Corrupted()) != 0 || len(h.Seen()) < len(res.Checks) {
		t.Errorf("proxy corrupted %d and saw %d requests for %d checks", len(h.Corrupted()), len(h.Seen()), len(res.Checks))
	}
}

// TestHostileSOAPEndpoint: misbehaviours of the SOAP endpoint's connection
// fail every SOAP check sent there, each with the reason, and no REST check.
func TestHostileSOAPEndpoint(t *testing.T) {
	cases := []struct {
		misbehaviour hostile.Misbehaviour
		want         string
	}{
		{hostile.TLSUntrusted, "TLS: the server's certificate is not signed by a trusted authority (trust its CA with tls.ca_file)"},
		{hostile.TLSWrongHost, "TLS: the server's certificate is not valid for this host name"},
		{hostile.TLSExpired, "TLS: the server's certificate has expired or is not yet valid"},
		{hostile.SOAPSilent, "no answer within the request timeout"},
	}
	for _, c := range cases {
		t.Run(string(c.misbehaviour), func(t *testing.T) {
			t.Parallel()
			config, env, _ := hostileTarget(t, hostileSetup{misbehaviour: c.misbehaviour})
			reports := t.TempDir()
			run := runCLIWithin(t, cliRunLimit, env, "run", "--config", config, "--report-dir", reports, "--procs", "2", "--label-filter", soapChecks)
			res := assertCompleteRun(t, run, reports, "hostile")
			if run.exitCode != exitFailed {
				t.Errorf("exit %d, want %d\n%s", run.exitCode, exitFailed, run.stderr)
			}
			var want []string
			for _, id := range checksOfSuite(res, "soap") {
				// Only the plain-HTTP check reaches SOAP elsewhere.
				if id != "soap-plain-http-refused" {
					want = append(want, id)
				}
			}
			got := failedChecks(res)
			if hangs[c.misbehaviour] {
				// The plain-HTTP check shares the short timeout of a
				// hang; a loaded machine may make it time out too.
				got = slices.DeleteFunc(got, func(id string) bool { return id == "soap-plain-http-refused" })
			}
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("failed checks:\n  %s\nwant every SOAP check over TLS:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
			}
			for _, id := range want {
				if msg := failureText(res, id); !strings.Contains(msg, c.want) {
					t.Errorf("the failure of %s does not say %q:\n%s", id, c.want, msg)
				}
			}
			// A hang ends each check at its timeout (runCLIWithin fails a
			// run that never ends).
			t.Logf("%s: %d SOAP checks failed: %s", c.misbehaviour, len(want), firstFailingLine(res, soapCheck))
		})
	}
}

// TestInsecureSkipVerifyIsExplicitAndReported: with insecure_skip_verify the
// untrusted certificate is accepted, and the run says so at its start and
// in every report.
func TestInsecureSkipVerifyIsExplicitAndReported(t *testing.T) {
	t.Parallel()
	config, env, _ := hostileTarget(t, hostileSetup{misbehaviour: hostile.TLSUntrusted, tls: "      insecure_skip_verify: true\n"})
	reports := t.TempDir()
	markdown := filepath.Join(t.TempDir(), "summary.md")
	run := runCLIWithin(t, cliRunLimit, env, "run", "--config", config, "--report-dir", reports, "--summary-markdown", markdown, "--label-filter", soapChecks)
	res := assertCompleteRun(t, run, reports, "hostile")
	if run.exitCode != exitPassed {
		t.Errorf("exit %d: %v", run.exitCode, failedChecks(res))
	}
	const warning = "insecure_skip_verify\": certificate checks are off"
	if !strings.HasPrefix(run.stderr, "warning: target \"hostile\": ") || !strings.Contains(strings.SplitN(run.stderr, "\n", 2)[0], warning) {
		t.Errorf("the run does not start with the warning:\n%s", run.stderr)
	}
	dir := filepath.Join(reports, "hostile")
	for _, file := range []string{filepath.Join(dir, "results.json"), filepath.Join(dir, "junit.xml"), filepath.Join(dir, "summary.txt"), filepath.Join(dir, "report.html"), markdown} {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		text := strings.NewReplacer("&#34;", `"`, "&quot;", `"`, `\"`, `"`).Replace(string(data))
		if !strings.Contains(text, "certificate checks are off") {
			t.Errorf("%s does not record the insecure_skip_verify warning", filepath.Base(file))
		}
	}
	if !strings.Contains(run.stdout, "warning: ") {
		t.Errorf("the summary on stdout lacks the warning")
	}
}

// TestHostileWholeTarget: a target that never answers, answers in HTTP/2
// only, or whose REST certificate is bad, is one clear error (exit 3).
func TestHostileWholeTarget(t *testing.T) {
	cases := []struct {
		name  string
		setup hostileSetup
		want  string
	}{
		{"silent", hostileSetup{misbehaviour: hostile.Silent}, "did not answer: no answer within the request timeout (gave up after"},
		{"rest-tls-expired", hostileSetup{misbehaviour: hostile.TLSExpired, restOverTLS: true}, "did not answer: TLS: the server's certificate has expired"},
		{"rest-tls-untrusted", hostileSetup{misbehaviour: hostile.TLSUntrusted, restOverTLS: true}, "did not answer: TLS: the server's certificate is not signed by a trusted authority"},
		{"http2-only", hostileSetup{misbehaviour: hostile.HTTP2Only}, "did not answer: the target answered in HTTP/2 only, not HTTP/1.1 (it sent an HTTP/2 SETTINGS frame)"},
		// Go's TLS server, like many, lets an http/1.1 client in without
		// ALPN; what it then sends is named.
		{"tls-http2-only", hostileSetup{misbehaviour: hostile.TLSHTTP2Only, restOverTLS: true}, "did not answer: the target answered in HTTP/2 only, not HTTP/1.1 (it sent an HTTP/2 SETTINGS frame)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			config, env, h := hostileTarget(t, c.setup)
			run := runCLIWithin(t, cliRunLimit, env, "run", "--config", config, "--report-dir", t.TempDir())
			// The probe is one request, not retried.
			if n := len(h.Corrupted()); n > 1 {
				t.Errorf("the target answered %d requests in HTTP/2: the probe was retried", n)
			}
			if run.exitCode != exitUnreachable || !strings.Contains(run.stderr, c.want) {
				t.Errorf("exit %d, want %d with %q:\n%s", run.exitCode, exitUnreachable, c.want, run.stderr)
			}
			if strings.Contains(run.stderr, "panic") {
				t.Errorf("panic:\n%s", run.stderr)
			}
		})
	}
}

// TestHostileHangAfterProbe: a server that answers the probe and then
// hangs costs each check one timeout (its first request, setup or not:
// timeouts are not retried), never the run forever.
func TestHostileHangAfterProbe(t *testing.T) {
	t.Parallel()
	config, env, h := hostileTarget(t, hostileSetup{misbehaviour: hostile.HangAfterProbe})
	reports := t.TempDir()
	run := runCLIWithin(t, cliRunLimit, env, "run", "--config", config, "--report-dir", reports, "--procs", "2", "--label-filter", "rest && HeadObject", "--focus", "head-object|head-if")
	res := assertCompleteRun(t, run, reports, "hostile")
	ran := res.Executed()
	if run.exitCode != exitFailed || res.Failed != ran || ran < 5 {
		t.Errorf("exit %d, %d of %d checks failed", run.exitCode, res.Failed, ran)
	}
	for _, id := range failedChecks(res) {
		if msg := failureText(res, id); !strings.Contains(msg, "timeout awaiting response headers") && !strings.Contains(msg, "no answer within the request timeout") {
			t.Errorf("%s does not say it timed out:\n%s", id, msg)
		}
	}
	// A check stops at its first request that hangs (setup fails the
	// check; a check's own request ends it); cleanup may send one more.
	hung := len(h.Corrupted())
	if hung > 2*ran {
		t.Errorf("%d requests hung for %d checks: timeouts are retried", hung, ran)
	}
	t.Logf("%d checks, %d hung requests", ran, hung)
}

// TestHostileSetupIsNotRetried: a malformed answer to a setup request (a
// 10 MB header line to CreateBucket) fails the check at once, saying why;
// the request is sent once, not retried as a 503 would be.
func TestHostileSetupIsNotRetried(t *testing.T) {
	t.Parallel()
	config, env, h := hostileTarget(t, hostileSetup{misbehaviour: hostile.SetupHugeHeader})
	reports := t.TempDir()
	run := runCLIWithin(t, cliRunLimit, env, "run", "--config", config, "--report-dir", reports, "--procs", "2", "--label-filter", "rest && GetObject")
	res := assertCompleteRun(t, run, reports, "hostile")
	if run.exitCode != exitFailed || res.Failed == 0 {
		t.Fatalf("exit %d, %d failed", run.exitCode, res.Failed)
	}
	sent := map[string]int{}
	for _, x := range h.Corrupted() {
		sent[x.Path]++
	}
	for path, n := range sent {
		if n != 1 {
			t.Errorf("CreateBucket %s sent %d times", path, n)
		}
	}
	for _, id := range failedChecks(res) {
		if msg := failureText(res, id); !strings.Contains(msg, "setup failed") || !strings.Contains(msg, "server response headers exceeded") {
			t.Errorf("%s does not say its setup got a header too large:\n%s", id, msg)
		}
	}
	t.Logf("%d checks failed at setup, %d CreateBucket requests", res.Failed, len(sent))
}

// TestEveryMisbehaviourIsTested keeps the fixture and the tests in step.
func TestEveryMisbehaviourIsTested(t *testing.T) {
	tested := map[hostile.Misbehaviour]bool{hostile.TLSUntrusted: true, hostile.TLSWrongHost: true, hostile.TLSExpired: true, hostile.SOAPSilent: true, hostile.Silent: true, hostile.HangAfterProbe: true,
		hostile.SetupHugeHeader: true, hostile.HTTP2Only: true, hostile.TLSHTTP2Only: true}
	for _, c := range hostileCases {
		tested[c.misbehaviour] = true
	}
	all := hostile.Misbehaviours()
	if len(all) < 20 {
		t.Errorf("only %d misbehaviours", len(all))
	}
	for _, d := range all {
		if !tested[d.Name] {
			t.Errorf("misbehaviour %s (%s) is not tested", d.Name, d.What)
		}
	}
}
