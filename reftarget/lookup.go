package reftarget

import (
	"net/url"
	"slices"
)

// S3 authenticates a request, then looks up the bucket (may the caller use
// it?) and the key (and version) it names, and only then runs the
// operation. An operation this target does not implement therefore still
// answers those errors: NoSuchBucket, AccessDenied, NoSuchKey,
// NoSuchVersion; 501 NotImplemented is left for a request on a bucket and
// key that exist.

// notImplemented answers a request naming an operation this target does
// not implement, after the lookups S3 makes first.
func (s *Server) notImplemented(q *restRequest) *s3Error {
	if q.bucket == "" {
		return errNotImplemented()
	}
	if err := s.store.lookup(q.caller, q.bucket, q.key, q.r.URL.Query().Get("versionId"), q.r.Method); err != nil {
		// Every bucket-level operation not implemented here configures
		// the bucket (analytics, inventory, acceleration, ...).
		if err.code == "NoSuchBucket" && q.key == "" && s.dev.has(devConfigMissingBucketDenied) {
			return errAccessDenied()
		}
		return err
	}
	return errNotImplemented()
}

// lookup returns the error S3 answers before dispatching an operation on
// bucketName (and key, unless "", or its version versionID, unless ""):
// NoSuchBucket, AccessDenied, NoSuchKey or NoSuchVersion.
func (s *store) lookup(caller, bucketName, key, versionID, method string) *s3Error {
	if key == "" {
		s.mu.RLock()
		defer s.mu.RUnlock()
		_, err := s.ownedBucket(caller, bucketName)
		return err
	}
	_, err := s.findObject(caller, bucketName, key, versionID, method)
	return err
}

// findObject returns key, or its version versionID ("" for the current
// one), in a bucket the caller owns.
func (s *store) findObject(caller, bucketName, key, versionID, method string) (object, *s3Error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	b, err := s.ownedBucket(caller, bucketName)
	if err != nil {
		return object{}, err
	}
	return s.find(b, key, versionID, method)
}

// featureSubresources select the operations of S3's optional features;
// the feature-not-implemented deviations answer them 501 before the
// lookups, as a target lacking the feature might. torrent is one at the
// object level only: a bucket has no torrent (RequestTorrentOfBucketError).
var featureSubresources = []string{
	"accelerate", "analytics", "attributes", "intelligent-tiering", "inventory", "metrics",
	"policyStatus", "publicAccessBlock", "requestPayment", "restore", "select",
}

// featureNotImplementedFirst is where the feature-not-implemented
// deviations act: before the operation is dispatched, whether this target
// implements it or not. It consults a deviation only when a lookup fails,
// so that requests the lookups let through never reach one.
func (s *Server) featureNotImplementedFirst(q *restRequest, query url.Values) *s3Error {
	if q.bucket == "" || !namesFeature(q, query) {
		return nil
	}
	err := s.store.lookup(q.caller, q.bucket, q.key, query.Get("versionId"), q.r.Method)
	if err == nil {
		return nil
	}
	switch {
	case err.code == "NoSuchBucket" && s.dev.has(devFeatureNotImplementedBeforeBucket),
		err.code == "AccessDenied" && s.dev.has(devFeatureNotImplementedBeforeAccess),
		(err.code == "NoSuchKey" || err.code == "NoSuchVersion") && s.dev.has(devFeatureNotImplementedBeforeKey):
		return errNotImplemented()
	}
	return nil
}

func namesFeature(q *restRequest, query url.Values) bool {
	if q.key != "" && query.Has("torrent") {
		return true
	}
	return slices.ContainsFunc(featureSubresources, query.Has)
}
