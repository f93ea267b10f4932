package runner

import (
	"cmp"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/formatter"
	"github.com/onsi/gomega"

	"github.com/s3errconform/s3errconform/harness"
	"github.com/s3errconform/s3errconform/harness/report"
	"github.com/s3errconform/s3errconform/harness/targets"
)

// Environment variables that choose the target for go test of the suites
// and the ginkgo CLI, which take no flags of ours (see Bootstrap). Test
// reads none of them.
const (
	EnvConfig    = "S3ERRCONFORM_CONFIG"
	EnvTarget    = "S3ERRCONFORM_TARGET"
	EnvReportDir = "S3ERRCONFORM_REPORT_DIR"
)

// Config is one embedded run, as a value: Test reads nothing from the
// environment or the command line beyond Ginkgo's own flags.
type Config struct {
	// Target is the server under test: Endpoint (required), Region,
	// Addressing, Identity and SecondIdentity, TLS, SOAPURL,
	// Unsupported capabilities, Profile and Timeout. Name names the
	// report folder. Fields left zero get a targets file's defaults
	// (name "target", region us-east-1, path addressing, strict profile,
	// a 10s timeout).
	Target targets.Target
	// Suites are the suites to run; nil runs them all (AllSuites).
	Suites []Suite
	// LabelFilter, Focus and Skip select checks as Ginkgo's flags of the
	// same names do, on top of any given on the command line.
	LabelFilter string
	Focus, Skip []string
	// ReportDir, when set, receives the reports in ReportDir/<Target.Name>/.
	ReportDir string
	// suiteFolder, set by Bootstrap, puts the reports one folder further
	// down, named after the suite: go test and the ginkgo CLI run each
	// suite's package on its own, and one must not overwrite another's.
	suiteFolder string
}

// TestingT is the part of *testing.T a run needs.
type TestingT interface {
	ginkgo.GinkgoTestingT
	Fatalf(format string, args ...any)
	Helper()
}

// Test runs the configured suites against cfg.Target from a go test, as
// csi-sanity does: each check is a Ginkgo spec, a failing check fails t,
// and the results are returned (and written to cfg.ReportDir). Ginkgo runs
// one suite per process, so call Test once per test binary.
func Test(t TestingT, cfg Config) report.Results {
	t.Helper()
	target, err := resolveConfig(cfg.Target)
	if err != nil {
		t.Fatalf("s3errconform: %v", err)
	}
	if err := Probe(target); err != nil {
		t.Fatalf("s3errconform: %v", err)
	}
	suites := cfg.Suites
	if suites == nil {
		suites = AllSuites()
	}
	opts := Options{Focus: cfg.Focus, Skip: cfg.Skip, LabelFilter: cfg.LabelFilter, Tool: "go test"}
	var results report.Results
	if _, err := Register(target, opts, suites, &results); err != nil {
		t.Fatalf("s3errconform: %v", err)
	}
	gomega.RegisterFailHandler(ginkgo.Fail)
	suiteConfig, reporterConfig := ginkgo.GinkgoConfiguration()
	// https://no-color.org, which Ginkgo does not read itself.
	reporterConfig.NoColor = reporterConfig.NoColor || os.Getenv("NO_COLOR") != ""
	noColorErrors(reporterConfig.NoColor)
	ginkgo.RunSpecs(t, "s3errconform against "+target.Name, filtered(suiteConfig, opts), reporterConfig)
	// Under ginkgo -p only process 1 runs the report node, with every
	// process's specs; the others have no results to write.
	if cfg.ReportDir != "" && results.Target != "" {
		if err := report.WriteReports(filepath.Join(cfg.ReportDir, target.Name, cfg.suiteFolder), results); err != nil {
			t.Fatalf("s3errconform: writing reports: %v", err)
		}
	}
	return results
}

