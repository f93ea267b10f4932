package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Time     float64      `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Time       float64         `xml:"time,attr"`
	Timestamp  string          `xml:"timestamp,attr"`
	Properties []junitProperty `xml:"properties>property"`
	Cases      []junitCase     `xml:"testcase"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      float64       `xml:"time,attr"`
	Failure   *junitMessage `xml:"failure"`
	Skipped   *junitMessage `xml:"skipped"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitMessage struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",chardata"`
}

// WriteJUnit writes the run as JUnit XML, the CI interface: one test case
// per check, the failure holding its per-field verdicts and the exchange,
// skipped and waived checks carrying their reason, as do the checks an
// interrupt stopped or kept from running (skipped, not failed). Baseline problems are
// failed test cases of their own, so a CI page shows them.
func WriteJUnit(w io.Writer, res Results) error {
	suite := junitSuite{
		Name:      "s3errconform " + res.Target,
		Time:      res.Duration,
		Timestamp: res.StartTime.UTC().Format("2006-01-02T15:04:05"),
		Properties: []junitProperty{
			{"target", res.Target}, {"endpoint", res.Endpoint}, {"profile", res.Profile}, {"tool", res.Tool},
		},
	}
	for _, warning := range res.Warnings {
		suite.Properties = append(suite.Properties, junitProperty{"warning", warning})
	}
	for _, c := range res.Checks {
		tc := junitCase{Name: fmt.Sprintf("[%s] %s", c.ID, c.Title), Classname: strings.TrimSpace(c.Suite + "." + c.Family), Time: c.Duration}
		switch c.Verdict {
		case VerdictFailed:
			lines := failingLines(c)
			tc.Failure = &junitMessage{Message: strings.Join(lines, "; "), Type: "deviation", Text: c.Failure}
			suite.Failures++
		case VerdictWaived:
			tc.Skipped = &junitMessage{Message: "waived by baseline: " + c.Waiver, Text: strings.Join(failingLines(c), "\n")}
			suite.Skipped++
		case VerdictSkipped, VerdictInterrupted, VerdictNotRun:
			tc.Skipped = &junitMessage{Message: c.Skip}
			suite.Skipped++
		}
		for _, l := range c.Leftovers {
			tc.SystemOut += "left behind: " + l.String() + "\n"
		}
		suite.Cases = append(suite.Cases, tc)
	}
	for _, p := range res.BaselineProblems {
		suite.Cases = append(suite.Cases, junitCase{
			Name: "[baseline] " + p.Check, Classname: "baseline",
			Failure: &junitMessage{Message: p.Problem, Type: "baseline"},
		})
		suite.Failures++
	}
	suite.Tests = len(suite.Cases)
	all := junitSuites{Tests: suite.Tests, Failures: suite.Failures, Skipped: suite.Skipped, Time: suite.Time, Suites: []junitSuite{suite}}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(all); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
