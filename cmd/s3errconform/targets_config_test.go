package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/s3errconform/s3errconform/reftarget"
)

// TestBadTargetsFilesExit2WithAPreciseMessage: each kind of mistake in a
// targets file stops run and targets check with exit 2 and a message naming
// the file, the line, the target and the field, and saying what is wrong.
func TestBadTargetsFilesExit2WithAPreciseMessage(t *testing.T) {
	dir := t.TempDir()
	notPEM := filepath.Join(dir, "not.pem")
	os.WriteFile(notPEM, []byte("not a certificate\n"), 0o600)
	const head = "targets:\n  - name: x\n    endpoint: http://127.0.0.1:9000\n"
	cases := []struct {
		name, file string
		want       string
	}{
		{"unknown key", head + "    endpiont: http://h\n",
			`:4: target "x": field "endpiont": unknown field; allowed here: name, endpoint,`},
		{"unknown nested key", head + "    tls:\n      ca: x.pem\n",
			`:5: target "x": field "tls.ca": unknown field; allowed here: ca_file, insecure_skip_verify`},
		{"wrong type: list for a duration", head + "    timeout: [10s]\n",
			`:4: target "x": field "timeout": must be a string, got a list`},
		{"wrong type: number for a boolean", head + "    tls:\n      insecure_skip_verify: 1\n",
			`:5: target "x": field "tls.insecure_skip_verify": must be true or false, got a number`},
		{"wrong type: string for a list", head + "    unsupported: versioning\n",
			`:4: target "x": field "unsupported": must be a list of capability labels`},
		{"missing env var for a key", head + "    access_key_env: S3EC_TEST_UNSET_AK\n    secret_key_env: S3EC_TEST_UNSET_SK\n",
			`:4: target "x": field "access_key_env": environment variable S3EC_TEST_UNSET_AK is unset or empty`},
		{"missing env var in an expansion", "targets:\n  - name: x\n    endpoint: http://${S3EC_TEST_UNSET_HOST}:9000\n",
			`:3: target "x": field "endpoint": references ${S3EC_TEST_UNSET_HOST}, but that environment variable is unset or empty`},
		{"unreadable ca_file: missing", head + "    tls:\n      ca_file: " + filepath.Join(dir, "missing.pem") + "\n",
			`:5: target "x": field "tls.ca_file": cannot read ` + filepath.Join(dir, "missing.pem") + `: no such file or directory`},
		{"unreadable ca_file: a directory", head + "    tls:\n      ca_file: " + dir + "\n",
			`:5: target "x": field "tls.ca_file": cannot read ` + dir + `: is a directory`},
		{"ca_file not PEM", head + "    tls:\n      ca_file: " + notPEM + "\n",
			`:5: target "x": field "tls.ca_file": ` + notPEM + ` holds no PEM certificate`},
		{"duplicate target names", head + "  - name: x\n    endpoint: http://127.0.0.1:9001\n",
			`:4: target "x": field "name": "x" is already used by the target at line 2`},
		{"bad URL: no scheme", "targets:\n  - name: x\n    endpoint: localhost:9000\n",
			`:3: target "x": field "endpoint": must be an absolute http or https URL, got "localhost:9000"`},
		{"bad URL: a path", "targets:\n  - name: x\n    endpoint: http://h:9000/bucket\n",
			`:3: target "x": field "endpoint": must have no path`},
		{"bad URL: credentials", "targets:\n  - name: x\n    endpoint: http://AK:s3cr3t-in-url@h\n",
			`:3: target "x": field "endpoint": must not contain '@'`},
		{"other_region without its endpoint", head + "    other_region:\n      region: us-west-2\n",
			`:5: target "x": field "other_region.endpoint": missing: other_region needs the REST endpoint of that region`},
		{"other_region in the target's own region", head + "    other_region:\n      region: us-east-1\n      endpoint: http://127.0.0.1:9001\n",
			`:5: target "x": field "other_region.region": is the target's own region "us-east-1"`},
		{"bad YAML", "targets:\n  - name: x\n    endpoint: [\n", `:3: invalid YAML: did not find expected node content`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			config := filepath.Join(t.TempDir(), "targets.yaml")
			if err := os.WriteFile(config, []byte(c.file), 0o600); err != nil {
				t.Fatal(err)
			}
			for _, args := range [][]string{
				{"run", "--config", config, "--report-dir", t.TempDir()},
				{"targets", "check", "--config", config},
			} {
				run := runCLI(t, nil, args...)
				if run.exitCode != exitUsage {
					t.Errorf("%s: exit %d, want %d\n%s", args[0], run.exitCode, exitUsage, run.stderr)
				}
				if want := "s3errconform: " + config + c.want; !strings.Contains(run.stderr, want) {
					t.Errorf("%s: message\n  %s\nwant it to contain\n  %s", args[0], strings.TrimSpace(run.stderr), want)
				}
				if strings.Contains(run.stderr, "s3cr3t-in-url") {
					t.Errorf("%s: the message repeats a secret: %s", args[0], run.stderr)
				}
			}
		})
	}
	t.Run("unreadable targets file", func(t *testing.T) {
		missing := filepath.Join(t.TempDir(), "nope.yaml")
		run := runCLI(t, nil, "run", "--config", missing)
		if run.exitCode != exitUsage || !strings.Contains(run.stderr, missing+": cannot read the targets file: no such file or directory") {
			t.Errorf("exit %d: %s", run.exitCode, run.stderr)
		}
	})
}

// TestInlineSecretIsWarnedAbout: a secret written in the targets file works,
// draws a warning suggesting secret_key_env, and is never shown.
func TestInlineSecretIsWarnedAbout(t *testing.T) {
	t.Parallel()
	const secret = "INLINESECRETCANARY-0123456789abcdef"
	srv, err := reftarget.Start(reftarget.Options{Region: "eu-central-1", Identities: []reftarget.Identity{{AccessKey: "INLINEAK", SecretKey: secret}}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	config := filepath.Join(t.TempDir(), "targets.yaml")
	os.WriteFile(config, []byte(fmt.Sprintf("targets:\n  - name: inline\n    endpoint: %s\n    region: eu-central-1\n    access_key: INLINEAK\n    secret_key: %s\n    unsupported: [soap, second-identity]\n", srv.URL(), secret)), 0o600)
	reports := t.TempDir()
	const want = `field "secret_key": the secret is written in the targets file; prefer secret_key_env`
	for _, args := range [][]string{
		{"targets", "check", "--config", config},
		{"run", "--config", config, "--report-dir", reports, "--focus", "rest-get-object-missing-key"},
	} {
		run := runCLI(t, nil, args...)
		if run.exitCode != exitPassed {
			t.Errorf("%s: exit %d\n%s%s", args[0], run.exitCode, run.stdout, run.stderr)
		}
		if !strings.Contains(run.stdout+run.stderr, want) {
			t.Errorf("%s: no warning %q:\n%s%s", args[0], want, run.stdout, run.stderr)
		}
		if strings.Contains(run.stdout+run.stderr, secret) {
			t.Errorf("%s: the secret is shown", args[0])
		}
	}
	if res := readResults(t, filepath.Join(reports, "inline")); !strings.Contains(strings.Join(res.Warnings, "\n"), want) {
		t.Errorf("results.json warnings: %q", res.Warnings)
	}
}
