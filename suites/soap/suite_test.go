package soap_test

import (
	"testing"

	// The ginkgo CLI treats a package as a Ginkgo suite, and passes it its
	// flags (--label-filter, --focus...), only when a test file imports
	// Ginkgo; runner.Bootstrap calls RunSpecs itself.
	_ "github.com/onsi/ginkgo/v2"

	"github.com/s3errconform/s3errconform/runner"
	"github.com/s3errconform/s3errconform/suites/soap"
)

// TestSOAP runs the SOAP checks against the target named by
// S3ERRCONFORM_CONFIG and S3ERRCONFORM_TARGET, or the embedded reference
// target when they are unset.
func TestSOAP(t *testing.T) {
	runner.Bootstrap(t, soap.Register)
}
