package reftarget

// The deviations of the object, tagging, Object Lock, copy, conditional,
// range, multipart and versioning families.
const (
	// Objects.
	devKeyLengthUnchecked           = "key-length-unchecked"
	devKeyLengthInCharacters        = "key-length-in-characters"
	devMetadataSizeUnlimited        = "metadata-size-unlimited"
	devStorageClassUnchecked        = "storage-class-unchecked"
	devArchivedObjectReadable       = "archived-object-readable"
	devRestoreRepeatAccepted        = "restore-repeat-accepted"
	devObjectMD5Unchecked           = "object-md5-unchecked"
	devBadDigestAsInvalidDigest     = "baddigest-as-invaliddigest"
	devConditionalWriteIgnored      = "conditional-write-ignored"
	devChecksumMismatchAccepted     = "checksum-mismatch-accepted"
	devSSECUnchecked                = "sse-c-headers-ignored"
	devSSECAlgorithmInvalidArgument = "sse-c-algorithm-invalid-argument"
	devWriteIfNoneMatchETagUsed     = "write-if-none-match-etag-evaluated"
	devPartNumberIgnored            = "get-part-number-ignored"

	// Object ACLs.
	devACLMissingKeyOK = "acl-missing-key-ok"

	// Object tagging.
	devTaggingMissingKeyOK       = "tagging-missing-key-ok"
	devObjectTaggingNoSuchTagSet = "object-tagging-nosuchtagset"
	devTagLimitsUnchecked        = "tag-limits-unchecked"
	devTaggingMalformedAccepted  = "tagging-malformed-xml-accepted"

	// Object Lock.
	devObjectLockUnsetEmpty          = "object-lock-unset-empty"
	devObjectLockUnlockedNotFound    = "object-lock-unlocked-bucket-not-found"
	devLockHeadersWithoutLockIgnored = "object-lock-headers-without-lock-ignored"
	devLockedVersioningSuspendable   = "object-lock-versioning-suspendable"
	devObjectLockWritesUnlockedOK    = "object-lock-writes-unlocked-bucket-accepted"
	devObjectLockBodiesUnchecked     = "object-lock-retention-legal-hold-unchecked"
	devObjectLockNotEnforced         = "object-lock-not-enforced"

	// CopyObject.
	devCopyOntoItselfAllowed         = "copy-onto-itself-allowed"
	devCopyOntoItselfAlwaysRejected  = "copy-onto-itself-always-rejected"
	devCopyMissingSourceKeyNoBucket  = "copy-missing-source-key-as-nosuchbucket"
	devCopyMissingSourceBucketDenied = "copy-missing-source-bucket-accessdenied"

	// Conditional requests.
	devPreconditionIgnored           = "precondition-ignored"
	devNotModifiedIgnored            = "not-modified-ignored"
	devUnmodifiedSinceOverridesMatch = "unmodified-since-overrides-if-match"
	devModifiedSinceOverridesNone    = "modified-since-overrides-if-none-match"
	devPreconditionNoCondition       = "precondition-no-condition-element"
	devCopySourceConditionsIgnored   = "copy-source-conditions-ignored"

	// Ranges.
	devInvalidRangeStatus400      = "invalidrange-status-400"
	devInvalidRangeNoElements     = "invalidrange-no-elements"
	devRangeIgnored               = "range-ignored"
	devRangePastEndUnsatisfiable  = "range-past-end-unsatisfiable"
	devInvalidRangeSyntaxRejected = "invalid-range-syntax-rejected"

	// Multipart uploads.
	devNoSuchUploadAsNoSuchKey     = "nosuchupload-as-nosuchkey"
	devInvalidPartNoElements       = "invalidpart-no-elements"
	devInvalidPartOrderNotEnforced = "invalidpartorder-not-enforced"
	devEntityTooSmallNotEnforced   = "entitytoosmall-not-enforced"
	devEntityTooSmallOnLastPart    = "entitytoosmall-on-last-part"
	devCompleteMalformedAccepted   = "complete-malformed-xml-accepted"
	devCompleteConditionsIgnored   = "complete-conditional-write-ignored"
	devNoSuchUploadNoUploadID      = "nosuchupload-no-uploadid-element"
	devPartNumberUnchecked         = "part-number-unchecked"

	// Versioning.
	devNoSuchVersionNoVersionID    = "nosuchversion-no-versionid-element"
	devUnknownVersionAsNoSuchKey   = "unknown-version-as-nosuchkey"
	devMalformedVersionIDAccepted  = "malformed-version-id-as-nosuchversion"
	devDeleteMarkerNoHeader        = "delete-marker-no-header"
	devDeleteMarkerVersionGettable = "delete-marker-version-404"
	devVersioningConfigUnchecked   = "versioning-config-unchecked"
	devVersioningEmptyAccepted     = "versioning-empty-config-accepted"
)

