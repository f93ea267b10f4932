// Package runner runs the suites against a target in this process: the
// public entry point for embedding the suite in a product's own go test
// (Test, with a Config value), and what the s3errconform binary, its shard
// processes and the suites' go test bootstraps build on.
package runner

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"regexp"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"
	"github.com/onsi/gomega"

	"github.com/s3errconform/s3errconform/harness"
	"github.com/s3errconform/s3errconform/harness/check"
	"github.com/s3errconform/s3errconform/harness/report"
	"github.com/s3errconform/s3errconform/harness/targets"
	"github.com/s3errconform/s3errconform/harness/wire"
	"github.com/s3errconform/s3errconform/reftarget"
	"github.com/s3errconform/s3errconform/suites/rest"
	"github.com/s3errconform/s3errconform/suites/soap"
)

// ReferenceTargetName names the embedded reference target in reports.
const ReferenceTargetName = "reference"

// ReferenceRegion is the embedded reference target's region. It is not
// us-east-1, so checks exercise S3's general behaviour rather than that
// region's legacy exceptions.
const ReferenceRegion = "eu-central-1"

// ReferenceOtherRegion is the embedded reference target's second region,
// on a listener of its own, for the checks of buckets in another region.
const ReferenceOtherRegion = "us-west-2"

// Suite registers one suite's checks on an Env: rest.Register,
// soap.Register.
type Suite func(*harness.Env)

// AllSuites returns every suite's registration, in run order.
func AllSuites() []Suite { return []Suite{rest.Register, soap.Register} }

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
	var names []string
	if name != "" {
		names = []string{name}
	}
	// Only the chosen target's environment variables need to be set.
	chosen, err := targets.LoadNamed(configPath, names, false)
	if err != nil {
		return nil, nil, err
	}
	return chosen[0], func() {}, nil
}

// ResolveTargets loads the named targets (all of them with all) from the
// targets file at configPath, or, with no file, starts the embedded
// reference target.
func ResolveTargets(configPath string, names []string, all bool) ([]*targets.Target, func(), error) {
	if configPath == "" || len(names) <= 1 && !all {
		name := ""
		if len(names) == 1 {
			name = names[0]
		}
		t, stop, err := ResolveTarget(configPath, name, nil)
		if err != nil {
			return nil, nil, err
		}
		return []*targets.Target{t}, stop, nil
	}
	chosen, err := targets.LoadNamed(configPath, names, all)
	if err != nil {
		return nil, nil, err
	}
	return chosen, func() {}, nil
}

// StartReference starts the embedded reference target with fresh random
// keys and returns it as a target.
func StartReference(deviations []string) (*targets.Target, func(), error) {
	main := reftarget.Identity{AccessKey: "S3EC" + randomHex(8), SecretKey: randomHex(20)}
	second := reftarget.Identity{AccessKey: "S3EC" + randomHex(8), SecretKey: randomHex(20)}
	expired := reftarget.Session{AccessKey: "S3EC" + randomHex(8), SecretKey: randomHex(20), Token: randomHex(32)}
	srv, err := reftarget.Start(reftarget.Options{
		Region:         ReferenceRegion,
		OtherRegion:    ReferenceOtherRegion,
		Identities:     []reftarget.Identity{main, second},
		Deviations:     deviations,
		SOAP:           true,
		ExpiredSession: &expired,
		KMSKeys:        reftarget.DefaultKMSKeys(),
	})
	if err != nil {
		return nil, nil, err
	}
	t := ReferenceTarget(srv, ReferenceRegion, main, second)
	return t, func() { srv.Close() }, nil
}

