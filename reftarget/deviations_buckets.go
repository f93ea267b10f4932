package reftarget

// The deviations of the bucket configuration, ACL, bucket creation, protocol
// and authentication families.
const (
	// Bucket configuration.
	devConfigMissingEmpty         = "bucket-config-missing-200"
	devSSEMissingTableStatus      = "sse-missing-table-status-400"
	devConfigNotFoundNoBucket     = "config-notfound-no-bucketname"
	devConfigAcceptMalformed      = "config-accept-malformed-xml"
	devPolicyNotValidated         = "policy-not-validated"
	devConfigMissingBucketDenied  = "config-missing-bucket-access-denied"
	devObjectLockAnyBucket        = "object-lock-config-any-bucket"
	devNotificationEmptyAccepted  = "notification-empty-body-accepted"
	devLoggingTargetUnchecked     = "logging-target-unchecked"
	devKeySubresourceIgnored      = "key-logging-served-as-object"
	devBucketTorrentUnsupported   = "bucket-torrent-not-implemented"
	devLifecycleRulesUnchecked    = "lifecycle-rules-unchecked"
	devLockRetentionUnchecked     = "object-lock-default-retention-unchecked"
	devPolicyNotPrincipalAccepted = "policy-allow-notprincipal-accepted"

	// DeleteObjects.
	devDeleteObjectsUnbounded      = "delete-objects-unbounded"
	devDeleteObjectsDigestOptional = "delete-objects-digest-optional"

	// ACLs.
	devACLCannedUnchecked  = "acl-canned-unchecked"
	devACLBodyUnchecked    = "acl-body-unchecked"
	devACLOwnershipIgnored = "acl-ownership-ignored"
	devACLNothingAccepted  = "acl-nothing-to-set-accepted"
	devACLTwoWaysAccepted  = "acl-set-two-ways-accepted"

	// Bucket creation.
	devLocationUnchecked = "location-constraint-unchecked"
	devBucketTakenAsOwn  = "bucket-exists-as-owned"

	// The bucket owner condition.
	devExpectedOwnerIgnored = "expected-bucket-owner-ignored"

	// HTTP protocol and listing parameters.
	devURINotValidated        = "uri-not-validated"
	devHeaderSizeUnlimited    = "header-size-unlimited"
	devChunkedAsMissingLength = "chunked-as-missing-length"
	devMissingLengthAccepted  = "missing-content-length-accepted"
	devExpectContinueRejected = "expect-continue-rejected"
	devMethodNotAllowedAs501  = "method-not-allowed-as-not-implemented"
	devListParamsUnchecked    = "list-params-unchecked"
	devIncompleteBodyStored   = "incomplete-body-stored"
	devStalledBodyIncomplete  = "stalled-body-incomplete"

	// Authentication headers.
	devAuthMalformedAsMismatch = "auth-malformed-as-signature-mismatch"
	devAuthSchemeAsMalformed   = "auth-scheme-as-malformed"
	devContentSHA256Unchecked  = "content-sha256-unchecked"
	devAmzDateAsMismatch       = "amz-date-as-signature-mismatch"
	devSecurityTokenIgnored    = "security-token-ignored"
	devExpiredTokenAsInvalid   = "expired-token-as-invalid"
	devBucketLimitUnenforced   = "bucket-limit-unenforced"

	// Presigned URLs.
	devPresignUnverified = "presign-unverified"

	// Signature Version 2.
	devSigV2Unverified = "sigv2-unverified"

	// POST uploads.
	devPostFormErrorsGeneric = "post-form-errors-generic"
	devPostPolicyUnchecked   = "post-policy-unchecked"
)

// postFormErrorCodes are the codes S3 answers an unusable POST form with;
// the other POST errors come from checking its policy.
const postFormErrorCodes = "MalformedPOSTRequest || InvalidArgument || PreconditionFailed || MaxPostPreDataLengthExceededError"

