package reftarget

import (
	"crypto/rand"
	"encoding/xml"
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"
)

// Bucket versioning states, as PutBucketVersioning spells them.
const (
	versioningEnabled   = "Enabled"
	versioningSuspended = "Suspended"
	// nullVersion is the version ID of objects written while versioning was
	// never enabled or is suspended.
	nullVersion = "null"
)

func addVersioningOperations(add addOperation) {
	add(levelBucket, "versioning", http.MethodGet, (*Server).getBucketVersioning)
	add(levelBucket, "versioning", http.MethodPut, (*Server).putBucketVersioning)
	add(levelBucket, "versions", http.MethodGet, (*Server).listObjectVersions)
	add(levelObject, "versionId", http.MethodGet, (*Server).getObjectVersion)
	add(levelObject, "versionId", http.MethodHead, (*Server).getObjectVersion)
	add(levelObject, "versionId", http.MethodDelete, (*Server).deleteObjectVersion)
}

// versionIDAlphabet is the alphabet of the version IDs S3 hands out
// (32 characters, e.g. "L1.k_KfY55TAt7PpJLRTJ_iOkp6bp8D3").
const versionIDAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._"

func newVersionID() string {
	var b [32]byte
	rand.Read(b[:])
	for i := range b {
		b[i] = versionIDAlphabet[int(b[i])%len(versionIDAlphabet)]
	}
	return string(b[:])
}

// wellFormedVersionID approximates which version IDs S3 looks up rather
// than rejects with InvalidArgument. From AWS answers: "null", S3's own
// 32-character IDs and 26-character ULIDs are looked up (NoSuchVersion when
// unknown); "dsf", "test_file" and "nonexistent-version-id-12345" are
// rejected.
func wellFormedVersionID(id string) bool {
	if id == nullVersion {
		return true
	}
	if len(id) < 20 || len(id) > 64 {
		return false
	}
	for i := 0; i < len(id); i++ {
		if !strings.ContainsRune(versionIDAlphabet, rune(id[i])) {
			return false
		}
	}
	return true
}

// errInvalidVersionID is S3's answer to a versionId it cannot parse.
func errInvalidVersionID(id string) *s3Error {
	if id == "" {
		return errInvalidArgument("Version id cannot be the empty string", "versionId", "")
	}
	return errInvalidArgument("Invalid version id specified", "versionId", id)
}

func (d deviationSet) errNoSuchVersion(key, id string) *s3Error {
	if d.has(devNoSuchVersionNoVersionID) {
		return newError("NoSuchVersion", detail{"Key", key})
	}
	return newError("NoSuchVersion", detail{"Key", key}, detail{"VersionId", id})
}

// checkVersionID validates the versionId query parameter of a request that
// has one.
func (s *Server) checkVersionID(id string) *s3Error {
	if !wellFormedVersionID(id) && !(s.dev.has(devMalformedVersionIDAccepted) && id != "") {
		return errInvalidVersionID(id)
	}
	return nil
}

// empty reports whether the bucket holds no object and no version.
func (b *bucket) empty() bool { return len(b.objects) == 0 && len(b.versions) == 0 }

// history returns the versions of key, oldest first, turning the object of
// a never-versioned key into its "null" version.
func (b *bucket) history(key string) []object {
	if h, ok := b.versions[key]; ok {
		return h
	}
	if obj, ok := b.objects[key]; ok && b.versioning != "" {
		obj.versionID = nullVersion
		return []object{obj}
	}
	return nil
}

// setHistory stores the versions of key and makes the newest the current
// object, or none when it is a delete marker.
func (b *bucket) setHistory(key string, h []object) {
	if b.versions == nil {
		b.versions = map[string][]object{}
	}
	if len(h) == 0 {
		delete(b.versions, key)
		delete(b.objects, key)
		return
	}
	b.versions[key] = h
	if latest := h[len(h)-1]; latest.deleteMarker {
		delete(b.objects, key)
	} else {
		b.objects[key] = latest
	}
}

