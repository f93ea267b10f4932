package main

// The deviations of the bucket configuration, ACL, bucket creation, auth,
// presign, SigV2, protocol and POST upload families, and the checks each
// must fail; and the checks of those families that deviations declared
// elsewhere fail too.

var (
	configMissingBucketChecks = []string{
		"rest-bucket-delete-bucket-cors-missing-bucket", "rest-bucket-delete-bucket-encryption-missing-bucket",
		"rest-bucket-delete-bucket-lifecycle-missing-bucket", "rest-bucket-delete-bucket-ownership-controls-missing-bucket",
		"rest-bucket-delete-bucket-policy-missing-bucket", "rest-bucket-delete-bucket-replication-missing-bucket",
		"rest-bucket-delete-bucket-tagging-missing-bucket", "rest-bucket-delete-bucket-website-missing-bucket",
		"rest-bucket-get-bucket-acl-missing-bucket", "rest-bucket-get-bucket-cors-missing-bucket",
		"rest-bucket-get-bucket-encryption-missing-bucket", "rest-bucket-get-bucket-lifecycle-configuration-missing-bucket",
		"rest-bucket-get-bucket-location-missing-bucket", "rest-bucket-get-bucket-logging-missing-bucket",
		"rest-bucket-get-bucket-notification-configuration-missing-bucket", "rest-bucket-get-bucket-ownership-controls-missing-bucket",
		"rest-bucket-get-bucket-policy-missing-bucket", "rest-bucket-get-bucket-replication-missing-bucket",
		"rest-bucket-get-bucket-tagging-missing-bucket", "rest-bucket-get-bucket-website-missing-bucket",
		"rest-bucket-get-object-lock-configuration-missing-bucket", "rest-bucket-put-bucket-acl-missing-bucket",
		"rest-bucket-put-bucket-cors-missing-bucket", "rest-bucket-put-bucket-encryption-missing-bucket",
		"rest-bucket-put-bucket-lifecycle-configuration-missing-bucket", "rest-bucket-put-bucket-logging-missing-bucket",
		"rest-bucket-put-bucket-notification-configuration-missing-bucket", "rest-bucket-put-bucket-ownership-controls-missing-bucket",
		"rest-bucket-put-bucket-policy-missing-bucket", "rest-bucket-put-bucket-replication-missing-bucket",
		"rest-bucket-put-bucket-tagging-missing-bucket", "rest-bucket-put-bucket-website-missing-bucket",
		"rest-bucket-put-object-lock-configuration-missing-bucket",
	}
	secondIdentityChecks = []string{
		"rest-auth-second-identity-delete-bucket", "rest-auth-second-identity-delete-object", "rest-auth-second-identity-get-bucket-acl",
		"rest-auth-second-identity-get-bucket-location", "rest-auth-second-identity-get-bucket-policy",
		"rest-auth-second-identity-get-bucket-tagging", "rest-auth-second-identity-get-object", "rest-auth-second-identity-head-bucket",
		"rest-auth-second-identity-head-object", "rest-auth-second-identity-list-objects", "rest-auth-second-identity-list-objects-v2",
		"rest-auth-second-identity-put-object",
	}
	anonymousOpChecks = []string{
		"rest-auth-anonymous-delete-bucket", "rest-auth-anonymous-delete-object", "rest-auth-anonymous-get-bucket-acl",
		"rest-auth-anonymous-get-bucket-location", "rest-auth-anonymous-get-bucket-policy", "rest-auth-anonymous-head-bucket",
		"rest-auth-anonymous-head-object",
	}
	malformedXMLChecks = []string{
		"rest-bucket-put-cors-malformed-xml", "rest-bucket-put-encryption-malformed-xml", "rest-bucket-put-lifecycle-malformed-xml",
		"rest-bucket-put-logging-malformed-xml", "rest-bucket-put-ownership-controls-malformed-xml", "rest-bucket-put-tagging-malformed-xml",
		"rest-bucket-put-website-malformed-xml",
	}
	presignChecks = []string{
		"rest-presign-expired-get-object", "rest-presign-expired-put-object", "rest-presign-expires-too-long", "rest-presign-unknown-access-key",
		"rest-presign-wrong-region", "rest-presign-wrong-secret",
	}
	sigV2Checks = []string{
		"rest-sigv2-malformed-authorization", "rest-sigv2-no-date", "rest-sigv2-presign-expired", "rest-sigv2-skewed-date",
		"rest-sigv2-wrong-secret-get-object", "rest-sigv2-wrong-secret-list-buckets",
	}
	wrongSecretOpChecks = []string{
		"rest-auth-wrong-secret-put-object", "rest-auth-wrong-secret-delete-object", "rest-auth-wrong-secret-list-objects-v2",
		"rest-auth-wrong-secret-head-object", "rest-auth-wrong-secret-create-bucket",
	}
	headAccessChecks = []string{
		"rest-auth-second-identity-head-object", "rest-auth-second-identity-head-bucket",
		"rest-auth-anonymous-head-object", "rest-auth-anonymous-head-bucket", "rest-auth-wrong-secret-head-object",
	}
	// workedAccessDenied are the AccessDenied checks of cases AWS words
	// its own way.
	workedAccessDenied = []string{
		"rest-auth-empty-authorization-create-bucket", "rest-auth-missing-amz-date", "rest-auth-invalid-amz-date",
		"rest-sigv2-no-date", "rest-presign-expired-get-object", "rest-presign-expired-put-object", "rest-sigv2-presign-expired",
		"rest-post-policy-expired", "rest-post-condition-failed",
	}
)

