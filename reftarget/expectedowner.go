package reftarget

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
)

// The bucket owner condition (S3 User Guide, "Verifying bucket ownership
// with bucket owner condition"): x-amz-expected-bucket-owner names the AWS
// account that must own the bucket. A value that is no account ID is 400
// InvalidBucketOwnerAWSAccountID (versity/versitygw#1428 and PR 1585,
// grafana/loki#15382); another account is 403 AccessDenied
// (awsdocs/amazon-s3-userguide PR 5).

// accountID is the 12-digit AWS account ID of an identity.
func accountID(accessKey string) string {
	sum := sha256.Sum256([]byte("s3errconform-account:" + accessKey))
	return fmt.Sprintf("%012d", binary.BigEndian.Uint64(sum[:8])%1_000_000_000_000)
}

// checkExpectedOwner applies the bucket owner condition of a request.
func (s *Server) checkExpectedOwner(q *restRequest) *s3Error {
	expected, present := q.r.Header["X-Amz-Expected-Bucket-Owner"]
	if !present || q.bucket == "" || s.dev.has(devExpectedOwnerIgnored) {
		return nil
	}
	value := ""
	if len(expected) > 0 {
		value = expected[0]
	}
	if !isAccountID(value) {
		return newError("InvalidBucketOwnerAWSAccountID")
	}
	s.store.mu.RLock()
	defer s.store.mu.RUnlock()
	if b, ok := s.store.buckets[q.bucket]; ok && accountID(b.owner) != value {
		return errAccessDenied()
	}
	return nil
}

func isAccountID(v string) bool {
	if len(v) != 12 {
		return false
	}
	for _, c := range v {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
