// Package rest holds the REST error checks. Specs live in ordinary files so
// the s3errconform binary, the ginkgo CLI and a vendor's own go test all
// run the same checks: call Register before ginkgo.RunSpecs.
package rest

import (
	"github.com/s3errconform/s3errconform/harness"
	"github.com/s3errconform/s3errconform/harness/check"
)

// Register adds every REST check to the Ginkgo suite, run against env's
// target.
func Register(env *harness.Env) {
	objectErrors(env.Family(check.LabelREST, "object errors"))
	conditionalErrors(env.Family(check.LabelREST, "conditional request errors"))
	rangeErrors(env.Family(check.LabelREST, "range errors"))
	multipartErrors(env.Family(check.LabelREST, "multipart errors"))
	versioningErrors(env.Family(check.LabelREST, "versioning errors"))
	objectLockErrors(env.Family(check.LabelREST, "object lock errors"))
	bucketErrors(env.Family(check.LabelREST, "bucket errors"))
	authErrors(env.Family(check.LabelREST, "auth errors"))
	bucketConfigErrors(env.Family(check.LabelREST, "bucket configuration errors"))
	aclErrors(env.Family(check.LabelREST, "acl errors"))
	presignErrors(env.Family(check.LabelREST, "presign errors"))
	sigV2Errors(env.Family(check.LabelREST, "sigv2 errors"))
	protocolErrors(env.Family(check.LabelREST, "protocol errors"))
	postErrors(env.Family(check.LabelREST, "post upload errors"))
	// The specific errors of operations issue 12 added.
	uploadPartCopyErrors(env.Family(check.LabelREST, "multipart errors"))
	deleteObjectsResultErrors(env.Family(check.LabelREST, "object errors"))
	objectOperationErrors(env.Family(check.LabelREST, "object errors"))
	bucketFeatureErrors(env.Family(check.LabelREST, "bucket configuration errors"))
	bucketConfigSetErrors(env.Family(check.LabelREST, "bucket configuration errors"))
	// The blind spots of issue 15.
	objectLockRuleErrors(env.Family(check.LabelREST, "object lock errors"))
	lifecycleErrors(env.Family(check.LabelREST, "bucket configuration errors"))
	policyErrors(env.Family(check.LabelREST, "bucket configuration errors"))
	multipartConditionalErrors(env.Family(check.LabelREST, "multipart errors"))
	checksumErrors(env.Family(check.LabelREST, "object errors"))
	sseErrors(env.Family(check.LabelREST, "object errors"))
	kmsErrors(env.Family(check.LabelREST, "object errors"))
	deleteObjectsErrors(env.Family(check.LabelREST, "object errors"))
	// Buckets of another region (the target's other_region).
	regionErrors(env.Family(check.LabelREST, "region errors"))
	// Issue 12: the generic errors of every operation of S3's API model.
	operationErrors(env.Family(check.LabelREST, "operation errors"))
}
