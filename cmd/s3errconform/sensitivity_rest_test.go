package main

var (
	headChecks      = []string{"rest-head-object-missing-key", "rest-head-object-missing-bucket", "rest-head-bucket-missing"}
	anonymousChecks = []string{"rest-anonymous-get-object-private", "rest-anonymous-put-object-private", "rest-anonymous-list-objects-private"}
	// HEAD is absent: with no body, a 404 NoSuchKey and a 404 NoSuchBucket
	// look the same.
	objectInMissingBucket = []string{"rest-get-object-missing-bucket", "rest-put-object-missing-bucket", "rest-delete-object-missing-bucket"}
)

var invalidNameChecks = []string{
	"rest-create-bucket-invalid-name-uppercase", "rest-create-bucket-invalid-name-too-short",
	"rest-create-bucket-invalid-name-too-long", "rest-create-bucket-invalid-name-ip-address",
	"rest-create-bucket-invalid-name-underscore", "rest-create-bucket-invalid-name-adjacent-dots",
	"rest-create-bucket-invalid-name-leading-hyphen", "rest-create-bucket-invalid-name-trailing-hyphen",
}

func init() {
	expect("nosuchkey-status-403", "rest-get-object-missing-key", "rest-head-object-missing-key")
	expect("nosuchkey-no-key-element", "rest-get-object-missing-key")
	expect("nosuchkey-wrong-message", "rest-get-object-missing-key")
	expect("nosuchkey-code-renamed", "rest-get-object-missing-key")
	expect("nosuchkey-no-request-id-header", "rest-get-object-missing-key", "rest-head-object-missing-key")
	expect("nosuchkey-request-id-mismatch", "rest-get-object-missing-key")
	expect("nosuchkey-duplicate-request-id-header", "rest-get-object-missing-key", "rest-head-object-missing-key")
	expect("nosuchkey-no-id2-header", "rest-get-object-missing-key", "rest-head-object-missing-key")
	expect("nosuchkey-content-type-text", "rest-get-object-missing-key")
	expect("nosuchbucket-no-bucketname-element", "rest-get-object-missing-bucket", "rest-put-object-missing-bucket", "rest-delete-object-missing-bucket", "rest-delete-bucket-missing", "rest-list-objects-v2-missing-bucket", "rest-list-objects-missing-bucket")
	expect("nosuchbucket-as-nosuchkey", objectInMissingBucket...)
	expect("head-error-body", headChecks...)
	expect("head-error-no-request-id", headChecks...)
	expect("delete-missing-key-404", "rest-delete-object-missing-key")
	expect("delete-nonempty-bucket", "rest-delete-bucket-not-empty")
	expect("bucketnotempty-status-400", "rest-delete-bucket-not-empty")
	expect("accept-invalid-bucket-names", invalidNameChecks...)
	expect("bucket-already-owned-ok", "rest-create-bucket-already-owned")
	expect("allow-anonymous", anonymousChecks...)
	expect("ignore-signature", "rest-wrong-secret-get-object", "rest-wrong-secret-list-buckets")
	expect("unknown-key-as-signature-mismatch", "rest-unknown-access-key-get-object")
	expect("accessdenied-status-401", anonymousChecks...)
	expect("ignore-clock-skew", "rest-skewed-clock-get-object")
}