// put stores obj as the newest version of its key and returns it with its
// version ID.
func (b *bucket) put(obj object) object {
	obj.written = writeSerial.Add(1) // conflict.go
	switch b.versioning {
	case "":
		b.objects[obj.key] = obj
		return obj
	case versioningEnabled:
		obj.versionID = newVersionID()
	default:
		obj.versionID = nullVersion
	}
	h := b.history(obj.key)
	if obj.versionID == nullVersion {
		h = slices.DeleteFunc(slices.Clone(h), func(v object) bool { return v.versionID == nullVersion })
	}
	b.setHistory(obj.key, append(slices.Clone(h), obj))
	return obj
}

// remove is DeleteObject without a version ID: in a versioned bucket it
// adds a delete marker and returns it.
func (b *bucket) remove(key string) (marker object, created bool) {
	if b.versioning == "" {
		delete(b.objects, key)
		return object{}, false
	}
	marker = object{key: key, deleteMarker: true, lastModified: time.Now().UTC().Truncate(time.Second), versionID: newVersionID()}
	h := b.history(key)
	if b.versioning == versioningSuspended {
		marker.versionID = nullVersion
		h = slices.DeleteFunc(slices.Clone(h), func(v object) bool { return v.versionID == nullVersion })
	}
	b.setHistory(key, append(slices.Clone(h), marker))
	return marker, true
}

// version finds a version of key; in a never-versioned bucket the current
// object is version "null".
func (b *bucket) version(key, id string) (object, bool) {
	if b.versioning == "" && len(b.versions) == 0 {
		obj, ok := b.objects[key]
		if ok && id == nullVersion {
			obj.versionID = nullVersion
			return obj, true
		}
		return object{}, false
	}
	for _, v := range b.history(key) {
		if v.versionID == id {
			return v, true
		}
	}
	return object{}, false
}

// latest is the newest version of key, delete markers included.
func (b *bucket) latest(key string) (object, bool) {
	h := b.history(key)
	if len(h) == 0 {
		return object{}, false
	}
	return h[len(h)-1], true
}

// noSuchKey is the NoSuchKey of a GET or HEAD of key in b: when the key's
// newest version is a delete marker, S3 says so in headers. s.mu must be
// held.
func (s *store) noSuchKey(b *bucket, key string) *s3Error {
	e := errNoSuchKey(key)
	if latest, ok := b.latest(key); ok && latest.deleteMarker {
		e.header = s.dev.deleteMarkerHeader(latest)
	}
	return e
}

// deleteMarkerHeader holds the headers S3 sends about a delete marker.
func (d deviationSet) deleteMarkerHeader(marker object) http.Header {
	h := http.Header{"X-Amz-Version-Id": {marker.versionID}}
	if !d.has(devDeleteMarkerNoHeader) {
		h.Set("X-Amz-Delete-Marker", "true")
	}
	return h
}

// errDeleteMarkerVersion is S3's answer to a request naming a delete
// marker's version ID with any method but DELETE (AWS GetObject reference:
// 405 Method Not Allowed and the Last-Modified header).
func (d deviationSet) errDeleteMarkerVersion(method string, marker object) *s3Error {
	e := newError("MethodNotAllowed", detail{"Method", method}, detail{"ResourceType", "DeleteMarker"})
	e.header = d.deleteMarkerHeader(marker)
	e.header.Set("Allow", http.MethodDelete)
	e.header.Set("Last-Modified", marker.lastModified.Format(http.TimeFormat))
	return e
}

// objectVersion returns the version of key that a request with versionId
// names: NoSuchVersion when there is none, MethodNotAllowed for a delete
// marker (405 for any method but DELETE).
func (s *store) objectVersion(caller, bucketName, key, id, method string) (object, *s3Error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	b, err := s.ownedBucket(caller, bucketName)
	if err != nil {
		return object{}, err
	}
	return s.find(b, key, id, method)
}

func (s *store) setVersioning(caller, bucketName, status string) *s3Error {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, err := s.ownedBucket(caller, bucketName)
	if err != nil {
		return err
	}
	if status != "" {
		b.versioning = status
	}
	return nil
}

func (s *store) versioningStatus(caller, bucketName string) (string, *s3Error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	b, err := s.ownedBucket(caller, bucketName)
	if err != nil {
		return "", err
	}
	return b.versioning, nil
}

