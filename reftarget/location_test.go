package reftarget

import (
	"testing"

	"github.com/s3errconform/s3errconform/harness"
)

func TestLocationConstraints(t *testing.T) {
	eu := startServer(t, Options{Region: "eu-central-1"})
	doc := wantWordedError(t, do(t, eu, "PUT", "/east", harness.CreateBucketConfiguration("us-east-1")), "IllegalLocationConstraintException", "/east")
	if doc.values["Message"] != "The us-east-1 location constraint is incompatible for the region specific endpoint this request was sent to." {
		t.Errorf("Message %q", doc.values["Message"])
	}
	wantWordedError(t, do(t, eu, "PUT", "/west", harness.CreateBucketConfiguration("us-west-2")), "IllegalLocationConstraintException", "/west")
	wantStatus(t, do(t, eu, "PUT", "/here", harness.CreateBucketConfiguration("eu-central-1")), 200)

	us := startServer(t, Options{})
	wantError(t, do(t, us, "PUT", "/east", harness.CreateBucketConfiguration("us-east-1")), "InvalidLocationConstraint", "/east", detail{"LocationConstraint", "us-east-1"})

	wantStatus(t, do(t, us, "PUT", "/taken", nil), 200)
	wantError(t, send(t, us, request{method: "PUT", path: "/taken", as: &bob}), "BucketAlreadyExists", "/taken")
}
