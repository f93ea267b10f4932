package report

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// junit10 is what the junit-10.xsd of Jenkins' xunit plugin allows
// (https://github.com/jenkinsci/xunit-plugin, src/main/resources/org/
// jenkinsci/plugins/xunit/types/model/xsd/junit-10.xsd), for the elements
// WriteJUnit writes: each element's attributes, required ones, and
// children.
var junit10 = map[string]struct{ attrs, required, children []string }{
	"testsuites": {attrs: []string{"name", "time", "tests", "failures", "errors"}, children: []string{"testsuite"}},
	"testsuite": {
		attrs:    []string{"name", "tests", "failures", "errors", "group", "time", "skipped", "timestamp", "hostname", "id", "package", "file", "log", "url"},
		required: []string{"name", "tests", "failures", "errors"},
		children: []string{"testsuite", "properties", "testcase", "system-out", "system-err"},
	},
	"properties": {children: []string{"property"}},
	"property":   {attrs: []string{"name", "value"}, required: []string{"name", "value"}},
	"testcase": {
		attrs: []string{"name", "time", "classname", "group"}, required: []string{"name"},
		children: []string{"skipped", "error", "failure", "rerunFailure", "rerunError", "flakyFailure", "flakyError", "system-out", "system-err"},
	},
	"skipped":    {attrs: []string{"type", "message"}},
	"failure":    {attrs: []string{"type", "message"}},
	"error":      {attrs: []string{"type", "message"}},
	"system-out": {},
	"system-err": {},
}

// surefireTime is the xsd's SUREFIRE_TIME, the type of testsuite's and
// testsuites' time.
var surefireTime = regexp.MustCompile(`^(([0-9]{0,3},)*[0-9]{3}|[0-9]{0,3})*(\.[0-9]*)?$`)

// validateJUnit10 checks doc against junit10, as xmllint --schema would.
func validateJUnit10(t *testing.T, doc []byte) {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(doc))
	var stack []string
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not XML: %v", err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			name := el.Name.Local
			rule, known := junit10[name]
			switch {
			case !known:
				t.Errorf("element <%s> is not in junit-10.xsd", name)
			case len(stack) == 0 && name != "testsuites" && name != "testsuite":
				t.Errorf("root element <%s>", name)
			case len(stack) > 0 && !slices.Contains(junit10[stack[len(stack)-1]].children, name):
				t.Errorf("<%s> may not hold <%s>", stack[len(stack)-1], name)
			}
			have := map[string]bool{}
			for _, a := range el.Attr {
				have[a.Name.Local] = true
				if !slices.Contains(rule.attrs, a.Name.Local) {
					t.Errorf("<%s> may not have attribute %s", name, a.Name.Local)
				}
				if a.Name.Local == "time" && (name == "testsuite" || name == "testsuites") && !surefireTime.MatchString(a.Value) {
					t.Errorf("<%s time=%q> is not a SUREFIRE_TIME", name, a.Value)
				}
			}
			for _, r := range rule.required {
				if !have[r] {
					t.Errorf("<%s> lacks the required attribute %s", name, r)
				}
			}
			stack = append(stack, name)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		}
	}
}

