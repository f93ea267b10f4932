package targets

import (
	"errors"
	"os"
	"strings"
	"testing"
)

// TestLoadNamedNeedsOnlyTheChosenTargetsVariables: a run against
// targets.example.yaml's reference entry needs the variables serve prints
// and no other target's; every target's syntax is still checked.
func TestLoadNamedNeedsOnlyTheChosenTargetsVariables(t *testing.T) {
	data, err := os.ReadFile("../../targets.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	caFile := writeCA(t, t.TempDir(), "ca.pem")
	served := envOf(map[string]string{
		"S3EC_ACCESS_KEY": "ak", "S3EC_SECRET_KEY": "sk", "S3EC_ACCESS_KEY2": "ak2", "S3EC_SECRET_KEY2": "sk2", "S3EC_CA_FILE": caFile,
		"S3EC_EXPIRED_ACCESS_KEY": "eak", "S3EC_EXPIRED_SECRET_KEY": "esk", "S3EC_EXPIRED_TOKEN": "etoken",
	})
	ts, err := ParseNamed("targets.example.yaml", data, served, []string{"reference"}, false)
	if err != nil {
		t.Fatalf("the reference entry with only serve's variables: %v", err)
	}
	if len(ts) != 1 || ts[0].Name != "reference" || ts[0].Identity.SecretKey != "sk" || ts[0].ExpiredSession.SessionToken != "etoken" || ts[0].TLS.CAFile != caFile || ts[0].Region != "eu-central-1" {
		t.Fatalf("got %+v", ts)
	}
	// Choosing minio without its variables names them.
	if _, err := ParseNamed("targets.example.yaml", data, served, []string{"minio"}, false); err == nil || !strings.Contains(err.Error(), "MINIO_ACCESS_KEY") {
		t.Errorf("minio without its variables: %v", err)
	}
	// Every target of the file, as for targets check without --target.
	if _, err := ParseNamed("targets.example.yaml", data, served, nil, true); err == nil {
		t.Error("all targets resolved without their variables")
	}

	head := "targets:\n  - name: a\n    endpoint: http://127.0.0.1:1\n    access_key_env: A_KEY\n    secret_key_env: A_SECRET\n"
	aEnv := envOf(map[string]string{"A_KEY": "k", "A_SECRET": "s"})
	for _, c := range []struct{ name, other, field string }{
		{"unknown field", "    endpoint: ${B_ENDPOINT}\n    acces_key_env: B\n", "acces_key_env"},
		{"bad value", "    endpoint: http://h\n    access_key: ${B_KEY}\n    secret_key_env: B_SECRET\n    profile: lenient\n", "profile"},
		{"malformed reference", "    endpoint: ${B_ENDPOINT\n", "endpoint"},
		{"variable name with a dash", "    endpoint: http://h\n    access_key_env: not-a-name\n    secret_key_env: B\n", "access_key_env"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseNamed("t.yaml", []byte(head+"  - name: b\n"+c.other), aEnv, []string{"a"}, false)
			var ce *ConfigError
			if !errors.As(err, &ce) || ce.Target != "b" || ce.Field != c.field {
				t.Errorf("got %v, want an error on target b's %s", err, c.field)
			}
		})
	}
	// Unset variables of another target, in every kind of field, are fine.
	other := "  - name: b\n    endpoint: ${B_ENDPOINT}\n    region: ${B_REGION}\n    access_key: ${B_KEY}\n    secret_key_env: B_SECRET\n" +
		"    second_identity:\n      access_key_env: B2\n      secret_key_env: B2S\n    tls:\n      ca_file: ${B_CA}\n      insecure_skip_verify: ${B_INSECURE}\n" +
		"    soap_url: ${B_SOAP}\n    unsupported: [\"${B_CAP}\"]\n    profile: ${B_PROFILE}\n    timeout: ${B_TIMEOUT}\n"
	ts, err = ParseNamed("t.yaml", []byte(head+other), aEnv, []string{"a"}, false)
	if err != nil || len(ts) != 1 || ts[0].Name != "a" {
		t.Fatalf("got %v, %v", ts, err)
	}
	// Two targets named by unset variables are not taken for duplicates.
	named := "  - name: ${C_NAME}\n    endpoint: http://h\n  - name: ${D_NAME}\n    endpoint: http://h\n"
	if _, err := ParseNamed("t.yaml", []byte(head+named), aEnv, []string{"a"}, false); err != nil {
		t.Errorf("targets named by unset variables: %v", err)
	}
	if _, err := ParseNamed("t.yaml", []byte(head+other), aEnv, []string{"b"}, false); err == nil {
		t.Error("target b resolved without its variables")
	}
	// Neither names nor all: the only target, or the list to choose from.
	if _, err := ParseNamed("t.yaml", []byte(head+other), aEnv, nil, false); err == nil || !strings.Contains(err.Error(), "choose one of: a, b") {
		t.Errorf("no name among two targets: %v", err)
	}
	if ts, err := ParseNamed("t.yaml", []byte(head), aEnv, nil, false); err != nil || ts[0].Name != "a" {
		t.Errorf("the only target: %v %v", ts, err)
	}
}