// allVersions lists every version of every key, by key, newest first.
func (s *store) allVersions(caller, bucketName, prefix string) ([]object, *s3Error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	b, err := s.ownedBucket(caller, bucketName)
	if err != nil {
		return nil, err
	}
	keys := map[string]bool{}
	for k := range b.objects {
		keys[k] = true
	}
	for k := range b.versions {
		keys[k] = true
	}
	var out []object
	for _, key := range slices.Sorted(maps.Keys(keys)) {
		if !strings.HasPrefix(key, prefix) {
			continue
		}
		h := b.history(key)
		if len(h) == 0 {
			obj := b.objects[key]
			obj.versionID = nullVersion
			h = []object{obj}
		}
		for i := len(h) - 1; i >= 0; i-- {
			out = append(out, h[i])
		}
	}
	return out, nil
}

// deleteVersion deletes one version of key unless its Object Lock protects
// it (bypass is x-amz-bypass-governance-retention); deleting a version that
// does not exist succeeds, as DeleteObject does.
func (s *store) deleteVersion(caller, bucketName, key, id string, bypass bool) (object, bool, *s3Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, err := s.ownedBucket(caller, bucketName)
	if err != nil {
		return object{}, false, err
	}
	if b.versioning == "" && len(b.versions) == 0 {
		obj, ok := b.objects[key]
		if ok && id == nullVersion {
			delete(b.objects, key)
			obj.versionID = nullVersion
			return obj, true, nil
		}
		return object{}, false, nil
	}
	h := slices.Clone(b.history(key))
	for i, v := range h {
		if v.versionID == id {
			if err := s.dev.deletable(v, bypass); err != nil { // objectlock.go
				return object{}, false, err
			}
			b.setHistory(key, slices.Delete(h, i, i+1))
			return v, true, nil
		}
	}
	return object{}, false, nil
}

// latestDeleteMarker returns the delete marker that is the newest version
// of key, if it is one.
func (s *store) latestDeleteMarker(caller, bucketName, key string) (object, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	b, err := s.ownedBucket(caller, bucketName)
	if err != nil {
		return object{}, false
	}
	latest, ok := b.latest(key)
	return latest, ok && latest.deleteMarker
}

// setDeleteMarkerHeaders adds the headers S3 sends about a delete marker.
func (s *Server) setDeleteMarkerHeaders(h http.Header, marker object) {
	maps.Copy(h, s.dev.deleteMarkerHeader(marker))
}

type versioningConfiguration struct {
	XMLName   xml.Name `xml:"VersioningConfiguration"`
	XMLNS     string   `xml:"xmlns,attr,omitempty"`
	Status    string   `xml:",omitempty"`
	MfaDelete string   `xml:",omitempty"`
}

func (s *Server) getBucketVersioning(q *restRequest) *s3Error {
	status, err := s.store.versioningStatus(q.caller, q.bucket)
	if err != nil {
		return err
	}
	writeXML(q, versioningConfiguration{XMLNS: s3XMLNS, Status: status})
	return nil
}

