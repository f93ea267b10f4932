package soap_test

import (
	"testing"

	"github.com/s3errconform/s3errconform/harness"
	soapops "github.com/s3errconform/s3errconform/harness/soap"
	"github.com/s3errconform/s3errconform/suites/soap"
)

// TestEveryWSDLOperationHasAnErrorCheck: each of the 16 operations of the S3
// WSDL has a check expecting an error code of it, and no such check names an
// operation the WSDL lacks.
func TestEveryWSDLOperationHasAnErrorCheck(t *testing.T) {
	registry := harness.NewRegistry()
	soap.Register(registry)
	checks, err := registry.Checks()
	if err != nil {
		t.Fatal(err)
	}
	errorChecks := map[string]int{}
	for _, c := range checks {
		if c.Code != "" {
			errorChecks[c.Operation]++
		}
	}
	for _, op := range soapops.Operations {
		if errorChecks[op] == 0 {
			t.Errorf("no error check of WSDL operation %s", op)
		}
		delete(errorChecks, op)
	}
	for op := range errorChecks {
		t.Errorf("error checks of %s, which is no WSDL operation", op)
	}
}
