package harness

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// keyNames are the fields and types that hold or choose keys: the
// target's identities, a credential pair, the keys in it, and the
// credentials a wire.Auth carries.
var keyNames = map[string]bool{"Identity": true, "SecondIdentity": true, "SecretKey": true, "AccessKey": true, "Credentials": true}

// TestSuitesNeverReadKeys parses every file under suites/ and fails on any
// use of a key field or type: a check asks the session for a requester
// (t.WrongSecret(), t.SecondIdentity(), ...With(wire.Auth{...})) and for
// the access key an error names (t.AccessKey(), r.AccessKey()), so only
// the harness ever holds a secret. Method calls of those names are the
// session's and are allowed.
func TestSuitesNeverReadKeys(t *testing.T) {
	root, err := filepath.Abs("../suites")
	if err != nil {
		t.Fatal(err)
	}
	files := 0
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		files++
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		for _, at := range keyUses(f) {
			t.Errorf("%s: %s: a check body must not touch keys; ask the session for a requester (harness/session.go)", fset.Position(at.pos), at.what)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files == 0 {
		t.Fatal("no file under suites/; is the test run from harness/?")
	}
}

type keyUse struct {
	pos  token.Pos
	what string
}

// keyUses are f's selectors of keyNames that are not method calls
// (x.Identity, creds.SecretKey, targets.Credentials) and its composite
// literal fields of those names (wire.Auth{Credentials: ...}).
func keyUses(f *ast.File) []keyUse {
	called := map[*ast.SelectorExpr]bool{}
	var out []keyUse
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			if sel, ok := n.Fun.(*ast.SelectorExpr); ok {
				called[sel] = true
			}
		case *ast.SelectorExpr:
			if keyNames[n.Sel.Name] && !called[n] {
				out = append(out, keyUse{n.Sel.Pos(), "." + n.Sel.Name})
			}
		case *ast.KeyValueExpr:
			if id, ok := n.Key.(*ast.Ident); ok && keyNames[id.Name] {
				out = append(out, keyUse{id.Pos(), id.Name + ":"})
			}
		}
		return true
	})
	return out
}

// TestKeyUsesFindsEachForm keeps the test above honest: each way a check
// could read or choose a key is found, and the session's methods are not.
func TestKeyUsesFindsEachForm(t *testing.T) {
	src := `package p
func f(t *T) {
	a := t.Target().Identity.AccessKey
	b := t.Target().SecondIdentity
	c := targets.Credentials{}
	c.SecretKey = "x"
	t.With(wire.Auth{Credentials: &c})
	t.SecondIdentity().GetObject(t.AccessKey(), t.WrongSecret().AccessKey())
}`
	f, err := parser.ParseFile(token.NewFileSet(), "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, u := range keyUses(f) {
		got = append(got, u.what)
	}
	want := ".AccessKey .Identity .SecondIdentity .Credentials .SecretKey Credentials:"
	if strings.Join(got, " ") != want {
		t.Errorf("found %q, want %q", strings.Join(got, " "), want)
	}
}
