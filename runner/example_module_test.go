package runner

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestExampleModuleEmbedsTheSuite runs the tests of examples/embed, a
// module of its own that uses this one as a product would (through a
// replace directive): what it imports must be public, and runner.Test
// must pass against the reference target from a plain go test. It runs
// offline, from the module cache alone.
func TestExampleModuleEmbedsTheSuite(t *testing.T) {
	dir, err := filepath.Abs(filepath.Join("..", "examples", "embed"))
	if err != nil {
		t.Fatal(err)
	}
	// go test gets copies of go.mod and go.sum: -mod=mod may add what this
	// module newly requires, and a test must not rewrite committed files.
	modfile := filepath.Join(t.TempDir(), "go.mod")
	for _, name := range []string{"go.mod", "go.sum"} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(filepath.Dir(modfile), name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "test", "-count=1", "-modfile="+modfile, "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS="+strings.TrimSpace(os.Getenv("GOFLAGS")+" -mod=mod"), "GOPROXY=off", "GOWORK=off")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go test in examples/embed: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "ok  \texample.com/embed") {
		t.Errorf("go test in examples/embed passed without running its test:\n%s", out)
	}
}
