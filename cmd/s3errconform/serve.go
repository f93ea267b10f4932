package main

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/s3errconform/s3errconform/harness/targets"
	"github.com/s3errconform/s3errconform/reftarget"
	"github.com/s3errconform/s3errconform/runner"
)

// The environment variables serve takes its keys from, and that the targets
// entry it prints names. targets.example.yaml's reference entry uses the
// same names (serve_test.go keeps the two identical).
const (
	serveAccessKeyEnv  = "S3EC_ACCESS_KEY"
	serveSecretKeyEnv  = "S3EC_SECRET_KEY"
	serveAccessKey2Env = "S3EC_ACCESS_KEY2"
	serveSecretKey2Env = "S3EC_SECRET_KEY2"
	// An expired session's keys and token, for the ExpiredToken check.
	serveExpiredAccessKeyEnv = "S3EC_EXPIRED_ACCESS_KEY"
	serveExpiredSecretKeyEnv = "S3EC_EXPIRED_SECRET_KEY"
	serveExpiredTokenEnv     = "S3EC_EXPIRED_TOKEN"
	// The CA file's path changes with every start (it is per process), so
	// the entry names it through a variable and stays the same text.
	serveCAFileEnv = "S3EC_CA_FILE"
)

// serveKey is one key serve accepts: its variable and the fixed test value
// used when the variable is unset.
type serveKey struct{ env, fallback string }

// serveKeys are the main identity's access and secret key, then the second
// identity's, then the expired session's keys and token.
func serveKeys() [7]serveKey {
	return [7]serveKey{
		{serveAccessKeyEnv, "s3ec-reference"}, {serveSecretKeyEnv, "s3ec-reference-secret"},
		{serveAccessKey2Env, "s3ec-reference-2"}, {serveSecretKey2Env, "s3ec-reference-2-secret"},
		{serveExpiredAccessKeyEnv, "s3ec-reference-expired"}, {serveExpiredSecretKeyEnv, "s3ec-reference-expired-secret"},
		{serveExpiredTokenEnv, "s3ec-reference-expired-session-token"},
	}
}

func serveCommand(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("serve", "serve [--addr 127.0.0.1:PORT] [--soap-addr 127.0.0.1:PORT] [--region R] [--other-region R] [--other-region-addr 127.0.0.1:PORT] [--ca-file PATH] [--deviate NAME,...] [--list-deviations]", stderr)
	addr := fs.String("addr", "127.0.0.1:9300", "listen address (loopback unless you mean it)")
	region := fs.String("region", runner.ReferenceRegion, "the region the target answers for")
	deviate := fs.String("deviate", "", "comma-separated deviations from S3 to turn on (see --list-deviations)")
	list := fs.Bool("list-deviations", false, "list the deviations and exit")
	otherRegion := fs.String("other-region", runner.ReferenceOtherRegion, "a second region of the same target, served on --other-region-addr (empty: none)")
	otherRegionAddr := fs.String("other-region-addr", "127.0.0.1:9301", "listen address of the other region's REST endpoint")
	soapAddr := fs.String("soap-addr", "127.0.0.1:9443", "HTTPS listen address of the SOAP endpoint (empty: no SOAP)")
	caFile := fs.String("ca-file", "", "write the SOAP endpoint's CA certificate here, and keep it (default: a file in the temp dir, removed on exit)")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if *list {
		for _, d := range reftarget.Deviations() {
			fmt.Fprintf(stdout, "%-40s %s\n", d.Name, d.Description)
		}
		return exitPassed
	}
	var deviations []string
	if *deviate != "" {
		deviations = strings.Split(*deviate, ",")
	}
	keys := serveKeys()
	main := reftarget.Identity{AccessKey: envOr(keys[0]), SecretKey: envOr(keys[1])}
	second := reftarget.Identity{AccessKey: envOr(keys[2]), SecretKey: envOr(keys[3])}
	expired := reftarget.Session{AccessKey: envOr(keys[4]), SecretKey: envOr(keys[5]), Token: envOr(keys[6])}
	if main.AccessKey == second.AccessKey {
		fmt.Fprintf(stderr, "s3errconform serve: $%s and $%s must differ: the second identity is another account\n", serveAccessKeyEnv, serveAccessKey2Env)
		return exitUsage
	}
	srv, err := reftarget.Start(reftarget.Options{
		Addr: *addr, Region: *region, Identities: []reftarget.Identity{main, second}, Deviations: deviations,
		SOAP: *soapAddr != "", SOAPAddr: *soapAddr, ExpiredSession: &expired,
		KMSKeys:     reftarget.DefaultKMSKeys(),
		OtherRegion: *otherRegion, OtherRegionAddr: *otherRegionAddr,
	})
	if err != nil {
		fmt.Fprintf(stderr, "s3errconform serve: %v\n", err)
		return exitUsage
	}
	defer srv.Close()
	entry := servedEntry{endpoint: srv.URL(), region: *region, stalledBodyTimeout: srv.StalledBodyTimeout(), bucketLimit: srv.BucketLimit(), kms: runner.ReferenceKMSKeys(srv),
		otherRegion: srv.OtherRegion(), otherRegionEndpoint: srv.OtherRegionURL()}
	if *soapAddr != "" {
		path := *caFile
		if path == "" {
			path = filepath.Join(os.TempDir(), fmt.Sprintf("s3errconform-reference-ca-%d.pem", os.Getpid()))
			defer os.Remove(path)
		}
		// An absolute path, so the export line means the same from any
		// directory the suite is run in.
		if path, err = filepath.Abs(path); err == nil {
			err = os.WriteFile(path, srv.CACertPEM(), 0o644)
		}
		if err != nil {
			fmt.Fprintf(stderr, "s3errconform serve: writing the CA certificate: %v\n", err)
			return exitUsage
		}
		entry.caFile, entry.soapURL, entry.soapPlainHTTPURL = path, srv.SOAPURL(), srv.SOAPPlainHTTPURL()
	}
	fmt.Fprintf(stdout, "reference target listening on %s (region %s)\n", entry.endpoint, entry.region)
	if entry.otherRegion != "" {
		fmt.Fprintf(stdout, "its other region %s on %s\n", entry.otherRegion, entry.otherRegionEndpoint)
	}
	if entry.soapURL != "" {
		fmt.Fprintf(stdout, "SOAP endpoint on %s (its CA certificate is in %s)\n", entry.soapURL, entry.caFile)
	}
	if len(deviations) > 0 {
		fmt.Fprintf(stdout, "deviations: %s\n", strings.Join(deviations, ", "))
	}
	fmt.Fprint(stdout, "\nIn the shell that runs the suite:\n")
	writeServeExports(stdout, entry)
	fmt.Fprint(stdout, "\nTargets entry (paste under \"targets:\"; targets.example.yaml has the same):\n")
	fmt.Fprint(stdout, entry.yaml())
	// Listening for the signals before saying how to stop, so a stop sent
	// right after that line still removes the CA file.
	stopped := make(chan os.Signal, 1)
	signal.Notify(stopped, os.Interrupt, syscall.SIGTERM)
	fmt.Fprint(stdout, "\nPress Ctrl-C to stop.\n")
	<-stopped
	return exitPassed
}

