// Package runner wires a target, the suites and Ginkgo together, for the
// s3errconform binary and for the suites' go test bootstraps alike.
package runner

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"
	"github.com/onsi/gomega"

	"github.com/s3errconform/s3errconform/harness"
	"github.com/s3errconform/s3errconform/harness/targets"
	"github.com/s3errconform/s3errconform/reftarget"
	"github.com/s3errconform/s3errconform/suites/rest"
	"github.com/s3errconform/s3errconform/suites/soap"
)

// Environment variables that choose the target for go test and the ginkgo
// CLI, which take no flags of ours.
const (
	EnvConfig    = "S3ERRCONFORM_CONFIG"
	EnvTarget    = "S3ERRCONFORM_TARGET"
	EnvReportDir = "S3ERRCONFORM_REPORT_DIR"
)

// ReferenceTargetName names the embedded reference target in reports.
const ReferenceTargetName = "reference"

// ReferenceRegion is the embedded reference target's region. It is not
// us-east-1, so checks exercise S3's general behaviour rather than that
// region's legacy exceptions.
const ReferenceRegion = "eu-central-1"

// Suites are every suite's registration, in run order.
var Suites = []func(*harness.Env){rest.Register, soap.Register}

// ErrUnreachable marks a target that did not answer at all.
var ErrUnreachable = errors.New("target unreachable")

// ResolveTarget loads target name from the targets file at configPath, or,
// with no file, starts the embedded reference target in this process. The
// returned stop function must be called when the run is over.
func ResolveTarget(configPath, name string, deviations []string) (*targets.Target, func(), error) {
	if configPath == "" {
		if name != "" && name != ReferenceTargetName {
			return nil, nil, &targets.ConfigError{Field: "--target", Problem: fmt.Sprintf("target %q needs a targets file (--config); without one only %q exists", name, ReferenceTargetName)}
		}
		return StartReference(deviations)
	}
	all, err := targets.Load(configPath)
	if err != nil {
		return nil, nil, err
	}
	t, err := targets.Select(all, name)
	return t, func() {}, err
}

// StartReference starts the embedded reference target with fresh random
// keys and returns it as a target.
func StartReference(deviations []string) (*targets.Target, func(), error) {
	main := reftarget.Identity{AccessKey: "S3EC" + randomHex(8), SecretKey: randomHex(20)}
	second := reftarget.Identity{AccessKey: "S3EC" + randomHex(8), SecretKey: randomHex(20)}
	srv, err := reftarget.Start(reftarget.Options{
		Region:     ReferenceRegion,
		Identities: []reftarget.Identity{main, second},
		Deviations: deviations,
	})
	if err != nil {
		return nil, nil, err
	}
	t := &targets.Target{
		Name:              ReferenceTargetName,
		Endpoint:          srv.URL(),
		Region:            ReferenceRegion,
		Addressing:        targets.AddressingPath,
		Identity:          targets.Credentials{AccessKey: main.AccessKey, SecretKey: main.SecretKey},
		SecondIdentity:    targets.Credentials{AccessKey: second.AccessKey, SecretKey: second.SecretKey},
		SOAPDeleteMissing: targets.SOAPDeleteMissingFault,
		Unsupported:       []string{"soap"},
		Profile:           targets.ProfileStrict,
		Timeout:           targets.DefaultTimeout,
	}
	return t, func() { srv.Close() }, nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return strings.ToUpper(hex.EncodeToString(b))
}

// Probe checks that the target answers HTTP at all, so an unreachable
// server is one clear error instead of a failure per check.
func Probe(t *targets.Target) error {
	client, err := harness.NewClient(t)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), min(t.Timeout, 5*time.Second))
	defer cancel()
	r := client.Do(ctx, harness.Request{Method: http.MethodGet})
	if r.Status == 0 {
		return fmt.Errorf("%w: %s did not answer: %v", ErrUnreachable, t.Endpoint, harness.RedactText(fmt.Sprint(r.Err)))
	}
	return nil
}

