package main

import (
	"context"
	"strings"
	"testing"

	"github.com/s3errconform/s3errconform/harness"
	"github.com/s3errconform/s3errconform/harness/report"
	"github.com/s3errconform/s3errconform/reftarget"
	"github.com/s3errconform/s3errconform/runner"
	"github.com/s3errconform/s3errconform/suites/rest"
)

// A target that declares no KMS key in a state S3 refuses skips that key's
// check, naming the field, as a target without second_identity skips the
// cross-account checks; the key that cannot exist needs no declaration.
func TestKMSKeyChecksSkipWithoutDeclaredKeys(t *testing.T) {
	srv, err := reftarget.Start(reftarget.Options{Region: "eu-central-1", Identities: []reftarget.Identity{sweepMain, sweepSecond}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	target := runner.ReferenceTarget(srv, "eu-central-1", sweepMain, sweepSecond)
	env, err := harness.NewEnv(target, nil)
	if err != nil {
		t.Fatal(err)
	}
	rest.Register(env)
	for id, field := range map[string]string{
		"rest-kms-put-object-disabled-key":         "kms.disabled_key",
		"rest-kms-put-object-pending-deletion-key": "kms.pending_deletion_key",
		"rest-kms-put-object-sign-verify-key":      "kms.sign_verify_key",
	} {
		out := env.RunCheck(context.Background(), id)
		if out.Verdict != report.VerdictSkipped || !strings.Contains(out.Message, `target "reference" declares no `+field) {
			t.Errorf("%s: %s %q, want skipped naming %s", id, out.Verdict, out.Message, field)
		}
	}
	if out := env.RunCheck(context.Background(), "rest-kms-put-object-key-not-found"); out.Verdict != report.VerdictPassed {
		t.Errorf("rest-kms-put-object-key-not-found: %s %q", out.Verdict, out.Message)
	}
}
