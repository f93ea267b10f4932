package reftarget

// The deviations of the operations issue 12 added: UploadPartCopy,
// DeleteObjects' per-key results, RestoreObject, GetObjectAttributes,
// GetBucketPolicyStatus, and the Transfer Acceleration and Requester Pays
// configurations.
const (
	devPartCopyRangeUnchecked = "upload-part-copy-range-unchecked"

	devDeleteObjectsMissingVersionDeleted = "delete-objects-missing-version-deleted"
	devDeleteObjectsAnyDocument           = "delete-objects-any-document"

	devRestoreAnyStorageClass    = "restore-any-storage-class"
	devObjectAttributesUnchecked = "object-attributes-unchecked"

	devAccelerateDottedBucketAccepted = "accelerate-dotted-bucket-accepted"
)

func operationErrorDeviations() []Deviation {
	return []Deviation{
		{devPartCopyRangeUnchecked, "UploadPartCopy ignores x-amz-copy-source-range, malformed or past the end, and copies the whole source.",
			fails("UploadPartCopy && (InvalidArgument || InvalidRequest)")},

		{devDeleteObjectsMissingVersionDeleted, "DeleteObjects reports a version that does not exist as <Deleted> instead of a per-key NoSuchVersion <Error>.",
			fails("DeleteObjects && NoSuchVersion")},
		{devDeleteObjectsAnyDocument, "DeleteObjects takes any well-formed body: another root element (reading the <Object> entries it finds), or a <Delete> naming no object.",
			failsIDs("rest-delete-objects-not-delete-document", "rest-delete-objects-no-object")},

		{devRestoreAnyStorageClass, "RestoreObject of an object that is not archived answers 200 instead of 403 InvalidObjectState.",
			fails("RestoreObject && InvalidObjectState")},
		{devObjectAttributesUnchecked, "GetObjectAttributes ignores x-amz-object-attributes, missing or naming unknown attributes, and returns every attribute.",
			fails("GetObjectAttributes && (InvalidRequest || InvalidArgument)")},

		// An invalid setting is config-accept-malformed-xml's (deviations_buckets.go).
		{devAccelerateDottedBucketAccepted, "PutBucketAccelerateConfiguration succeeds on a bucket whose name has a period.",
			fails("PutBucketAccelerateConfiguration && InvalidRequest")},
	}
}
