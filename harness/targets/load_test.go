package targets

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// envOf returns a getenv over vars; absent names read as "".
func envOf(vars map[string]string) func(string) string {
	return func(name string) string { return vars[name] }
}

// writeCA writes a self-signed CA certificate as PEM to dir/name.
func writeCA(t *testing.T, dir, name string) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "test CA"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestParseFullFile(t *testing.T) {
	dir := t.TempDir()
	caPath := writeCA(t, dir, "ca.pem")
	const file = `
targets:
  - name: full.target_1
    endpoint: https://s3.example.test:8443/
    region: eu-west-1
    addressing: virtual
    access_key_env: FULL_ACCESS
    secret_key_env: FULL_SECRET
    second_identity:
      access_key_env: FULL_ACCESS_2
      secret_key_env: FULL_SECRET_2
    tls:
      ca_file: ca.pem
      insecure_skip_verify: false
    soap_url: https://s3.example.test:9443/soap
    soap_delete_missing: success
    unsupported: [versioning, sigv2]
    profile: compatible
    timeout: 1m30s
    stalled_body_timeout: 25s
    other_region:
      region: us-west-2
      endpoint: https://s3.us-west-2.example.test/
`
	env := envOf(map[string]string{
		"FULL_ACCESS": "AK1", "FULL_SECRET": "SK1",
		"FULL_ACCESS_2": "AK2", "FULL_SECRET_2": "SK2",
	})
	ts, err := Parse(filepath.Join(dir, "targets.yaml"), []byte(file), env)
	if err != nil {
		t.Fatal(err)
	}
	want := &Target{
		Name:               "full.target_1",
		Endpoint:           "https://s3.example.test:8443",
		Region:             "eu-west-1",
		Addressing:         AddressingVirtual,
		Identity:           Credentials{AccessKey: "AK1", SecretKey: "SK1"},
		SecondIdentity:     Credentials{AccessKey: "AK2", SecretKey: "SK2"},
		TLS:                TLS{CAFile: caPath},
		SOAPURL:            "https://s3.example.test:9443/soap",
		SOAPDeleteMissing:  SOAPDeleteMissingSuccess,
		Unsupported:        []string{"versioning", "sigv2"},
		Profile:            ProfileCompatible,
		Timeout:            90 * time.Second,
		StalledBodyTimeout: 25 * time.Second,
		OtherRegion:        OtherRegion{Region: "us-west-2", Endpoint: "https://s3.us-west-2.example.test"},
	}
	if len(ts) != 1 || !reflect.DeepEqual(ts[0], want) {
		t.Fatalf("got %+v\nwant %+v", ts, want)
	}
}

func TestParseDefaults(t *testing.T) {
	const file = `
targets:
  - name: a
    endpoint: http://127.0.0.1:9000
  - name: b
    endpoint: http://127.0.0.1:9001/
    region:
    tls:
`
	ts, err := Parse("targets.yaml", []byte(file), envOf(nil))
	if err != nil {
		t.Fatal(err)
	}
	for i, endpoint := range []string{"http://127.0.0.1:9000", "http://127.0.0.1:9001"} {
		want := &Target{
			Name:               string(rune('a' + i)),
			Endpoint:           endpoint,
			Region:             DefaultRegion,
			Addressing:         AddressingPath,
			SOAPDeleteMissing:  SOAPDeleteMissingFault,
			Profile:            ProfileStrict,
			Timeout:            DefaultTimeout,
			StalledBodyTimeout: DefaultStalledBodyTimeout,
		}
		if !reflect.DeepEqual(ts[i], want) {
			t.Errorf("target %d: got %+v\nwant %+v", i, ts[i], want)
		}
		if !ts[i].Identity.Empty() || !ts[i].SecondIdentity.Empty() {
			t.Errorf("target %d: want anonymous identities", i)
		}
	}
}

