package reftarget

import (
	"encoding/xml"
	"net/http"
	"strings"
	"time"
)

// Object Lock on objects. An object keeps the retention and legal hold its
// PutObject or CreateMultipartUpload headers set; PutObjectRetention and
// PutObjectLegalHold are not implemented, and neither is enforcement: the
// target does not refuse to delete a version under retention.

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
	obj, err := s.store.findObject(q.caller, q.bucket, q.key, q.r.URL.Query().Get("versionId"), q.r.Method) // lookup.go
	if err != nil {
		return err
	}
	switch {
	case root == "Retention" && obj.lock.mode != "":
		writeXML(q, retentionDocument{XMLNS: s3XMLNS, Mode: obj.lock.mode, RetainUntilDate: obj.lock.retainUntil.Format("2006-01-02T15:04:05.000Z")})
		return nil
	case root == "LegalHold" && obj.lock.legalHold != "":
		writeXML(q, legalHoldDocument{XMLNS: s3XMLNS, Status: obj.lock.legalHold})
		return nil
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

// objectLock is an object version's retention and legal hold, as set by
// the x-amz-object-lock-* headers of the request that wrote it.
type objectLock struct {
	// mode is GOVERNANCE or COMPLIANCE; "" without retention.
	mode string
	// retainUntil is the retain-until date as RFC 3339 in UTC.
	retainUntil time.Time
	// legalHold is ON or OFF; "" when never set.
	legalHold string
}

const (
	hdrLockMode      = "X-Amz-Object-Lock-Mode"
	hdrLockUntil     = "X-Amz-Object-Lock-Retain-Until-Date"
	hdrLockLegalHold = "X-Amz-Object-Lock-Legal-Hold"
)

// lockHeaderSent names the first Object Lock header of a request, if any.
func lockHeaderSent(h http.Header) (string, bool) {
	for _, name := range []string{hdrLockMode, hdrLockUntil, hdrLockLegalHold} {
		if _, ok := h[name]; ok {
			return strings.ToLower(name), true
		}
	}
	return "", false
}

// lockHeaders reads the Object Lock headers of PutObject and
// CreateMultipartUpload: refused in a bucket without Object Lock, checked
// and kept in one with it.
func (s *Server) lockHeaders(q *restRequest) (objectLock, *s3Error) {
	h := q.r.Header
	if _, ok := lockHeaderSent(h); !ok {
		return objectLock{}, nil
	}
	locked, err := s.store.objectLockEnabled(q.caller, q.bucket)
	if err != nil {
		return objectLock{}, err
	}
	if !locked && s.dev.has(devLockHeadersWithoutLockIgnored) {
		return objectLock{}, nil
	}
	if !locked {
		// AWS words it without spaces for these operations, unlike the
		// retention calls (versity/versitygw#1751, quoting AWS).
		return objectLock{}, newContextError("InvalidRequest", "Bucket is missing ObjectLockConfiguration")
	}
	var lock objectLock
	_, hasMode := h[hdrLockMode]
	_, hasUntil := h[hdrLockUntil]
	// LocalStack test_s3.snapshot.json test_s3_object_lock_mode_validation
	// (put-obj-locked-error-no-retain-date, -no-mode, -bad-value), recorded
	// from AWS.
	const both = "x-amz-object-lock-retain-until-date and x-amz-object-lock-mode must both be supplied"
	switch {
	case hasMode && !hasUntil:
		return objectLock{}, newContextError("InvalidArgument", both, detail{"ArgumentName", "x-amz-object-lock-retain-until-date"})
	case hasUntil && !hasMode:
		return objectLock{}, newContextError("InvalidArgument", both, detail{"ArgumentName", "x-amz-object-lock-mode"})
	case hasMode:
		lock.mode = h.Get(hdrLockMode)
		if lock.mode != "GOVERNANCE" && lock.mode != "COMPLIANCE" {
			return objectLock{}, newContextError("InvalidArgument", "Unknown wormMode directive.",
				detail{"ArgumentName", "x-amz-object-lock-mode"}, detail{"ArgumentValue", lock.mode})
		}
		until, perr := time.Parse(time.RFC3339, h.Get(hdrLockUntil))
		if perr != nil || !until.After(time.Now()) {
			// AWS's answer to a past date in PutObjectRetention
			// (LocalStack test_s3_object_retention_exc,
			// update-retention-past-date); no recorded answer for an
			// unparseable one, which is no future date either.
			return objectLock{}, errInvalidArgument("The retain until date must be in the future!", "x-amz-object-lock-retain-until-date", h.Get(hdrLockUntil))
		}
		lock.retainUntil = until.UTC()
	}
	if hold, ok := h[hdrLockLegalHold]; ok {
		lock.legalHold = hold[0]
		if lock.legalHold != "ON" && lock.legalHold != "OFF" {
			// AWS's wording (catalog note on InvalidArgument).
			return objectLock{}, newContextError("InvalidArgument", "Legal Hold must be either of 'ON' or 'OFF'",
				detail{"ArgumentName", "x-amz-object-lock-legal-hold"}, detail{"ArgumentValue", lock.legalHold})
		}
	}
	return lock, nil
}

type retentionDocument struct {
	XMLName         xml.Name `xml:"Retention"`
	XMLNS           string   `xml:"xmlns,attr"`
	Mode            string
	RetainUntilDate string
}

type legalHoldDocument struct {
	XMLName xml.Name `xml:"LegalHold"`
	XMLNS   string   `xml:"xmlns,attr"`
	Status  string
}