// Bootstrap is the suites' own go test entry point: the target comes from
// S3ERRCONFORM_CONFIG and S3ERRCONFORM_TARGET (the embedded reference
// target when unset), the reports go to
// S3ERRCONFORM_REPORT_DIR/<target>/<suite>/ (rest, soap), and the
// ginkgo CLI's flags select the checks. A product embedding the suite
// calls Test with a Config instead.
func Bootstrap(t TestingT, suite Suite) {
	t.Helper()
	target, stop, err := ResolveTarget(os.Getenv(EnvConfig), os.Getenv(EnvTarget), nil)
	if err != nil {
		t.Fatalf("%v", err)
	}
	defer stop()
	Test(t, Config{Target: *target, Suites: []Suite{suite}, ReportDir: os.Getenv(EnvReportDir), suiteFolder: suiteName(suite)})
}

// suiteName is the suite label of suite's checks ("rest", "soap").
func suiteName(suite Suite) string {
	env := harness.NewRegistry()
	suite(env)
	if checks, err := env.Checks(); err == nil && len(checks) > 0 {
		return checks[0].Suite
	}
	return "suite"
}

// noColorErrors makes Ginkgo's own messages colourless when its reports
// are: it writes its configuration errors (a bad --label-filter) with a
// formatter of its own that only GINKGO_NO_COLOR, read at start, turns off.
func noColorErrors(noColor bool) {
	if noColor {
		formatter.SingletonFormatter.ColorMode = formatter.ColorModeNone
	}
}

// targetName is what a target file's names may be: they name report
// folders.
var targetName = regexp.MustCompile(`^[a-z0-9._-]+$`)

// resolveConfig checks a target built in code as a targets file's loader
// checks one, and gives the fields left zero the file's defaults.
func resolveConfig(t targets.Target) (*targets.Target, error) {
	fail := func(field, format string, args ...any) error {
		return &targets.ConfigError{Target: t.Name, Field: "Target." + field, Problem: fmt.Sprintf(format, args...)}
	}
	t.Name = cmp.Or(t.Name, "target")
	if !targetName.MatchString(t.Name) || t.Name == "." || t.Name == ".." {
		return nil, fail("Name", "must use only a-z, 0-9, '-', '_' and '.' (it names the report folder)")
	}
	u, err := url.Parse(t.Endpoint)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.Trim(u.Path, "/") != "" {
		return nil, fail("Endpoint", "must be an absolute http or https URL with no path, such as http://127.0.0.1:9000")
	}
	t.Endpoint = u.Scheme + "://" + u.Host
	for field, id := range map[string]targets.Credentials{"Identity": t.Identity, "SecondIdentity": t.SecondIdentity} {
		if id.AccessKey == "" != (id.SecretKey == "") {
			return nil, fail(field, "needs both keys, or neither (anonymous)")
		}
	}
	t.Region = cmp.Or(t.Region, targets.DefaultRegion)
	t.Addressing = cmp.Or(t.Addressing, targets.AddressingPath)
	t.Profile = cmp.Or(t.Profile, targets.ProfileStrict)
	t.SOAPDeleteMissing = cmp.Or(t.SOAPDeleteMissing, targets.SOAPDeleteMissingFault)
	for field, v := range map[string][]string{
		"Addressing":        {t.Addressing, targets.AddressingPath, targets.AddressingVirtual},
		"Profile":           {t.Profile, targets.ProfileStrict, targets.ProfileCompatible},
		"SOAPDeleteMissing": {t.SOAPDeleteMissing, targets.SOAPDeleteMissingFault, targets.SOAPDeleteMissingSuccess},
	} {
		if !slices.Contains(v[1:], v[0]) {
			return nil, fail(field, "must be one of %s, got %q", strings.Join(v[1:], ", "), v[0])
		}
	}
	for _, c := range t.Unsupported {
		if err := targets.ValidateCapability(c); err != nil {
			return nil, fail("Unsupported", "%v", err)
		}
	}
	if t.Timeout <= 0 {
		t.Timeout = targets.DefaultTimeout
	}
	if t.TLS.InsecureSkipVerify {
		t.Warnings = append(t.Warnings, "TLS.InsecureSkipVerify: certificate checks are off; anyone on the path can impersonate the target")
	}
	return &t, nil
}
