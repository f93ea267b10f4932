package reftarget

import (
	"go/ast"
	"go/parser"
	"go/token"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestDeviationsList(t *testing.T) {
	list := Deviations()
	if !slices.IsSortedFunc(list, func(a, b Deviation) int { return strings.Compare(a.Name, b.Name) }) {
		t.Error("Deviations() is not sorted by name")
	}
	for i, d := range list {
		if d.Description == "" {
			t.Errorf("%s has no description", d.Name)
		}
		if i > 0 && list[i-1].Name == d.Name {
			t.Errorf("%s is listed twice", d.Name)
		}
		if s := d.Fails; s.Nothing != (s.Labels == "" && len(s.Also) == 0) || s.Nothing && len(s.Except) > 0 {
			t.Errorf("%s: selects %+v; a row selects checks or says it fails nothing, not both", d.Name, s)
		}
	}
}

// TestEveryDeviationHasASwitch reads the package's source: every row of the
// table is switched on by some d.has(devX) and every d.has names a row, so
// a row cannot outlive its behaviour nor a switch its row.
func TestEveryDeviationHasASwitch(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	consts := map[string]string{}
	switched := map[string]bool{}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ValueSpec:
				for i, id := range n.Names {
					if lit, ok := valueAt(n, i).(*ast.BasicLit); ok && lit.Kind == token.STRING {
						consts[id.Name], _ = strconv.Unquote(lit.Value)
					}
				}
			case *ast.CallExpr:
				if sel, ok := n.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "has" && len(n.Args) == 1 {
					id, ok := n.Args[0].(*ast.Ident)
					if !ok {
						t.Errorf("%s: has() names no deviation const", fset.Position(n.Pos()))
						return true
					}
					switched[id.Name] = true
				}
			}
			return true
		})
	}
	names := map[string]bool{}
	for _, d := range Deviations() {
		names[d.Name] = true
	}
	used := map[string]bool{}
	for id := range switched {
		if !names[consts[id]] {
			t.Errorf("has(%s) switches no deviation of the table", id)
		}
		used[consts[id]] = true
	}
	for name := range names {
		if !used[name] {
			t.Errorf("deviation %s is switched on by no has() of the reference target", name)
		}
	}
}

func valueAt(spec *ast.ValueSpec, i int) ast.Expr {
	if i < len(spec.Values) {
		return spec.Values[i]
	}
	return nil
}

func TestStartRejectsUnknownDeviation(t *testing.T) {
	s, err := Start(Options{Deviations: []string{"nosuchkey-status-403", "no-such-deviation"}})
	if err == nil {
		s.Close()
		t.Fatal("Start accepted an unknown deviation")
	}
	for _, d := range Deviations() {
		if !strings.Contains(err.Error(), d.Name) {
			t.Errorf("error %q does not list %s", err, d.Name)
		}
	}
}

// deviationProbe observes the behaviour one deviation changes.
type deviationProbe struct {
	opts Options
	// probe prepares the store and sends the request that shows the
	// deviation; bucket "dev" with object "obj" exists, owned by alice.
	probe func(t *testing.T, s *Server) response
	// deviates reports whether the response shows the deviation.
	deviates func(t *testing.T, r response) bool
}

func getMissingKey(t *testing.T, s *Server) response { return do(t, s, "GET", "/dev/missing", nil) }

func rawHeadMissingBucket(t *testing.T, s *Server) response {
	statusLine, header, rest := rawHead(t, s, "/nobucket")
	status, _ := strconv.Atoi(strings.Fields(statusLine)[1])
	return response{status, header, rest}
}

func errorField(t *testing.T, r response, name string) (string, bool) {
	doc := parseErrorDoc(t, r.body)
	v, ok := doc.values[name]
	return v, ok
}

