package harness

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

func mustPanic(t *testing.T, what string, f func()) (msg string) {
	t.Helper()
	defer func() {
		r := recover()
		if r == nil {
			t.Errorf("%s: no panic", what)
			return
		}
		msg = fmt.Sprint(r)
	}()
	f()
	return ""
}

func TestRegisterValidation(t *testing.T) {
	tests := []struct {
		name   string
		modify func(*Check)
		want   string // in the panic message
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
		c := validCheck(fmt.Sprintf("harness-test-invalid-%d", i))
		tc.modify(&c)
		msg := mustPanic(t, tc.name, func() { register(c) })
		if msg != "" && !strings.Contains(msg, tc.want) {
			t.Errorf("%s: panic %q lacks %q", tc.name, msg, tc.want)
		}
		for _, known := range Checks() {
			if known.ID == c.ID && c.ID != "" {
				t.Errorf("%s: the invalid check was registered", tc.name)
			}
		}
	}
}

func TestRegisterDuplicates(t *testing.T) {
	c := validCheck("harness-test-duplicate")
	register(c)
	register(c) // the same check again (a second target) is fine
	cp := c
	cp.Capabilities = append([]string(nil), c.Capabilities...)
	register(cp) // equal, though not the same slice

	other := c
	other.Title = "something else"
	msg := mustPanic(t, "two checks with one ID", func() { register(other) })
	if !strings.Contains(msg, "harness-test-duplicate") {
		t.Errorf("panic %q does not name the ID", msg)
	}
	n := 0
	for _, k := range Checks() {
		if k.ID == c.ID {
			n++
			if !reflect.DeepEqual(k, c) {
				t.Errorf("registered %+v, want the first %+v", k, c)
			}
		}
	}
	if n != 1 {
		t.Errorf("ID registered %d times", n)
	}

	// Success checks have no code and need no capability.
	register(Check{ID: "harness-test-no-code", Suite: LabelSOAP, Title: "t", Operation: "DeleteObject", Source: "s"})
}

func TestChecksSorted(t *testing.T) {
	register(validCheck("harness-test-sort-b"))
	register(validCheck("harness-test-sort-a"))
	all := Checks()
	for i := 1; i < len(all); i++ {
		if all[i-1].ID >= all[i].ID {
			t.Fatalf("Checks() not sorted: %s before %s", all[i-1].ID, all[i].ID)
		}
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
	if m := specID.FindStringSubmatch(c.SpecText()); m == nil || m[1] != c.ID {
		t.Errorf("the report cannot find the ID in %q", c.SpecText())
	}
}
