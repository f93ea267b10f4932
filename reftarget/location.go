package reftarget

// Bucket creation outcomes of the bucket family: location constraints
// (store.go's checkLocationConstraint) and names another account owns.

// Deviations of the bucket creation family.
const (
	devLocationUnchecked = "location-constraint-unchecked"
	devBucketTakenAsOwn  = "bucket-exists-as-owned"
)

func init() {
	knownDeviations = append(knownDeviations,
		Deviation{devLocationUnchecked, "CreateBucket accepts any LocationConstraint, whatever the region."},
		Deviation{devBucketTakenAsOwn, "CreateBucket of a name another account owns answers 409 BucketAlreadyOwnedByYou instead of BucketAlreadyExists."},
	)
}

// errBucketTaken is S3's answer to creating a bucket another account
// owns: the bucket namespace is shared by all accounts.
func (s *store) errBucketTaken(name string) *s3Error {
	if s.dev.has(devBucketTakenAsOwn) {
		return newError("BucketAlreadyOwnedByYou", detail{"BucketName", name})
	}
	return newError("BucketAlreadyExists")
}