func init() {
	expect("bucket-config-missing-200",
		"rest-bucket-get-policy-none", "rest-bucket-get-cors-none", "rest-bucket-get-lifecycle-none", "rest-bucket-get-tagging-none",
		"rest-bucket-get-website-none", "rest-bucket-get-object-lock-none", "rest-bucket-get-ownership-controls-deleted")
	expect("sse-missing-table-status-400", "rest-bucket-get-encryption-none")
	expect("config-notfound-no-bucketname",
		"rest-bucket-get-tagging-none", "rest-bucket-get-object-lock-none", "rest-bucket-get-ownership-controls-deleted")
	expect("config-accept-malformed-xml", malformedXMLChecks...)
	expect("policy-not-validated", "rest-bucket-put-policy-not-json", "rest-bucket-put-policy-foreign-resource")
	expect("config-missing-bucket-access-denied", configMissingBucketChecks...)
	expect("object-lock-config-any-bucket", "rest-bucket-put-object-lock-unlocked-bucket")
	expect("notification-empty-body-accepted", "rest-bucket-put-notification-empty-body")
	expect("logging-target-unchecked", "rest-bucket-put-logging-missing-target")
	expect("key-logging-served-as-object", "rest-bucket-get-object-logging")
	expect("bucket-torrent-not-implemented", "rest-bucket-get-torrent")

	expect("acl-canned-unchecked", "rest-acl-create-bucket-invalid-canned")
	expect("acl-body-unchecked", "rest-acl-put-bucket-acl-invalid-permission")
	expect("acl-ownership-ignored", "rest-acl-put-bucket-acl-owner-enforced", "rest-acl-create-bucket-acl-owner-enforced")
	expect("acl-nothing-to-set-accepted", "rest-acl-put-bucket-acl-nothing", "rest-acl-put-object-acl-nothing")
	expect("acl-set-two-ways-accepted", "rest-acl-put-bucket-acl-header-and-body", "rest-acl-put-object-acl-header-and-body", "rest-acl-put-bucket-acl-canned-and-grant")

	expect("location-constraint-unchecked", "rest-bucket-create-location-invalid", "rest-bucket-create-location-us-east-1", "rest-bucket-create-location-other-region")
	expect("bucket-exists-as-owned", "rest-bucket-create-owned-by-another-account")
	expect("expected-bucket-owner-ignored", "rest-bucket-expected-owner-not-account-id-list-objects-v2",
		"rest-bucket-expected-owner-not-account-id-head-bucket", "rest-bucket-expected-owner-other-account")
	expect("list-params-unchecked",
		"rest-bucket-list-objects-max-keys-not-integer", "rest-bucket-list-objects-max-keys-negative",
		"rest-bucket-list-objects-v2-max-keys-not-integer", "rest-bucket-list-objects-encoding-type-invalid")

	expect("auth-malformed-as-signature-mismatch",
		"rest-auth-wrong-region", "rest-auth-missing-signature-component", "rest-auth-malformed-credential", "rest-auth-credential-wrong-service")
	expect("auth-scheme-as-malformed", "rest-auth-unsupported-scheme")
	expect("content-sha256-unchecked", "rest-auth-missing-content-sha256", "rest-auth-invalid-content-sha256")
	expect("amz-date-as-signature-mismatch", "rest-auth-missing-amz-date", "rest-auth-invalid-amz-date")
	expect("security-token-ignored", "rest-auth-invalid-security-token")
	expect("presign-unverified", presignChecks...)
	expect("sigv2-unverified", sigV2Checks...)

	expect("uri-not-validated", "rest-protocol-invalid-uri")
	expect("header-size-unlimited", "rest-protocol-header-section-too-large")
	expect("chunked-as-missing-length", "rest-protocol-chunked-put-object")
	expect("missing-content-length-accepted", "rest-protocol-missing-content-length")
	expect("incomplete-body-stored", "rest-protocol-incomplete-body")
	expect("expect-continue-rejected", "rest-protocol-expect-continue-missing-bucket", "rest-protocol-expect-continue-put-object")
	expect("method-not-allowed-as-not-implemented", "rest-protocol-post-service", "rest-protocol-post-object")

	expect("post-form-errors-generic",
		"rest-post-not-multipart", "rest-post-malformed-form", "rest-post-missing-key", "rest-post-no-file", "rest-post-two-files")
	expect("post-policy-unchecked",
		"rest-post-policy-not-json", "rest-post-policy-expired", "rest-post-condition-failed", "rest-post-too-large", "rest-post-wrong-signature")

	// Deviations declared with the first REST checks fail these too.
	expectAlso("allow-anonymous", append([]string{"rest-auth-empty-authorization-create-bucket"}, anonymousOpChecks...)...)
	expectAlso("accessdenied-status-401", append(append(append([]string{"rest-bucket-expected-owner-other-account"}, secondIdentityChecks...), anonymousOpChecks...), workedAccessDenied...)...)
	expectAlso("ignore-signature", wrongSecretOpChecks...)
	expectAlso("unknown-key-as-signature-mismatch", "rest-auth-unknown-access-key-list-buckets", "rest-auth-unknown-access-key-put-object")
	expectAlso("ignore-clock-skew", "rest-auth-skewed-clock-put-object", "rest-auth-skewed-clock-list-buckets")
	expectAlso("nosuchbucket-no-bucketname-element", append([]string{"rest-protocol-expect-continue-missing-bucket"}, configMissingBucketChecks...)...)
	expectAlso("nosuchbucket-as-nosuchkey", "rest-protocol-expect-continue-missing-bucket")
	expectAlso("head-error-body", append([]string{"rest-bucket-expected-owner-not-account-id-head-bucket"}, headAccessChecks...)...)
	expectAlso("head-error-no-request-id", append([]string{"rest-bucket-expected-owner-not-account-id-head-bucket"}, headAccessChecks...)...)
}
