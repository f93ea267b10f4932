package reftarget

// The deviations of the generic errors of every operation (issue 12): a
// target that decides it does not implement an optional feature's
// operation before looking up what the request names.
const (
	devFeatureNotImplementedBeforeBucket = "feature-not-implemented-before-bucket-lookup"
	devFeatureNotImplementedBeforeAccess = "feature-not-implemented-before-access-check"
	devFeatureNotImplementedBeforeKey    = "feature-not-implemented-before-key-lookup"
)

// featureLabels are the capabilities of the operations featureSubresources
// select (suites/rest/operations_table.go).
const featureLabels = "(accelerate || analytics || intelligent-tiering || inventory || metrics || object-attributes || " +
	"policy-status || public-access-block || request-payment || restore || select || torrent)"

func operationDeviations() []Deviation {
	return []Deviation{
		{devFeatureNotImplementedBeforeBucket, "Operations of optional features (analytics, inventory, metrics, Intelligent-Tiering, acceleration, " +
			"Requester Pays, Block Public Access, policy status, object attributes, restore, select, torrent) on a missing bucket answer " +
			"501 NotImplemented instead of 404 NoSuchBucket.",
			fails("NoSuchBucket && " + featureLabels)},
		{devFeatureNotImplementedBeforeAccess, "Operations of optional features on a bucket the caller may not use answer 501 NotImplemented instead of 403 AccessDenied.",
			fails("AccessDenied && " + featureLabels)},
		{devFeatureNotImplementedBeforeKey, "Object operations of optional features (object attributes, restore, select, torrent) on a missing key answer 501 NotImplemented instead of 404 NoSuchKey.",
			fails("NoSuchKey && " + featureLabels)},
	}
}