// Options are a run's settings.
type Options struct {
	Focus       []string
	Skip        []string
	LabelFilter string
	// ReportDir receives <target>/junit.xml, results.json and summary.txt;
	// empty writes no files.
	ReportDir string
	Verbose   bool
	// Tool names what produced the reports, e.g. "v0.1.0".
	Tool string
	// Summary receives the human summary; nil prints none.
	Summary io.Writer
}

// Register builds an Env for target, adds the suites' checks to Ginkgo
// and a report writer after the suite. Call it once, before RunSpecs.
func Register(target *targets.Target, opts Options, suites []func(*harness.Env), results *harness.Results) error {
	env, err := harness.NewEnv(target)
	if err != nil {
		return err
	}
	for _, register := range suites {
		register(env)
	}
	ginkgo.ReportAfterSuite("s3errconform reports", func(report ginkgo.Report) {
		var res harness.Results
		if opts.ReportDir != "" {
			res, err = harness.WriteReports(filepath.Join(opts.ReportDir, target.Name), report, target, opts.Tool)
			if err != nil {
				ginkgo.Fail("writing reports: " + err.Error())
			}
		} else {
			res = harness.BuildResults(report, target, opts.Tool)
		}
		if opts.Summary != nil {
			// Ginkgo's progress line does not end with a newline.
			fmt.Fprintln(opts.Summary)
			harness.WriteSummary(opts.Summary, res)
		}
		if results != nil {
			*results = res
		}
	})
	return nil
}

// Configure returns Ginkgo's configuration with the run's filters applied.
func Configure(opts Options) (types.SuiteConfig, types.ReporterConfig) {
	suite, reporter := ginkgo.GinkgoConfiguration()
	suite.FocusStrings = append(suite.FocusStrings, opts.Focus...)
	suite.SkipStrings = append(suite.SkipStrings, opts.Skip...)
	if opts.LabelFilter != "" {
		suite.LabelFilter = opts.LabelFilter
	}
	if opts.Verbose {
		reporter.Verbose = true
	} else {
		reporter.Succinct = true
	}
	if !isTerminal(os.Stdout) {
		reporter.NoColor = true
	}
	return suite, reporter
}

// failRecorder is the GinkgoTestingT of a run outside go test.
type failRecorder struct{ failed bool }

func (f *failRecorder) Fail() { f.failed = true }

// Run runs every registered suite against target outside go test and
// returns the results; it reports false when any check failed.
func Run(target *targets.Target, opts Options) (harness.Results, bool, error) {
	var results harness.Results
	if err := Register(target, opts, Suites, &results); err != nil {
		return results, false, err
	}
	gomega.RegisterFailHandler(ginkgo.Fail)
	suiteConfig, reporterConfig := Configure(opts)
	t := &failRecorder{}
	passed := ginkgo.RunSpecs(t, "s3errconform", suiteConfig, reporterConfig)
	return results, passed && !t.failed, nil
}

// TestingT is the part of *testing.T a bootstrap needs.
type TestingT interface {
	ginkgo.GinkgoTestingT
	Fatalf(format string, args ...any)
	Helper()
}

// Bootstrap is the whole of a suite's go test entry point: it picks the
// target from S3ERRCONFORM_CONFIG/S3ERRCONFORM_TARGET (the embedded
// reference target when unset), registers the suite and runs Ginkgo with
// its own command-line configuration.
func Bootstrap(t TestingT, description string, suite func(*harness.Env)) {
	t.Helper()
	target, stop, err := ResolveTarget(os.Getenv(EnvConfig), os.Getenv(EnvTarget), nil)
	if err != nil {
		t.Fatalf("%v", err)
	}
	defer stop()
	opts := Options{ReportDir: os.Getenv(EnvReportDir), Tool: "go test"}
	if err := Register(target, opts, []func(*harness.Env){suite}, nil); err != nil {
		t.Fatalf("%v", err)
	}
	gomega.RegisterFailHandler(ginkgo.Fail)
	ginkgo.RunSpecs(t, description)
}

func isTerminal(f *os.File) bool {
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
