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
	head := "code,http_status,wire_code,wire_message,evidence\n"
	for name, data := range map[string]string{
		"bad header":        "code,status\nX,404,e\n",
		"old header":        "code,http_status,evidence\nX,404,e\n",
		"bad status":        head + "X,four,,,e\n",
		"no evidence":       head + "X,404,,,\n",
		"repeated":          head + "X,404,,,e\nX,404,,,e\n",
		"empty code":        head + ",404,,,e\n",
		"corrects nothing":  head + "X,,,,e\n",
		"wire code is code": head + "X,,X,,e\n",
	} {
		if _, err := ParseCorrections(data); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	c, _ := Parse("code,http_status,soap_fault_prefix,message,message_source,message_kind,evidence,notes\nX,400,Client,m,s,wire,,\n")
	for name, cs := range map[string][]Correction{
		"unknown code": {{Code: "Y", WireStatus: 404, Evidence: "e"}},
		"no change":    {{Code: "X", WireStatus: 400, Evidence: "e"}},
		"same message": {{Code: "X", WireMessage: "m", Evidence: "e"}},
	} {
		if err := c.apply(cs); err == nil {
			t.Errorf("%s: applied", name)
		}
	}
}

func TestWireCodeCorrectionIsApplied(t *testing.T) {
	// The table's name stays the entry's Code, which checks declare and
	// coverage counts; the wire's spelling and message come from the
	// correction.
	e := MustLookup("CrossLocationLoggingProhibited")
	if e.Code != "CrossLocationLoggingProhibited" || e.OnWire() != "CrossLocationLoggingProhibitted" {
		t.Fatalf("code %q on the wire %q", e.Code, e.OnWire())
	}
	if e.HTTPStatus != 403 {
		t.Fatalf("status %d, want the table's 403 (no status correction)", e.HTTPStatus)
	}
	if e.Message != "Cross S3 location logging not allowed. " || !e.MessageIsExact() {
		t.Fatalf("message %q (%s), want the wire's, trailing space included, compared exactly", e.Message, e.MessageKind)
	}
	c, ok := WireCorrection(e.Code)
	if !ok || c.WireStatus != 0 || c.WireCode != "CrossLocationLoggingProhibitted" || !strings.HasPrefix(c.TableMessage, "Cross-Region logging") ||
		!strings.Contains(c.Evidence, "test_put_bucket_logging_cross_locations") {
		t.Fatalf("correction %+v, %v", c, ok)
	}
	if !strings.Contains(e.Notes, "spells it CrossLocationLoggingProhibitted") {
		t.Fatalf("notes do not record the wire code: %q", e.Notes)
	}
	if n := MustLookup("NoSuchKey"); n.OnWire() != "NoSuchKey" {
		t.Fatalf("NoSuchKey on the wire %q", n.OnWire())
	}
	// The embedded table keeps the table's spelling and text.
	table, err := Parse(rawCSV)
	if err != nil {
		t.Fatal(err)
	}
	if te := table.MustLookup(e.Code); te.WireCode != "" || te.MessageIsExact() {
		t.Fatalf("table entry %+v carries the correction", te)
	}
}

func TestParseCorrectionsKeepsTheWireMessageExactly(t *testing.T) {
	cs, err := ParseCorrections("code,http_status,wire_code,wire_message,evidence\nX,,Y,\"m. \",e\n")
	if err != nil || len(cs) != 1 || cs[0].WireMessage != "m. " || cs[0].WireCode != "Y" || cs[0].WireStatus != 0 {
		t.Fatalf("%+v, %v", cs, err)
	}
}