var deviationProbes = map[string]deviationProbe{
	devNoSuchKeyStatus403: {probe: getMissingKey, deviates: func(t *testing.T, r response) bool { return r.status == 403 }},
	devNoSuchKeyNoKeyElement: {probe: getMissingKey, deviates: func(t *testing.T, r response) bool {
		_, ok := errorField(t, r, "Key")
		return !ok
	}},
	devNoSuchKeyWrongMessage: {probe: getMissingKey, deviates: func(t *testing.T, r response) bool {
		m, _ := errorField(t, r, "Message")
		return m == "Object not found"
	}},
	devNoSuchKeyCodeRenamed: {probe: getMissingKey, deviates: func(t *testing.T, r response) bool {
		c, _ := errorField(t, r, "Code")
		return c == "NotFound"
	}},
	devNoSuchKeyNoRequestIDHeader: {probe: getMissingKey, deviates: func(t *testing.T, r response) bool {
		id, _ := errorField(t, r, "RequestId")
		return len(r.header.Values(hdrRequestID)) == 0 && id != ""
	}},
	devNoSuchKeyRequestIDMismatch: {probe: getMissingKey, deviates: func(t *testing.T, r response) bool {
		id, _ := errorField(t, r, "RequestId")
		return id != r.header.Get(hdrRequestID)
	}},
	devNoSuchKeyDuplicateRequestID: {probe: getMissingKey, deviates: func(t *testing.T, r response) bool {
		return len(r.header.Values(hdrRequestID)) == 2
	}},
	devNoSuchKeyNoID2Header: {probe: getMissingKey, deviates: func(t *testing.T, r response) bool {
		return len(r.header.Values(hdrID2)) == 0
	}},
	devNoSuchKeyNoHostID: {probe: getMissingKey, deviates: func(t *testing.T, r response) bool {
		_, ok := errorField(t, r, "HostId")
		return !ok && r.header.Get(hdrID2) != ""
	}},
	devNoSuchKeyContentTypeText: {probe: getMissingKey, deviates: func(t *testing.T, r response) bool {
		return r.header.Get("Content-Type") == "text/plain"
	}},
	devNoSuchBucketNoBucketName: {
		probe: func(t *testing.T, s *Server) response { return do(t, s, "GET", "/nobucket", nil) },
		deviates: func(t *testing.T, r response) bool {
			_, ok := errorField(t, r, "BucketName")
			return !ok
		},
	},
	devNoSuchBucketAsNoSuchKey: {
		probe: func(t *testing.T, s *Server) response { return do(t, s, "GET", "/nobucket/k", nil) },
		deviates: func(t *testing.T, r response) bool {
			c, _ := errorField(t, r, "Code")
			return r.status == 404 && c == "NoSuchKey"
		},
	},
	devHeadErrorBody: {probe: rawHeadMissingBucket, deviates: func(t *testing.T, r response) bool {
		if len(r.body) == 0 {
			return false
		}
		c, _ := errorField(t, r, "Code")
		return c == "NoSuchBucket" && r.header.Get("Content-Length") == strconv.Itoa(len(r.body))
	}},
	devHeadErrorNoRequestID: {probe: rawHeadMissingBucket, deviates: func(t *testing.T, r response) bool {
		return r.status == 404 && len(r.header.Values(hdrRequestID)) == 0
	}},
	devDeleteMissingKey404: {
		probe: func(t *testing.T, s *Server) response { return do(t, s, "DELETE", "/dev/missing", nil) },
		deviates: func(t *testing.T, r response) bool {
			return r.status == 404 && strings.Contains(string(r.body), "<Code>NoSuchKey</Code>")
		},
	},
	devDeleteNonEmptyBucket: {
		probe: func(t *testing.T, s *Server) response {
			r := do(t, s, "DELETE", "/dev", nil)
			if r.status == 204 && do(t, s, "HEAD", "/dev", nil).status != 404 {
				t.Error("DeleteBucket answered 204 but the bucket still exists")
			}
			return r
		},
		deviates: func(t *testing.T, r response) bool { return r.status == 204 },
	},
	devBucketNotEmptyStatus400: {
		probe: func(t *testing.T, s *Server) response { return do(t, s, "DELETE", "/dev", nil) },
		deviates: func(t *testing.T, r response) bool {
			c, _ := errorField(t, r, "Code")
			return r.status == 400 && c == "BucketNotEmpty"
		},
	},
	devAcceptInvalidBucketNames: {
		probe:    func(t *testing.T, s *Server) response { return do(t, s, "PUT", "/Invalid_Name", nil) },
		deviates: func(t *testing.T, r response) bool { return r.status == 200 },
	},
	devBucketAlreadyOwnedOK: {
		opts:     Options{Region: "eu-west-1"},
		probe:    func(t *testing.T, s *Server) response { return do(t, s, "PUT", "/dev", nil) },
		deviates: func(t *testing.T, r response) bool { return r.status == 200 },
	},
	devAllowAnonymous: {
		probe: func(t *testing.T, s *Server) response {
			r := send(t, s, request{method: "GET", path: "/dev/obj"})
			if list := send(t, s, request{method: "GET", path: "/"}); (list.status == 200) != (r.status == 200) {
				t.Errorf("anonymous GetObject %d but ListBuckets %d", r.status, list.status)
			} else if list.status == 200 && strings.Contains(string(list.body), "<Bucket>") {
				t.Errorf("anonymous ListBuckets is not empty: %s", list.body)
			}
			return r
		},
		deviates: func(t *testing.T, r response) bool { return r.status == 200 && string(r.body) == "content" },
	},
	devIgnoreSignature: {
		probe: func(t *testing.T, s *Server) response {
			return send(t, s, request{method: "GET", path: "/dev/obj", as: &Identity{alice.AccessKey, "wrong"}})
		},
		deviates: func(t *testing.T, r response) bool { return r.status == 200 },
	},
	devUnknownKeyAsSignatureMismatch: {
		probe: func(t *testing.T, s *Server) response {
			return send(t, s, request{method: "GET", path: "/dev", as: &Identity{"AKIAUNKNOWN", "x"}})
		},
		deviates: func(t *testing.T, r response) bool {
			c, _ := errorField(t, r, "Code")
			return c == "SignatureDoesNotMatch"
		},
	},
	devIgnoreClockSkew: {
		probe: func(t *testing.T, s *Server) response {
			return send(t, s, request{method: "GET", path: "/dev/obj", as: &alice, at: time.Now().Add(-20 * time.Minute)})
		},
		deviates: func(t *testing.T, r response) bool { return r.status == 200 },
	},
	devAccessDeniedStatus401: {
		probe: func(t *testing.T, s *Server) response {
			return send(t, s, request{method: "GET", path: "/dev/obj", as: &bob})
		},
		deviates: func(t *testing.T, r response) bool {
			c, _ := errorField(t, r, "Code")
			return r.status == 401 && c == "AccessDenied"
		},
	},
}

