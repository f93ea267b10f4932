package main

// The checks the object, conditional, range, multipart and versioning
// families' deviations must fail, and the checks of these families that
// the deviations of other families (which reshape every error of a code,
// or every HEAD error) fail too.

var (
	objectMissingKeyChecks = []string{
		"rest-object-get-acl-missing-key", "rest-object-put-acl-missing-key",
		"rest-object-get-tagging-missing-key", "rest-object-put-tagging-missing-key",
		"rest-object-copy-missing-source-key",
	}
	// NoSuchKey checks with a body, beyond objectMissingKeyChecks; the
	// PUT-If-Match one requires no Key element.
	noSuchKeyKeyElementChecks = append(append([]string(nil), objectMissingKeyChecks...), "rest-versioning-get-delete-marker")
	noSuchKeyBodyChecks       = append(append([]string(nil), noSuchKeyKeyElementChecks...), "rest-object-put-if-match-missing-key")
	noSuchKeyAllChecks        = append(append([]string(nil), noSuchKeyBodyChecks...), "rest-versioning-head-delete-marker")

	noSuchBucketBucketNameChecks = []string{
		"rest-object-get-acl-missing-bucket", "rest-object-put-acl-missing-bucket",
		"rest-object-get-tagging-missing-bucket", "rest-object-put-tagging-missing-bucket",
		"rest-object-copy-missing-destination-bucket", "rest-object-copy-missing-source-bucket",
		"rest-multipart-create-missing-bucket", "rest-multipart-list-uploads-missing-bucket",
		"rest-multipart-list-parts-missing-bucket", "rest-multipart-upload-part-missing-bucket",
		"rest-multipart-abort-missing-bucket",
		"rest-versioning-get-versioning-missing-bucket", "rest-versioning-put-versioning-missing-bucket",
		"rest-versioning-list-versions-missing-bucket",
	}

	objectHeadErrorChecks = []string{
		"rest-object-head-if-match-failed", "rest-object-head-if-unmodified-since-failed",
		"rest-object-head-range-unsatisfiable",
		"rest-versioning-head-unknown-version", "rest-versioning-head-malformed-version-id",
		"rest-versioning-head-delete-marker", "rest-versioning-head-delete-marker-version",
	}

	contentMD5Checks = []string{
		"rest-object-put-malformed-md5", "rest-object-put-short-md5", "rest-object-put-empty-md5",
		"rest-object-put-md5-mismatch", "rest-multipart-upload-part-md5-mismatch",
	}

	getInvalidRangeChecks = []string{
		"rest-object-get-range-start-past-end", "rest-object-get-range-start-at-end",
		"rest-object-get-range-empty-object", "rest-object-get-range-suffix-zero",
	}
	partialContentChecks = []string{
		"rest-object-get-range-valid", "rest-object-get-range-clipped", "rest-object-get-range-suffix",
		"rest-object-head-range-valid",
	}

	noSuchUploadChecks = []string{
		"rest-multipart-upload-part-no-such-upload", "rest-multipart-list-parts-no-such-upload",
		"rest-multipart-complete-no-such-upload", "rest-multipart-abort-no-such-upload",
		"rest-multipart-upload-part-after-abort",
	}

	deleteMarkerVersionChecks = []string{"rest-versioning-get-delete-marker-version", "rest-versioning-head-delete-marker-version"}
)