// putBucketVersioning accepts Status Enabled or Suspended; anything else,
// or a body that is not a VersioningConfiguration, is MalformedXML (AWS
// answers Status=suspend with MalformedXML: noobaa/noobaa-core#7325).
func (s *Server) putBucketVersioning(q *restRequest) *s3Error {
	body, err := readBody(q.r, maxConfigSize)
	if err != nil {
		return err
	}
	if err := checkContentMD5(q.r.Header, body); err != nil {
		return err
	}
	var config versioningConfiguration
	malformed := xml.Unmarshal(body, &config) != nil
	if !malformed && config.Status != versioningEnabled && config.Status != versioningSuspended && config.Status != "" {
		malformed = true
	}
	if malformed {
		if !s.dev.has(devVersioningConfigUnchecked) {
			return newError("MalformedXML")
		}
		config = versioningConfiguration{}
	} else if config.Status == "" && config.MfaDelete == "" && !s.dev.has(devVersioningEmptyAccepted) {
		// AWS's wording, recorded by LocalStack's snapshot tests
		// (test_bucket_versioning_crud, put-versioning-empty).
		e := newError("IllegalVersioningConfigurationException")
		e.message = "The Versioning element must be specified"
		return e
	}
	switch config.MfaDelete {
	case "", "Disabled":
	case "Enabled":
		return errNotImplemented()
	default:
		return newError("MalformedXML")
	}
	if config.Status == versioningSuspended {
		locked, err := s.store.objectLockEnabled(q.caller, q.bucket)
		if err != nil {
			return err
		}
		if locked && !s.dev.has(devLockedVersioningSuspendable) {
			// LocalStack test_s3_api.snapshot.json
			// test_disable_versioning_on_locked_bucket, recorded from AWS.
			e := newError("InvalidBucketState")
			e.message = "An Object Lock configuration is present on this bucket, so the versioning state cannot be changed."
			return e
		}
	}
	if err := s.store.setVersioning(q.caller, q.bucket, config.Status); err != nil {
		return err
	}
	q.w.WriteHeader(http.StatusOK)
	return nil
}

type listVersionsResult struct {
	XMLName         xml.Name `xml:"ListVersionsResult"`
	XMLNS           string   `xml:"xmlns,attr"`
	Name            string
	Prefix          string
	KeyMarker       string
	VersionIdMarker string
	MaxKeys         int
	IsTruncated     bool
	// Entries are <Version> and <DeleteMarker> elements in S3's order.
	Entries []versionEntry
}

type versionEntry struct {
	XMLName      xml.Name
	Key          string
	VersionId    string
	IsLatest     bool
	LastModified string
	ETag         string `xml:",omitempty"`
	Size         *int   `xml:",omitempty"`
	StorageClass string `xml:",omitempty"`
	Owner        xmlOwner
}

func (s *Server) listObjectVersions(q *restRequest) *s3Error {
	params := q.r.URL.Query()
	versions, err := s.store.allVersions(q.caller, q.bucket, params.Get("prefix"))
	if err != nil {
		return err
	}
	result := listVersionsResult{XMLNS: s3XMLNS, Name: q.bucket, Prefix: params.Get("prefix"), MaxKeys: maxListKeys}
	owner := xmlOwner{canonicalUserID(q.caller)}
	for i, v := range versions {
		entry := versionEntry{
			Key: v.key, VersionId: v.versionID, LastModified: xmlTime(v.lastModified), Owner: owner,
			IsLatest: i == 0 || versions[i-1].key != v.key,
		}
		if v.deleteMarker {
			entry.XMLName = xml.Name{Local: "DeleteMarker"}
		} else {
			size := len(v.body)
			entry.XMLName = xml.Name{Local: "Version"}
			entry.ETag, entry.Size, entry.StorageClass = v.etag, &size, storageClassOf(v)
		}
		result.Entries = append(result.Entries, entry)
	}
	writeXML(q, result)
	return nil
}

// getObjectVersion answers GET and HEAD with versionId.
func (s *Server) getObjectVersion(q *restRequest) *s3Error {
	id := q.r.URL.Query().Get("versionId")
	if err := s.checkVersionID(id); err != nil {
		return err
	}
	obj, err := s.store.objectVersion(q.caller, q.bucket, q.key, id, q.r.Method)
	if err != nil {
		return err
	}
	return s.serveObject(q, obj)
}

// deleteObjectVersion answers DELETE with versionId: the version is gone
// for good; a delete marker's deletion says so in x-amz-delete-marker.
func (s *Server) deleteObjectVersion(q *restRequest) *s3Error {
	id := q.r.URL.Query().Get("versionId")
	if err := s.checkVersionID(id); err != nil {
		return err
	}
	v, found, err := s.store.deleteVersion(q.caller, q.bucket, q.key, id, bypassesGovernance(q.r.Header))
	if err != nil {
		return err
	}
	h := q.w.Header()
	h.Set("X-Amz-Version-Id", id)
	if found && v.deleteMarker {
		s.setDeleteMarkerHeaders(h, v)
	}
	q.w.WriteHeader(http.StatusNoContent)
	return nil
}
