package targets

import (
	"errors"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// FuzzParse: any targets file gives targets that hold together or a
// ConfigError naming the file, never a panic; an inline secret_key is
// never repeated by an error or a warning.
func FuzzParse(f *testing.F) {
	if example, err := os.ReadFile("../../targets.example.yaml"); err == nil {
		f.Add(example)
	}
	const head = "targets:\n  - name: x\n    endpoint: http://127.0.0.1:9000\n"
	for _, s := range []string{
		head,
		head + "    access_key: AK\n    secret_key: INLINE-SECRET-1234\n",
		head + "    access_key_env: AK_VAR\n    secret_key_env: SK_VAR\n    second_identity:\n      access_key: ${AK_VAR}\n      secret_key: pre-${SK_VAR}\n",
		head + "    tls:\n      insecure_skip_verify: \"true\"\n    soap_url: http://h/soap\n    soap_plain_http_url: http://h/soap\n",
		head + "    unsupported: [versioning, sigv2]\n    profile: compatible\n    timeout: 1m30s\n    addressing: virtual\n",
		head + "  - name: x\n    endpoint: http://h\n",
		"targets:\n  - &t {name: a, endpoint: 'http://h'}\n  - *t\n",
		"targets:\n  - name: ${NAME}\n    endpoint: http://${HOST}:${PORT}/\n    region: $${literal}\n",
		"targets:\n  - name: x\n    endpoint: http://u:p@h\n", "targets: []\n", "- a\n", "targets: [\n", "a: &a [*a]\n",
	} {
		f.Add([]byte(s))
	}
	getenv := func(name string) string {
		switch name {
		case "", "EMPTY":
			return ""
		case "PORT":
			return "9000"
		}
		return "env-" + strings.ToLower(name)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ts, err := Parse("fuzz.yaml", data, getenv)
		secrets := inlineSecrets(data)
		if err != nil {
			var ce *ConfigError
			if !errors.As(err, &ce) || ce.File != "fuzz.yaml" || ce.Problem == "" {
				t.Fatalf("not a ConfigError naming the file: %#v", err)
			}
			for _, s := range secrets {
				if strings.Contains(err.Error(), s) {
					t.Fatalf("error shows the inline secret %q: %s", s, err)
				}
			}
			return
		}
		names := map[string]bool{}
		for _, target := range ts {
			if !validTargetName(target.Name) || names[target.Name] {
				t.Fatalf("target name %q invalid or repeated", target.Name)
			}
			names[target.Name] = true
			u, perr := url.Parse(target.Endpoint)
			if perr != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Path != "" {
				t.Fatalf("endpoint %q", target.Endpoint)
			}
			if target.Timeout <= 0 || target.Region == "" ||
				!slices.Contains([]string{ProfileStrict, ProfileCompatible}, target.Profile) ||
				!slices.Contains([]string{AddressingPath, AddressingVirtual}, target.Addressing) {
				t.Fatalf("defaults not applied: %+v", target)
			}
			for _, c := range []Credentials{target.Identity, target.SecondIdentity} {
				if (c.AccessKey == "") != (c.SecretKey == "") {
					t.Fatalf("half an identity: %+v", c)
				}
			}
			for _, w := range target.Warnings {
				for _, s := range secrets {
					if strings.Contains(w, s) {
						t.Fatalf("warning shows the inline secret %q: %s", s, w)
					}
				}
			}
		}
	})
}

// inlineSecrets are the values of secret_key keys written in data that
// occur nowhere else in it (a value copied into another field may be
// quoted there) and are long enough to tell apart from ordinary text.
func inlineSecrets(data []byte) []string {
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil {
		return nil
	}
	var out []string
	seen := map[*yaml.Node]bool{}
	var walk func(*yaml.Node)
	walk = func(n *yaml.Node) {
		if n == nil || seen[n] {
			return
		}
		seen[n] = true
		for i, c := range n.Content {
			if n.Kind == yaml.MappingNode && i%2 == 0 && c.Value == "secret_key" && i+1 < len(n.Content) {
				if v := n.Content[i+1]; v.Kind == yaml.ScalarNode && len(v.Value) >= 8 && strings.Count(string(data), v.Value) == 1 {
					out = append(out, v.Value)
				}
			}
			walk(c)
		}
		walk(n.Alias)
	}
	walk(&doc)
	return out
}
