package reftarget

import (
	"crypto/md5"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// maxMetadataSize is S3's limit on user metadata: "the sum of the number of
// bytes in the UTF-8 encoding of each key and value" may not exceed 2 KB
// (S3 User Guide, "Working with object metadata").
const maxMetadataSize = 2048

// storageClasses are the x-amz-storage-class values S3 accepts (PutObject
// API reference).
var storageClasses = map[string]bool{
	"STANDARD": true, "REDUCED_REDUNDANCY": true, "STANDARD_IA": true, "ONEZONE_IA": true,
	"INTELLIGENT_TIERING": true, "GLACIER": true, "DEEP_ARCHIVE": true, "OUTPOSTS": true,
	"GLACIER_IR": true, "SNOW": true, "EXPRESS_ONEZONE": true, "FSX_OPENZFS": true,
}

// archived storage classes must be restored before GetObject can read
// them (GetObject API reference, InvalidObjectState).
func archived(obj object) bool {
	return obj.storageClass == "GLACIER" || obj.storageClass == "DEEP_ARCHIVE"
}

func storageClassOf(obj object) string {
	if obj.storageClass == "" {
		return "STANDARD"
	}
	return obj.storageClass
}

// checkKeyLength rejects keys longer than S3's 1024 UTF-8 bytes.
func (d deviationSet) checkKeyLength(key string) *s3Error {
	size := len(key)
	if d.has(devKeyLengthInCharacters) {
		size = utf8.RuneCountInString(key)
	}
	if size > maxKeyLength && !d.has(devKeyLengthUnchecked) {
		return errKeyTooLong(key)
	}
	return nil
}

// objectAttributes reads what a request that creates an object says about
// it: content type, user metadata, storage class and tags.
func (s *Server) objectAttributes(h http.Header) (object, *s3Error) {
	obj := object{contentType: h.Get("Content-Type"), metadata: userMetadata(h)}
	if obj.contentType == "" {
		obj.contentType = "binary/octet-stream" // S3's default
	}
	size := 0
	for name, value := range obj.metadata {
		size += len(name) + len(value)
	}
	if size > maxMetadataSize && !s.dev.has(devMetadataSizeUnlimited) {
		return object{}, newError("MetadataTooLarge",
			detail{"Size", strconv.Itoa(size)}, detail{"MaxSizeAllowed", strconv.Itoa(maxMetadataSize)})
	}
	if class, ok := h["X-Amz-Storage-Class"]; ok {
		value := strings.Join(class, ",")
		if !storageClasses[value] && !s.dev.has(devStorageClassUnchecked) {
			return object{}, newError("InvalidStorageClass", detail{"StorageClassRequested", value})
		}
		if value != "STANDARD" {
			obj.storageClass = value
		}
	}
	if h.Get("X-Amz-Tagging") != "" {
		tags, err := s.parseTaggingHeader(h.Get("X-Amz-Tagging"))
		if err != nil {
			return object{}, err
		}
		obj.tags = tags
	}
	return obj, nil
}

// checkObjectMD5 is checkContentMD5 for the bodies of objects and parts.
func (s *Server) checkObjectMD5(header http.Header, body []byte) *s3Error {
	if s.dev.has(devObjectMD5Unchecked) {
		return nil
	}
	err := checkContentMD5(header, body)
	if err != nil && err.code == "BadDigest" && s.dev.has(devBadDigestAsInvalidDigest) {
		return newError("InvalidDigest", detail{"Content-MD5", header.Get("Content-Md5")})
	}
	return err
}

// writeConditions are the conditional-write headers of PutObject (S3 User
// Guide, "conditional writes"): If-None-Match: * stores only when the key
// holds no object; If-Match stores only over the object with that ETag.
type writeConditions struct {
	dev                        deviationSet
	ifMatch, ifNoneMatch       string
	hasIfMatch, hasIfNoneMatch bool
}

// writeConditionsOf reads the conditions of a write; ignored is the
// deviation of the operation that writes (PutObject, CompleteMultipartUpload).
// If-None-Match takes only "*" on a write: AWS refuses an ETag with 501
// NotImplemented (LocalStack test_s3_api.snapshot.json
// test_put_object_if_none_match_validation, recorded from AWS;
// aws/aws-sdk-ruby#3144).
func (s *Server) writeConditionsOf(h http.Header, ignored bool) (writeConditions, *s3Error) {
	if ignored {
		return writeConditions{}, nil
	}
	c := writeConditions{dev: s.dev, ifMatch: h.Get("If-Match"), ifNoneMatch: h.Get("If-None-Match")}
	_, c.hasIfMatch = h["If-Match"]
	_, c.hasIfNoneMatch = h["If-None-Match"]
	if c.hasIfNoneMatch && strings.TrimSpace(c.ifNoneMatch) != "*" && !s.dev.has(devWriteIfNoneMatchETagUsed) {
		return writeConditions{}, newError("NotImplemented", detail{"Header", "If-None-Match"},
			detail{"additionalMessage", "We don't accept the provided value of If-None-Match header for this API"})
	}
	return c, nil
}

// check applies the conditions to the current object of the key, if any.
func (c writeConditions) check(current object, exists bool) *s3Error {
	if c.hasIfMatch {
		if !exists {
			return errNoSuchKey(current.key)
		}
		if !etagMatches(c.ifMatch, current.etag) {
			return c.dev.errPreconditionFailed("If-Match")
		}
	}
	if c.hasIfNoneMatch && exists && etagMatches(c.ifNoneMatch, current.etag) {
		return c.dev.errPreconditionFailed("If-None-Match")
	}
	return nil
}

// putObjectVersion stores obj as the newest version of its key after the
// key-length check and the write conditions, and returns it with its
// version ID.
func (s *store) putObjectVersion(caller, bucketName string, obj object, cond writeConditions) (object, *s3Error) {
	if err := s.dev.checkKeyLength(obj.key); err != nil {
		return object{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	b, err := s.objectBucket(caller, bucketName, obj.key)
	if err != nil {
		return object{}, err
	}
	current, exists := b.objects[obj.key]
	if !exists {
		current.key = obj.key
	}
	if err := cond.check(current, exists); err != nil {
		return object{}, err
	}
	return b.put(obj), nil
}

// newObject builds the object a PUT stores from its body and attributes.
func newObject(key string, body []byte, attrs object) object {
	sum := md5.Sum(body)
	obj := attrs
	// A copy is written whole, whatever parts its source had, and no
	// restore of it was asked for.
	obj.key, obj.body, obj.partSizes, obj.restoring = key, body, nil, false
	obj.etag = `"` + hex.EncodeToString(sum[:]) + `"`
	obj.lastModified = nowSecond()
	return obj
}

// nowSecond is the time S3 would record, to the second as HTTP dates have
// it.
func nowSecond() time.Time { return time.Now().UTC().Truncate(time.Second) }

// serveObject answers GET and HEAD of an object version: preconditions
// (conditional.go), the archive state, then the range (ranges.go) or the
// part (parts.go). HEAD gets the headers only.
func (s *Server) serveObject(q *restRequest, obj object) *s3Error {
	h := q.w.Header()
	if obj.versionID != "" {
		h.Set("X-Amz-Version-Id", obj.versionID)
	}
	notModified, err := s.evaluatePreconditions(q.r.Header, obj)
	if err != nil {
		return err
	}
	if notModified {
		h.Set("ETag", obj.etag)
		h.Set("Last-Modified", obj.lastModified.Format(http.TimeFormat))
		q.w.WriteHeader(http.StatusNotModified)
		return nil
	}
	if q.r.Method == http.MethodGet && archived(obj) && !s.dev.has(devArchivedObjectReadable) {
		return newError("InvalidObjectState", detail{"StorageClass", obj.storageClass})
	}
	var body []byte
	var status int
	if obj.partNumber > 0 {
		body, status, err = selectPart(obj, h) // parts.go
	} else {
		body, status, err = s.selectRange(q.r.Header, obj, h)
	}
	if err != nil {
		return err
	}
	h.Set("ETag", obj.etag)
	h.Set("Content-Type", obj.contentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("Last-Modified", obj.lastModified.Format(http.TimeFormat))
	h.Set("Accept-Ranges", "bytes")
	if obj.storageClass != "" {
		h.Set("X-Amz-Storage-Class", obj.storageClass)
	}
	if len(obj.tags) > 0 {
		h.Set("X-Amz-Tagging-Count", strconv.Itoa(len(obj.tags)))
	}
	for name, value := range obj.metadata {
		h.Set("X-Amz-Meta-"+name, value)
	}
	q.w.WriteHeader(status)
	if q.r.Method != http.MethodHead {
		q.w.Write(body)
	}
	return nil
}
