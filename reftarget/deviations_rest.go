package reftarget

// The deviations of the first REST checks: error shapes and headers that every
// family's checks of that code show, bucket basics and authentication.
const (
	devNoSuchKeyStatus403            = "nosuchkey-status-403"
	devNoSuchKeyNoKeyElement         = "nosuchkey-no-key-element"
	devNoSuchKeyWrongMessage         = "nosuchkey-wrong-message"
	devNoSuchKeyCodeRenamed          = "nosuchkey-code-renamed"
	devNoSuchKeyNoRequestIDHeader    = "nosuchkey-no-request-id-header"
	devNoSuchKeyRequestIDMismatch    = "nosuchkey-request-id-mismatch"
	devNoSuchKeyDuplicateRequestID   = "nosuchkey-duplicate-request-id-header"
	devNoSuchKeyNoID2Header          = "nosuchkey-no-id2-header"
	devNoSuchKeyNoHostID             = "nosuchkey-no-hostid-element"
	devNoSuchKeyContentTypeText      = "nosuchkey-content-type-text"
	devNoSuchBucketNoBucketName      = "nosuchbucket-no-bucketname-element"
	devNoSuchBucketAsNoSuchKey       = "nosuchbucket-as-nosuchkey"
	devHeadErrorBody                 = "head-error-body"
	devHeadErrorNoRequestID          = "head-error-no-request-id"
	devDeleteMissingKey404           = "delete-missing-key-404"
	devDeleteNonEmptyBucket          = "delete-nonempty-bucket"
	devBucketNotEmptyStatus400       = "bucketnotempty-status-400"
	devAcceptInvalidBucketNames      = "accept-invalid-bucket-names"
	devBucketAlreadyOwnedOK          = "bucket-already-owned-ok"
	devAllowAnonymous                = "allow-anonymous"
	devIgnoreSignature               = "ignore-signature"
	devUnknownKeyAsSignatureMismatch = "unknown-key-as-signature-mismatch"
	devAccessDeniedStatus401         = "accessdenied-status-401"
	devIgnoreClockSkew               = "ignore-clock-skew"
	devSignatureProvidedExpected     = "signature-provided-is-expected"
)

