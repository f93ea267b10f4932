package reftarget

import (
	"net/http"
	"regexp"
	"strings"
)

// A minimal KMS for SSE-KMS writes (PutObject, CopyObject,
// CreateMultipartUpload with x-amz-server-side-encryption: aws:kms). It
// holds the account's AWS managed key aws/s3, used when a write names no
// key, and the keys Options.KMSKeys declares in states S3 refuses to
// encrypt with. Every key lives in the server's region and in one account,
// KMSAccount, whoever writes. Objects are not really encrypted: a write
// that S3 would encrypt succeeds and is answered with the SSE-KMS headers
// naming the key's ARN (reads do not repeat them). S3 passes KMS's errors
// on with a "KMS." prefix, status 400; the messages are AWS's, recorded in
// LocalStack tests/aws/services/s3/test_s3.snapshot.json (recorded from AWS
// on 2026-02-21), TestS3::test_s3_sse_validate_kms_key and
// test_s3_sse_validate_kms_key_state. aws:kms:dsse is not implemented
// (501, sse.go).

// KMSAccount is the account of the reference target's KMS keys.
const KMSAccount = "111122223333"

// kmsDefaultKeyID is the ID of the account's aws/s3 key.
const kmsDefaultKeyID = "53ec0000-0000-4000-8000-000000000000"

const (
	hdrKMSKeyID   = "X-Amz-Server-Side-Encryption-Aws-Kms-Key-Id"
	sseKMS        = "aws:kms"
	kmsKeyIDLower = "x-amz-server-side-encryption-aws-kms-key-id"
)

// KMSKeys are the IDs (UUIDs) of the server's keys in states S3 refuses to
// encrypt with; an empty ID declares no such key.
type KMSKeys struct {
	// Disabled is a disabled key: KMS.DisabledException.
	Disabled string
	// PendingDeletion is a key scheduled for deletion:
	// KMS.KMSInvalidStateException.
	PendingDeletion string
	// SignVerify is a key whose usage is SIGN_VERIFY, which cannot
	// encrypt: KMS.InvalidKeyUsageException.
	SignVerify string
}

// DefaultKMSKeys are the keys the suite's reference targets declare.
func DefaultKMSKeys() KMSKeys {
	return KMSKeys{
		Disabled:        "53ec0000-0000-4000-8000-d15ab1ed0000",
		PendingDeletion: "53ec0000-0000-4000-8000-de1e7ed00000",
		SignVerify:      "53ec0000-0000-4000-8000-519e00000000",
	}
}

// KMSKeys returns the keys the server was started with (Options.KMSKeys).
func (s *Server) KMSKeys() KMSKeys { return s.kmsKeys }

// KMSKeyARN is the ARN of the server's key id ("" for "").
func (s *Server) KMSKeyARN(id string) string {
	if id == "" {
		return ""
	}
	return kmsARN(s.region, id)
}

func kmsARN(region, id string) string {
	return "arn:aws:kms:" + region + ":" + KMSAccount + ":key/" + id
}

var (
	kmsUUID   = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	kmsKeyARN = regexp.MustCompile(`^arn:aws:kms:([a-z0-9-]+):([0-9]{12}):key/(.+)$`)
)

// isKMSWrite reports a write that asks for SSE-KMS: PutObject, CopyObject
// or CreateMultipartUpload with x-amz-server-side-encryption: aws:kms and
// no SSE-C header (that combination is sse.go's InvalidArgument).
func isKMSWrite(r *http.Request, key string) bool {
	if key == "" || r.Header.Get(hdrSSE) != sseKMS || hasSSECHeader(r.Header) {
		return false
	}
	query := r.URL.Query()
	switch r.Method {
	case http.MethodPut:
		// PutObject or CopyObject: no subresource (SDKs may add x-id).
		return !namesSubresource(query) && !query.Has("partNumber")
	case http.MethodPost:
		return query.Has("uploads")
	}
	return false
}

// kmsNotFound is KMS.NotFoundException with message.
func kmsNotFound(message string) *s3Error {
	return newContextError("KMS.NotFoundException", message)
}