// ReferenceTarget describes a running reference target, started in region
// with identities main and second, as a target to run the suites against;
// its other region, when it was started with one, is the target's
// other_region.
func ReferenceTarget(srv *reftarget.Server, region string, main, second reftarget.Identity) *targets.Target {
	t := &targets.Target{
		Name:              ReferenceTargetName,
		Endpoint:          srv.URL(),
		Region:            region,
		Addressing:        targets.AddressingPath,
		Identity:          targets.Credentials{AccessKey: main.AccessKey, SecretKey: main.SecretKey},
		SecondIdentity:    targets.Credentials{AccessKey: second.AccessKey, SecretKey: second.SecretKey},
		TLS:               targets.TLS{CAPEM: srv.CACertPEM()},
		SOAPURL:           srv.SOAPURL(),
		SOAPPlainHTTPURL:  srv.SOAPPlainHTTPURL(),
		SOAPDeleteMissing: targets.SOAPDeleteMissingFault,
		OtherRegion:       targets.OtherRegion{Region: srv.OtherRegion(), Endpoint: srv.OtherRegionURL()},
		Profile:           targets.ProfileStrict,
		Timeout:           targets.DefaultTimeout,
		// The reference target waits less than S3 for a silent body.
		StalledBodyTimeout: srv.StalledBodyTimeout(),
		BucketLimit:        srv.BucketLimit(),
		KMS:                ReferenceKMSKeys(srv),
	}
	if e := srv.ExpiredSession(); e != nil {
		t.ExpiredSession = targets.Credentials{AccessKey: e.AccessKey, SecretKey: e.SecretKey, SessionToken: e.Token}
	}
	return t
}

// ReferenceKMSKeys are the ARNs of the KMS keys srv was started with
// (reftarget.Options.KMSKeys), as a target declares them.
func ReferenceKMSKeys(srv *reftarget.Server) targets.KMSKeys {
	k := srv.KMSKeys()
	return targets.KMSKeys{DisabledKey: srv.KMSKeyARN(k.Disabled), PendingDeletionKey: srv.KMSKeyARN(k.PendingDeletion), SignVerifyKey: srv.KMSKeyARN(k.SignVerify)}
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
	client, err := wire.NewClient(t)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), min(t.Timeout, 5*time.Second))
	defer cancel()
	r := client.Do(ctx, wire.Request{Method: http.MethodGet})
	if r.Status == 0 {
		return fmt.Errorf("%w: %s did not answer: %s", ErrUnreachable, t.Endpoint, wire.TransportProblem(r.Exchange))
	}
	return nil
}

// Options are a run's settings.
type Options struct {
	Focus       []string
	Skip        []string
	LabelFilter string
	Verbose     bool
	// Tool names what produced the reports, e.g. "v0.1.0".
	Tool string
	// Only limits the run to these check IDs (a shard); nil runs all.
	Only map[string]bool
	// CheckDone, when set, is called after each check with its ID, its
	// Ginkgo state, its duration and, for a failed or skipped check, why in
	// one line (a shard reports progress with it).
	CheckDone func(id, state string, seconds float64, reason string)
	// Secrets, when set, are the run's (see harness.NewEnv): the caller
	// redacts its own output with them.
	Secrets *wire.Secrets
	// Interrupted, when set, reports a signal Ginkgo may not have seen
	// (it came before Ginkgo watched for signals): checks that have not
	// started are then not run.
	Interrupted func() bool
}

// Register builds an Env for target, adds the suites' checks to Ginkgo,
// and stores the run's results in *results after the suite. Call it once,
// before RunSpecs.
func Register(target *targets.Target, opts Options, suites []Suite, results *report.Results) (*harness.Env, error) {
	env, err := harness.NewEnv(target, opts.Secrets)
	if err != nil {
		return nil, err
	}
	env.Only = opts.Only
	for _, register := range suites {
		register(env)
	}
	if opts.Interrupted != nil {
		ginkgo.BeforeEach(func() {
			if opts.Interrupted() {
				ginkgo.Skip(report.NotRunReason)
			}
		})
	}
	if err := env.DefineSpecs(); err != nil {
		return nil, err
	}
	if opts.CheckDone != nil {
		ginkgo.ReportAfterEach(func(spec ginkgo.SpecReport) {
			if spec.LeafNodeType != types.NodeTypeIt {
				return
			}
			c, _ := env.CheckOfSpec(spec.LeafNodeText)
			opts.CheckDone(c.ID, spec.State.String(), spec.RunTime.Seconds(), reasonOf(spec.Failure.Message))
		})
	}
	ginkgo.ReportAfterSuite("s3errconform results", func(suiteReport ginkgo.Report) {
		*results = env.BuildResults(suiteReport, opts.Tool)
		results.Abandoned = env.Outstanding()
		// Only this process knows its signatures: nothing it hands on may
		// hold one.
		*results = report.RedactResults(env.Secrets(), *results)
		results.Interrupted = results.Interrupted || opts.Interrupted != nil && opts.Interrupted()
	})
	return env, nil
}

