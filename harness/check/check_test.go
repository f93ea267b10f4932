package check

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func validCheck(id string) Check {
	return Check{
		ID:           id,
		Suite:        LabelREST,
		Family:       "object errors",
		Title:        "GET of a missing key is NoSuchKey",
		Code:         "NoSuchKey",
		Operation:    "GetObject",
		Capabilities: []string{"versioning", "acl"},
		Source:       "catalog NoSuchKey; REST.md §3",
	}
}

func TestRegistryValidation(t *testing.T) {
	tests := []struct {
		name   string
		modify func(*Check)
		want   string // in the error
	}{
		{"uppercase ID", func(c *Check) { c.ID = "Bad-ID" }, "lowercase words"},
		{"underscore ID", func(c *Check) { c.ID = "bad_id" }, "lowercase words"},
		{"leading hyphen", func(c *Check) { c.ID = "-bad" }, "lowercase words"},
		{"trailing hyphen", func(c *Check) { c.ID = "bad-" }, "lowercase words"},
		{"double hyphen", func(c *Check) { c.ID = "bad--id" }, "lowercase words"},
		{"space", func(c *Check) { c.ID = "bad id" }, "lowercase words"},
		{"empty ID", func(c *Check) { c.ID = "" }, "lowercase words"},
		{"unknown suite", func(c *Check) { c.Suite = "grpc" }, "suite"},
		{"unknown code", func(c *Check) { c.Code = "NoSuchThing" }, `"NoSuchThing" is not in the error catalog`},
		{"code wrong case", func(c *Check) { c.Code = "nosuchkey" }, "not in the error catalog"},
		{"unknown capability", func(c *Check) { c.Capabilities = []string{"versioning", "teleport"} }, `unknown capability "teleport"`},
		{"missing source", func(c *Check) { c.Source = "" }, "source"},
		{"missing title", func(c *Check) { c.Title = "" }, "title"},
		{"missing operation", func(c *Check) { c.Operation = "" }, "operation"},
	}
	for i, tc := range tests {
		var reg Registry
		c := validCheck(fmt.Sprintf("harness-test-invalid-%d", i))
		tc.modify(&c)
		err := reg.Add(c)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v lacks %q", tc.name, err, tc.want)
		}
		if n := len(reg.Checks()); n != 0 {
			t.Errorf("%s: the invalid check was registered", tc.name)
		}
	}
}

func TestRegistryDuplicates(t *testing.T) {
	var reg Registry
	c := validCheck("harness-test-duplicate")
	if err := reg.Add(c); err != nil {
		t.Fatal(err)
	}
	other := c
	other.Title = "something else"
	err := reg.Add(other)
	if err == nil || !strings.Contains(err.Error(), "harness-test-duplicate") {
		t.Errorf("error %v does not name the ID", err)
	}
	if got := reg.Checks(); len(got) != 1 || !reflect.DeepEqual(got[0], c) {
		t.Errorf("registered %+v, want the first %+v alone", got, c)
	}
	// Success checks have no code and need no capability.
	if err := reg.Add(Check{ID: "harness-test-no-code", Suite: LabelSOAP, Title: "t", Operation: "DeleteObject", Source: "s"}); err != nil {
		t.Error(err)
	}
}

func TestRegistryOrder(t *testing.T) {
	var reg Registry
	for _, id := range []string{"harness-test-sort-b", "harness-test-sort-a"} {
		if err := reg.Add(validCheck(id)); err != nil {
			t.Fatal(err)
		}
	}
	if got := reg.Checks(); got[0].ID != "harness-test-sort-b" {
		t.Errorf("Checks() not in registration order: %v", got)
	}
	if got := reg.Sorted(); got[0].ID != "harness-test-sort-a" {
		t.Errorf("Sorted() not sorted: %v", got)
	}
	if c, ok := reg.Lookup("harness-test-sort-a"); !ok || c.ID != "harness-test-sort-a" {
		t.Errorf("Lookup: %v %v", c, ok)
	}
}

func TestCheckLabelsAndSpecText(t *testing.T) {
	c := validCheck("get-missing-key")
	if got, want := c.Labels(), []string{"rest", "GetObject", "NoSuchKey", "versioning", "acl"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Labels() = %q, want %q", got, want)
	}
	c.Code = ""
	c.Capabilities = nil
	if got, want := c.Labels(), []string{"rest", "GetObject"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Labels() without code = %q, want %q", got, want)
	}
	if got, want := c.SpecText(), "rest object errors: GET of a missing key is NoSuchKey [get-missing-key]"; got != want {
		t.Errorf("SpecText() = %q, want %q", got, want)
	}
}
