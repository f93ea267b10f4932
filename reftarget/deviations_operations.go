package reftarget

// The deviations of the operations issue 12 added: UploadPartCopy,
// DeleteObjects' per-key results, RestoreObject, GetObjectAttributes,
// GetBucketPolicyStatus, and the Transfer Acceleration and Requester Pays
// configurations.
const (
	devPartCopyRangeUnchecked = "upload-part-copy-range-unchecked"
)

func operationDeviations() []Deviation {
	return []Deviation{
		{devPartCopyRangeUnchecked, "UploadPartCopy ignores x-amz-copy-source-range, malformed or past the end, and copies the whole source.",
			fails("UploadPartCopy && (InvalidArgument || InvalidRequest)")},
	}
}
