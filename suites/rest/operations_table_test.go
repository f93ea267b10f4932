package rest

import (
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/s3errconform/s3errconform/harness"
)

// modelPaths are where S3's API model may be: $S3ERRCONFORM_S3_MODEL, or
// Debian's python3-botocore (plain or compressed, as newer botocore ships
// it).
func modelPaths() []string {
	const debian = "/usr/lib/python3/dist-packages/botocore/data/s3/2006-03-01/service-2.json"
	if p := os.Getenv("S3ERRCONFORM_S3_MODEL"); p != "" {
		return []string{p}
	}
	return []string{debian, debian + ".gz"}
}

type s3Model struct {
	Operations map[string]struct {
		HTTP struct {
			Method     string `json:"method"`
			RequestURI string `json:"requestUri"`
		} `json:"http"`
		Input *struct {
			Shape string `json:"shape"`
		} `json:"input"`
		ChecksumRequired bool `json:"httpChecksumRequired"`
		HTTPChecksum     struct {
			RequestChecksumRequired bool `json:"requestChecksumRequired"`
		} `json:"httpChecksum"`
	} `json:"operations"`
	Shapes map[string]struct {
		Required []string `json:"required"`
		Members  map[string]struct {
			Location     string `json:"location"`
			LocationName string `json:"locationName"`
		} `json:"members"`
	} `json:"shapes"`
}

func loadModel(t *testing.T) s3Model {
	t.Helper()
	for _, path := range modelPaths() {
		f, err := os.Open(path)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		var r io.Reader = f
		if strings.HasSuffix(path, ".gz") {
			if r, err = gzip.NewReader(f); err != nil {
				t.Fatalf("%s: %v", path, err)
			}
		}
		var m s3Model
		if err := json.NewDecoder(r).Decode(&m); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		t.Logf("S3's API model: %s", path)
		return m
	}
	t.Skipf("S3's API model is not here (%s): install Debian's python3-botocore, or point S3ERRCONFORM_S3_MODEL at botocore's data/s3/2006-03-01/service-2.json",
		strings.Join(modelPaths(), ", "))
	return s3Model{}
}

// TestOperationTableMatchesTheModel compares operations_table.go with
// botocore's S3 model: the same operations, each with the model's method,
// request URI, required query parameters and headers, checksum
// requirement, and a body where the model requires one.
func TestOperationTableMatchesTheModel(t *testing.T) {
	model := loadModel(t)
	table := map[string]Operation{}
	for _, op := range operationTable {
		table[op.Name] = op
	}
	var missing []string
	for name := range model.Operations {
		if _, ok := table[name]; !ok {
			missing = append(missing, name)
		}
	}
	slices.Sort(missing)
	if len(missing) > 0 {
		t.Errorf("operations of the model missing from operations_table.go: %s", strings.Join(missing, ", "))
	}
	for _, op := range operationTable {
		m, ok := model.Operations[op.Name]
		if !ok {
			t.Errorf("%s is not an operation of the model", op.Name)
			continue
		}
		if m.HTTP.Method != op.Method {
			t.Errorf("%s: method %s, the model's is %s", op.Name, op.Method, m.HTTP.Method)
		}
		if uri := requestURI(op); uri != m.HTTP.RequestURI {
			t.Errorf("%s: request URI %s, the model's is %s", op.Name, uri, m.HTTP.RequestURI)
		}
		if required := m.ChecksumRequired || m.HTTPChecksum.RequestChecksumRequired; required != op.ChecksumRequired {
			t.Errorf("%s: ChecksumRequired %v, the model's %v", op.Name, op.ChecksumRequired, required)
		}
		var params, headers []string
		bodyRequired := false
		if m.Input != nil {
			shape := model.Shapes[m.Input.Shape]
			for _, name := range shape.Required {
				member := shape.Members[name]
				switch member.Location {
				case "querystring":
					params = append(params, member.LocationName)
				case "header":
					headers = append(headers, member.LocationName)
				case "":
					bodyRequired = true
				}
			}
		}
		if !sameSet(params, op.Params) {
			t.Errorf("%s: required query parameters %v, the model's %v", op.Name, op.Params, params)
		}
		if !sameSet(headers, op.Headers) {
			t.Errorf("%s: required headers %v, the model's %v", op.Name, op.Headers, headers)
		}
		if bodyRequired && op.Body == nil {
			t.Errorf("%s: the model requires a body and the table gives none", op.Name)
		}
	}
}

func requestURI(op Operation) string {
	uri := map[string]string{ScopeService: "/" + op.Path, ScopeBucket: "/{Bucket}", ScopeObject: "/{Bucket}/{Key+}"}[op.Scope]
	if op.Query != "" {
		uri += "?" + op.Query
	}
	return uri
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// TestOperationTable checks the table without the model: 97 operations,
// sorted, each with a scope and a capability of the closed list.
func TestOperationTable(t *testing.T) {
	if n := len(operationTable); n != 97 {
		t.Errorf("the table has %d operations; botocore 1.29.27's S3 model has 97", n)
	}
	if !slices.IsSortedFunc(operationTable, func(a, b Operation) int { return strings.Compare(a.Name, b.Name) }) {
		t.Error("the table is not sorted by operation name")
	}
	for _, op := range operationTable {
		if op.Scope != ScopeService && op.Scope != ScopeBucket && op.Scope != ScopeObject {
			t.Errorf("%s: scope %q", op.Name, op.Scope)
		}
	}
}

// TestGenericChecksNameRealChecks: every check opCovered names exists, for
// its operation, and every operation a row names is in the table; so an
// operation is never left without a generic check by a stale name.
func TestGenericChecksNameRealChecks(t *testing.T) {
	env := harness.NewRegistry()
	Register(env)
	checks, err := env.Checks()
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]string{}
	for _, c := range checks {
		byID[c.ID] = c.Operation
	}
	table := map[string]Operation{}
	for _, op := range operationTable {
		table[op.Name] = op
	}
	for name, kinds := range opCovered {
		if _, ok := table[name]; !ok {
			t.Errorf("opCovered names %s, not an operation of the table", name)
		}
		for kind, id := range kinds {
			if id == opNotApplicable {
				continue
			}
			if op, ok := byID[id]; !ok || op != name {
				t.Errorf("opCovered[%s][%s] = %s: no check of %s has that ID", name, kind, id, name)
			}
		}
	}
	for name := range opMissingUpload {
		if !slices.Contains(table[name].Params, "uploadId") {
			t.Errorf("opMissingUpload names %s, not an upload operation of the table", name)
		}
	}
	for name := range opMissingVersion {
		if table[name].Scope != ScopeObject {
			t.Errorf("opMissingVersion names %s, not an object operation of the table", name)
		}
	}
	for name := range opMissingKey {
		if table[name].Scope != ScopeObject {
			t.Errorf("opMissingKey names %s, not an object operation of the table", name)
		}
	}
	for _, op := range operationTable {
		if op.Scope == ScopeService {
			continue
		}
		for _, kind := range []string{opKindMissingBucket, opKindAnonymous, opKindSecondIdentity, opKindWrongSecret} {
			id := opCoveredBy(op.Name, kind)
			if id == "" {
				id = "rest-ops-" + idSlug(op.Name) + "-" + kind
			}
			if _, ok := byID[id]; !ok && id != opNotApplicable {
				t.Errorf("%s has no %s check (%s)", op.Name, kind, id)
			}
		}
	}
}