// checkKMSWrite resolves the key a SSE-KMS write names, the account's
// aws/s3 key when it names none, and refuses a key S3 cannot encrypt
// with. It returns the key's ARN for the response headers.
func (s *Server) checkKMSWrite(h http.Header) (string, *s3Error) {
	id := h.Get(hdrKMSKeyID)
	switch {
	case id == "", id == "alias/aws/s3", id == "arn:aws:kms:"+s.region+":"+KMSAccount+":alias/aws/s3":
		return kmsARN(s.region, kmsDefaultKeyID), nil
	case s.dev.has(devKMSKeyIDUnchecked):
		// Any other key is taken for the aws/s3 key, after its state.
		arn, err := s.checkKMSKeyState(s.kmsKeyID(id))
		if err != nil || arn != "" {
			return arn, err
		}
		return kmsARN(s.region, kmsDefaultKeyID), nil
	}
	if m := kmsKeyARN.FindStringSubmatch(id); m != nil {
		// put-obj-different-region-kms-key
		if m[1] != s.region {
			return "", kmsNotFound("Invalid arn " + m[1])
		}
		if m[2] != KMSAccount || !kmsUUID.MatchString(m[3]) {
			return "", kmsNotFound("Key '" + id + "' does not exist")
		}
		id = m[3]
	} else if !kmsUUID.MatchString(id) {
		if s.dev.has(devKMSNotFoundMessageARN) {
			return "", kmsNotFound("Key '" + kmsARN(s.region, id) + "' does not exist")
		}
		// put-obj-wrong-kms-key, create-multipart-wrong-kms-key,
		// copy-obj-wrong-kms-key
		return "", kmsNotFound("Invalid keyId '" + id + "'")
	}
	id = strings.ToLower(id)
	if id == kmsDefaultKeyID {
		return kmsARN(s.region, id), nil
	}
	arn, err := s.checkKMSKeyState(id)
	if err != nil || arn != "" {
		return arn, err
	}
	// put-obj-wrong-kms-key-real-uuid, put-obj-wrong-kms-key-real-uuid-arn:
	// the ARN in the bucket's region, however the key was named.
	return "", kmsNotFound("Key '" + kmsARN(s.region, id) + "' does not exist")
}

// kmsKeyID is the key ID an id or key ARN names.
func (s *Server) kmsKeyID(id string) string {
	if m := kmsKeyARN.FindStringSubmatch(id); m != nil {
		return m[3]
	}
	return id
}

// checkKMSKeyState answers for the keys of Options.KMSKeys: their error,
// or, when a deviation lets them encrypt, their ARN; ("", nil) for any
// other key.
func (s *Server) checkKMSKeyState(id string) (string, *s3Error) {
	arn := kmsARN(s.region, id)
	switch {
	case id == "":
		return "", nil
	case id == s.kmsKeys.Disabled:
		if s.dev.has(devKMSKeyStateIgnored) {
			return arn, nil
		}
		if s.dev.has(devKMSDisabledMessageKeyID) {
			return "", newContextError("KMS.DisabledException", id+" is disabled.")
		}
		// put-obj-disabled-key, get-obj-disabled-key
		return "", newContextError("KMS.DisabledException", arn+" is disabled.")
	case id == s.kmsKeys.PendingDeletion:
		if s.dev.has(devKMSKeyStateIgnored) {
			return arn, nil
		}
		// get-obj-pending-deletion-key; not recorded for a write, which
		// LocalStack's validate_kms_key_id answers the same way.
		return "", newContextError("KMS.KMSInvalidStateException", arn+" is pending deletion.")
	case id == s.kmsKeys.SignVerify:
		if s.dev.has(devKMSKeyUsageIgnored) {
			return arn, nil
		}
		// No S3 answer is recorded: KMS's own wording for GenerateDataKey
		// (KMS API reference; LocalStack test_kms.snapshot.json
		// test_error_messaging_for_invalid_keys words it for Encrypt).
		return "", newContextError("KMS.InvalidKeyUsageException", arn+" key usage is SIGN_VERIFY which is not valid for GenerateDataKey.")
	}
	return "", nil
}

// setSSEKMSHeaders answers a SSE-KMS write that succeeded as S3 does.
func (q *restRequest) setSSEKMSHeaders() {
	if q.kmsKeyARN != "" {
		q.w.Header().Set(hdrSSE, sseKMS)
		q.w.Header().Set(hdrKMSKeyID, q.kmsKeyARN)
	}
}
