package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/s3errconform/s3errconform/harness/targets"
	"github.com/s3errconform/s3errconform/harness/wire"
	"github.com/s3errconform/s3errconform/runner"
)

const targetsHelp = `Validates the targets file and probes each target with read-only requests
(reachability, TLS, both identities' credentials, clock skew), creating nothing.
Exits 2 if the file is invalid or a target rejects its credentials, 3 if a
target does not answer. "targets check --help" lists its flags.
`

// targetsCommand is "targets check": what a user runs before the suite to
// see that the configuration is right, without creating anything.
func targetsCommand(args []string, stdout, stderr io.Writer) int {
	const synopsis = "targets check [--config targets.yaml] [--target NAME[,NAME...]]"
	if len(args) == 0 || args[0] != "check" {
		out, code := stderr, exitUsage
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "-help" || args[0] == "help") {
			out, code = stdout, exitPassed
		}
		fmt.Fprintf(out, "Usage: s3errconform %s\n\n%s", synopsis, targetsHelp)
		return code
	}
	fs := newFlagSet("targets check", synopsis, stderr)
	config := fs.String("config", defaultConfig(), configUsage)
	target := fs.String("target", defaultTarget(), "target name(s), comma-separated (default $"+runner.EnvTarget+", else every target); only their environment variables must be set")
	if code, ok := parseFlags(fs, args[1:]); !ok {
		return code
	}
	var names []string
	if *target != "" {
		names = strings.Split(*target, ",")
	}
	all, stop, err := runner.ResolveTargets(*config, names, len(names) == 0)
	if err != nil {
		return configFailure(stderr, err)
	}
	defer stop()
	if *config == "" {
		fmt.Fprintln(stdout, "no targets file (--config or $"+runner.EnvConfig+"): the embedded reference target")
	} else {
		fmt.Fprintf(stdout, "%s: valid; checking %s\n", *config, plural(len(all), "target"))
	}
	code := exitPassed
	for _, t := range all {
		switch checkTarget(stdout, t) {
		case probeUnreachable:
			code = exitUnreachable
		case probeRejected:
			if code == exitPassed {
				code = exitUsage
			}
		}
	}
	return code
}

// probeOutcome is what checkTarget learnt of a target.
type probeOutcome int

const (
	probeOK probeOutcome = iota
	// probeRejected: the target answered, but refused an identity's keys.
	probeRejected
	probeUnreachable
)

// checkTarget reports what can be learnt of a target with read-only
// requests: reachability, TLS, credentials, clock skew, the SOAP endpoint.
func checkTarget(w io.Writer, t *targets.Target) probeOutcome {
	fmt.Fprintf(w, "\ntarget %q: %s (region %s, %s addressing, profile %s)\n", t.Name, t.Endpoint, t.Region, t.Addressing, t.Profile)
	for _, warning := range t.Warnings {
		fmt.Fprintf(w, "  warning: %s\n", warning)
	}
	if t.Identity.Empty() {
		fmt.Fprintln(w, "  credentials: none (anonymous)")
	} else {
		fmt.Fprintf(w, "  credentials: access key %s\n", t.Identity.AccessKey)
	}
	if !t.SecondIdentity.Empty() {
		fmt.Fprintf(w, "  second identity: access key %s\n", t.SecondIdentity.AccessKey)
	}
	client, err := wire.NewClient(t)
	if err != nil {
		fmt.Fprintf(w, "  FAIL client: %v\n", err)
		return probeUnreachable
	}
	ctx, cancel := context.WithTimeout(context.Background(), t.Timeout)
	defer cancel()
	sent := time.Now()
	r := client.Do(ctx, wire.Request{Method: http.MethodGet})
	if r.Status == 0 {
		fmt.Fprintf(w, "  FAIL endpoint: no answer: %v\n", client.Secrets().Text(fmt.Sprint(r.Err)))
		return probeUnreachable
	}
	fmt.Fprintf(w, "  endpoint: answered ListBuckets with %d in %s\n", r.Status, r.Duration.Round(time.Millisecond))
	switch {
	case !strings.HasPrefix(t.Endpoint, "https://"):
	case t.TLS.InsecureSkipVerify:
		fmt.Fprintln(w, "  TLS: certificate NOT verified (insecure_skip_verify)")
	default:
		fmt.Fprintln(w, "  TLS: certificate verified")
	}
	outcome := probeOK
	if !credentialsAccepted(w, "credentials", t.Identity, r) {
		outcome = probeRejected
	}
	if !t.SecondIdentity.Empty() {
		second := t.SecondIdentity
		r2 := client.Do(ctx, wire.Request{Method: http.MethodGet, Auth: wire.Auth{Credentials: &second}})
		if !credentialsAccepted(w, "second identity", second, r2) {
			outcome = probeRejected
		}
	}
	if date, err := http.ParseTime(r.ResponseHeader.Get("Date")); err == nil {
		skew := date.Sub(sent.Add(r.Duration / 2)).Round(time.Second)
		verdict := "ok"
		if skew > 5*time.Minute || skew < -5*time.Minute {
			verdict = "too large: signed requests will fail with RequestTimeTooSkewed past 15 minutes"
		}
		fmt.Fprintf(w, "  clock skew: %s (%s)\n", skew, verdict)
	} else {
		fmt.Fprintln(w, "  clock skew: unknown (no Date header)")
	}
	if t.SOAPURL == "" {
		fmt.Fprintln(w, "  SOAP: no soap_url; the SOAP suite will be skipped")
	}
	if o := checkOtherRegion(ctx, w, t); o > outcome {
		outcome = o
	}
	return outcome
}

