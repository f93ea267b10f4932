package reftarget

import (
	"crypto/md5"
	"encoding/base64"
	"net/http"
)

// Server-side encryption headers of requests that write an object
// (PutObject, CreateMultipartUpload, UploadPart). Every object is stored
// as S3 stores one with the bucket's default SSE-S3 encryption, so
// x-amz-server-side-encryption: AES256 asks for what happens anyway.
// aws:kms on PutObject, CopyObject and CreateMultipartUpload is kms.go's.
// Dual-layer KMS and customer-provided keys (SSE-C) are not implemented: a
// well-formed request for them is refused naming the header. SSE-C headers are first
// validated as S3 does, so that a malformed request gets S3's answer.

const (
	hdrSSE            = "X-Amz-Server-Side-Encryption"
	hdrSSECAlgorithm  = "X-Amz-Server-Side-Encryption-Customer-Algorithm"
	hdrSSECKey        = "X-Amz-Server-Side-Encryption-Customer-Key"
	hdrSSECKeyMD5     = "X-Amz-Server-Side-Encryption-Customer-Key-Md5"
	sseArgumentHeader = "x-amz-server-side-encryption"
)

// sseCError is S3's InvalidArgument about SSE-C headers: AWS names
// x-amz-server-side-encryption as the argument whichever header is wrong.
func sseCError(message string) *s3Error {
	return newContextError("InvalidArgument", message, detail{"ArgumentName", sseArgumentHeader})
}

// checkEncryptionHeaders validates the encryption headers of a write. The
// messages are AWS's, recorded in LocalStack test_s3.snapshot.json
// TestS3SSECEncryption::test_put_object_validation_sse_c.
func checkEncryptionHeaders(h http.Header, dev deviationSet) *s3Error {
	if hasSSECHeader(h) {
		if sse, ok := h[hdrSSE]; ok {
			// put-obj-sse-c-both-encryption
			return newContextError("InvalidArgument",
				"Server Side Encryption with Customer provided key is incompatible with the encryption method specified",
				detail{"ArgumentName", sseArgumentHeader}, detail{"ArgumentValue", sse[0]})
		}
		alg := h.Get(hdrSSECAlgorithm)
		switch {
		case alg == "":
			// put-obj-sse-c-no-algo
			return sseCError("Requests specifying Server Side Encryption with Customer provided keys must provide a valid encryption algorithm.")
		case alg != "AES256" && dev.has(devSSECAlgorithmInvalidArgument):
			return newContextError("InvalidArgument", "The encryption algorithm is not valid.",
				detail{"ArgumentName", "x-amz-server-side-encryption-customer-algorithm"}, detail{"ArgumentValue", alg})
		case alg != "AES256":
			// put-obj-sse-c-wrong-algo
			e := newError("InvalidEncryptionAlgorithmError", detail{"ArgumentName", sseArgumentHeader}, detail{"ArgumentValue", alg})
			e.message = "The Encryption request you specified is not valid. Supported value: AES256."
			return e
		case h.Get(hdrSSECKey) == "":
			// put-obj-sse-c-no-key
			return sseCError("Requests specifying Server Side Encryption with Customer provided keys must provide an appropriate secret key.")
		}
		key, err := base64.StdEncoding.DecodeString(h.Get(hdrSSECKey))
		if err != nil || len(key) != 32 || h.Get(hdrSSECKeyMD5) == "" {
			// put-obj-sse-c-wrong-key-size, put-obj-sse-c-no-md5
			return sseCError("The secret key was invalid for the specified algorithm.")
		}
		if sum := md5.Sum(key); h.Get(hdrSSECKeyMD5) != base64.StdEncoding.EncodeToString(sum[:]) {
			// put-obj-sse-c-bad-md5
			return sseCError("The calculated MD5 hash of the key did not match the hash that was provided.")
		}
		return newError("NotImplemented", detail{"Header", "x-amz-server-side-encryption-customer-algorithm"})
	}
	if sse, ok := h[hdrSSE]; ok && sse[0] != "AES256" {
		// aws:kms:dsse, and aws:kms on writes kms.go does not serve.
		return newError("NotImplemented", detail{"Header", sseArgumentHeader})
	}
	return nil
}

// hasSSECHeader reports any of the SSE-C headers.
func hasSSECHeader(h http.Header) bool {
	for _, name := range []string{hdrSSECAlgorithm, hdrSSECKey, hdrSSECKeyMD5} {
		if _, ok := h[name]; ok {
			return true
		}
	}
	return false
}