func TestParseErrors(t *testing.T) {
	dir := t.TempDir()
	notPEM := filepath.Join(dir, "not.pem")
	if err := os.WriteFile(notPEM, []byte("hello\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := envOf(map[string]string{"ACCESS": "AK", "SECRET": "SK", "EMPTY": ""})
	// head is a valid target start; cases append the field under test.
	const head = "targets:\n  - name: x\n    endpoint: http://127.0.0.1:9000\n"
	tests := []struct {
		name   string
		file   string
		target string // "" for file-level problems
		field  string
		line   int // 0: not checked
		want   string
	}{
		{"endpoint not a URL", "targets:\n  - name: minio\n    endpoint: localhost:9000\n", "minio", "endpoint", 3, "must be an absolute http or https URL"},
		{"endpoint scheme", "targets:\n  - name: x\n    endpoint: ftp://host\n", "x", "endpoint", 3, "absolute http or https"},
		{"endpoint no host", "targets:\n  - name: x\n    endpoint: http://:9000\n", "x", "endpoint", 3, "absolute http or https"},
		{"endpoint path", "targets:\n  - name: x\n    endpoint: http://h/bucket\n", "x", "endpoint", 3, "no path"},
		{"endpoint query", "targets:\n  - name: x\n    endpoint: http://h/?a=b\n", "x", "endpoint", 3, "no query"},
		{"endpoint credentials", "targets:\n  - name: x\n    endpoint: http://u:p@h\n", "x", "endpoint", 3, "must not contain '@'"},
		{"endpoint missing", "targets:\n  - name: x\n    region: r\n", "x", "endpoint", 2, "missing"},
		{"name missing", "targets:\n  - endpoint: http://h\n", "#1", "name", 0, "missing"},
		{"name invalid", "targets:\n  - name: My Target\n    endpoint: http://h\n", "#1", "name", 2, "must use only"},
		{"name dot-dot", "targets:\n  - name: ..\n    endpoint: http://h\n", "#1", "name", 2, "must use only"},
		{"name wrong type", "targets:\n  - name: [a]\n    endpoint: http://h\n", "#1", "name", 2, "must be a string, got a list"},
		{"duplicate names", head + "  - name: x\n    endpoint: http://h\n", "x", "name", 4, "already used by the target at line 2"},
		{"empty list", "targets: []\n", "", "targets", 1, "is empty"},
		{"targets null", "targets:\n", "", "targets", 1, "missing"},
		{"targets not a list", "targets: x\n", "", "targets", 1, "must be a list of targets, got a string"},
		{"target not a mapping", "targets:\n  - minio\n", "#1", "", 2, "each target must be a mapping"},
		{"unknown top-level key", "targets: []\nextra: 1\n", "", "extra", 2, "unknown field; allowed here: targets"},
		{"unknown target key", head + "    endpiont: http://h\n", "x", "endpiont", 4, "allowed here: name, endpoint, region"},
		{"unknown tls key", head + "    tls:\n      ca: x\n", "x", "tls.ca", 5, "allowed here: ca_file, insecure_skip_verify"},
		{"unknown identity key", head + "    second_identity:\n      key: x\n", "x", "second_identity.key", 5, "allowed here: access_key_env"},
		{"tls not a mapping", head + "    tls: on\n", "x", "tls", 4, "must be a mapping"},
		{"duplicate key", head + "    region: a\n    region: b\n", "x", "region", 5, "given twice (first at line 4)"},
		{"timeout yes", head + "    timeout: yes\n", "x", "timeout", 4, `must be a Go duration such as 10s or 1m30s, got "yes"`},
		{"timeout without unit", head + "    timeout: 10\n", "x", "timeout", 4, "must be a Go duration"},
		{"timeout zero", head + "    timeout: 0s\n", "x", "timeout", 4, "greater than zero"},
		{"timeout negative", head + "    timeout: -1s\n", "x", "timeout", 4, "greater than zero"},
		{"stalled_body_timeout zero", head + "    stalled_body_timeout: 0s\n", "x", "stalled_body_timeout", 4, "greater than zero"},
		{"stalled_body_timeout without unit", head + "    stalled_body_timeout: 20\n", "x", "stalled_body_timeout", 4, "must be a Go duration"},
		{"unsupported string", head + "    unsupported: versioning\n", "x", "unsupported", 4, "must be a list of capability labels"},
		{"unsupported unknown", head + "    unsupported:\n      - versioning\n      - versoning\n", "x", "unsupported", 6, `unknown capability "versoning" (known: accelerate, acl,`},
		{"unsupported nested list", head + "    unsupported: [[acl]]\n", "x", "unsupported", 4, "got a list in it"},
		{"insecure maybe", head + "    tls:\n      insecure_skip_verify: \"maybe\"\n", "x", "tls.insecure_skip_verify", 5, `must be true or false, got "maybe"`},
		{"insecure number", head + "    tls:\n      insecure_skip_verify: 1\n", "x", "tls.insecure_skip_verify", 5, "must be true or false, got a number"},
		{"addressing", head + "    addressing: host\n", "x", "addressing", 4, `must be one of path, virtual, got "host"`},
		{"profile", head + "    profile: lenient\n", "x", "profile", 4, "must be one of strict, compatible"},
		{"soap_delete_missing", head + "    soap_url: https://h/soap\n    soap_delete_missing: ok\n", "x", "soap_delete_missing", 5, "must be one of fault, success"},
		{"soap_url relative", head + "    soap_url: /soap\n", "x", "soap_url", 4, "absolute http or https URL"},
		{"region empty", head + "    region: \"\"\n", "x", "region", 4, "is empty"},
		{"expansion unset", "targets:\n  - name: x\n    endpoint: http://${HOST}:9000\n", "x", "endpoint", 3, "references ${HOST}, but that environment variable is unset or empty"},
		{"expansion empty", head + "    region: ${EMPTY}\n", "x", "region", 4, "${EMPTY}"},
		{"expansion unterminated", head + "    region: ${REGION\n", "x", "region", 4, "not followed by an environment variable name"},
		{"expansion in list", head + "    unsupported: [\"${CAP}\"]\n", "x", "unsupported", 4, "${CAP}"},
		{"access env unset", head + "    access_key_env: NOPE_ACCESS\n    secret_key_env: SECRET\n", "x", "access_key_env", 4, "environment variable NOPE_ACCESS is unset or empty"},
		{"secret env empty", head + "    access_key_env: ACCESS\n    secret_key_env: EMPTY\n", "x", "secret_key_env", 5, "environment variable EMPTY is unset or empty"},
		{"second env unset", head + "    second_identity:\n      access_key_env: ACCESS\n      secret_key_env: NOPE\n", "x", "second_identity.secret_key_env", 6, "NOPE is unset"},
		{"access without secret", head + "    access_key_env: ACCESS\n", "x", "secret_key_env", 2, "secret_key_env (or secret_key) is required"},
		{"secret without access", head + "    secret_key: SK\n", "x", "access_key_env", 2, "access_key_env (or access_key) is required"},
		{"second half identity", head + "    second_identity:\n      access_key: AK\n", "x", "second_identity.secret_key_env", 5, "is required"},
		{"inline and env", head + "    access_key: AK\n    access_key_env: ACCESS\n    secret_key_env: SECRET\n", "x", "access_key_env", 5, "either access_key_env or access_key"},
		{"inline empty", head + "    access_key: \"\"\n    secret_key: SK\n", "x", "access_key", 4, "is empty"},
		{"ca_file missing", head + "    tls:\n      ca_file: " + filepath.Join(dir, "nope.pem") + "\n", "x", "tls.ca_file", 5, "cannot read"},
		{"ca_file not PEM", head + "    tls:\n      ca_file: " + notPEM + "\n", "x", "tls.ca_file", 5, "holds no PEM certificate"},
		{"other_region not a mapping", head + "    other_region: us-west-2\n", "x", "other_region", 4, "must be a mapping with the fields region, endpoint"},
		{"other_region unknown key", head + "    other_region:\n      name: us-west-2\n", "x", "other_region.name", 5, "allowed here: region, endpoint"},
		{"other_region no region", head + "    other_region:\n      endpoint: http://127.0.0.1:9001\n", "x", "other_region.region", 5, "missing: other_region needs the name of a region"},
		{"other_region empty region", head + "    other_region:\n      region: \"\"\n      endpoint: http://127.0.0.1:9001\n", "x", "other_region.region", 5, "is empty"},
		{"other_region own region", head + "    region: eu-west-1\n    other_region:\n      region: eu-west-1\n      endpoint: http://127.0.0.1:9001\n", "x", "other_region.region", 6, `is the target's own region "eu-west-1"`},
		{"other_region default region", head + "    other_region:\n      region: us-east-1\n      endpoint: http://127.0.0.1:9001\n", "x", "other_region.region", 5, "own region"},
		{"other_region no endpoint", head + "    other_region:\n      region: us-west-2\n", "x", "other_region.endpoint", 5, "missing: other_region needs the REST endpoint of that region"},
		{"other_region endpoint not a URL", head + "    other_region:\n      region: us-west-2\n      endpoint: s3.us-west-2\n", "x", "other_region.endpoint", 6, "must be an absolute http or https URL"},
		{"other_region own endpoint", head + "    other_region:\n      region: us-west-2\n      endpoint: http://127.0.0.1:9000/\n", "x", "other_region.endpoint", 6, "is the target's own endpoint"},
		{"syntax error", "targets:\n  - name: x\n   endpoint: [\n", "", "", 0, "invalid YAML"},
		{"two documents", "targets: []\n---\ntargets: []\n", "", "", 0, "single YAML document"},
		{"empty file", "# nothing\n", "", "", 0, "the file is empty"},
		{"root not a mapping", "- a\n", "", "", 1, "the file must be a mapping"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("targets.yaml", []byte(tt.file), env)
			var ce *ConfigError
			if !errors.As(err, &ce) {
				t.Fatalf("got %v (%T), want a *ConfigError", err, err)
			}
			msg := err.Error()
			if ce.File != "targets.yaml" || !strings.HasPrefix(msg, "targets.yaml") {
				t.Errorf("file: got %q in %q", ce.File, msg)
			}
			if ce.Target != tt.target {
				t.Errorf("target: got %q, want %q (%s)", ce.Target, tt.target, msg)
			}
			if tt.target != "" && !strings.Contains(msg, "target ") {
				t.Errorf("message does not name the target: %s", msg)
			}
			if ce.Field != tt.field || (tt.field != "" && !strings.Contains(msg, `field "`+tt.field+`"`)) {
				t.Errorf("field: got %q, want %q (%s)", ce.Field, tt.field, msg)
			}
			if tt.line != 0 && ce.Line != tt.line {
				t.Errorf("line: got %d, want %d (%s)", ce.Line, tt.line, msg)
			}
			if !strings.Contains(msg, tt.want) {
				t.Errorf("message %q does not contain %q", msg, tt.want)
			}
		})
	}
}

func TestConfigErrorFormat(t *testing.T) {
	_, err := Parse("targets.yaml", []byte("targets:\n  - name: minio\n    endpoint: localhost:9000\n"), envOf(nil))
	const want = `targets.yaml:3: target "minio": field "endpoint": must be an absolute http or https URL, got "localhost:9000"`
	if err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
	unnamed := &ConfigError{File: "t.yaml", Line: 2, Target: "#1", Field: "name", Problem: "missing"}
	if got := unnamed.Error(); got != `t.yaml:2: target #1: field "name": missing` {
		t.Errorf("got %s", got)
	}
}

func TestWarnings(t *testing.T) {
	const file = `
targets:
  - name: x
    endpoint: https://h
    access_key: AK
    secret_key: inline-secret
    second_identity:
      access_key: ${AK2}
      secret_key: ${SK2}
    tls:
      insecure_skip_verify: true
    soap_url: http://h/soap
  - name: y
    endpoint: https://h
    soap_delete_missing: success
    second_identity:
      access_key: AK
      secret_key: prefix-${SK2}
`
	ts, err := Parse("targets.yaml", []byte(file), envOf(map[string]string{"AK2": "AK2", "SK2": "SK2"}))
	if err != nil {
		t.Fatal(err)
	}
	wantX := []string{
		`targets.yaml:6: field "secret_key": the secret is written in the targets file; prefer secret_key_env`,
		`targets.yaml:11: field "tls.insecure_skip_verify": certificate checks are off`,
		`targets.yaml:12: field "soap_url": is plain http://; S3 accepts SOAP only over HTTPS`,
	}
	wantY := []string{
		`field "second_identity.secret_key": the secret is written`,
		`field "soap_delete_missing": has no effect without soap_url`,
	}
	for i, want := range [][]string{wantX, wantY} {
		got := ts[i].Warnings
		if len(got) != len(want) {
			t.Errorf("target %s: got warnings %q, want %d", ts[i].Name, got, len(want))
			continue
		}
		for j := range want {
			if !strings.Contains(got[j], want[j]) {
				t.Errorf("target %s warning %d: got %q, want it to contain %q", ts[i].Name, j, got[j], want[j])
			}
		}
	}
	if !ts[0].TLS.InsecureSkipVerify || ts[0].SOAPURL != "http://h/soap" {
		t.Errorf("target x resolved wrongly: %+v", ts[0])
	}
}

// TestSecretsNeverShown feeds secrets through every path that reports on a
// key field and checks that no error or warning repeats them.
func TestSecretsNeverShown(t *testing.T) {
	const (
		envSecret    = "env-S3CRET-value"
		inlineSecret = "inline-S3CRET-value"
		pastedSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
	)
	env := envOf(map[string]string{"SK": envSecret, "AK": "AK"})
	const head = "targets:\n  - name: x\n    endpoint: http://h\n"
	bad := []string{
		head + "    secret_key: " + inlineSecret + "\n",
		head + "    secret_key_env: SK\n",
		head + "    access_key_env: AK\n    secret_key_env: " + pastedSecret + "\n",
		head + "    access_key_env: AK\n    secret_key_env: SK\n    secret_key: " + inlineSecret + "\n",
		head + "    access_key_env: AK\n    secret_key: " + inlineSecret + "${\n",
		head + "    access_key_env: AK\n    secret_key: [" + inlineSecret + "]\n",
		head + "    access_key_env: AK\n    secret_key: " + inlineSecret + "\n    timeout: never\n",
		"targets:\n  - name: x\n    endpoint: http://AK:" + inlineSecret + "@h\n",
		"targets:\n  - name: x\n    endpoint: http://AK:" + inlineSecret + " @h\n",
		"targets:\n  - name: x\n    soap_url: https://AK:" + inlineSecret + "@h/soap\n    endpoint: http://h\n",
		head + "    second_identity:\n      secret_key: ${SK}\n",
	}
	for _, file := range bad {
		_, err := Parse("targets.yaml", []byte(file), env)
		if err == nil {
			t.Errorf("no error for\n%s", file)
			continue
		}
		for _, secret := range []string{envSecret, inlineSecret, pastedSecret, "S3CRET"} {
			if strings.Contains(err.Error(), secret) {
				t.Errorf("error shows a secret: %s", err)
			}
		}
	}
	good := head + "    access_key_env: AK\n    secret_key: " + inlineSecret + "\n" +
		"    second_identity:\n      access_key: AK\n      secret_key: ${SK}\n"
	ts, err := Parse("targets.yaml", []byte(good), env)
	if err != nil {
		t.Fatal(err)
	}
	if len(ts[0].Warnings) == 0 {
		t.Error("want warnings for the inline secret and the repeated access key")
	}
	for _, w := range ts[0].Warnings {
		if strings.Contains(w, "S3CRET") {
			t.Errorf("warning shows a secret: %s", w)
		}
	}
}

func TestExpansion(t *testing.T) {
	const file = `
targets:
  - name: ${NAME}
    endpoint: http://${HOST}:${PORT}
    region: ${REGION}
    access_key_env: ${ACCESS_VAR}
    secret_key: a$b$${literal}
    unsupported: ["${CAP}", soap]
    tls:
      insecure_skip_verify: "${INSECURE}"
    timeout: ${TIMEOUT}
`
	env := envOf(map[string]string{
		"NAME": "expanded", "HOST": "10.0.0.1", "PORT": "9000", "REGION": "ap-south-1",
		"ACCESS_VAR": "REAL_ACCESS", "REAL_ACCESS": "AK", "CAP": "acl",
		"INSECURE": "false", "TIMEOUT": "3s",
	})
	ts, err := Parse("targets.yaml", []byte(file), env)
	if err != nil {
		t.Fatal(err)
	}
	got := ts[0]
	if got.Name != "expanded" || got.Endpoint != "http://10.0.0.1:9000" || got.Region != "ap-south-1" ||
		got.Identity != (Credentials{AccessKey: "AK", SecretKey: "a$b${literal}"}) ||
		!reflect.DeepEqual(got.Unsupported, []string{"acl", "soap"}) ||
		got.TLS.InsecureSkipVerify || got.Timeout != 3*time.Second {
		t.Errorf("got %+v", got)
	}
}

func TestSelect(t *testing.T) {
	a, b := &Target{Name: "a"}, &Target{Name: "b"}
	tests := []struct {
		name    string
		targets []*Target
		choose  string
		want    *Target
		wantErr string
	}{
		{"only target by default", []*Target{a}, "", a, ""},
		{"by name", []*Target{a, b}, "b", b, ""},
		{"only target by name", []*Target{a}, "a", a, ""},
		{"ambiguous", []*Target{a, b}, "", nil, "2 targets are defined; choose one of: a, b"},
		{"unknown", []*Target{a, b}, "c", nil, `target "c": no such target; choose one of: a, b`},
		{"unknown single", []*Target{a}, "c", nil, "no such target; choose one of: a"},
		{"none", nil, "", nil, "no targets are defined"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Select(tt.targets, tt.choose)
			if got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
			if tt.wantErr == "" {
				if err != nil {
					t.Errorf("unexpected error %v", err)
				}
				return
			}
			var ce *ConfigError
			if !errors.As(err, &ce) || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("got error %v, want a ConfigError containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	writeCA(t, dir, "ca.pem")
	path := filepath.Join(dir, "targets.yaml")
	const file = "targets:\n  - name: x\n    endpoint: http://h\n    access_key_env: LOAD_TEST_ACCESS\n    secret_key_env: LOAD_TEST_SECRET\n    tls:\n      ca_file: ca.pem\n"
	if err := os.WriteFile(path, []byte(file), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("LOAD_TEST_ACCESS", "AK")
	t.Setenv("LOAD_TEST_SECRET", "SK")
	ts, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if ts[0].Identity.SecretKey != "SK" || ts[0].TLS.CAFile != filepath.Join(dir, "ca.pem") {
		t.Errorf("got %+v", ts[0])
	}

	missing := filepath.Join(dir, "missing.yaml")
	_, err = Load(missing)
	var ce *ConfigError
	if !errors.As(err, &ce) || ce.File != missing || !strings.Contains(err.Error(), "cannot read the targets file") {
		t.Errorf("got %v, want a ConfigError naming %s", err, missing)
	}
}

func TestExampleFileParses(t *testing.T) {
	data, err := os.ReadFile("../../targets.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// The reference entry's ca_file is ${S3EC_CA_FILE}, the certificate
	// `s3errconform serve` writes; it must be a readable PEM file.
	caFile := writeCA(t, t.TempDir(), "ca.pem")
	getenv := func(name string) string {
		if name == "S3EC_CA_FILE" {
			return caFile
		}
		return "dummy-" + name
	}
	ts, err := Parse("targets.example.yaml", data, getenv)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, target := range ts {
		names = append(names, target.Name)
		if target.Identity.Empty() {
			t.Errorf("target %s: want keys from the environment", target.Name)
		}
		if len(target.Warnings) != 0 {
			t.Errorf("target %s: the example should not draw warnings: %q", target.Name, target.Warnings)
		}
	}
	want := []string{"reference", "minio", "rgw", "versitygw", "gofakes3", "swift", "s3rver"}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("got targets %q, want %q", names, want)
	}
}

// A targets file over 1 MiB is refused before it is parsed, whatever it
// holds; one just under the bound loads.
func TestLoadRefusesLargeFiles(t *testing.T) {
	dir := t.TempDir()
	const target = "targets:\n  - name: x\n    endpoint: http://h\n"
	padding := func(n int) string { return "#" + strings.Repeat("x", n-2) + "\n" }

	fits := filepath.Join(dir, "fits.yaml")
	if err := os.WriteFile(fits, []byte(padding(MaxFileSize-len(target))+target), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(fits); err != nil {
		t.Errorf("a file of exactly %d bytes: %v", MaxFileSize, err)
	}

	big := filepath.Join(dir, "big.yaml")
	if err := os.WriteFile(big, []byte(padding(MaxFileSize+1-len(target))+target), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Load(big)
	var ce *ConfigError
	if !errors.As(err, &ce) || ce.File != big || !strings.Contains(err.Error(), "larger than 1048576 bytes (1 MiB)") || !strings.Contains(err.Error(), "at most 256 targets") {
		t.Errorf("got %v, want a ConfigError naming %s and the bound", err, big)
	}
}

// A file with no size to stat (a device, a pipe) is read only up to the
// bound.
func TestLoadReadsAtMostTheBound(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero here")
	}
	_, err := Load("/dev/zero")
	if err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("got %v, want the file refused as too large", err)
	}
	_, err = Parse("targets.yaml", []byte("targets:\n  - name: x\n    endpoint: http://h\n    tls:\n      ca_file: /dev/zero\n"), envOf(nil))
	if err == nil || !strings.Contains(err.Error(), `field "tls.ca_file": /dev/zero is larger than`) {
		t.Errorf("got %v, want the CA file refused as too large", err)
	}
}

func TestParseRefusesTooManyTargets(t *testing.T) {
	file := func(n int) []byte {
		var b strings.Builder
		b.WriteString("targets:\n")
		for i := 0; i < n; i++ {
			fmt.Fprintf(&b, "  - name: t%d\n    endpoint: http://h\n", i)
		}
		return []byte(b.String())
	}
	if ts, err := Parse("targets.yaml", file(MaxTargets), envOf(nil)); err != nil || len(ts) != MaxTargets {
		t.Errorf("%d targets: %d, %v", MaxTargets, len(ts), err)
	}
	_, err := Parse("targets.yaml", file(MaxTargets+1), envOf(nil))
	var ce *ConfigError
	if !errors.As(err, &ce) || ce.Field != "targets" || ce.Line != 2 || !strings.Contains(err.Error(), "has 257 targets; at most 256") {
		t.Errorf("got %v, want a ConfigError on the targets field", err)
	}
}

// Values a config error quotes back are shown with what may be secret left
// out: query values and fragments of URLs, and anything shaped like a key
// (a key pasted into an *_env field, the endpoint or a choice).
func TestConfigErrorsRedactQuotedValues(t *testing.T) {
	const (
		accessKey = "AKIAIOSFODNN7EXAMPLE"
		secretKey = "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY" // no '/': a valid variable name
		signature = "fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024"
	)
	const head = "targets:\n  - name: x\n    endpoint: http://h\n"
	cases := []struct{ file, want string }{
		{"targets:\n  - name: x\n    endpoint: http://h/?X-Amz-Signature=" + signature + "&X-Amz-Credential=" + accessKey + "&" + secretKey + "#" + secretKey + "\n",
			`must have no query or fragment, got "http://h/?X-Amz-Signature=REDACTED&X-Amz-Credential=REDACTED&REDACTED#REDACTED"`},
		{"targets:\n  - name: x\n    endpoint: http://h/bucket?token=" + secretKey + "\n",
			`must have no path (requests put the bucket and key there), got "http://h/bucket?token=REDACTED"`},
		{"targets:\n  - name: x\n    endpoint: " + secretKey + "\n", "must be an absolute http or https URL, got a value shaped like a key (not shown)"},
		{"targets:\n  - name: x\n    endpoint: ftp://h/?sig=" + signature + "\n", `got "ftp://h/?sig=REDACTED"`},
		{head + "    soap_url: https://h/soap\n    soap_plain_http_url: https://h/soap?key=" + secretKey + "\n", `got "https://h/soap?key=REDACTED"`},
		{head + "    access_key_env: " + accessKey + "\n    secret_key_env: SK\n", `field "access_key_env": the environment variable it names is unset or empty (the name is not shown: it looks like a key`},
		{head + "    access_key_env: AK\n    secret_key_env: " + secretKey + "\n", `field "secret_key_env": the environment variable it names is unset or empty (the name is not shown`},
		{head + "    access_key_env: AK\n    secret_key_env: s3cr3t_" + signature[:12] + "\n", `the name is not shown`},
		{head + "    region: ${" + secretKey + "}\n", `field "region": references ${...}: the environment variable it names is unset`},
		{head + "    addressing: " + secretKey + "\n", "must be one of path, virtual, got a value shaped like a key (not shown)"},
		{head + "    timeout: " + secretKey + "\n", "got a value shaped like a key (not shown)"},
	}
	env := envOf(map[string]string{"AK": "AK", "SK": "SK"})
	for _, c := range cases {
		_, err := Parse("targets.yaml", []byte(c.file), env)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("got %v\nwant it to contain %s", err, c.want)
			continue
		}
		for _, secret := range []string{accessKey, secretKey, signature, signature[:12]} {
			if strings.Contains(err.Error(), secret) {
				t.Errorf("the message shows %s: %s", secret, err)
			}
		}
	}
	// Ordinary values are still quoted, to say what is wrong.
	for file, want := range map[string]string{
		head + "    access_key_env: MY_ACCESS_KEY_2\n    secret_key_env: SK\n": "environment variable MY_ACCESS_KEY_2 is unset or empty",
		head + "    addressing: host\n":                                        `got "host"`,
		"targets:\n  - name: x\n    endpoint: minio.example.com:9000\n":        `got "minio.example.com:9000"`,
	} {
		if _, err := Parse("targets.yaml", []byte(file), env); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("got %v, want it to contain %s", err, want)
		}
	}
}

// An expired session is all of keys and token, or nothing.
func TestExpiredSessionNeedsKeysAndToken(t *testing.T) {
	head := "targets:\n  - name: x\n    endpoint: http://127.0.0.1:9000\n    expired_session:\n"
	env := envOf(map[string]string{"EAK": "ak", "ESK": "sk", "ETOK": "token"})
	ts, err := Parse("targets.yaml", []byte(head+"      access_key_env: EAK\n      secret_key_env: ESK\n      session_token_env: ETOK\n"), env)
	if err != nil {
		t.Fatal(err)
	}
	if want := (Credentials{AccessKey: "ak", SecretKey: "sk", SessionToken: "token"}); ts[0].ExpiredSession != want {
		t.Errorf("got %+v, want %+v", ts[0].ExpiredSession, want)
	}
	for _, c := range []struct{ body, field, problem string }{
		{"      access_key_env: EAK\n      secret_key_env: ESK\n", "expired_session.session_token_env", "session_token_env (or session_token) is required"},
		{"      session_token_env: ETOK\n", "expired_session.access_key_env", "access_key_env and secret_key_env are required"},
		{"      token_env: ETOK\n", "expired_session.token_env", "unknown field"},
	} {
		_, err := Parse("targets.yaml", []byte(head+c.body), env)
		if err == nil || !strings.Contains(err.Error(), c.field) || !strings.Contains(err.Error(), c.problem) {
			t.Errorf("%q: got %v, want %s: %s", c.body, err, c.field, c.problem)
		}
	}
}

func TestBucketLimitIsAPositiveWholeNumber(t *testing.T) {
	head := "targets:\n  - name: x\n    endpoint: http://127.0.0.1:9000\n"
	ts, err := Parse("targets.yaml", []byte(head+"    bucket_limit: 100\n"), envOf(nil))
	if err != nil || ts[0].BucketLimit != 100 {
		t.Fatalf("got %v, %v", ts, err)
	}
	for _, v := range []string{"0", "-3", "ten", "1.5", "[1]"} {
		_, err := Parse("targets.yaml", []byte(head+"    bucket_limit: "+v+"\n"), envOf(nil))
		if err == nil || !strings.Contains(err.Error(), "bucket_limit") || !strings.Contains(err.Error(), "whole number greater than zero") {
			t.Errorf("bucket_limit %s: %v", v, err)
		}
	}
}