func bucketDeviations() []Deviation {
	return []Deviation{
		// Bucket configuration.
		{devConfigMissingEmpty, "GET of a bucket configuration that was never set answers 200 with an empty document instead of the not-found error.",
			fails("NoSuchBucketPolicy || NoSuchCORSConfiguration || NoSuchLifecycleConfiguration || NoSuchTagSet || " +
				"NoSuchWebsiteConfiguration || ObjectLockConfigurationNotFoundError || OwnershipControlsNotFoundError")},
		{devSSEMissingTableStatus, "GetBucketEncryption of a bucket without explicit encryption answers 400 ServerSideEncryptionConfigurationNotFoundError (the AWS table's status) instead of the SSE-S3 default.",
			fails("ServerSideEncryptionConfigurationNotFoundError")},
		{devConfigNotFoundNoBucket, "NoSuchTagSet, ObjectLockConfigurationNotFoundError and OwnershipControlsNotFoundError lack the <BucketName> element.",
			fails("NoSuchTagSet || ObjectLockConfigurationNotFoundError || OwnershipControlsNotFoundError")},
		// Versioning configurations have deviations of their own.
		{devConfigAcceptMalformed, "PUT of a bucket configuration accepts a body that is not well-formed XML or does not validate against S3's schema.",
			fails("MalformedXML && (/^PutBucket/ || PutPublicAccessBlock) && !versioning")},
		{devPolicyNotValidated, "PutBucketPolicy accepts any body, JSON or not, whatever resources it names.",
			fails("MalformedPolicy")},
		// Every bucket configuration operation, and DeleteObjects, which
		// looks the bucket up as they do; versioning's are served apart.
		{devConfigMissingBucketDenied, "Bucket configuration requests (and DeleteObjects) on a missing bucket answer 403 AccessDenied instead of 404 NoSuchBucket.",
			fails("rest && NoSuchBucket && (/^(Get|Put|Delete|List)Bucket./ || /ObjectLockConfiguration$/ || /PublicAccessBlock$/ || DeleteObjects) && !versioning")},
		{devObjectLockAnyBucket, "PutObjectLockConfiguration succeeds on a bucket without Object Lock whose versioning is not Enabled (never set, or suspended).",
			fails("PutObjectLockConfiguration && InvalidBucketState")},
		{devLifecycleRulesUnchecked, "PutBucketLifecycleConfiguration accepts rules S3 refuses: a rule ID used twice or over 255 characters, Expiration Days 0, an Expiration Date not at midnight UTC.",
			fails("PutBucketLifecycleConfiguration && InvalidArgument")},
		{devLockRetentionUnchecked, "PutObjectLockConfiguration accepts any DefaultRetention: Days with Years, a Mode other than GOVERNANCE or COMPLIANCE, a period of 0.",
			fails("PutObjectLockConfiguration && (MalformedXML || InvalidArgument)")},
		{devPolicyNotPrincipalAccepted, "PutBucketPolicy accepts a statement that Allows with NotPrincipal.",
			failsIDs("rest-bucket-put-policy-allow-not-principal")},
		{devNotificationEmptyAccepted, "PutBucketNotificationConfiguration with an empty body succeeds.",
			fails("MissingRequestBodyError")},
		{devLoggingTargetUnchecked, "PutBucketLogging accepts a target bucket that does not exist.",
			fails("InvalidTargetBucketForLogging")},
		{devKeySubresourceIgnored, "GET /bucket/key?logging is served as GetObject.",
			fails("NoLoggingStatusForKey")},
		{devBucketTorrentUnsupported, "GET /bucket?torrent answers 501 NotImplemented.",
			fails("RequestTorrentOfBucketError")},

		// ACLs.
		{devACLCannedUnchecked, "An unknown x-amz-acl value on CreateBucket or PutBucketAcl is accepted.",
			fails("acl && InvalidArgument")},
		{devACLBodyUnchecked, "PutBucketAcl accepts an AccessControlPolicy that does not validate.",
			fails("MalformedACLError")},
		{devACLOwnershipIgnored, "Bucket and object ACLs are accepted whatever the bucket's Object Ownership setting.",
			fails("InvalidBucketAclWithObjectOwnership || AccessControlListNotSupported")},
		{devACLNothingAccepted, "PutBucketAcl and PutObjectAcl with no ACL header and no body succeed instead of answering MissingSecurityHeader.",
			fails("MissingSecurityHeader")},
		{devACLTwoWaysAccepted, "PutBucketAcl and PutObjectAcl setting the ACL two ways at once (canned and grant headers, or a header and a body) succeed.",
			fails("acl && (UnexpectedContent || InvalidRequest)")},

		// DeleteObjects.
		{devDeleteObjectsUnbounded, "DeleteObjects deletes any number of keys, over 1000 too.",
			fails("DeleteObjects && MalformedXML").except("rest-delete-objects-not-delete-document", "rest-delete-objects-no-object")},
		{devDeleteObjectsDigestOptional, "DeleteObjects without Content-MD5 or an x-amz-checksum-* header succeeds.",
			fails("DeleteObjects && InvalidRequest")},

		// Bucket creation.
		{devLocationUnchecked, "CreateBucket accepts any LocationConstraint, whatever the region.",
			fails("InvalidLocationConstraint || IllegalLocationConstraintException")},
		{devBucketTakenAsOwn, "CreateBucket of a name another account owns answers 409 BucketAlreadyOwnedByYou instead of BucketAlreadyExists.",
			fails("BucketAlreadyExists")},

		// The bucket owner condition. Another account's ID is an AccessDenied
		// like any other.
		{devExpectedOwnerIgnored, "The x-amz-expected-bucket-owner header is ignored.",
			fails("InvalidBucketOwnerAWSAccountID").also("rest-bucket-expected-owner-other-account")},

		// HTTP protocol and listing parameters.
		{devURINotValidated, "A path that is not valid UTF-8 once decoded is served like any other.",
			fails("InvalidURI")},
		{devHeaderSizeUnlimited, "Requests with a header section over 8 KiB are served.",
			fails("RequestHeaderSectionTooLarge")},
		{devChunkedAsMissingLength, "A PUT with Transfer-Encoding: chunked answers 411 MissingContentLength instead of 501 NotImplemented.",
			fails("PutObject && NotImplemented").except("rest-object-put-if-none-match-etag")},
		{devMissingLengthAccepted, "PutObject without a Content-Length stores an empty object.",
			fails("MissingContentLength")},
		{devExpectContinueRejected, "Requests with Expect: 100-continue answer 417 Expectation Failed.",
			failsIDs("rest-protocol-expect-continue-missing-bucket", "rest-protocol-expect-continue-put-object")},
		// A delete marker's version answers 405 from the store, not from routing.
		{devMethodNotAllowedAs501, "A method a resource does not allow answers 501 NotImplemented instead of 405 MethodNotAllowed.",
			fails("MethodNotAllowed && !versioning")},
		// The auth checks send their broken header with a ListObjectsV2.
		{devListParamsUnchecked, "ListObjects ignores max-keys and encoding-type values it cannot use instead of answering InvalidArgument.",
			fails("(ListObjects || ListObjectsV2) && InvalidArgument").except("rest-auth-invalid-content-sha256", "rest-auth-unsupported-scheme")},
		{devIncompleteBodyStored, "PutObject stores a body that ends before its Content-Length as far as it got, instead of answering IncompleteBody.",
			fails("IncompleteBody")},
		{devStalledBodyIncomplete, "A request body that goes silent before its Content-Length is answered 400 IncompleteBody, as one that ended, instead of RequestTimeout.",
			fails("RequestTimeout")},

		// Authentication headers.
		{devAuthMalformedAsMismatch, "Malformed SigV4 Authorization headers (bad credential scope, missing component, wrong region) answer SignatureDoesNotMatch instead of AuthorizationHeaderMalformed.",
			fails("AuthorizationHeaderMalformed")},
		{devAuthSchemeAsMalformed, "An Authorization header of an unknown scheme answers AuthorizationHeaderMalformed instead of InvalidArgument.",
			failsIDs("rest-auth-unsupported-scheme")},
		{devContentSHA256Unchecked, "A missing or invalid x-amz-content-sha256 header is not rejected.",
			failsIDs("rest-auth-missing-content-sha256", "rest-auth-invalid-content-sha256")},
		{devAmzDateAsMismatch, "A SigV4 request without a valid X-Amz-Date answers SignatureDoesNotMatch instead of AccessDenied.",
			failsIDs("rest-auth-missing-amz-date", "rest-auth-invalid-amz-date")},
		{devSecurityTokenIgnored, "An x-amz-security-token header is ignored (so an expired session's keys are unknown ones).",
			fails("InvalidToken || ExpiredToken")},
		{devBucketLimitUnenforced, "CreateBucket never refuses an account for the number of buckets it has.",
			fails("TooManyBuckets")},
		{devExpiredTokenAsInvalid, "The token of an expired session is answered 400 InvalidToken, as one S3 never issued, instead of ExpiredToken.",
			fails("ExpiredToken")},

		// Presigned URLs.
		{devPresignUnverified, "Presigned (SigV4 query) requests are served as the access key they name, without checking signature, region, expiry or key.",
			fails("presign && !sigv2")},

		// Signature Version 2.
		{devSigV2Unverified, "SigV2 requests are served as the access key they name, without checking signature, date or expiry.",
			fails("sigv2")},

		// POST uploads.
		{devPostFormErrorsGeneric, "A POST upload whose form is unusable (not multipart, malformed, no key, no file, too many bytes before the file) answers 400 InvalidRequest.",
			fails("post-object && (" + postFormErrorCodes + ")")},
		{devPostPolicyUnchecked, "A POST upload is stored without checking its policy: signature, JSON, expiration, conditions and sizes.",
			fails("post-object && !(" + postFormErrorCodes + ")")},
	}
}

