package reftarget

import (
	"encoding/xml"
	"net/http"
)

// RestoreObject (POST /bucket/key?restore): only objects in an archive
// storage class can be restored. The target's restores never finish: the
// first request for an object version answers 202 and marks it restoring,
// a repeat 409 RestoreAlreadyInProgress, as S3 answers while it restores.
// S3's answer for a restored object (200) is never given.

func addRestoreOperations(add addOperation) {
	add(levelObject, "restore", http.MethodPost, (*Server).restoreObject)
}

// restoreNotArchived is AWS's message for restoring an object that is not
// archived (getmoto/moto#4670 and s3tools/s3cmd#1375 quote it, 403).
const restoreNotArchived = "Restore is not allowed for the object's current storage class"

type restoreRequest struct {
	XMLName xml.Name `xml:"RestoreRequest"`
	Days    int
}

// objectOf returns the object a request names, or its versionId's version.
func (s *Server) objectOf(q *restRequest) (object, *s3Error) {
	query := q.r.URL.Query()
	id := query.Get("versionId")
	if query.Has("versionId") {
		if err := s.checkVersionID(id); err != nil {
			return object{}, err
		}
	}
	return s.store.objectVersion(q.caller, q.bucket, q.key, id, q.r.Method)
}

func (s *Server) restoreObject(q *restRequest) *s3Error {
	body, err := readBody(q.r, maxConfigSize)
	if err != nil {
		return err
	}
	obj, err := s.objectOf(q)
	if err != nil {
		return err
	}
	if !archived(obj) {
		if s.dev.has(devRestoreAnyStorageClass) {
			q.w.WriteHeader(http.StatusOK) // S3's answer for an object already readable
			return nil
		}
		// The code's catalog text is GetObject's; AWS words restores so.
		e := newError("InvalidObjectState")
		e.message = restoreNotArchived
		return e
	}
	var req restoreRequest
	if xml.Unmarshal(body, &req) != nil || req.Days < 1 {
		return newError("MalformedXML")
	}
	if err := s.store.updateVersion(q.caller, q.bucket, q.key, obj.versionID, q.r.Method, func(v *object) *s3Error {
		if v.restoring && !s.dev.has(devRestoreRepeatAccepted) {
			return newError("RestoreAlreadyInProgress")
		}
		v.restoring = true
		return nil
	}); err != nil {
		return err
	}
	q.w.WriteHeader(http.StatusAccepted)
	return nil
}
