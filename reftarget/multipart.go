package reftarget

import (
	"bytes"
	"crypto/md5"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

func addMultipartOperations(add addOperation) {
	add(levelBucket, "uploads", http.MethodGet, (*Server).listMultipartUploads)
	add(levelObject, "uploads", http.MethodPost, (*Server).createMultipartUpload)
	add(levelObject, "uploadId", http.MethodPut, (*Server).uploadPart)
	add(levelObject, "uploadId", http.MethodGet, (*Server).listParts)
	add(levelObject, "uploadId", http.MethodPost, (*Server).completeMultipartUpload)
	add(levelObject, "uploadId", http.MethodDelete, (*Server).abortMultipartUpload)
}

// Multipart limits (S3 User Guide, "Amazon S3 multipart upload limits").
const (
	minPartSize = 5 << 20
	maxParts    = 10000
)

// upload is a multipart upload in progress.
type upload struct {
	id, key   string
	initiated time.Time
	// attrs holds the object attributes the upload was created with.
	attrs object
	// began is what the key held when the upload was created (conflict.go).
	began keyState
	parts map[int]part
}

type part struct {
	number       int
	body         []byte
	etag         string // quoted hex MD5
	lastModified time.Time
}

func newUploadID() string {
	var b [48]byte
	rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

func (d deviationSet) errNoSuchUpload(key, uploadID string) *s3Error {
	if d.has(devNoSuchUploadAsNoSuchKey) {
		return errNoSuchKey(key)
	}
	if d.has(devNoSuchUploadNoUploadID) {
		return newError("NoSuchUpload")
	}
	return newError("NoSuchUpload", detail{"UploadId", uploadID})
}

// findUpload returns the upload uploadID of key in b; an upload of another
// key does not count. s.mu must be held.
func (s *store) findUpload(b *bucket, key, uploadID string) (*upload, *s3Error) {
	u, ok := b.uploads[uploadID]
	if !ok || u.key != key {
		return nil, s.dev.errNoSuchUpload(key, uploadID)
	}
	return u, nil
}

func (s *store) createUpload(caller, bucketName, key string, attrs object) (*upload, *s3Error) {
	if err := s.dev.checkKeyLength(key); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	b, err := s.ownedBucket(caller, bucketName)
	if err != nil {
		return nil, err
	}
	if b.uploads == nil {
		b.uploads = map[string]*upload{}
	}
	current, exists := b.objects[key]
	u := &upload{id: newUploadID(), key: key, initiated: nowSecond(), attrs: attrs, parts: map[int]part{}, began: keyStateOf(current, exists)}
	b.uploads[u.id] = u
	return u, nil
}

func (s *store) putPart(caller, bucketName, key, uploadID string, p part) *s3Error {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, err := s.ownedBucket(caller, bucketName)
	if err != nil {
		return err
	}
	u, err := s.findUpload(b, key, uploadID)
	if err != nil {
		return err
	}
	u.parts[p.number] = p
	return nil
}

// uploadCopy returns a snapshot of an upload.
func (s *store) uploadCopy(caller, bucketName, key, uploadID string) (upload, *s3Error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	b, err := s.ownedBucket(caller, bucketName)
	if err != nil {
		return upload{}, err
	}
	u, err := s.findUpload(b, key, uploadID)
	if err != nil {
		return upload{}, err
	}
	cp := *u
	cp.parts = maps.Clone(u.parts)
	return cp, nil
}

func (s *store) abortUpload(caller, bucketName, key, uploadID string) *s3Error {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, err := s.ownedBucket(caller, bucketName)
	if err != nil {
		return err
	}
	if _, err := s.findUpload(b, key, uploadID); err != nil {
		return err
	}
	delete(b.uploads, uploadID)
	return nil
}

func (s *store) listUploads(caller, bucketName string) ([]upload, *s3Error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	b, err := s.ownedBucket(caller, bucketName)
	if err != nil {
		return nil, err
	}
	var out []upload
	for _, u := range b.uploads {
		out = append(out, *u)
	}
	slices.SortFunc(out, func(a, b upload) int {
		if c := strings.Compare(a.key, b.key); c != 0 {
			return c
		}
		return a.initiated.Compare(b.initiated)
	})
	return out, nil
}

// completedPart is one <Part> of a CompleteMultipartUpload body.
type completedPart struct {
	PartNumber int
	ETag       string
}

type completeMultipartUpload struct {
	XMLName xml.Name        `xml:"CompleteMultipartUpload"`
	Parts   []completedPart `xml:"Part"`
}

// complete assembles an upload from the listed parts after S3's checks,
// in the order AWS applies them: every listed part must exist with its
// ETag (InvalidPart, lowest part number first: versity/versitygw#2038),
// the list must be ascending (InvalidPartOrder), and every part but the
// last must be at least 5 MiB (EntityTooSmall).
func (s *store) complete(caller, bucketName, key, uploadID string, list []completedPart, listed bool, cond writeConditions) (object, *s3Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, err := s.ownedBucket(caller, bucketName)
	if err != nil {
		return object{}, err
	}
	u, err := s.findUpload(b, key, uploadID)
	if err != nil {
		return object{}, err
	}
	// If-Match / If-None-Match apply to the key's current object, as for
	// PutObject: LocalStack test_s3_api.snapshot.json
	// TestS3ObjectWritePrecondition::test_multipart_if_none_match_with_put,
	// test_multipart_if_match_etag (412, Condition) and
	// test_multipart_if_match_with_delete (404 NoSuchKey), recorded from AWS.
	current, exists := b.objects[key]
	if !exists {
		current.key = key
	}
	if err := cond.check(current, exists); err != nil {
		return object{}, err
	}
	if err := cond.conflict(u.began, keyStateOf(current, exists), key); err != nil {
		return object{}, err
	}
	if !listed { // the deviation: every uploaded part, in order
		list = nil
		for _, n := range slices.Sorted(maps.Keys(u.parts)) {
			list = append(list, completedPart{n, u.parts[n].etag})
		}
	}
	byNumber := slices.Clone(list)
	slices.SortStableFunc(byNumber, func(a, b completedPart) int { return a.PartNumber - b.PartNumber })
	for _, c := range byNumber {
		p, ok := u.parts[c.PartNumber]
		if !ok || strings.Trim(c.ETag, `"`) != strings.Trim(p.etag, `"`) {
			if s.dev.has(devInvalidPartNoElements) {
				return object{}, newError("InvalidPart")
			}
			return object{}, newError("InvalidPart", detail{"UploadId", uploadID},
				detail{"PartNumber", strconv.Itoa(c.PartNumber)}, detail{"ETag", c.ETag})
		}
	}
	ascending := true
	for i := 1; i < len(list); i++ {
		ascending = ascending && list[i].PartNumber > list[i-1].PartNumber
	}
	if !ascending {
		if !s.dev.has(devInvalidPartOrderNotEnforced) {
			return object{}, newError("InvalidPartOrder")
		}
		list = slices.CompactFunc(byNumber, func(a, b completedPart) bool { return a.PartNumber == b.PartNumber })
	}
	var body bytes.Buffer
	var sums []byte
	var sizes []int
	for i, c := range list {
		p := u.parts[c.PartNumber]
		last := i == len(list)-1
		small := len(p.body) < minPartSize
		if small && (!last && !s.dev.has(devEntityTooSmallNotEnforced) || last && s.dev.has(devEntityTooSmallOnLastPart)) {
			return object{}, newError("EntityTooSmall",
				detail{"ProposedSize", strconv.Itoa(len(p.body))}, detail{"MinSizeAllowed", strconv.Itoa(minPartSize)},
				detail{"PartNumber", strconv.Itoa(p.number)}, detail{"ETag", strings.Trim(p.etag, `"`)})
		}
		body.Write(p.body)
		sizes = append(sizes, len(p.body))
		sum, _ := hex.DecodeString(strings.Trim(p.etag, `"`))
		sums = append(sums, sum...)
	}
	final := md5.Sum(sums)
	obj := u.attrs
	obj.key, obj.body, obj.partSizes = key, body.Bytes(), sizes
	obj.etag = fmt.Sprintf(`"%s-%d"`, hex.EncodeToString(final[:]), len(list))
	obj.lastModified = nowSecond()
	delete(b.uploads, uploadID)
	return b.put(obj), nil
}

type initiateMultipartUploadResult struct {
	XMLName  xml.Name `xml:"InitiateMultipartUploadResult"`
	XMLNS    string   `xml:"xmlns,attr"`
	Bucket   string
	Key      string
	UploadId string
}

func (s *Server) createMultipartUpload(q *restRequest) *s3Error {
	attrs, err := s.objectAttributes(q.r.Header)
	if err != nil {
		return err
	}
	if err := s.checkObjectACLHeaders(q); err != nil { // acl.go
		return err
	}
	if attrs.lock, err = s.lockHeaders(q); err != nil { // objectlock.go
		return err
	}
	u, err := s.store.createUpload(q.caller, q.bucket, q.key, attrs)
	if err != nil {
		return err
	}
	q.setSSEKMSHeaders() // kms.go
	writeXML(q, initiateMultipartUploadResult{XMLNS: s3XMLNS, Bucket: q.bucket, Key: q.key, UploadId: u.id})
	return nil
}

// partNumber reads the partNumber parameter: an integer in 1..10000
// (AWS answers 0 and 10001 with InvalidArgument: curtis0x/fake-s3#238,
// basho/riak_cs#945).
func (s *Server) partNumber(q *restRequest) (int, *s3Error) {
	value := q.r.URL.Query().Get("partNumber")
	n, err := strconv.Atoi(value)
	if err != nil || n < 1 || n > maxParts {
		if err == nil && s.dev.has(devPartNumberUnchecked) {
			return n, nil
		}
		return 0, errInvalidArgument("Part number must be an integer between 1 and 10000, inclusive", "partNumber", value)
	}
	return n, nil
}

func (s *Server) uploadPart(q *restRequest) *s3Error {
	if q.r.Header.Get("X-Amz-Copy-Source") != "" {
		return s.uploadPartCopy(q) // uploadpartcopy.go
	}
	n, err := s.partNumber(q)
	if err != nil {
		return err
	}
	body, err := readBody(q.r, maxObjectSize)
	if err != nil {
		return err
	}
	if err := s.checkObjectMD5(q.r.Header, body); err != nil {
		return err
	}
	if err := s.checkObjectChecksums(q.r.Header, body); err != nil { // checksum.go
		return err
	}
	sum := md5.Sum(body)
	p := part{number: n, body: body, etag: `"` + hex.EncodeToString(sum[:]) + `"`, lastModified: nowSecond()}
	if err := s.store.putPart(q.caller, q.bucket, q.key, q.r.URL.Query().Get("uploadId"), p); err != nil {
		return err
	}
	q.w.Header().Set("ETag", p.etag)
	q.w.WriteHeader(http.StatusOK)
	return nil
}

type listPartsResult struct {
	XMLName          xml.Name `xml:"ListPartsResult"`
	XMLNS            string   `xml:"xmlns,attr"`
	Bucket           string
	Key              string
	UploadId         string
	PartNumberMarker int
	MaxParts         int
	IsTruncated      bool
	StorageClass     string
	Part             []xmlPart
}

type xmlPart struct {
	PartNumber   int
	LastModified string
	ETag         string
	Size         int
}

func (s *Server) listParts(q *restRequest) *s3Error {
	u, err := s.store.uploadCopy(q.caller, q.bucket, q.key, q.r.URL.Query().Get("uploadId"))
	if err != nil {
		return err
	}
	result := listPartsResult{XMLNS: s3XMLNS, Bucket: q.bucket, Key: q.key, UploadId: u.id, MaxParts: 1000, StorageClass: storageClassOf(u.attrs)}
	for _, n := range slices.Sorted(maps.Keys(u.parts)) {
		p := u.parts[n]
		result.Part = append(result.Part, xmlPart{n, xmlTime(p.lastModified), p.etag, len(p.body)})
	}
	writeXML(q, result)
	return nil
}

type completeMultipartUploadResult struct {
	XMLName  xml.Name `xml:"CompleteMultipartUploadResult"`
	XMLNS    string   `xml:"xmlns,attr"`
	Location string
	Bucket   string
	Key      string
	ETag     string
}

// completeMultipartUpload: no body is InvalidRequest "You must specify at
// least one part" (recorded from AWS by LocalStack); a malformed body, or
// one listing no part, is MalformedXML (versity/versitygw#1328).
func (s *Server) completeMultipartUpload(q *restRequest) *s3Error {
	uploadID := q.r.URL.Query().Get("uploadId")
	body, err := readBody(q.r, maxConfigSize)
	if err != nil {
		return err
	}
	var doc completeMultipartUpload
	listed := true
	if xml.Unmarshal(body, &doc) != nil || len(doc.Parts) == 0 {
		if !s.dev.has(devCompleteMalformedAccepted) {
			// The upload must exist before its body matters.
			if _, err := s.store.uploadCopy(q.caller, q.bucket, q.key, uploadID); err != nil {
				return err
			}
			if len(body) == 0 {
				return newContextError("InvalidRequest", "You must specify at least one part")
			}
			return newError("MalformedXML")
		}
		listed = false
	}
	cond, err := s.writeConditionsOf(q.r.Header, s.dev.has(devCompleteConditionsIgnored))
	if err != nil {
		return err
	}
	obj, err := s.store.complete(q.caller, q.bucket, q.key, uploadID, doc.Parts, listed, cond)
	if err != nil {
		return err
	}
	if obj.versionID != "" {
		q.w.Header().Set("X-Amz-Version-Id", obj.versionID)
	}
	writeXML(q, completeMultipartUploadResult{XMLNS: s3XMLNS, Location: "/" + q.bucket + "/" + q.key, Bucket: q.bucket, Key: q.key, ETag: obj.etag})
	return nil
}

func (s *Server) abortMultipartUpload(q *restRequest) *s3Error {
	if err := s.store.abortUpload(q.caller, q.bucket, q.key, q.r.URL.Query().Get("uploadId")); err != nil {
		return err
	}
	q.w.WriteHeader(http.StatusNoContent)
	return nil
}

type listMultipartUploadsResult struct {
	XMLName        xml.Name `xml:"ListMultipartUploadsResult"`
	XMLNS          string   `xml:"xmlns,attr"`
	Bucket         string
	KeyMarker      string
	UploadIdMarker string
	MaxUploads     int
	IsTruncated    bool
	Upload         []xmlUpload
}

type xmlUpload struct {
	Key          string
	UploadId     string
	Initiator    xmlOwner
	Owner        xmlOwner
	StorageClass string
	Initiated    string
}

func (s *Server) listMultipartUploads(q *restRequest) *s3Error {
	uploads, err := s.store.listUploads(q.caller, q.bucket)
	if err != nil {
		return err
	}
	owner := xmlOwner{canonicalUserID(q.caller)}
	result := listMultipartUploadsResult{XMLNS: s3XMLNS, Bucket: q.bucket, MaxUploads: 1000}
	for _, u := range uploads {
		result.Upload = append(result.Upload, xmlUpload{u.key, u.id, owner, owner, storageClassOf(u.attrs), xmlTime(u.initiated)})
	}
	writeXML(q, result)
	return nil
}
