package reftarget

import (
	"encoding/hex"
	"net/http"
	"strings"
)

// The rules of SigV4 header authentication beyond the signature itself:
// the scheme, the date, the payload hash and the session token, answered
// as AWS answers them.

// checkAuthorizationScheme answers an Authorization header that is neither
// SigV4 nor SigV2: InvalidArgument "Unsupported Authorization Type" naming
// the header (versitygw#1512, ng-file-upload#615, both quoting AWS).
func (s *Server) checkAuthorizationScheme(header string) *s3Error {
	if strings.HasPrefix(header, sigV4Algorithm+" ") {
		return nil
	}
	if s.dev.has(devAuthSchemeAsMalformed) {
		return newContextError("AuthorizationHeaderMalformed",
			"The authorization header is malformed; the authorization mechanism must be "+sigV4Algorithm+".")
	}
	return errInvalidArgument("Unsupported Authorization Type", "Authorization", header)
}

// malformed passes an AuthorizationHeaderMalformed error through, or
// reshapes it as the deviation wants.
func (s *Server) malformed(e *s3Error) *s3Error {
	if e != nil && e.code == "AuthorizationHeaderMalformed" && s.dev.has(devAuthMalformedAsMismatch) {
		return newError("SignatureDoesNotMatch")
	}
	return e
}

// errNoValidDate is AWS's answer to an authenticated request without a
// usable Date or x-amz-date (hubrick/vertx-s3-client#5, aws-sdk-js#120).
func errNoValidDate() *s3Error {
	return newContextError("AccessDenied", "AWS authentication requires a valid Date or x-amz-date header")
}

// noValidAmzDate answers a SigV4 request whose X-Amz-Date is missing or
// not in the ISO 8601 basic format.
func (s *Server) noValidAmzDate() *s3Error {
	if s.dev.has(devAmzDateAsMismatch) {
		return newError("SignatureDoesNotMatch")
	}
	return errNoValidDate()
}

// payloadHashes are the x-amz-content-sha256 values other than a hex
// SHA-256 that S3 knows.
var payloadHashes = map[string]bool{
	"UNSIGNED-PAYLOAD": true, "STREAMING-UNSIGNED-PAYLOAD-TRAILER": true,
	"STREAMING-AWS4-HMAC-SHA256-PAYLOAD": true, "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER": true,
	"STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD": true, "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER": true,
}

// checkPayloadHash validates x-amz-content-sha256 and returns the value to
// sign with. A missing header is InvalidRequest (avi-wish/aws4-signature-php
// PR 1 quotes AWS); a value that is no hash is InvalidArgument naming it
// (versitygw#1352).
func (s *Server) checkPayloadHash(value string) (string, *s3Error) {
	if s.dev.has(devContentSHA256Unchecked) {
		if value == "" {
			return emptySHA256, nil
		}
		return value, nil
	}
	if value == "" {
		return "", newContextError("InvalidRequest", "Missing required header for this request: x-amz-content-sha256")
	}
	if _, err := hex.DecodeString(value); (err != nil || len(value) != 64) && !payloadHashes[value] {
		return "", errInvalidArgument("x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, "+
			"STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD, "+
			"STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER or a valid sha256 value.", "x-amz-content-sha256", value)
	}
	return value, nil
}

// emptySHA256 is the hex SHA-256 of an empty payload.
const emptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

// checkSessionToken: the only temporary credentials this target knows are
// the expired session it may be started with, whose token gets
// ExpiredToken echoing it as Token-0 (mountpoint-s3's
// parse_400_expired_token, craftcms/aws-s3#182). Any other token is one S3
// cannot resolve: InvalidToken (cloudyr/aws.s3#315).
func (s *Server) checkSessionToken(r *http.Request, accessKey string) *s3Error {
	token := r.Header.Get("X-Amz-Security-Token")
	if token == "" || s.dev.has(devSecurityTokenIgnored) {
		return nil
	}
	if e := s.expiredSession; e != nil && accessKey == e.AccessKey && token == e.Token && !s.dev.has(devExpiredTokenAsInvalid) {
		return newError("ExpiredToken", detail{"Token-0", token})
	}
	return newError("InvalidToken")
}
