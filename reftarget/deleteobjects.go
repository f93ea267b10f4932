package reftarget

import (
	"encoding/xml"
	"net/http"
	"strings"
)

// DeleteObjects (POST /bucket?delete): up to 1000 keys in one request,
// each deleted as DeleteObject would, each reported in the result.

// maxDeleteObjects is S3's limit on the keys of one DeleteObjects request
// (DeleteObjects API reference).
const maxDeleteObjects = 1000

// maxDeleteBody bounds the request body: 1000 keys of 1024 bytes, escaped,
// with their version IDs.
const maxDeleteBody = 8 << 20

func addDeleteObjectsOperations(add addOperation) {
	add(levelBucket, "delete", http.MethodPost, (*Server).deleteObjects)
}

type deleteRequest struct {
	XMLName xml.Name `xml:"Delete"`
	deleteEntries
}

// deleteEntries is a Delete document's content, whatever its root.
type deleteEntries struct {
	Quiet   bool
	Objects []struct {
		Key       *string
		VersionId string
	} `xml:"Object"`
}

type deleteResult struct {
	XMLName xml.Name `xml:"DeleteResult"`
	XMLNS   string   `xml:"xmlns,attr"`
	// Entries are <Deleted> and <Error> elements in request order.
	Entries []deleteEntry
}

type deleteEntry struct {
	XMLName               xml.Name
	Key                   string
	VersionId             string `xml:",omitempty"`
	DeleteMarker          bool   `xml:",omitempty"`
	DeleteMarkerVersionId string `xml:",omitempty"`
	Code                  string `xml:",omitempty"`
	Message               string `xml:",omitempty"`
}

func (s *Server) deleteObjects(q *restRequest) *s3Error {
	body, err := readBody(q.r, maxDeleteBody)
	if err != nil {
		return err
	}
	h := q.r.Header
	if h.Get("Content-Md5") == "" && !hasChecksumHeader(h) && !s.dev.has(devDeleteObjectsDigestOptional) {
		// AWS's answer quoted in aws/aws-sdk-cpp#91 (and aws/aws-cli#400);
		// since 2025 S3 takes an x-amz-checksum-* header instead.
		return newContextError("InvalidRequest", "Missing required header for this request: Content-MD5")
	}
	if err := checkContentMD5(h, body); err != nil {
		return err
	}
	if err := checkChecksums(h, body); err != nil {
		return err
	}
	var doc deleteRequest
	parseErr := xml.Unmarshal(body, &doc)
	// Over 1000 keys, no key, or a document that is not <Delete> does not
	// validate against S3's schema (ceph/s3-tests
	// test_multi_object_delete_key_limit: 400; andrewrk/node-s3-client#25:
	// a <Delete> naming no object).
	if (parseErr != nil || len(doc.Objects) == 0) && s.dev.has(devDeleteObjectsAnyDocument) {
		parseErr = xml.Unmarshal(body, &doc.deleteEntries)
	} else if parseErr != nil || len(doc.Objects) == 0 || len(doc.Objects) > maxDeleteObjects && !s.dev.has(devDeleteObjectsUnbounded) {
		return newError("MalformedXML")
	}
	if parseErr != nil {
		return newError("MalformedXML")
	}
	for _, o := range doc.Objects {
		if o.Key == nil {
			return newError("MalformedXML")
		}
	}
	if err := s.onBucket(q, false, func(*bucket) *s3Error { return nil }); err != nil {
		return err
	}
	result := deleteResult{XMLNS: s3XMLNS}
	for _, o := range doc.Objects {
		entry := s.deleteOne(q, *o.Key, o.VersionId)
		if doc.Quiet && entry.XMLName.Local == "Deleted" {
			continue
		}
		result.Entries = append(result.Entries, entry)
	}
	writeXML(q, result)
	return nil
}

// deleteOne deletes one key of a DeleteObjects request: a missing key is
// deleted successfully, as DeleteObject answers 204 for it.
func (s *Server) deleteOne(q *restRequest, key, versionID string) deleteEntry {
	failed := func(e *s3Error) deleteEntry {
		return deleteEntry{XMLName: xml.Name{Local: "Error"}, Key: key, VersionId: versionID, Code: e.code, Message: e.message}
	}
	deleted := deleteEntry{XMLName: xml.Name{Local: "Deleted"}, Key: key}
	if err := s.dev.checkKeyLength(key); err != nil {
		return failed(err)
	}
	if versionID != "" {
		if err := s.checkVersionID(versionID); err != nil {
			return failed(err)
		}
		v, found, err := s.store.deleteVersion(q.caller, q.bucket, key, versionID, bypassesGovernance(q.r.Header))
		if err != nil {
			return failed(err)
		}
		// A version that is not there is a per-key NoSuchVersion, in a
		// versioned bucket or not (LocalStack test_s3_api.snapshot.json
		// test_delete_objects and test_delete_objects_versioned, recorded
		// from AWS).
		if !found && versionID != nullVersion && !s.dev.has(devDeleteObjectsMissingVersionDeleted) {
			// The entry carries the error's elements, as the error body
			// would.
			e := s.dev.errNoSuchVersion(key, versionID)
			entry := failed(e)
			entry.VersionId = ""
			for _, d := range e.details {
				if d.name == "VersionId" {
					entry.VersionId = d.value
				}
			}
			return entry
		}
		deleted.VersionId = versionID
		if found && v.deleteMarker {
			deleted.DeleteMarker, deleted.DeleteMarkerVersionId = true, versionID
		}
		return deleted
	}
	if err := s.store.deleteObject(q.caller, q.bucket, key); err != nil {
		return failed(err)
	}
	if marker, ok := s.store.latestDeleteMarker(q.caller, q.bucket, key); ok {
		deleted.DeleteMarker, deleted.DeleteMarkerVersionId = true, marker.versionID
	}
	return deleted
}

// hasChecksumHeader reports an x-amz-checksum-ALGORITHM header.
func hasChecksumHeader(h http.Header) bool {
	for name := range h {
		if suffix, ok := strings.CutPrefix(strings.ToLower(name), "x-amz-checksum-"); ok && !checksumHeaderNotAlgorithm[suffix] {
			return true
		}
	}
	return false
}
