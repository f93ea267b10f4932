package harness

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/s3errconform/s3errconform"

// layers rank the module's packages: a package imports only packages of a
// lower rank, so every arrow points down (check ← wire ← soap ← judge ←
// report ← the DSL ← suites ← runner ← shard processes ← cmd).
var layers = map[string]int{
	"catalog":          0,
	"harness/targets":  0,
	"internal/hostile": 0,
	"reftarget":        1,
	"harness/check":    1,
	"harness/wire":     2,
	"harness/soap":     3,
	"harness/judge":    4,
	"harness/report":   5,
	"harness":          6,
	"suites/rest":      7,
	"suites/soap":      7,
	"runner":           8,
	"internal/shard":   9,
	"cmd/s3errconform": 10,
}

// ginkgoUsers are the only packages whose non-test files import Ginkgo.
var ginkgoUsers = map[string]bool{"harness": true, "runner": true, "cmd/s3errconform": true}

// TestImportGraphPointsDown reads every non-test file of the module and
// fails on an import against the layers, on Ginkgo outside the DSL, the
// runner and the CLI, and on a reference target that imports more than
// the catalog.
func TestImportGraphPointsDown(t *testing.T) {
	imports := moduleImports(t)
	if len(imports) < len(layers) {
		t.Fatalf("found %d packages; is the test run from harness/?", len(imports))
	}
	for pkg, deps := range imports {
		for dep := range deps {
			switch {
			case strings.HasPrefix(dep, "github.com/onsi/ginkgo"):
				if !ginkgoUsers[pkg] {
					t.Errorf("%s imports Ginkgo; only %v may", pkg, keys(ginkgoUsers))
				}
			case !strings.HasPrefix(dep, module+"/"):
			case pkg == "reftarget":
				if dep != module+"/catalog" {
					t.Errorf("reftarget imports %s; it may import only catalog", dep)
				}
			default:
				d := strings.TrimPrefix(dep, module+"/")
				from, ok1 := layers[pkg]
				to, ok2 := layers[d]
				switch {
				case !ok1 || !ok2:
					t.Errorf("%s imports %s: give both a layer in this test", pkg, d)
				case to >= from:
					t.Errorf("%s (layer %d) imports %s (layer %d): an arrow pointing up or across", pkg, from, d, to)
				}
			}
		}
	}
}

// moduleImports maps each package directory of the module (relative to
// its root) to the imports of its non-test files.
func moduleImports(t *testing.T) map[string]map[string]bool {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]bool{}
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata") {
				return filepath.SkipDir
			}
			// A nested module (examples/embed) is another module's code.
			if _, err := os.Stat(filepath.Join(path, "go.mod")); path != root && err == nil {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, filepath.Dir(path))
		rel = filepath.ToSlash(rel)
		if out[rel] == nil {
			out[rel] = map[string]bool{}
		}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			out[rel][p] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