// envOr is the key's variable, or its fixed test value when unset.
func envOr(k serveKey) string {
	if v := os.Getenv(k.env); v != "" {
		return v
	}
	return k.fallback
}

// writeServeExports prints the export lines that give the suite's shell the
// keys serve accepts. A key serve took from its own environment is the
// user's secret: it is named, never shown.
func writeServeExports(w io.Writer, entry servedEntry) {
	for _, k := range serveKeys() {
		if os.Getenv(k.env) != "" {
			fmt.Fprintf(w, "# %s: the value serve was started with (not shown)\n", k.env)
			continue
		}
		fmt.Fprintf(w, "export %s=%s\n", k.env, shellQuote(k.fallback))
	}
	if entry.caFile != "" {
		fmt.Fprintf(w, "export %s=%s\n", serveCAFileEnv, shellQuote(entry.caFile))
	}
}

// servedEntry is what a targets file needs to reach a running serve.
type servedEntry struct {
	endpoint, region                  string
	soapURL, soapPlainHTTPURL, caFile string
	stalledBodyTimeout                time.Duration
	bucketLimit                       int
	// kms are the ARNs of the target's keys in states S3 refuses.
	kms                              targets.KMSKeys
	otherRegion, otherRegionEndpoint string
}

// yaml is the entry as targets-file lines, keys by variable name only.
func (e servedEntry) yaml() string {
	var b strings.Builder
	fmt.Fprintf(&b, "  - name: %s\n", runner.ReferenceTargetName)
	fmt.Fprintf(&b, "    endpoint: %s\n", e.endpoint)
	fmt.Fprintf(&b, "    region: %s\n", e.region)
	fmt.Fprintf(&b, "    access_key_env: %s\n    secret_key_env: %s\n", serveAccessKeyEnv, serveSecretKeyEnv)
	fmt.Fprintf(&b, "    second_identity:\n      access_key_env: %s\n      secret_key_env: %s\n", serveAccessKey2Env, serveSecretKey2Env)
	fmt.Fprintf(&b, "    expired_session:\n      access_key_env: %s\n      secret_key_env: %s\n      session_token_env: %s\n",
		serveExpiredAccessKeyEnv, serveExpiredSecretKeyEnv, serveExpiredTokenEnv)
	if e.soapURL != "" {
		fmt.Fprintf(&b, "    tls:\n      ca_file: ${%s}\n", serveCAFileEnv)
		fmt.Fprintf(&b, "    soap_url: %s\n", e.soapURL)
		// soap_url has an explicit port, so the plain-HTTP address cannot
		// be derived from it.
		fmt.Fprintf(&b, "    soap_plain_http_url: %s\n", e.soapPlainHTTPURL)
	}
	if e.otherRegion != "" {
		fmt.Fprintf(&b, "    other_region:\n      region: %s\n      endpoint: %s\n", e.otherRegion, e.otherRegionEndpoint)
	}
	fmt.Fprintf(&b, "    stalled_body_timeout: %s\n", e.stalledBodyTimeout)
	fmt.Fprintf(&b, "    bucket_limit: %d\n", e.bucketLimit)
	if e.kms != (targets.KMSKeys{}) {
		fmt.Fprintf(&b, "    kms:\n      disabled_key: %s\n      pending_deletion_key: %s\n      sign_verify_key: %s\n",
			e.kms.DisabledKey, e.kms.PendingDeletionKey, e.kms.SignVerifyKey)
	}
	return b.String()
}

// shellQuote single-quotes s for a POSIX shell.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