func init() {
	// Objects.
	expect("key-length-unchecked", "rest-object-put-key-too-long", "rest-object-put-key-too-long-multibyte")
	expect("key-length-in-characters", "rest-object-put-key-too-long-multibyte")
	expect("metadata-size-unlimited", "rest-object-put-metadata-too-large", "rest-multipart-create-metadata-too-large")
	expect("storage-class-unchecked", "rest-object-put-invalid-storage-class")
	expect("archived-object-readable", "rest-object-get-archived")
	expect("object-md5-unchecked", contentMD5Checks...)
	expect("baddigest-as-invaliddigest", "rest-object-put-md5-mismatch", "rest-multipart-upload-part-md5-mismatch")
	expect("acl-missing-key-ok", "rest-object-get-acl-missing-key", "rest-object-put-acl-missing-key")
	expect("tagging-missing-key-ok", "rest-object-get-tagging-missing-key", "rest-object-put-tagging-missing-key")
	expect("object-tagging-nosuchtagset", "rest-object-get-tagging-untagged")
	expect("object-lock-unset-empty", "rest-object-lock-get-retention-unset", "rest-object-lock-get-legal-hold-unset")
	expect("object-lock-unlocked-bucket-not-found", "rest-object-lock-get-retention-unlocked-bucket", "rest-object-lock-get-legal-hold-unlocked-bucket")
	expect("tag-limits-unchecked", "rest-object-put-tagging-key-too-long", "rest-object-put-tagging-value-too-long")
	expect("tagging-malformed-xml-accepted", "rest-object-put-tagging-malformed-xml")
	expect("copy-onto-itself-allowed", "rest-object-copy-onto-itself")
	expect("copy-onto-itself-always-rejected", "rest-object-copy-onto-itself-replace")
	expect("copy-missing-source-key-as-nosuchbucket", "rest-object-copy-missing-source-key")
	expect("copy-missing-source-bucket-accessdenied", "rest-object-copy-missing-source-bucket")

	// Conditional requests.
	expect("precondition-ignored",
		"rest-object-get-if-match-failed", "rest-object-head-if-match-failed",
		"rest-object-get-if-unmodified-since-failed", "rest-object-head-if-unmodified-since-failed")
	expect("not-modified-ignored",
		"rest-object-get-if-none-match-not-modified", "rest-object-head-if-none-match-not-modified",
		"rest-object-get-if-modified-since-not-modified", "rest-object-get-if-none-match-overrides-if-modified-since")
	expect("unmodified-since-overrides-if-match", "rest-object-get-if-match-overrides-if-unmodified-since")
	expect("modified-since-overrides-if-none-match", "rest-object-get-if-none-match-overrides-if-modified-since")
	expect("precondition-no-condition-element",
		"rest-object-get-if-match-failed", "rest-object-get-if-unmodified-since-failed", "rest-object-put-if-match-failed")
	expect("conditional-write-ignored",
		"rest-object-put-if-none-match-exists", "rest-object-put-if-match-failed", "rest-object-put-if-match-missing-key")
	expect("copy-source-conditions-ignored", "rest-object-copy-source-if-match-failed")

	// Ranges.
	expect("invalidrange-status-400", append(append([]string(nil), getInvalidRangeChecks...), "rest-object-head-range-unsatisfiable")...)
	expect("invalidrange-no-elements", getInvalidRangeChecks...)
	expect("range-ignored", append(append(append([]string(nil), getInvalidRangeChecks...), partialContentChecks...), "rest-object-head-range-unsatisfiable")...)
	expect("range-past-end-unsatisfiable", "rest-object-get-range-clipped")
	expect("invalid-range-syntax-rejected",
		"rest-object-get-range-reversed-ignored", "rest-object-get-range-malformed-ignored", "rest-object-get-range-multiple-ignored")

	// Multipart.
	expect("nosuchupload-as-nosuchkey", noSuchUploadChecks...)
	expect("invalidpart-no-elements", "rest-multipart-complete-wrong-etag", "rest-multipart-complete-part-not-uploaded")
	expect("invalidpartorder-not-enforced", "rest-multipart-complete-parts-out-of-order")
	expect("entitytoosmall-not-enforced", "rest-multipart-complete-part-too-small")
	expect("entitytoosmall-on-last-part", "rest-multipart-complete-single-small-part")
	expect("complete-malformed-xml-accepted", "rest-multipart-complete-empty-body", "rest-multipart-complete-malformed-xml")
	expect("part-number-unchecked", "rest-multipart-upload-part-number-zero", "rest-multipart-upload-part-number-too-high")

	// Versioning. HEAD of an unknown version is 404 whatever the code, so
	// only the HEAD-error deviations show it failing.
	expect("nosuchversion-no-versionid-element", "rest-versioning-get-unknown-version")
	expect("unknown-version-as-nosuchkey", "rest-versioning-get-unknown-version")
	expect("malformed-version-id-as-nosuchversion",
		"rest-versioning-get-malformed-version-id", "rest-versioning-head-malformed-version-id",
		"rest-versioning-get-tagging-malformed-version-id")
	expect("delete-marker-no-header", append(append([]string(nil), deleteMarkerVersionChecks...),
		"rest-versioning-get-delete-marker", "rest-versioning-head-delete-marker", "rest-versioning-delete-creates-marker")...)
	expect("delete-marker-version-404", append(append([]string(nil), deleteMarkerVersionChecks...),
		"rest-versioning-put-tagging-delete-marker-version")...)
	expect("versioning-config-unchecked", "rest-versioning-put-invalid-status", "rest-versioning-put-malformed-xml")
	expect("versioning-empty-config-accepted", "rest-versioning-put-no-status")

	// Deviations of the REST family's file that reshape every error of a
	// code, or every HEAD error, fail these families' checks of it too.
	expectAlso("nosuchkey-status-403", noSuchKeyAllChecks...)
	expectAlso("nosuchkey-no-key-element", noSuchKeyKeyElementChecks...)
	expectAlso("nosuchkey-wrong-message", noSuchKeyBodyChecks...)
	expectAlso("nosuchkey-code-renamed", noSuchKeyBodyChecks...)
	expectAlso("nosuchkey-no-request-id-header", noSuchKeyAllChecks...)
	expectAlso("nosuchkey-request-id-mismatch", noSuchKeyBodyChecks...)
	expectAlso("nosuchkey-duplicate-request-id-header", noSuchKeyAllChecks...)
	expectAlso("nosuchkey-no-id2-header", noSuchKeyAllChecks...)
	expectAlso("nosuchkey-content-type-text", noSuchKeyBodyChecks...)
	expectAlso("nosuchbucket-no-bucketname-element", noSuchBucketBucketNameChecks...)
	expectAlso("head-error-body", objectHeadErrorChecks...)
	expectAlso("head-error-no-request-id", objectHeadErrorChecks...)
}
