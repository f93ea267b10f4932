// Package rest holds the REST error checks. Specs live in ordinary files so
// the s3errconform binary, the ginkgo CLI and a vendor's own go test all
// run the same checks: call Register before ginkgo.RunSpecs.
package rest

import "github.com/s3errconform/s3errconform/harness"

// Register adds every REST check to the Ginkgo suite, run against env's
// target.
func Register(env *harness.Env) {
	objectErrors(env.Family(harness.LabelREST, "object errors"))
	conditionalErrors(env.Family(harness.LabelREST, "conditional request errors"))
	rangeErrors(env.Family(harness.LabelREST, "range errors"))
	multipartErrors(env.Family(harness.LabelREST, "multipart errors"))
	versioningErrors(env.Family(harness.LabelREST, "versioning errors"))
	objectLockErrors(env.Family(harness.LabelREST, "object lock errors"))
	bucketErrors(env.Family(harness.LabelREST, "bucket errors"))
	authErrors(env.Family(harness.LabelREST, "auth errors"))
	bucketConfigErrors(env.Family(harness.LabelREST, "bucket configuration errors"))
	aclErrors(env.Family(harness.LabelREST, "acl errors"))
	presignErrors(env.Family(harness.LabelREST, "presign errors"))
	sigV2Errors(env.Family(harness.LabelREST, "sigv2 errors"))
	protocolErrors(env.Family(harness.LabelREST, "protocol errors"))
	postErrors(env.Family(harness.LabelREST, "post upload errors"))
	// The blind spots of issue 15.
	objectLockRuleErrors(env.Family(harness.LabelREST, "object lock errors"))
	lifecycleErrors(env.Family(harness.LabelREST, "bucket configuration errors"))
	policyErrors(env.Family(harness.LabelREST, "bucket configuration errors"))
	multipartConditionalErrors(env.Family(harness.LabelREST, "multipart errors"))
	checksumErrors(env.Family(harness.LabelREST, "object errors"))
	sseErrors(env.Family(harness.LabelREST, "object errors"))
	deleteObjectsErrors(env.Family(harness.LabelREST, "object errors"))
}