func restDeviations() []Deviation {
	return []Deviation{
		// SOAP faults have a status of their own.
		{devNoSuchKeyStatus403, "NoSuchKey errors are sent with HTTP 403 instead of 404.",
			fails("rest && NoSuchKey")},
		// HEAD has no body; the PUT If-Match check requires no Key element.
		{devNoSuchKeyNoKeyElement, "NoSuchKey error bodies lack the <Key> element.",
			fails("NoSuchKey && !HeadObject").except("rest-object-put-if-match-missing-key")},
		{devNoSuchKeyWrongMessage, `NoSuchKey errors say "Object not found".`,
			fails("NoSuchKey && !HeadObject")},
		{devNoSuchKeyCodeRenamed, "NoSuchKey errors carry <Code>NotFound</Code>.",
			fails("NoSuchKey && !HeadObject")},
		{devNoSuchKeyNoRequestIDHeader, "NoSuchKey responses lack the x-amz-request-id header (the body's RequestId stays).",
			fails("rest && NoSuchKey")},
		{devNoSuchKeyRequestIDMismatch, "NoSuchKey bodies carry a RequestId different from the x-amz-request-id header.",
			fails("rest && NoSuchKey && !HeadObject")},
		{devNoSuchKeyDuplicateRequestID, "NoSuchKey responses carry the x-amz-request-id header twice.",
			fails("rest && NoSuchKey")},
		{devNoSuchKeyNoID2Header, "NoSuchKey responses lack the x-amz-id-2 header.",
			fails("rest && NoSuchKey")},
		// Every captured AWS error body has HostId (REST.md §2): strict
		// requires it, as the sweep's profile.
		{devNoSuchKeyNoHostID, "NoSuchKey error bodies lack the <HostId> element (the x-amz-id-2 header stays).",
			fails("rest && NoSuchKey && !HeadObject")},
		{devNoSuchKeyContentTypeText, "NoSuchKey errors are sent as Content-Type: text/plain.",
			fails("rest && NoSuchKey && !HeadObject")},
		{devNoSuchBucketNoBucketName, "NoSuchBucket error bodies lack the <BucketName> element.",
			fails("NoSuchBucket && !(HeadObject || HeadBucket)")},
		// Not HEAD: with no body, a 404 NoSuchKey and a 404 NoSuchBucket look the same.
		{devNoSuchBucketAsNoSuchKey, "Object operations on a missing bucket answer NoSuchKey (404) instead of NoSuchBucket.",
			fails("NoSuchBucket && (GetObject || GetObjectExtended || PutObject || PutObjectInline || DeleteObject || " +
				"GetObjectAccessControlPolicy || SetObjectAccessControlPolicy)")},
		// A 304 and a 206 are no errors.
		{devHeadErrorBody, "HEAD errors carry the XML error body.",
			fails("HeadObject || HeadBucket").except("rest-object-head-if-none-match-not-modified", "rest-object-head-range-valid")},
		// A 304 and a 206 are no errors.
		{devHeadErrorNoRequestID, "HEAD errors lack the x-amz-request-id header.",
			fails("HeadObject || HeadBucket").except("rest-object-head-if-none-match-not-modified", "rest-object-head-range-valid")},
		{devDeleteMissingKey404, "DeleteObject of a missing key answers 404 NoSuchKey instead of 204 (and DeleteObjects reports the key as a NoSuchKey error).",
			failsIDs("rest-delete-object-missing-key", "rest-delete-objects-missing-key-deleted")},
		{devDeleteNonEmptyBucket, "DeleteBucket of a non-empty bucket deletes it and its objects (204).",
			fails("BucketNotEmpty")},
		{devBucketNotEmptyStatus400, "BucketNotEmpty errors are sent with HTTP 400 instead of 409.",
			fails("rest && BucketNotEmpty")},
		{devAcceptInvalidBucketNames, "CreateBucket accepts any bucket name.",
			fails("InvalidBucketName")},
		{devBucketAlreadyOwnedOK, "CreateBucket of a bucket the caller owns answers 200 in every region.",
			fails("BucketAlreadyOwnedByYou")},
		// No label says a request is anonymous: the AccessDenied checks of
		// every kind of request that carries credentials are left out (the
		// owner's on locked versions among them), and ListObjectsV2's,
		// which are mostly about its signing headers.
		{devAllowAnonymous, "Anonymous requests are served as if made by the bucket owner (ListBuckets: an empty list).",
			fails("AccessDenied && !(second-identity || presign || sigv2 || post-object || ListObjectsV2 || (object-lock && versioning))").also("rest-anonymous-list-objects-private")},
		{devIgnoreSignature, "Any signature from a known access key is accepted.",
			fails("SignatureDoesNotMatch && !(presign || sigv2 || post-object)")},
		{devUnknownKeyAsSignatureMismatch, "Unknown access keys answer SignatureDoesNotMatch instead of InvalidAccessKeyId.",
			fails("InvalidAccessKeyId && !presign")},
		{devAccessDeniedStatus401, "AccessDenied errors are sent with HTTP 401 instead of 403.",
			fails("rest && AccessDenied")},
		{devIgnoreClockSkew, "Requests signed any time away from the server's clock are accepted.",
			fails("RequestTimeTooSkewed && !sigv2")},
		// The checks that judge <SignatureProvided>: no label tells them
		// from SignatureDoesNotMatch checks of HEAD, presigned URLs or forms.
		{devSignatureProvidedExpected, "SignatureDoesNotMatch bodies of SigV4 and SigV2 requests carry, as <SignatureProvided>, the signature the server expected: a valid signature for the request.",
			failsIDs("rest-wrong-secret-get-object", "rest-sigv2-wrong-secret-list-buckets", "rest-sigv2-wrong-secret-get-object")},
	}
}
