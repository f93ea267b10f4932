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

// targetsCommand is "targets check": what a user runs before the suite to
// see that the configuration is right, without creating anything.
func targetsCommand(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "check" {
		fmt.Fprintln(stderr, "Usage: s3errconform targets check [--config targets.yaml] [--target NAME]")
		return exitUsage
	}
	fs := newFlagSet("targets check", "targets check [--config targets.yaml] [--target NAME[,NAME...]]", stderr)
	config := fs.String("config", "targets.yaml", "targets file")
	target := fs.String("target", "", "target name(s), comma-separated (default: every target)")
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
	fmt.Fprintf(stdout, "%s: valid, %d target(s)\n", *config, len(all))
	code := exitPassed
	for _, t := range all {
		if !checkTarget(stdout, t) {
			code = exitUnreachable
		}
	}
	return code
}

// checkTarget reports what can be learnt of a target with read-only
// requests: reachability, TLS, credentials, clock skew, the SOAP endpoint.
func checkTarget(w io.Writer, t *targets.Target) bool {
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
		return false
	}
	ctx, cancel := context.WithTimeout(context.Background(), t.Timeout)
	defer cancel()
	sent := time.Now()
	r := client.Do(ctx, wire.Request{Method: http.MethodGet})
	if r.Status == 0 {
		fmt.Fprintf(w, "  FAIL endpoint: no answer: %v\n", client.Secrets().Text(fmt.Sprint(r.Err)))
		return false
	}
	fmt.Fprintf(w, "  endpoint: answered ListBuckets with %d in %s\n", r.Status, r.Duration.Round(time.Millisecond))
	switch {
	case !strings.HasPrefix(t.Endpoint, "https://"):
	case t.TLS.InsecureSkipVerify:
		fmt.Fprintln(w, "  TLS: certificate NOT verified (insecure_skip_verify)")
	default:
		fmt.Fprintln(w, "  TLS: certificate verified")
	}
	if r.Status != http.StatusOK {
		if body, err := wire.ParseErrorBody(r.Body); err == nil {
			fmt.Fprintf(w, "  credentials: not accepted: %s\n", client.Secrets().Text(body.Code+": "+body.Message))
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
	return true
}
