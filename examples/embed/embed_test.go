// Package embed_test is how a product runs s3errconform from its own
// go test: start (or point at) the server, describe it in a
// runner.Config, call runner.Test.
package embed_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/s3errconform/s3errconform/harness/report"
	"github.com/s3errconform/s3errconform/harness/targets"
	"github.com/s3errconform/s3errconform/reftarget"
	"github.com/s3errconform/s3errconform/runner"
)

// Keys of the throwaway in-memory server this test starts; a real product
// would take its test account's keys from its own test setup.
var (
	account = reftarget.Identity{AccessKey: "EXAMPLEACCOUNTONE", SecretKey: "example-secret-one"}
	other   = reftarget.Identity{AccessKey: "EXAMPLEACCOUNTTWO", SecretKey: "example-secret-two"}
)

// TestS3ErrorConformance runs every check but the SigV2 ones against the
// suite's reference target, standing in for the product under test.
func TestS3ErrorConformance(t *testing.T) {
	srv, err := reftarget.Start(reftarget.Options{
		Region:     "eu-central-1",
		Identities: []reftarget.Identity{account, other},
		SOAP:       true,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	reports := t.TempDir()

	results := runner.Test(t, runner.Config{
		Target: targets.Target{
			Name:             "my-product",
			Endpoint:         srv.URL(),
			Region:           "eu-central-1",
			Addressing:       targets.AddressingPath,
			Identity:         targets.Credentials{AccessKey: account.AccessKey, SecretKey: account.SecretKey},
			SecondIdentity:   targets.Credentials{AccessKey: other.AccessKey, SecretKey: other.SecretKey},
			TLS:              targets.TLS{CAPEM: srv.CACertPEM()},
			SOAPURL:          srv.SOAPURL(),
			SOAPPlainHTTPURL: srv.SOAPPlainHTTPURL(),
			Unsupported:      []string{"sigv2"},
			Profile:          targets.ProfileStrict,
		},
		ReportDir: reports,
	})

	// runner.Test has failed t already if a check failed; what follows
	// shows that the configuration reached the run.
	if results.Passed < 100 || results.Failed != 0 {
		t.Errorf("%s; want over 100 checks passed and none failed", results.Counts())
	}
	for _, c := range results.Checks {
		if slices.Contains(c.Labels, "sigv2") && c.Verdict != report.VerdictSkipped {
			t.Errorf("%s needs sigv2, declared unsupported, but was %s", c.ID, c.Verdict)
		}
	}
	if _, err := os.Stat(filepath.Join(reports, "my-product", "junit.xml")); err != nil {
		t.Errorf("no JUnit report: %v", err)
	}
}
