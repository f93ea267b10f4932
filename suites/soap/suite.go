// Package soap holds the SOAP fault checks. Like the REST suite, its specs
// live in ordinary files and are added to Ginkgo by Register.
package soap

import "github.com/s3errconform/s3errconform/harness"

// Register adds every SOAP check to the Ginkgo suite, run against env's
// target.
func Register(env *harness.Env) {
	objectFaults(env.Family(harness.LabelSOAP, "object faults"))
	bucketFaults(env.Family(harness.LabelSOAP, "bucket faults"))
	authFaults(env.Family(harness.LabelSOAP, "auth faults"))
	envelopeFaults(env.Family(harness.LabelSOAP, "envelope faults"))
	successResponses(env.Family(harness.LabelSOAP, "success responses"))
	transportFaults(env.Family(harness.LabelSOAP, "transport"))
}