// The deviations of buckets in another region (regions.go).
const (
	devRegionBucketServedAnywhere   = "region-bucket-served-anywhere"
	devRegionRedirectAsNoSuchBucket = "region-redirect-as-no-such-bucket"
	devRegionRedirectNoRegionHeader = "region-redirect-without-bucket-region"
	devCrossRegionLoggingAccepted   = "logging-cross-region-accepted"
	devCrossRegionLoggingTableCode  = "logging-cross-region-table-spelling"
	devDeletedNameReusable          = "deleted-bucket-name-reusable-elsewhere"
)

func regionDeviations() []Deviation {
	return []Deviation{
		{devRegionBucketServedAnywhere, "Every region's endpoint serves every bucket: a request for a bucket of another region is answered as if it lived there, not 301 PermanentRedirect.",
			fails("PermanentRedirect")},
		{devRegionRedirectAsNoSuchBucket, "A request for a bucket of another region is answered 404 NoSuchBucket, as if each region had buckets of its own names, not 301 PermanentRedirect.",
			fails("PermanentRedirect")},
		{devRegionRedirectNoRegionHeader, "301 PermanentRedirect comes without the x-amz-bucket-region header naming the bucket's region.",
			fails("PermanentRedirect")},
		{devCrossRegionLoggingAccepted, "PutBucketLogging accepts a target bucket in another region than the source bucket.",
			fails("CrossLocationLoggingProhibited")},
		{devCrossRegionLoggingTableCode, "Cross-region logging is refused with the code spelled as AWS's table spells it, CrossLocationLoggingProhibited, not as AWS sends it (CrossLocationLoggingProhibitted).",
			fails("CrossLocationLoggingProhibited")},
		{devDeletedNameReusable, "The name of a bucket just deleted in one region can be created at once in another, not 409 OperationAborted.",
			fails("OperationAborted")},
	}
}
