package soap

import (
	"errors"
	"syscall"

	"github.com/s3errconform/s3errconform/harness"
	"github.com/s3errconform/s3errconform/harness/check"
	. "github.com/s3errconform/s3errconform/harness/judge"
)

func transportFaults(f *harness.Family) {
	f.It(check.Check{
		ID: "soap-plain-http-refused", Operation: "ListAllMyBuckets", Code: "InvalidRequest",
		Title: "A SOAP request over plain HTTP is refused with the Client.InvalidRequest fault " +
			"(strict profile: a target serving it fails; compatible: reported)",
		Source: "SOAP.md §3 (DG SOAPAPI3.md: S3 returns an error for SOAP over HTTP; APIREF ErrorResponses: InvalidRequest " +
			"\"SOAP requests must be made over an HTTPS connection.\"); spec README decision 5; catalog InvalidRequest",
	}, func(t *harness.T) {
		resp := t.SOAPOverPlainHTTP().ListAllMyBuckets()
		if resp.Status == 0 && errors.Is(resp.Err, syscall.ECONNREFUSED) {
			// A target that does not listen for plain HTTP at all accepts
			// no SOAP over it either; there is no fault to judge.
			t.Skip("nothing listens for plain HTTP at " + resp.URL + ", so the target cannot serve SOAP over it")
		}
		t.Expect(resp).To(RefuseSOAPOverHTTP())
	})
}
