package catalog

import (
	"os"
	"path/filepath"
	"testing"
)

// sharedCatalog is the source the embedded copy is taken from, beside the
// repository root.
var sharedCatalog = filepath.Join("..", "..", "shared", "spec", "s3-error-codes.csv")

func TestEmbeddedCopyMatchesSharedSpec(t *testing.T) {
	shared, err := os.ReadFile(sharedCatalog)
	if os.IsNotExist(err) {
		t.Skipf("%s is not present beside this checkout; nothing to compare", sharedCatalog)
	}
	if err != nil {
		t.Fatal(err)
	}
	if string(shared) != rawCSV {
		t.Fatalf("catalog/s3-error-codes.csv has drifted from %s: copy it again", sharedCatalog)
	}
}

func TestCatalogHoldsTheAWSList(t *testing.T) {
	c := Default()
	if c.Len() != 132 {
		t.Fatalf("catalog has %d codes, the AWS list has 132", c.Len())
	}
	nsk := MustLookup("NoSuchKey")
	if nsk.HTTPStatus != 404 || nsk.FaultClass != FaultClient || nsk.Message != "The specified key does not exist." || !nsk.MessageIsExact() {
		t.Fatalf("NoSuchKey entry is %+v", nsk)
	}
	if e := MustLookup("InternalError"); e.FaultClass != FaultServer {
		t.Fatalf("InternalError fault class %q, want Server", e.FaultClass)
	}
	if e := MustLookup("InvalidAddressingHeader"); e.HTTPStatus != 0 {
		t.Fatalf("InvalidAddressingHeader status %d, want 0 (N/A)", e.HTTPStatus)
	}
	if e := MustLookup("AuthorizationHeaderMalformed"); e.FaultClass != "" {
		t.Fatalf("AuthorizationHeaderMalformed fault class %q, want none (N/A)", e.FaultClass)
	}
}

func TestParseRejectsBadRows(t *testing.T) {
	head := "code,http_status,soap_fault_prefix,message,message_source,message_kind,evidence,notes\n"
	for name, data := range map[string]string{
		"bad header": "code,status\nX,400\n",
		"bad status": head + "X,four,Client,m,s,wire,,\n",
		"bad class":  head + "X,400,Both,m,s,wire,,\n",
		"duplicate":  head + "X,400,Client,m,s,wire,,\nX,400,Client,m,s,wire,,\n",
		"empty code": head + ",400,Client,m,s,wire,,\n",
	} {
		if _, err := Parse(data); err == nil {
			t.Errorf("%s: Parse accepted it", name)
		}
	}
}

func TestMustLookupPanicsOnUnknownCode(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("no panic")
		}
	}()
	MustLookup("NoSuchThing")
}