// reasonOf is a failure's or skip's reason in one line: its first failed
// verdict ("FAIL status: expected 404, observed 403"), else its first line.
func reasonOf(message string) string {
	lines := strings.Split(message, "\n")
	for _, line := range lines {
		if line = strings.TrimSpace(line); strings.HasPrefix(line, "FAIL ") {
			return line
		}
	}
	return strings.TrimSpace(lines[0])
}

// Configure returns Ginkgo's configuration with the run's filters applied.
func Configure(opts Options) (types.SuiteConfig, types.ReporterConfig) {
	suite, reporter := ginkgo.GinkgoConfiguration()
	suite = filtered(suite, opts)
	if opts.Verbose {
		reporter.Verbose = true
	} else {
		reporter.Succinct = true
	}
	if !isTerminal(os.Stdout) || os.Getenv("NO_COLOR") != "" {
		reporter.NoColor = true
	}
	noColorErrors(reporter.NoColor)
	return suite, reporter
}

// filtered adds the run's filters to those Ginkgo's own flags gave, if
// any: a check runs only if both select it.
func filtered(suite types.SuiteConfig, opts Options) types.SuiteConfig {
	suite.FocusStrings = append(suite.FocusStrings, opts.Focus...)
	suite.SkipStrings = append(suite.SkipStrings, opts.Skip...)
	switch {
	case opts.LabelFilter == "":
	case suite.LabelFilter == "":
		suite.LabelFilter = opts.LabelFilter
	default:
		suite.LabelFilter = "(" + suite.LabelFilter + ") && (" + opts.LabelFilter + ")"
	}
	return suite
}

// failRecorder is the GinkgoTestingT of a run outside go test; the
// results, not Ginkgo's verdict, decide the run's outcome.
type failRecorder struct{}

func (*failRecorder) Fail() {}

// Run runs the suites against target in this process (Ginkgo runs once
// per process) and returns the results. Ginkgo turns the first SIGINT or
// SIGTERM into "skip the remaining checks, clean up"; a second one stops
// the cleanups too, and what they left is reported.
//
// A signal that comes before Ginkgo watches for signals (while the checks
// are registered) reaches only this function's handler: it then keeps
// every check from starting.
func Run(target *targets.Target, opts Options) (report.Results, error) {
	signals := make(chan os.Signal, 2)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(signals)
	var interrupted atomic.Bool
	opts.Interrupted = interrupted.Load
	stopCleanup := make(chan struct{})
	go func() {
		<-signals
		interrupted.Store(true)
		<-signals
		close(stopCleanup)
	}()
	var results report.Results
	env, err := Register(target, opts, AllSuites(), &results)
	if err != nil {
		return results, err
	}
	go func() {
		<-stopCleanup
		env.StopCleanup()
	}()
	gomega.RegisterFailHandler(ginkgo.Fail)
	suiteConfig, reporterConfig := Configure(opts)
	ginkgo.RunSpecs(&failRecorder{}, "s3errconform", suiteConfig, reporterConfig)
	return results, nil
}

func isTerminal(f *os.File) bool {
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// Filter keeps the checks a run's filters select, with Ginkgo's meaning:
// focus and skip are regular expressions on the spec text, the label
// filter an expression over the labels.
func Filter(checks []check.Check, focus, skip []string, labelFilter string) ([]check.Check, error) {
	match := func([]string) bool { return true }
	if labelFilter != "" {
		var err error
		if match, err = types.ParseLabelFilter(labelFilter); err != nil {
			return nil, fmt.Errorf("--label-filter: %w", err)
		}
	}
	compile := func(flag string, exprs []string) ([]*regexp.Regexp, error) {
		var out []*regexp.Regexp
		for _, e := range exprs {
			re, err := regexp.Compile(e)
			if err != nil {
				return nil, fmt.Errorf("%s %q: %w", flag, e, err)
			}
			out = append(out, re)
		}
		return out, nil
	}
	focusRE, err := compile("--focus", focus)
	if err != nil {
		return nil, err
	}
	skipRE, err := compile("--skip", skip)
	if err != nil {
		return nil, err
	}
	matchesAny := func(res []*regexp.Regexp, text string) bool {
		for _, re := range res {
			if re.MatchString(text) {
				return true
			}
		}
		return false
	}
	var kept []check.Check
	for _, c := range checks {
		text := c.SpecText()
		if !match(c.Labels()) || len(focusRE) > 0 && !matchesAny(focusRE, text) || matchesAny(skipRE, text) {
			continue
		}
		kept = append(kept, c)
	}
	return kept, nil
}
