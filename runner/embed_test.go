package runner

import (
	"errors"
	"strings"
	"testing"

	"github.com/onsi/ginkgo/v2/formatter"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/s3errconform/s3errconform/harness/targets"
)

// TestResolveConfig: a target built in code gets a targets file's
// defaults, and a bad field is a ConfigError naming it.
func TestResolveConfig(t *testing.T) {
	got, err := resolveConfig(targets.Target{Endpoint: "http://127.0.0.1:9000/"})
	if err != nil {
		t.Fatal(err)
	}
	want := targets.Target{
		Name: "target", Endpoint: "http://127.0.0.1:9000", Region: targets.DefaultRegion,
		Addressing: targets.AddressingPath, Profile: targets.ProfileStrict,
		SOAPDeleteMissing: targets.SOAPDeleteMissingFault, Timeout: targets.DefaultTimeout,
	}
	if got.Name != want.Name || got.Endpoint != want.Endpoint || got.Region != want.Region || got.Addressing != want.Addressing ||
		got.Profile != want.Profile || got.SOAPDeleteMissing != want.SOAPDeleteMissing || got.Timeout != want.Timeout {
		t.Errorf("defaults: got %+v, want %+v", *got, want)
	}
	ok := targets.Target{Endpoint: "http://127.0.0.1:9000"}
	for field, bad := range map[string]func(*targets.Target){
		"Target.Name":           func(t *targets.Target) { t.Name = "My Product" },
		"Target.Endpoint":       func(t *targets.Target) { t.Endpoint = "127.0.0.1:9000" },
		"Target.Identity":       func(t *targets.Target) { t.Identity.SecretKey = "secret" },
		"Target.SecondIdentity": func(t *targets.Target) { t.SecondIdentity.AccessKey = "AKIA" },
		"Target.Profile":        func(t *targets.Target) { t.Profile = "lenient" },
		"Target.Addressing":     func(t *targets.Target) { t.Addressing = "host" },
		"Target.Unsupported":    func(t *targets.Target) { t.Unsupported = []string{"teleport"} },
	} {
		target := ok
		bad(&target)
		_, err := resolveConfig(target)
		var ce *targets.ConfigError
		if !errors.As(err, &ce) || ce.Field != field {
			t.Errorf("%s: got %v, want a ConfigError on that field", field, err)
		}
	}
	insecure := ok
	insecure.TLS.InsecureSkipVerify = true
	if got, _ := resolveConfig(insecure); len(got.Warnings) != 1 || !strings.Contains(got.Warnings[0], "InsecureSkipVerify") {
		t.Errorf("insecure TLS: warnings %q, want one naming InsecureSkipVerify", got.Warnings)
	}
}

// The suites' packages, run one after the other by the ginkgo CLI with one
// S3ERRCONFORM_REPORT_DIR, write their reports to folders of their own.
func TestBootstrapReportFoldersDifferBySuite(t *testing.T) {
	rest, soap := suiteName(AllSuites()[0]), suiteName(AllSuites()[1])
	if rest != "rest" || soap != "soap" {
		t.Errorf("suite folders %q and %q, want rest and soap", rest, soap)
	}
}

// With colour off (NO_COLOR, --no-color), Ginkgo's own errors about a
// bad label filter come without escapes too.
func TestNoColorReachesGinkgosErrors(t *testing.T) {
	saved := formatter.SingletonFormatter.ColorMode
	t.Cleanup(func() { formatter.SingletonFormatter.ColorMode = saved })
	noColorErrors(true)
	_, err := types.ParseLabelFilter("((")
	if err == nil || strings.Contains(err.Error(), "\x1b[") {
		t.Errorf("label filter error %q", err)
	}
}
