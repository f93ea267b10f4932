package targets

import (
	"errors"
	"strings"
	"testing"
)

const kmsHead = "targets:\n  - name: x\n    endpoint: http://127.0.0.1:9000\n    region: eu-west-1\n"

func TestParseKMSKeys(t *testing.T) {
	const (
		disabled = "arn:aws:kms:eu-west-1:111122223333:key/0b0e0c7e-0000-4000-8000-000000000001"
		pending  = "arn:aws:kms:eu-west-1:111122223333:key/0b0e0c7e-0000-4000-8000-000000000002"
		signing  = "arn:aws-us-gov:kms:eu-west-1:111122223333:key/mrk-1234abcd"
	)
	file := kmsHead + "    kms:\n      disabled_key: " + disabled + "\n      pending_deletion_key: ${PENDING}\n      sign_verify_key: " + signing + "\n"
	ts, err := Parse("targets.yaml", []byte(file), envOf(map[string]string{"PENDING": pending}))
	if err != nil {
		t.Fatal(err)
	}
	want := KMSKeys{DisabledKey: disabled, PendingDeletionKey: pending, SignVerifyKey: signing}
	if ts[0].KMS != want {
		t.Errorf("got %+v, want %+v", ts[0].KMS, want)
	}
	if len(ts[0].Warnings) != 0 {
		t.Errorf("unexpected warnings %q", ts[0].Warnings)
	}

	// Only some keys, or none: the others stay empty.
	ts, err = Parse("targets.yaml", []byte(kmsHead+"    kms:\n      disabled_key: "+disabled+"\n"), envOf(nil))
	if err != nil {
		t.Fatal(err)
	}
	if want := (KMSKeys{DisabledKey: disabled}); ts[0].KMS != want {
		t.Errorf("got %+v, want %+v", ts[0].KMS, want)
	}
	ts, err = Parse("targets.yaml", []byte(kmsHead+"    kms:\n"), envOf(nil))
	if err != nil || ts[0].KMS != (KMSKeys{}) {
		t.Errorf("empty kms: got %+v, %v", ts[0].KMS, err)
	}
}

func TestParseKMSErrors(t *testing.T) {
	tests := []struct {
		name, file, field string
		line              int
		want              string
	}{
		{"not a mapping", kmsHead + "    kms: [a]\n", "kms", 5, "must be a mapping with the fields disabled_key, pending_deletion_key, sign_verify_key"},
		{"unknown field", kmsHead + "    kms:\n      disabled: x\n", "kms.disabled", 6, "unknown field; allowed here: disabled_key, pending_deletion_key, sign_verify_key"},
		{"bare key id", kmsHead + "    kms:\n      disabled_key: 1234abcd-12ab-34cd-56ef-1234567890ab\n", "kms.disabled_key", 6,
			"must be a KMS key ARN such as arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab, got "},
		{"alias ARN", kmsHead + "    kms:\n      sign_verify_key: arn:aws:kms:eu-west-1:111122223333:alias/signing\n", "kms.sign_verify_key", 6, "must be a key ARN, not an alias ARN"},
		{"short account", kmsHead + "    kms:\n      pending_deletion_key: arn:aws:kms:eu-west-1:1111:key/k\n", "kms.pending_deletion_key", 6, "must be a KMS key ARN"},
		{"other region", kmsHead + "    kms:\n      disabled_key: arn:aws:kms:us-east-1:111122223333:key/k\n", "kms.disabled_key", 6, "is a key in region us-east-1, but the target's region is eu-west-1"},
		{"empty", kmsHead + "    kms:\n      disabled_key: \"\"\n", "kms.disabled_key", 6, "is empty"},
		{"not a string", kmsHead + "    kms:\n      disabled_key: [a]\n", "kms.disabled_key", 6, "must be a string, got a list"},
		{"unset variable", kmsHead + "    kms:\n      disabled_key: ${NOPE}\n", "kms.disabled_key", 6, "${NOPE}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("targets.yaml", []byte(tt.file), envOf(nil))
			var ce *ConfigError
			if !errors.As(err, &ce) {
				t.Fatalf("got %v (%T), want a *ConfigError", err, err)
			}
			msg := err.Error()
			if ce.File != "targets.yaml" || ce.Target != "x" || ce.Field != tt.field || ce.Line != tt.line {
				t.Errorf("got file %q target %q field %q line %d, want targets.yaml x %q %d (%s)", ce.File, ce.Target, ce.Field, ce.Line, tt.field, tt.line, msg)
			}
			if !strings.Contains(msg, tt.want) {
				t.Errorf("message %q does not contain %q", msg, tt.want)
			}
		})
	}
}

// Keys declared for a target that declares sse-kms unsupported do nothing:
// a warning says so.
func TestKMSKeysWithoutSSEKMSWarn(t *testing.T) {
	file := kmsHead + "    unsupported: [sse-kms]\n    kms:\n      disabled_key: arn:aws:kms:eu-west-1:111122223333:key/k\n"
	ts, err := Parse("targets.yaml", []byte(file), envOf(nil))
	if err != nil {
		t.Fatal(err)
	}
	if len(ts[0].Warnings) != 1 || !strings.Contains(ts[0].Warnings[0], `field "kms": has no effect: the target declares sse-kms unsupported`) {
		t.Errorf("warnings: %q", ts[0].Warnings)
	}
}

// A target the command does not use may leave its variables unset, the
// region's included: its keys are then not checked against the region.
func TestKMSKeysOfAnUnusedTarget(t *testing.T) {
	file := "targets:\n  - name: used\n    endpoint: http://127.0.0.1:9000\n" +
		"  - name: unused\n    endpoint: http://127.0.0.1:9001\n    region: ${REGION}\n    kms:\n      disabled_key: arn:aws:kms:eu-west-1:111122223333:key/k\n"
	if _, err := ParseNamed("targets.yaml", []byte(file), envOf(nil), []string{"used"}, false); err != nil {
		t.Fatal(err)
	}
}