func TestJUnitIsValidJUnit10(t *testing.T) {
	res := Results{
		Target: "t", Endpoint: "http://h", Profile: "strict", Tool: "test", Warnings: []string{"w"},
		StartTime: time.Date(2026, 12, 5, 7, 0, 0, 0, time.UTC), Duration: 12345.6789,
		Checks: []Result{
			{ID: "rest-a", Suite: "rest", Family: "f", Title: "a", Verdict: VerdictPassed, Duration: 0.00001},
			{ID: "rest-b", Suite: "rest", Family: "f", Title: "b", Verdict: VerdictFailed, Failure: "boom", Leftovers: nil},
			{ID: "rest-c", Suite: "rest", Family: "f", Title: "c", Verdict: VerdictWaived, Waiver: "known"},
			{ID: "rest-d", Suite: "rest", Family: "f", Title: "d", Verdict: VerdictSkipped, Skip: "unsupported"},
			{ID: "rest-e", Suite: "rest", Family: "f", Title: "e", Verdict: VerdictPassed},
		},
		BaselineProblems: []BaselineProblem{
			{Check: "rest-e", Problem: "fixed — the check passes now: remove it from the baseline"},
			{Check: "rest-b", Problem: "baseline entry expired on 2020-01-01 (old)"},
		},
	}
	res.Recount()
	var out bytes.Buffer
	if err := WriteJUnit(&out, res); err != nil {
		t.Fatal(err)
	}
	validateJUnit10(t, out.Bytes())
	doc := out.String()
	// A fixed entry fails its own check's case; it is not a case of its own.
	for _, want := range []string{`tests="5"`, `failures="2"`, `skipped="2"`, `errors="0"`, `time="12345.679"`, `time="0.000"`, `timestamp="2026-12-05T07:00:00"`,
		`<failure message="baseline: fixed — the check passes now: remove it from the baseline" type="baseline">`,
		`message="baseline: baseline entry expired on 2020-01-01 (old); `} {
		if !strings.Contains(doc, want) {
			t.Errorf("junit.xml lacks %s:\n%s", want, doc)
		}
	}

	// A run that never started: no zero timestamp, no absurd time.
	out.Reset()
	if err := WriteJUnit(&out, Results{Target: "t", Duration: 9223372036.854776}); err != nil {
		t.Fatal(err)
	}
	validateJUnit10(t, out.Bytes())
	if strings.Contains(out.String(), "0001-01-01") || strings.Contains(out.String(), "e+") {
		t.Errorf("an empty run's junit.xml:\n%s", out.String())
	}
}

// junit10Schema is junit10 written as an XML Schema, for a validator.
func junit10Schema() string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
<xs:simpleType name="SUREFIRE_TIME"><xs:restriction base="xs:string"><xs:pattern value="(([0-9]{0,3},)*[0-9]{3}|[0-9]{0,3})*(\.[0-9]*)?"/></xs:restriction></xs:simpleType>
`)
	names := make([]string, 0, len(junit10))
	for name := range junit10 {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		rule := junit10[name]
		fmt.Fprintf(&b, `<xs:element name="%s"><xs:complexType mixed="true">`, name)
		if len(rule.children) > 0 {
			b.WriteString(`<xs:choice minOccurs="0" maxOccurs="unbounded">`)
			for _, c := range rule.children {
				if _, known := junit10[c]; known {
					fmt.Fprintf(&b, `<xs:element ref="%s"/>`, c)
				}
			}
			b.WriteString(`</xs:choice>`)
		}
		for _, a := range rule.attrs {
			typ := "xs:string"
			if a == "time" && (name == "testsuite" || name == "testsuites") {
				typ = "SUREFIRE_TIME"
			}
			use := "optional"
			if slices.Contains(rule.required, a) {
				use = "required"
			}
			fmt.Fprintf(&b, `<xs:attribute name="%s" type="%s" use="%s"/>`, a, typ, use)
		}
		b.WriteString("</xs:complexType></xs:element>\n")
	}
	b.WriteString("</xs:schema>\n")
	return b.String()
}

// TestJUnitPassesXmllint validates WriteJUnit's output with xmllint, when
// the machine has it, against junit10 as a schema.
func TestJUnitPassesXmllint(t *testing.T) {
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		t.Skip("no xmllint on this machine")
	}
	dir := t.TempDir()
	schema := filepath.Join(dir, "junit-10.xsd")
	os.WriteFile(schema, []byte(junit10Schema()), 0o644)
	res := Results{Target: "t", Duration: 1.5, StartTime: time.Date(2026, 12, 5, 7, 0, 0, 0, time.UTC), Checks: []Result{
		{ID: "a", Verdict: VerdictFailed, Failure: "<Error> & more"}, {ID: "b", Verdict: VerdictSkipped, Skip: "why"}, {ID: "c", Verdict: VerdictPassed},
	}, BaselineProblems: []BaselineProblem{{Check: "c", Problem: "fixed"}, {Check: "gone", Problem: "expired"}}}
	res.Recount()
	var out bytes.Buffer
	if err := WriteJUnitRuns(&out, []Results{res, res}); err != nil {
		t.Fatal(err)
	}
	doc := filepath.Join(dir, "junit.xml")
	os.WriteFile(doc, out.Bytes(), 0o644)
	if msg, err := exec.Command(xmllint, "--noout", "--schema", schema, doc).CombinedOutput(); err != nil {
		t.Errorf("xmllint: %v\n%s\n%s", err, msg, out.String())
	}
}
