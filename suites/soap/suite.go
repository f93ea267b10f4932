// Package soap holds the SOAP fault checks. Like the REST suite, its specs
// live in ordinary files and are added to Ginkgo by Register.
package soap

import (
	"github.com/s3errconform/s3errconform/harness"
	"github.com/s3errconform/s3errconform/harness/check"
)

// Register adds every SOAP check to the Ginkgo suite, run against env's
// target.
func Register(env *harness.Env) {
	objectFaults(env.Family(check.LabelSOAP, "object faults"))
	bucketFaults(env.Family(check.LabelSOAP, "bucket faults"))
	authFaults(env.Family(check.LabelSOAP, "auth faults"))
	envelopeFaults(env.Family(check.LabelSOAP, "envelope faults"))
	successResponses(env.Family(check.LabelSOAP, "success responses"))
	transportFaults(env.Family(check.LabelSOAP, "transport"))
}
