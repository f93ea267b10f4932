package soap

import (
	"github.com/s3errconform/s3errconform/catalog"
	"github.com/s3errconform/s3errconform/harness"
	"github.com/s3errconform/s3errconform/harness/check"
	. "github.com/s3errconform/s3errconform/harness/judge"
)

// Which code S3 answers a malformed SOAP request with is not documented:
// these checks require a Client fault and report the code.
const envelopeSource = "SOAP.md §6 (faults); SOAP.md §4 (InvalidSOAPRequest, MissingSecurityElement among the SOAP codes; which one AWS used is unknown, so the code is reported)"

func envelopeFaults(f *harness.Family) {
	f.It(check.Check{
		ID: "soap-malformed-envelope", Operation: "ListAllMyBuckets",
		Title:  "A request body that is not well-formed XML is answered with a Client fault (its code is reported)",
		Source: envelopeSource,
	}, func(t *harness.T) {
		t.Expect(t.SOAP().MalformedEnvelope()).To(HaveSOAPFaultOfClass(catalog.FaultClient))
	})

	f.It(check.Check{
		ID: "soap-operation-without-envelope", Operation: "ListAllMyBuckets",
		Title:  "An operation element sent without a SOAP envelope is answered with a Client fault (its code is reported)",
		Source: envelopeSource,
	}, func(t *harness.T) {
		t.Expect(t.SOAP().OperationWithoutEnvelope()).To(HaveSOAPFaultOfClass(catalog.FaultClient))
	})

	f.It(check.Check{
		ID: "soap-unknown-operation", Operation: "NoSuchOperation",
		Title:  "A signed request for an operation the S3 WSDL does not define is answered with a Client fault (its code is reported)",
		Source: envelopeSource + "; SOAP.md §5 (the 16 WSDL operations)",
	}, func(t *harness.T) {
		t.Expect(t.SOAP().UnknownOperation("NoSuchOperation")).To(HaveSOAPFaultOfClass(catalog.FaultClient))
	})
}
