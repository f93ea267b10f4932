package reftarget

// Bucket creation outcomes of the bucket family: location constraints
// (store.go's checkLocationConstraint) and names another account owns.

// errBucketTaken is S3's answer to creating a bucket another account
// owns: the bucket namespace is shared by all accounts.
func (s *store) errBucketTaken(name string) *s3Error {
	if s.dev.has(devBucketTakenAsOwn) {
		return newError("BucketAlreadyOwnedByYou", detail{"BucketName", name})
	}
	return newError("BucketAlreadyExists")
}
