package hostile

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const importPath = "github.com/s3errconform/s3errconform/internal/hostile"

// TestNothingButTestsImportsHostile keeps the fixture out of the binary:
// only _test.go files may import it.
func TestNothingButTestsImportsHostile(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	checked := 0
	filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") || filepath.Dir(path) == mustAbs(t, ".") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return nil // someone's file being written; the build will say
		}
		checked++
		for _, imp := range f.Imports {
			if p, _ := strconv.Unquote(imp.Path.Value); p == importPath {
				t.Errorf("%s imports the hostile test fixture: it would end up in the binary", path)
			}
		}
		return nil
	})
	if checked < 20 {
		t.Errorf("checked only %d files", checked)
	}
}

func mustAbs(t *testing.T, p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

func TestMisbehavioursAreDistinctAndDescribed(t *testing.T) {
	seen := map[Misbehaviour]bool{}
	for _, d := range Misbehaviours() {
		if d.Name == None || seen[d.Name] || d.What == "" || d.Scope == "" {
			t.Errorf("misbehaviour %+v", d)
		}
		seen[d.Name] = true
	}
	if len(seen) < 20 {
		t.Errorf("%d misbehaviours, the issue asks for at least 20", len(seen))
	}
	if _, err := Start(Options{REST: "http://127.0.0.1:1", Misbehaviour: "no-such-misbehaviour"}); err == nil {
		t.Error("an unknown misbehaviour starts")
	}
}
