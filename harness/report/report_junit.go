package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// The JUnit XML written is valid against the junit-10.xsd of Jenkins'
// xunit plugin, the schema CI tools check against: errors is required on
// testsuite, testsuites takes no skipped, and times are plain decimals
// (SUREFIRE_TIME: no exponent).
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Time     junitTime    `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Time       junitTime       `xml:"time,attr"`
	Timestamp  string          `xml:"timestamp,attr,omitempty"`
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
	Time      junitTime     `xml:"time,attr"`
	Skipped   *junitMessage `xml:"skipped"`
	Failure   *junitMessage `xml:"failure"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitMessage struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",chardata"`
}

// junitTime is seconds as a plain decimal with millisecond precision.
type junitTime float64

func (t junitTime) MarshalXMLAttr(name xml.Name) (xml.Attr, error) {
	return xml.Attr{Name: name, Value: fmt.Sprintf("%.3f", max(float64(t), 0))}, nil
}

// WriteJUnit writes the run as JUnit XML, the CI interface: one test case
// per check, the failure holding its per-field verdicts and the exchange,
// skipped and waived checks carrying their reason, as do the checks an
// interrupt stopped or kept from running (skipped, not failed). A baseline
// problem fails its check's test case (a listed check that now passes, an
// expired waiver); one about a check the run does not have is a test case
// of its own, so a CI page shows it.
func WriteJUnit(w io.Writer, res Results) error {
	return WriteJUnitRuns(w, []Results{res})
}

// WriteJUnitRuns is WriteJUnit for several targets' runs, one testsuite
// each.
func WriteJUnitRuns(w io.Writer, runs []Results) error {
	all := junitSuites{}
	for _, res := range runs {
		suite := junitSuiteOf(res)
		all.Tests += suite.Tests
		all.Failures += suite.Failures
		all.Time = max(all.Time, suite.Time)
		all.Suites = append(all.Suites, suite)
	}
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

// junitSuiteOf is one target's run as a testsuite.
func junitSuiteOf(res Results) junitSuite {
	suite := junitSuite{
		Name: "s3errconform " + res.Target,
		Time: junitTime(res.Duration),
		Properties: []junitProperty{
			{"target", res.Target}, {"endpoint", res.Endpoint}, {"profile", res.Profile}, {"tool", res.Tool},
		},
	}
	if !res.StartTime.IsZero() {
		suite.Timestamp = res.StartTime.UTC().Format("2006-01-02T15:04:05")
	}
	for _, warning := range res.Warnings {
		suite.Properties = append(suite.Properties, junitProperty{"warning", warning})
	}
	problems := map[string][]string{}
	for _, p := range res.BaselineProblems {
		problems[p.Check] = append(problems[p.Check], p.Problem)
	}
	for _, c := range res.Checks {
		tc := junitCase{Name: fmt.Sprintf("[%s] %s", c.ID, c.Title), Classname: strings.TrimSpace(c.Suite + "." + c.Family), Time: junitTime(c.Duration)}
		switch c.Verdict {
		case VerdictFailed:
			lines := failingLines(c)
			tc.Failure = &junitMessage{Message: strings.Join(lines, "; "), Type: "deviation", Text: c.Failure}
		case VerdictWaived:
			tc.Skipped = &junitMessage{Message: "waived by baseline: " + c.Waiver, Text: strings.Join(failingLines(c), "\n")}
		case VerdictSkipped, VerdictInterrupted, VerdictNotRun:
			tc.Skipped = &junitMessage{Message: c.Skip}
		}
		if p := problems[c.ID]; len(p) > 0 {
			delete(problems, c.ID)
			msg := "baseline: " + strings.Join(p, "; ")
			switch {
			case tc.Failure != nil:
				tc.Failure.Message = msg + "; " + tc.Failure.Message
			default:
				// The baseline problem is what fails the run here, not
				// the check: the case fails with it, and is not skipped.
				tc.Skipped = nil
				tc.Failure = &junitMessage{Message: msg, Type: "baseline"}
			}
		}
		for _, l := range c.Leftovers {
			tc.SystemOut += "left behind: " + l.String() + "\n"
		}
		suite.Cases = append(suite.Cases, tc)
	}
	for _, p := range res.BaselineProblems {
		if problems[p.Check] == nil {
			continue
		}
		suite.Cases = append(suite.Cases, junitCase{
			Name: "[baseline] " + p.Check, Classname: "baseline",
			Failure: &junitMessage{Message: strings.Join(problems[p.Check], "; "), Type: "baseline"},
		})
		delete(problems, p.Check)
	}
	for _, tc := range suite.Cases {
		switch {
		case tc.Failure != nil:
			suite.Failures++
		case tc.Skipped != nil:
			suite.Skipped++
		}
	}
	suite.Tests = len(suite.Cases)
	return suite
}