// checkOtherRegion probes the target's other_region endpoint with a
// ListBuckets signed for that region, as the suite will send its requests
// there.
func checkOtherRegion(ctx context.Context, w io.Writer, t *targets.Target) probeOutcome {
	if t.OtherRegion.Empty() {
		fmt.Fprintln(w, "  other region: no other_region; the checks of buckets in another region will be skipped")
		return probeOK
	}
	elsewhere := *t
	elsewhere.Endpoint, elsewhere.Region = t.OtherRegion.Endpoint, t.OtherRegion.Region
	client, err := wire.NewClient(&elsewhere)
	if err != nil {
		fmt.Fprintf(w, "  FAIL other region %s: %v\n", t.OtherRegion.Region, err)
		return probeUnreachable
	}
	r := client.Do(ctx, wire.Request{Method: http.MethodGet})
	if r.Status == 0 {
		fmt.Fprintf(w, "  FAIL other region %s at %s: no answer: %v\n", t.OtherRegion.Region, t.OtherRegion.Endpoint, client.Secrets().Text(fmt.Sprint(r.Err)))
		return probeUnreachable
	}
	fmt.Fprintf(w, "  other region %s: %s answered ListBuckets with %d in %s\n", t.OtherRegion.Region, t.OtherRegion.Endpoint, r.Status, r.Duration.Round(time.Millisecond))
	if !credentialsAccepted(w, "credentials in "+t.OtherRegion.Region, t.Identity, r) {
		return probeRejected
	}
	return probeOK
}

// credentialsAccepted says whether ListBuckets signed with creds was let
// through. A refusal of signed keys (401/403) is a configuration error;
// another answer (a server without ListBuckets) is only reported, as is
// any answer to an anonymous request.
func credentialsAccepted(w io.Writer, what string, creds targets.Credentials, r *wire.Response) bool {
	if r.Status == http.StatusOK || r.Status == 0 {
		return true
	}
	why := fmt.Sprintf("ListBuckets answered %d", r.Status)
	if body, err := wire.ParseErrorBody(r.Body); err == nil && body.Code != "" {
		why += " " + body.Code
		if body.Message != "" {
			why += ": " + body.Message
		}
	}
	why = r.Redact(why)
	switch {
	case creds.Empty():
		fmt.Fprintf(w, "  %s: anonymous; %s\n", what, why)
		return true
	case r.Status == http.StatusUnauthorized || r.Status == http.StatusForbidden:
		fmt.Fprintf(w, "  FAIL %s: access key %s not accepted: %s\n", what, creds.AccessKey, why)
		return false
	}
	fmt.Fprintf(w, "  warning: %s: could not be verified: %s\n", what, why)
	return true
}
