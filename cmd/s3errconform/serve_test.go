package main

import (
	"bufio"
	"bytes"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"

	"go.yaml.in/yaml/v3"
)

// served is what a running `s3errconform serve` printed before "Press
// Ctrl-C to stop.".
type served struct {
	exports map[string]string // NAME=value of its export lines
	entry   string            // the targets entry, as printed
	stdout  string
}

// startServe starts serve as a child process, as a user would, and returns
// once it has printed everything; it is stopped with SIGTERM at cleanup,
// and the CA file it wrote must be gone then.
func startServe(t *testing.T, args ...string) served {
	t.Helper()
	cmd := exec.Command(os.Args[0], append([]string{"serve"}, args...)...)
	// No key variables: serve prints its fixed test keys, which the export
	// lines then carry to the run.
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "S3EC_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, asCLI+"=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := served{exports: map[string]string{}}
	var out, entry strings.Builder
	inEntry, ready := false, false
	scanner := bufio.NewScanner(stdout)
	for !ready && scanner.Scan() {
		line := scanner.Text()
		out.WriteString(line + "\n")
		switch {
		case line == "Press Ctrl-C to stop.":
			ready = true
		case strings.HasPrefix(line, "Targets entry"):
			inEntry = true
		case inEntry && line == "":
			inEntry = false
		case inEntry:
			entry.WriteString(line + "\n")
		case strings.HasPrefix(line, "export "):
			name, quoted, _ := strings.Cut(strings.TrimPrefix(line, "export "), "=")
			s.exports[name] = strings.Trim(quoted, "'")
		}
	}
	s.stdout, s.entry = out.String(), entry.String()
	if !ready {
		_ = cmd.Wait()
		t.Fatalf("serve stopped before it was ready\nstdout:\n%s\nstderr:\n%s", s.stdout, stderr.String())
	}
	t.Cleanup(func() {
		if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Error(err)
		}
		if err := cmd.Wait(); err != nil {
			t.Errorf("serve after SIGTERM: %v\nstderr:\n%s", err, stderr.String())
		}
		if ca := s.exports["S3EC_CA_FILE"]; ca != "" {
			if _, err := os.Stat(ca); !os.IsNotExist(err) {
				t.Errorf("serve left its CA file %s behind (stat: %v)", ca, err)
			}
		}
	})
	return s
}

// TestServePrintsAWorkingTargetsEntry follows serve's own instructions: the
// export lines and the entry it prints, pasted as they are, make a green run
// that uses both identities, the other region and the SOAP endpoint and
// leaves nothing behind.
func TestServePrintsAWorkingTargetsEntry(t *testing.T) {
	s := startServe(t, "--addr", "127.0.0.1:0", "--soap-addr", "127.0.0.1:0", "--other-region-addr", "127.0.0.1:0")
	for _, name := range []string{"S3EC_ACCESS_KEY", "S3EC_SECRET_KEY", "S3EC_ACCESS_KEY2", "S3EC_SECRET_KEY2", "S3EC_CA_FILE"} {
		if s.exports[name] == "" {
			t.Fatalf("serve printed no export line for %s:\n%s", name, s.stdout)
		}
	}
	dir := t.TempDir()
	config := filepath.Join(dir, "targets.yaml")
	if err := os.WriteFile(config, []byte("targets:\n"+s.entry), 0o600); err != nil {
		t.Fatal(err)
	}
	var env []string
	for name, value := range s.exports {
		env = append(env, name+"="+value)
	}
	reports := filepath.Join(dir, "reports")
	run := runCLI(t, env, "run", "--config", config, "--target", "reference", "--procs", "1",
		"--label-filter", "NoSuchKey || second-identity || other-region", "--report-dir", reports)
	if run.exitCode != 0 {
		t.Fatalf("exit %d, want 0\nstdout:\n%s\nstderr:\n%s", run.exitCode, run.stdout, run.stderr)
	}
	if strings.Contains(run.stdout+run.stderr, "left behind") {
		t.Errorf("the run reports leftovers:\n%s\n%s", run.stdout, run.stderr)
	}
	res := readResults(t, filepath.Join(reports, "reference"))
	// Skips would mean a part of the entry (second identity, other region,
	// SOAP) did not reach the run.
	if res.Passed == 0 || res.Failed != 0 || res.Skipped != 0 || len(res.Leftovers) != 0 {
		t.Errorf("passed %d, failed %d, skipped %d, leftovers %v; want all passed", res.Passed, res.Failed, res.Skipped, res.Leftovers)
	}
	var soap, second, region bool
	for _, c := range res.Checks {
		soap = soap || strings.HasPrefix(c.ID, "soap-")
		second = second || strings.Contains(c.ID, "second-identity")
		region = region || strings.HasPrefix(c.ID, "rest-region-")
	}
	if !soap || !second || !region {
		t.Errorf("want SOAP checks (%v), second-identity checks (%v) and other-region checks (%v) among those run", soap, second, region)
	}
}

// TestExampleReferenceEntryIsWhatServePrints keeps targets.example.yaml's
// reference entry from drifting away from serve: with serve's default
// addresses, the two must be the same entry.
func TestExampleReferenceEntryIsWhatServePrints(t *testing.T) {
	// Free ports, then the printed addresses are put back to the defaults
	// (--addr 127.0.0.1:9300, --soap-addr 127.0.0.1:9443,
	// --other-region-addr 127.0.0.1:9301) the example uses.
	s := startServe(t, "--addr", "127.0.0.1:0", "--soap-addr", "127.0.0.1:0", "--other-region-addr", "127.0.0.1:0")
	var printed []map[string]any
	if err := yaml.Unmarshal([]byte(s.entry), &printed); err != nil || len(printed) != 1 {
		t.Fatalf("serve's entry is not one YAML list item (%v):\n%s", err, s.entry)
	}
	entry := s.entry
	other, _ := printed[0]["other_region"].(map[string]any)
	for def, printedURL := range map[string]any{"127.0.0.1:9300": printed[0]["endpoint"], "127.0.0.1:9443": printed[0]["soap_url"], "127.0.0.1:9301": other["endpoint"]} {
		u, err := url.Parse(fmt.Sprint(printedURL))
		if err != nil || u.Host == "" {
			t.Fatalf("serve's entry has no URL to put %s back into (%v):\n%s", def, err, s.entry)
		}
		entry = strings.ReplaceAll(entry, u.Host, def)
	}
	if err := yaml.Unmarshal([]byte(entry), &printed); err != nil {
		t.Fatal(err)
	}

	data, err := os.ReadFile("../../targets.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var example struct {
		Targets []map[string]any `yaml:"targets"`
	}
	if err := yaml.Unmarshal(data, &example); err != nil {
		t.Fatal(err)
	}
	for _, target := range example.Targets {
		if target["name"] == "reference" {
			if !reflect.DeepEqual(target, printed[0]) {
				t.Errorf("targets.example.yaml's reference entry differs from what serve prints:\nexample: %v\nserve:   %v", target, printed[0])
			}
			return
		}
	}
	t.Error("targets.example.yaml has no reference entry")
}
