package main

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/s3errconform/s3errconform/reftarget"
)

// withUnsetTarget adds to config a target whose variables are all unset.
func withUnsetTarget(t *testing.T, config string) {
	t.Helper()
	data, err := os.ReadFile(config)
	if err != nil {
		t.Fatal(err)
	}
	other := "  - name: elsewhere\n    endpoint: ${S3EC_TEST_UNSET_ENDPOINT}\n    access_key_env: S3EC_TEST_UNSET_AK\n    secret_key_env: S3EC_TEST_UNSET_SK\n    tls:\n      ca_file: ${S3EC_TEST_UNSET_CA}\n"
	if err := os.WriteFile(config, append(data, other...), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestCommandsResolveOnlyTheChosenTarget: run, explain and targets check
// with --target need that target's variables only, as a user pointing
// targets.example.yaml at serve has only serve's; without --target,
// targets check checks every target and needs them all.
func TestCommandsResolveOnlyTheChosenTarget(t *testing.T) {
	config, env := referenceTarget(t, "eu-central-1")
	withUnsetTarget(t, config)
	for _, args := range [][]string{
		{"targets", "check", "--config", config, "--target", "deviating"},
		{"run", "--config", config, "--target", "deviating", "--report-dir", t.TempDir(), "--procs", "1", "--focus", `\[rest-get-object-missing-key\]`},
		{"explain", "--config", config, "--target", "deviating", "rest-get-object-missing-key"},
	} {
		if run := runCLI(t, env, args...); run.exitCode != exitPassed {
			t.Errorf("%s: exit %d\n%s%s", strings.Join(args, " "), run.exitCode, run.stdout, run.stderr)
		}
	}
	// The default target comes from $S3ERRCONFORM_TARGET for every command.
	if run := runCLI(t, append(env, "S3ERRCONFORM_TARGET=deviating", "S3ERRCONFORM_CONFIG="+config), "targets", "check"); run.exitCode != exitPassed {
		t.Errorf("targets check with the environment's defaults: exit %d\n%s%s", run.exitCode, run.stdout, run.stderr)
	}
	run := runCLI(t, env, "targets", "check", "--config", config)
	if run.exitCode != exitUsage || !strings.Contains(run.stderr, "S3EC_TEST_UNSET") {
		t.Errorf("targets check of every target: exit %d, want 2 naming the unset variable\n%s", run.exitCode, run.stderr)
	}
	// Another target's syntax is still checked.
	data, _ := os.ReadFile(config)
	os.WriteFile(config, append(data, "    profile: lenient\n"...), 0o600)
	if run := runCLI(t, env, "targets", "check", "--config", config, "--target", "deviating"); run.exitCode != exitUsage || !strings.Contains(run.stderr, `target "elsewhere": field "profile"`) {
		t.Errorf("a bad field of another target: exit %d\n%s", run.exitCode, run.stderr)
	}
}

// TestTargetsCheckFailsOnRejectedCredentials: keys the target refuses, for
// either identity, are a configuration error (exit 2) and say which.
func TestTargetsCheckFailsOnRejectedCredentials(t *testing.T) {
	config, env := referenceTarget(t, "eu-central-1")
	for i, wrong := range []string{"REF_SK=not-the-secret-key-0123456789", "REF_AK2=NOSUCHSECONDKEY"} {
		run := runCLI(t, append(append([]string(nil), env...), wrong), "targets", "check", "--config", config)
		want := []string{"FAIL credentials: access key TESTMAINKEY not accepted: ListBuckets answered 403 SignatureDoesNotMatch",
			"FAIL second identity: access key NOSUCHSECONDKEY not accepted: ListBuckets answered 403 InvalidAccessKeyId"}[i]
		if run.exitCode != exitUsage || !strings.Contains(run.stdout, want) {
			t.Errorf("%s: exit %d, want 2 and %q\n%s%s", wrong, run.exitCode, want, run.stdout, run.stderr)
		}
		if strings.Contains(run.stdout+run.stderr, "not-the-secret-key") {
			t.Errorf("the wrong secret is shown:\n%s", run.stdout)
		}
	}
}

// targets check probes the other region's endpoint, signed for that
// region, and says when it does not answer.
func TestTargetsCheckProbesTheOtherRegion(t *testing.T) {
	main := reftarget.Identity{AccessKey: "TESTMAINKEY", SecretKey: "test-main-secret-key-0123456789"}
	srv, err := reftarget.Start(reftarget.Options{Region: "eu-central-1", OtherRegion: "us-west-2", Identities: []reftarget.Identity{main}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	nowhere := "http://" + closed.Addr().String()
	closed.Close()
	env := []string{"REF_AK=" + main.AccessKey, "REF_SK=" + main.SecretKey}
	for _, tc := range []struct {
		endpoint string
		exit     int
		want     string
	}{
		{srv.OtherRegionURL(), exitPassed, "other region us-west-2: " + srv.OtherRegionURL() + " answered ListBuckets with 200"},
		{nowhere, exitUnreachable, "FAIL other region us-west-2 at " + nowhere + ": no answer"},
	} {
		config := filepath.Join(t.TempDir(), "targets.yaml")
		yaml := "targets:\n  - name: regions\n    endpoint: " + srv.URL() + "\n    region: eu-central-1\n    access_key_env: REF_AK\n    secret_key_env: REF_SK\n" +
			"    other_region:\n      region: us-west-2\n      endpoint: " + tc.endpoint + "\n"
		if err := os.WriteFile(config, []byte(yaml), 0o600); err != nil {
			t.Fatal(err)
		}
		run := runCLI(t, env, "targets", "check", "--config", config)
		if run.exitCode != tc.exit || !strings.Contains(run.stdout, tc.want) {
			t.Errorf("exit %d, want %d and %q\n%s%s", run.exitCode, tc.exit, tc.want, run.stdout, run.stderr)
		}
	}
}
