package reftarget

// The deviations of SSE-KMS writes (kms.go) and of the conflicting
// conditional CompleteMultipartUpload (conflict.go).
const (
	devKMSKeyIDUnchecked       = "kms-key-id-unchecked"
	devKMSNotFoundMessageARN   = "kms-not-found-message-names-arn"
	devKMSKeyStateIgnored      = "kms-key-state-ignored"
	devKMSDisabledMessageKeyID = "kms-disabled-message-names-key-id"
	devKMSKeyUsageIgnored      = "kms-key-usage-ignored"

	devCompleteConflictIgnored     = "complete-conflict-ignored"
	devCompleteConflictPrecondFail = "complete-conflict-as-precondition-failed"
)

func kmsDeviations() []Deviation {
	return []Deviation{
		{devKMSKeyIDUnchecked, "SSE-KMS writes naming a key that does not exist succeed, encrypting with the aws/s3 key, instead of 400 KMS.NotFoundException.",
			fails("KMS.NotFoundException")},
		{devKMSNotFoundMessageARN, "A KMS key ID that is no UUID is answered \"Key '<arn>' does not exist\", as for a UUID, instead of \"Invalid keyId '<id>'\".",
			fails("KMS.NotFoundException")},
		{devKMSKeyStateIgnored, "SSE-KMS writes with a disabled key or a key pending deletion succeed instead of 400 KMS.DisabledException or KMS.KMSInvalidStateException.",
			fails("KMS.DisabledException || KMS.KMSInvalidStateException")},
		{devKMSDisabledMessageKeyID, "KMS.DisabledException names the key by its ID instead of its ARN (\"<id> is disabled.\").",
			fails("KMS.DisabledException")},
		{devKMSKeyUsageIgnored, "SSE-KMS writes with a SIGN_VERIFY key succeed instead of 400 KMS.InvalidKeyUsageException.",
			fails("KMS.InvalidKeyUsageException")},

		{devCompleteConflictIgnored, "A conditional CompleteMultipartUpload whose key was written after the upload began succeeds when the condition holds, instead of 409 ConditionalRequestConflict.",
			fails("ConditionalRequestConflict")},
		{devCompleteConflictPrecondFail, "A conditional CompleteMultipartUpload whose key was written after the upload began is 412 PreconditionFailed instead of 409 ConditionalRequestConflict.",
			fails("ConditionalRequestConflict")},
	}
}
