package judge

import (
	"testing"

	"github.com/s3errconform/s3errconform/harness/targets"
)

func TestHaveS3ErrorSaying(t *testing.T) {
	const recorded = "Invalid keyId 'x'"
	m := HaveS3ErrorSaying("KMS.NotFoundException", recorded)
	if r := errorResponse(400, "KMS.NotFoundException", recorded, "", nil); !mustMatch(t, m, r) {
		t.Fatalf("the recorded answer is rejected: %v", verdictsOf(r))
	}
	other := errorResponse(400, "KMS.NotFoundException", "Key 'x' does not exist", "", nil)
	if mustMatch(t, HaveS3ErrorSaying("KMS.NotFoundException", recorded), other) {
		t.Fatal("the strict profile accepts another message than the recorded one")
	}
	other.Profile = targets.ProfileCompatible
	if !mustMatch(t, HaveS3ErrorSaying("KMS.NotFoundException", recorded), other) {
		t.Fatalf("the compatible profile judges the message: %v", verdictsOf(other))
	}
	if mustMatch(t, HaveS3ErrorSaying("KMS.NotFoundException", recorded), errorResponse(404, "KMS.NotFoundException", recorded, "", nil)) {
		t.Fatal("the status is not judged")
	}
	const conflict = "The conditional request cannot succeed due to a conflicting operation against this resource."
	if mustMatch(t, HaveS3ErrorSaying("ConditionalRequestConflict", conflict, Element("Condition", "If-Match")), errorResponse(409, "ConditionalRequestConflict", conflict, "", nil)) {
		t.Fatal("the elements are not judged")
	}
}
