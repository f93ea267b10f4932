package rest

import (
	"github.com/s3errconform/s3errconform/harness"
	"github.com/s3errconform/s3errconform/harness/check"
	. "github.com/s3errconform/s3errconform/harness/judge"
)

func policyErrors(f *harness.Family) {
	f.It(check.Check{
		ID: "rest-bucket-put-policy-allow-not-principal", Operation: "PutBucketPolicy", Code: "MalformedPolicy", Capabilities: []string{"policy"},
		Title: "PutBucketPolicy with a statement that Allows with NotPrincipal is 400 MalformedPolicy",
		Source: "IAM User Guide, NotPrincipal (use it with Effect Deny only); ceph/ceph#58686 and ceph/s3-tests#573 (S3 refuses Allow with NotPrincipal); " +
			"catalog MalformedPolicy (AWS text 'Invalid principal in policy' for invalid principals). No AWS body recorded for this exact case",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		policy := `{"Version":"2012-10-17","Statement":[{"Sid":"s3errconform","Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::123456789012:root"},` +
			`"Action":"s3:GetObject","Resource":"arn:aws:s3:::` + bucket + `/s3errconform-allowed/*"}]}`
		t.Expect(t.PutBucketConfig(bucket, harness.SubPolicy, []byte(policy))).To(HaveS3Error("MalformedPolicy"))
	})
}
