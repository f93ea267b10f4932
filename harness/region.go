package harness

import (
	"fmt"
	"net/http"

	"github.com/s3errconform/s3errconform/harness/targets"
	"github.com/s3errconform/s3errconform/harness/wire"
)

// The buckets of another region: checks with the "other-region"
// capability create them through the target's other_region endpoint,
// signed for that region, and the tracker deletes them there.

// otherRegionTarget is target as seen through its other region's endpoint:
// the same identities, TLS and timeout, that region's endpoint and signing
// region.
func otherRegionTarget(target *targets.Target) *targets.Target {
	other := *target
	other.Endpoint, other.Region = target.OtherRegion.Endpoint, target.OtherRegion.Region
	return &other
}

// ConfiguredOtherRegion is the target's other_region: its name and
// endpoint. Checks using it need the "other-region" capability.
func (t *T) ConfiguredOtherRegion() targets.OtherRegion { return t.Target().OtherRegion }

// otherSetup is the retrying client of the other region's endpoint,
// recording into the check's transcript; the check fails as a setup error
// when the target has none (a check that forgot its capability).
func (t *T) otherSetup() *wire.Client {
	if t.env.otherClient == nil {
		t.fail(fmt.Sprintf("check %s uses the other region, but target %q configures no other_region: declare the \"other-region\" capability", t.Check.ID, t.Target().Name), 2)
		return nil
	}
	return t.env.otherClient.RecordingTo(t.transcript).Retrying()
}

// NewBucketInOtherRegion creates a bucket of the run in the other region,
// through that region's endpoint with its LocationConstraint, and returns
// its name; it is deleted there when the check ends.
func (t *T) NewBucketInOtherRegion() string {
	client := t.otherSetup()
	name := t.UniqueBucketName()
	// Tracked before it is asked for, as NewBucketWith does.
	t.tracker.BucketVia(name, client)
	t.setupThrough(client, "setup in region "+t.ConfiguredOtherRegion().Region, wire.Request{Method: http.MethodPut, Bucket: name, Body: CreateBucketConfiguration(t.ConfiguredOtherRegion().Region)}, http.StatusOK)
	return name
}

// DeleteBucketInOtherRegion deletes an empty bucket of the other region
// through that region's endpoint, as setup.
func (t *T) DeleteBucketInOtherRegion(name string) {
	t.setupThrough(t.otherSetup(), "setup in region "+t.ConfiguredOtherRegion().Region, wire.Request{Method: http.MethodDelete, Bucket: name}, http.StatusNoContent)
}
