package catalog

import (
	"strings"
	"testing"
)

func TestWireCorrectionIsApplied(t *testing.T) {
	e := MustLookup("ServerSideEncryptionConfigurationNotFoundError")
	if e.HTTPStatus != 404 {
		t.Fatalf("status %d, want the wire's 404", e.HTTPStatus)
	}
	c, ok := WireCorrection(e.Code)
	if !ok || c.TableStatus != 400 || c.WireStatus != 404 || !strings.Contains(c.Evidence, "boto/boto3/issues/1899") {
		t.Fatalf("correction %+v, %v", c, ok)
	}
	if !strings.Contains(e.Notes, "Wire correction") || !strings.Contains(e.Notes, "says 400") {
		t.Fatalf("notes do not record the correction: %q", e.Notes)
	}
	if _, ok := WireCorrection("NoSuchKey"); ok {
		t.Fatal("NoSuchKey has a correction")
	}
}

func TestEmbeddedCSVStaysTheTable(t *testing.T) {
	// The correction lives beside the table, never in it: the embedded copy
	// keeps the table's 400.
	c, err := Parse(rawCSV)
	if err != nil {
		t.Fatal(err)
	}
	if e := c.MustLookup("ServerSideEncryptionConfigurationNotFoundError"); e.HTTPStatus != 400 {
		t.Fatalf("table status %d, want 400", e.HTTPStatus)
	}
}

func TestParseCorrectionsRejectsBadRows(t *testing.T) {
	head := "code,http_status,evidence\n"
	for name, data := range map[string]string{
		"bad header":  "code,status\nX,404,e\n",
		"bad status":  head + "X,four,e\n",
		"no evidence": head + "X,404,\n",
		"repeated":    head + "X,404,e\nX,404,e\n",
		"empty code":  head + ",404,e\n",
	} {
		if _, err := ParseCorrections(data); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	c, _ := Parse("code,http_status,soap_fault_prefix,message,message_source,message_kind,evidence,notes\nX,400,Client,m,s,wire,,\n")
	for name, cs := range map[string][]Correction{
		"unknown code": {{Code: "Y", WireStatus: 404, Evidence: "e"}},
		"no change":    {{Code: "X", WireStatus: 400, Evidence: "e"}},
	} {
		if err := c.apply(cs); err == nil {
			t.Errorf("%s: applied", name)
		}
	}
}