func objectDeviations() []Deviation {
	return []Deviation{
		// Objects.
		{devKeyLengthUnchecked, "Object keys of any length are accepted.",
			fails("KeyTooLongError")},
		{devKeyLengthInCharacters, "The 1024 limit on key length counts characters instead of UTF-8 bytes.",
			failsIDs("rest-object-put-key-too-long-multibyte")},
		{devMetadataSizeUnlimited, "User metadata of any size is accepted.",
			fails("MetadataTooLarge")},
		{devStorageClassUnchecked, "Any x-amz-storage-class value is accepted.",
			fails("InvalidStorageClass")},
		{devArchivedObjectReadable, "Objects in GLACIER and DEEP_ARCHIVE are readable without a restore.",
			fails("InvalidObjectState && !RestoreObject")},
		{devRestoreRepeatAccepted, "A RestoreObject of an archived object whose restore is in progress answers 202 again instead of 409 RestoreAlreadyInProgress.",
			fails("RestoreAlreadyInProgress")},
		// The x-amz-checksum-* checks have deviations of their own.
		{devObjectMD5Unchecked, "PutObject and UploadPart ignore the Content-MD5 header.",
			fails("(InvalidDigest || BadDigest) && !checksum")},
		{devBadDigestAsInvalidDigest, "A well-formed Content-MD5 that does not match the body answers InvalidDigest instead of BadDigest.",
			fails("BadDigest && !checksum")},
		{devChecksumMismatchAccepted, "PutObject and UploadPart store a body that does not match its x-amz-checksum-* header.",
			fails("checksum && BadDigest")},
		{devSSECUnchecked, "Object writes ignore the SSE-C headers (x-amz-server-side-encryption-customer-*), however they are combined, and store the object.",
			fails("sse-c")},
		{devSSECAlgorithmInvalidArgument, "An SSE-C algorithm other than AES256 is refused as 400 InvalidArgument naming x-amz-server-side-encryption-customer-algorithm instead of InvalidEncryptionAlgorithmError.",
			fails("InvalidEncryptionAlgorithmError")},
		// CompleteMultipartUpload's conditions have a deviation of their own.
		{devConditionalWriteIgnored, "PutObject ignores If-Match and If-None-Match.",
			fails("PutObject && (PreconditionFailed || NoSuchKey)").also("rest-object-put-if-none-match-etag")},
		{devWriteIfNoneMatchETagUsed, "PutObject and CompleteMultipartUpload evaluate If-None-Match with an ETag as GET does (412 when it is the current object's) instead of refusing the value with 501 NotImplemented.",
			failsIDs("rest-object-put-if-none-match-etag")},
		// The 416 check has no code to select it by (the catalog lacks InvalidPartNumber).
		{devPartNumberIgnored, "GetObject and HeadObject ignore partNumber and serve the whole object.",
			failsIDs("rest-object-get-part-number-too-high")},

		// Object ACLs.
		{devACLMissingKeyOK, "Get/PutObjectAcl of a missing key succeed as if it existed.",
			fails("acl && NoSuchKey")},

		// Object tagging.
		{devTaggingMissingKeyOK, "Get/PutObjectTagging of a missing key succeed (an empty tag set; the tags are dropped).",
			fails("tagging && NoSuchKey")},
		{devObjectTaggingNoSuchTagSet, "GetObjectTagging of an object without tags answers 404 NoSuchTagSet instead of an empty tag set.",
			failsIDs("rest-object-get-tagging-untagged")},
		// More than 10 tags is AWS's BadRequest, a code the catalog lacks.
		{devTagLimitsUnchecked, "Object tags of any length and number are accepted.",
			fails("InvalidTag").also("rest-object-put-tagging-too-many", "rest-object-put-header-too-many-tags")},
		{devTaggingMalformedAccepted, "PutObjectTagging takes a body that is not a Tagging document as an empty tag set.",
			fails("PutObjectTagging && MalformedXML")},

		// Object Lock.
		{devObjectLockUnsetEmpty, "GetObjectRetention and GetObjectLegalHold of an object without them answer 200 with an empty document instead of 404 NoSuchObjectLockConfiguration.",
			fails("NoSuchObjectLockConfiguration")},
		{devObjectLockUnlockedNotFound, "GetObjectRetention and GetObjectLegalHold in a bucket without Object Lock answer 404 NoSuchObjectLockConfiguration instead of 400 InvalidRequest.",
			fails("object-lock && InvalidRequest && (GetObjectRetention || GetObjectLegalHold)")},
		{devLockHeadersWithoutLockIgnored, "PutObject and CreateMultipartUpload ignore x-amz-object-lock-* headers in a bucket without Object Lock.",
			fails("PutObject && object-lock && InvalidRequest")},
		{devObjectLockWritesUnlockedOK, "PutObjectRetention and PutObjectLegalHold in a bucket without Object Lock succeed instead of answering 400 InvalidRequest.",
			fails("object-lock && InvalidRequest && (PutObjectRetention || PutObjectLegalHold)")},
		{devObjectLockBodiesUnchecked, "PutObjectRetention and PutObjectLegalHold accept any Mode or Status instead of answering 400 MalformedXML.",
			fails("(PutObjectRetention || PutObjectLegalHold) && MalformedXML")},
		{devObjectLockNotEnforced, "Object Lock protects nothing: versions under retention or a legal hold are deleted, and retention is shortened, without x-amz-bypass-governance-retention.",
			// The owner's own requests on locked versions, which need
			// versioning; the lock operations' anonymous and cross-account
			// AccessDenied checks are about who asks, not about locks.
			fails("object-lock && versioning && AccessDenied")},

		// CopyObject.
		{devCopyOntoItselfAllowed, "CopyObject of an object onto itself without changes succeeds.",
			fails("CopyObject && InvalidRequest")},
		{devCopyOntoItselfAlwaysRejected, "CopyObject of an object onto itself is rejected even with x-amz-metadata-directive: REPLACE.",
			failsIDs("rest-object-copy-onto-itself-replace")},
		{devCopyMissingSourceKeyNoBucket, "CopyObject from a missing source key answers 404 NoSuchBucket instead of NoSuchKey.",
			fails("CopyObject && NoSuchKey")},
		{devCopyMissingSourceBucketDenied, "CopyObject from a missing source bucket answers 403 AccessDenied instead of 404 NoSuchBucket.",
			failsIDs("rest-object-copy-missing-source-bucket", "soap-copy-object-missing-source-bucket")},

		// Conditional requests.
		{devPreconditionIgnored, "GET and HEAD ignore If-Match and If-Unmodified-Since.",
			fails("(GetObject || GetObjectExtended || HeadObject) && PreconditionFailed")},
		{devNotModifiedIgnored, "GET and HEAD ignore If-None-Match and If-Modified-Since.",
			fails("NotModified")},
		{devUnmodifiedSinceOverridesMatch, "A failed If-Unmodified-Since answers 412 even when If-Match holds.",
			failsIDs("rest-object-get-if-match-overrides-if-unmodified-since")},
		{devModifiedSinceOverridesNone, "With If-None-Match and If-Modified-Since both sent, only If-Modified-Since counts.",
			failsIDs("rest-object-get-if-none-match-overrides-if-modified-since")},
		// HEAD has no body; the PUT If-None-Match check requires no Condition element.
		{devPreconditionNoCondition, "PreconditionFailed error bodies lack the <Condition> element.",
			fails("(GetObject || PutObject || CompleteMultipartUpload || UploadPartCopy) && PreconditionFailed").except("rest-object-put-if-none-match-exists").
				also("rest-object-copy-source-if-none-match-failed")},
		{devCopySourceConditionsIgnored, "CopyObject and UploadPartCopy ignore the x-amz-copy-source-if-* headers.",
			fails("(CopyObject || UploadPartCopy) && PreconditionFailed")},

		// Ranges. SOAP faults have a status of their own, and the SOAP
		// check requires no Detail for InvalidRange.
		{devInvalidRangeStatus400, "InvalidRange errors are sent with HTTP 400 instead of 416.",
			fails("rest && InvalidRange")},
		{devInvalidRangeNoElements, "InvalidRange error bodies lack <RangeRequested> and <ActualObjectSize>.",
			fails("rest && InvalidRange && !HeadObject")},
		// The 206 checks have no code to select them by.
		{devRangeIgnored, "GET and HEAD ignore the Range header.",
			fails("InvalidRange").also("rest-object-get-range-valid", "rest-object-get-range-clipped", "rest-object-get-range-suffix",
				"rest-object-head-range-valid")},
		{devRangePastEndUnsatisfiable, "A range whose last byte lies past the end of the object answers 416 instead of being clipped.",
			failsIDs("rest-object-get-range-clipped")},
		{devInvalidRangeSyntaxRejected, "Range headers S3 ignores (malformed, reversed, several ranges) answer 416 InvalidRange.",
			failsIDs("rest-object-get-range-reversed-ignored", "rest-object-get-range-malformed-ignored", "rest-object-get-range-multiple-ignored")},

		// Multipart uploads.
		{devNoSuchUploadAsNoSuchKey, "Multipart calls with an unknown upload ID answer 404 NoSuchKey instead of NoSuchUpload.",
			fails("NoSuchUpload")},
		{devNoSuchUploadNoUploadID, "NoSuchUpload error bodies lack the <UploadId> element.",
			fails("NoSuchUpload")},
		{devInvalidPartNoElements, "InvalidPart error bodies lack <UploadId>, <PartNumber> and <ETag>.",
			fails("InvalidPart")},
		{devInvalidPartOrderNotEnforced, "CompleteMultipartUpload sorts a part list that is out of order instead of rejecting it.",
			fails("InvalidPartOrder")},
		{devEntityTooSmallNotEnforced, "CompleteMultipartUpload accepts parts under 5 MiB that are not the last.",
			fails("EntityTooSmall")},
		{devEntityTooSmallOnLastPart, "CompleteMultipartUpload rejects a last part under 5 MiB too.",
			failsIDs("rest-multipart-complete-single-small-part")},
		{devCompleteMalformedAccepted, "CompleteMultipartUpload takes an empty or malformed body as a list of every uploaded part.",
			Selector{Labels: "CompleteMultipartUpload && MalformedXML", Also: []string{"rest-multipart-complete-empty-body"}}},
		{devCompleteConditionsIgnored, "CompleteMultipartUpload ignores If-Match and If-None-Match.",
			fails("CompleteMultipartUpload && (PreconditionFailed || NoSuchKey || ConditionalRequestConflict)")},
		{devPartNumberUnchecked, "UploadPart accepts part numbers outside 1..10000.",
			fails("UploadPart && InvalidArgument")},

		// Versioning.
		{devNoSuchVersionNoVersionID, "NoSuchVersion error bodies lack the <VersionId> element.",
			fails("NoSuchVersion && !HeadObject")},
		// HEAD of an unknown version is 404 whatever the code.
		{devUnknownVersionAsNoSuchKey, "GET/HEAD of an unknown version of an object answer 404 NoSuchKey instead of NoSuchVersion.",
			fails("NoSuchVersion && !HeadObject").except("rest-delete-objects-missing-version")},
		{devMalformedVersionIDAccepted, "A malformed versionId is looked up like any other: 404 NoSuchVersion instead of 400 InvalidArgument.",
			fails("versioning && InvalidArgument")},
		{devDeleteMarkerNoHeader, "Responses about a delete marker lack the x-amz-delete-marker header.",
			fails("versioning && (GetObject || HeadObject) && (NoSuchKey || MethodNotAllowed)").also("rest-versioning-delete-creates-marker")},
		{devDeleteMarkerVersionGettable, "GET/HEAD/tagging of a delete marker's version ID answer 404 NoSuchKey instead of 405 MethodNotAllowed.",
			fails("versioning && MethodNotAllowed")},
		{devVersioningConfigUnchecked, "PutBucketVersioning accepts any body: a malformed one or an unknown <Status> leaves versioning as it was.",
			fails("PutBucketVersioning && MalformedXML")},
		{devLockedVersioningSuspendable, "PutBucketVersioning Suspended succeeds on an Object Lock bucket.",
			fails("PutBucketVersioning && InvalidBucketState")},
		{devVersioningEmptyAccepted, "PutBucketVersioning with a configuration naming no Status succeeds and changes nothing, instead of IllegalVersioningConfigurationException.",
			fails("IllegalVersioningConfigurationException")},
	}
}
