package reftarget

import "sync/atomic"

// writeSerial numbers the writes of objects (bucket.put), so that a
// multipart upload can tell whether its key was written since it began.
var writeSerial atomic.Uint64

// keyState is what a key held at a moment: whether an object, and which
// write made it.
type keyState struct {
	exists  bool
	written uint64
}

func keyStateOf(current object, exists bool) keyState {
	if !exists {
		return keyState{}
	}
	return keyState{exists: true, written: current.written}
}

// conflict is S3's answer to a conditional CompleteMultipartUpload whose
// key was written or deleted after the upload began: 409
// ConditionalRequestConflict naming the condition and the key, even when
// the condition holds and the object written has the same body (LocalStack
// tests/aws/services/s3/test_s3_api.snapshot.json, recorded from AWS,
// TestS3ObjectWritePrecondition::test_multipart_if_match_with_put_identical,
// complete-multipart-if-match-put-during; test_multipart_if_match_with_put;
// test_multipart_if_match_with_delete; test_multipart_if_none_match_with_delete).
// The conditions themselves are judged first: a failing one is 412 or 404.
func (c writeConditions) conflict(began, now keyState, key string) *s3Error {
	if !c.hasIfMatch && !c.hasIfNoneMatch || began == now || c.dev.has(devCompleteConflictIgnored) {
		return nil
	}
	condition := "If-Match"
	if !c.hasIfMatch {
		condition = "If-None-Match"
	}
	if c.dev.has(devCompleteConflictPrecondFail) {
		return c.dev.errPreconditionFailed(condition)
	}
	// The catalog has only the table's description; this is the wire text.
	return newContextError("ConditionalRequestConflict", "The conditional request cannot succeed due to a conflicting operation against this resource.",
		detail{"Condition", condition}, detail{"Key", key})
}
