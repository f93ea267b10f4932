package reftarget

import "net/http"

// Object Lock on objects. This target keeps no retention and no legal hold,
// so every object in an Object Lock bucket has neither, and reading them
// answers as S3 does for such an object.

func init() {
	registerOperation(levelObject, "retention", http.MethodGet, (*Server).getObjectRetention)
	registerOperation(levelObject, "legal-hold", http.MethodGet, (*Server).getObjectLegalHold)
}

func (s *Server) getObjectRetention(q *restRequest) *s3Error {
	return s.readObjectLock(q, "Retention")
}

func (s *Server) getObjectLegalHold(q *restRequest) *s3Error {
	return s.readObjectLock(q, "LegalHold")
}

// readObjectLock answers a read of an object's retention or legal hold,
// whose document's root is root.
func (s *Server) readObjectLock(q *restRequest, root string) *s3Error {
	locked, err := s.store.objectLockEnabled(q.caller, q.bucket)
	if err != nil {
		return err
	}
	if !locked && !s.dev.has(devObjectLockUnlockedNotFound) {
		// AWS's wording, recorded by LocalStack's S3 snapshot tests and
		// quoted in versitygw#883.
		e := newError("InvalidRequest")
		e.message = "Bucket is missing Object Lock Configuration"
		return e
	}
	if _, err := s.store.getObject(q.caller, q.bucket, q.key); err != nil {
		return err
	}
	if s.dev.has(devObjectLockUnsetEmpty) {
		q.w.Header().Set("Content-Type", "application/xml")
		q.w.WriteHeader(http.StatusOK)
		q.w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?>` + "\n<" + root + ` xmlns="` + s3XMLNS + `"/>`))
		return nil
	}
	e := newError("NoSuchObjectLockConfiguration")
	// The wire text differs from AWS's table ("an ObjectLock
	// configuration."): LocalStack's snapshots recorded from AWS.
	e.message = "The specified object does not have a ObjectLock configuration"
	return e
}

// objectLockEnabled tells whether a bucket the caller owns was created with
// Object Lock or had it turned on.
func (s *store) objectLockEnabled(caller, bucketName string) (bool, *s3Error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	b, err := s.ownedBucket(caller, bucketName)
	if err != nil {
		return false, err
	}
	return b.cfg != nil && b.cfg.lockEnabled, nil
}