// TestEachDeviationChangesItsBehaviour proves, for every deviation, that the
// probe sees the deviation with it switched on and not without it.
func TestEachDeviationChangesItsBehaviour(t *testing.T) {
	for _, d := range Deviations() {
		t.Run(d.Name, func(t *testing.T) {
			p, ok := deviationProbes[d.Name]
			if !ok {
				t.Fatal("no probe for this deviation")
			}
			for _, on := range []bool{false, true} {
				opts := p.opts
				if on {
					opts.Deviations = []string{d.Name}
				}
				s := startServer(t, opts)
				wantStatus(t, do(t, s, "PUT", "/dev", nil), 200)
				wantStatus(t, do(t, s, "PUT", "/dev/obj", []byte("content")), 200)
				r := p.probe(t, s)
				if got := p.deviates(t, r); got != on {
					t.Errorf("deviation on=%v: probe shows the deviation=%v; status %d, headers %v, body %s", on, got, r.status, r.header, r.body)
				}
			}
		})
	}
}

// TestHeadErrorBodyUnderRecorder covers the head-error-body deviation where
// the connection cannot be taken over.
func TestHeadErrorBodyUnderRecorder(t *testing.T) {
	s := startServer(t, Options{Deviations: []string{devHeadErrorBody}})
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest("HEAD", "/nobucket", nil))
	if rec.Code != 404 || !strings.Contains(rec.Body.String(), "<Code>NoSuchBucket</Code>") {
		t.Errorf("status %d, body %q", rec.Code, rec.Body.String())
	}
}

// The sweep's pruning rests on this: a server records the switches it
// looked at, so a deviation it never consulted cannot have changed a run.
func TestConsultedListsTheSwitchesLookedAt(t *testing.T) {
	s := startServer(t, Options{RecordConsulted: true})
	if got := s.Consulted(); len(got) != 0 {
		t.Fatalf("before any request: consulted %v", got)
	}
	do(t, s, "PUT", "/dev", nil)
	getMissingKey(t, s)
	got := s.Consulted()
	for _, want := range []string{devNoSuchKeyStatus403, devNoSuchKeyCodeRenamed} {
		if !slices.Contains(got, want) {
			t.Errorf("a GET of a missing key did not record %s; recorded %v", want, got)
		}
	}
	if slices.Contains(got, devBucketNotEmptyStatus400) {
		t.Errorf("recorded %s, which no request reached", devBucketNotEmptyStatus400)
	}
	if unrecorded := startServer(t, Options{}); unrecorded.Consulted() != nil {
		t.Error("a server started without RecordConsulted records")
	}
}
