package reftarget

import (
	"crypto/md5"
	"encoding/hex"
	"encoding/xml"
	"net/http"
	"regexp"
	"strconv"
)

// UploadPartCopy (PUT /bucket/key?partNumber&uploadId with
// x-amz-copy-source): a part copied from an existing object, all of it or
// the byte range x-amz-copy-source-range names.

// copySourceRange is the only form S3 takes: both offsets, first <= last.
// LocalStack test_s3_api.snapshot.json
// TestS3Multipart::test_upload_part_copy_range (recorded from AWS) shows
// "0-8", "bytes=1-", "bytes=-2", "bytes=1-0" and "bytes=0-1,3-4,7-9" all
// answered 400 InvalidArgument.
var copySourceRange = regexp.MustCompile(`^bytes=([0-9]+)-([0-9]+)$`)

const copySourceRangeSyntax = "The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy"

type copyPartResult struct {
	XMLName      xml.Name `xml:"CopyPartResult"`
	XMLNS        string   `xml:"xmlns,attr"`
	LastModified string
	ETag         string
}

// parseCopySourceRange reads x-amz-copy-source-range; ok is false when the
// header is absent (the whole object is copied).
func (s *Server) parseCopySourceRange(h http.Header) (r byteRange, ok bool, err *s3Error) {
	values, present := h["X-Amz-Copy-Source-Range"]
	if !present || s.dev.has(devPartCopyRangeUnchecked) {
		return byteRange{}, false, nil
	}
	value := values[0]
	m := copySourceRange.FindStringSubmatch(value)
	if m == nil {
		return byteRange{}, false, errInvalidArgument(copySourceRangeSyntax, "x-amz-copy-source-range", value)
	}
	first, err1 := strconv.Atoi(m[1])
	last, err2 := strconv.Atoi(m[2])
	if err1 != nil || err2 != nil || first > last {
		return byteRange{}, false, errInvalidArgument(copySourceRangeSyntax, "x-amz-copy-source-range", value)
	}
	return byteRange{first: first, last: last}, true, nil
}

// copySourceObject finds the source of a part copy: a missing source
// bucket is NoSuchBucket naming it, a missing key NoSuchKey.
func (s *store) copySourceObject(caller string, src copySource) (object, *s3Error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	b, ok := s.buckets[src.bucket]
	switch {
	case !ok:
		return object{}, errNoSuchBucket(src.bucket)
	case !s.permits(caller, b.owner):
		return object{}, errAccessDenied()
	}
	return s.find(b, src.key, src.versionID, http.MethodGet)
}

// uploadPartCopy checks the destination upload (its bucket and the
// caller's access first, as for any request), the request, the source, its
// conditions and then the range against the source's size.
func (s *Server) uploadPartCopy(q *restRequest) *s3Error {
	h := q.r.Header
	uploadID := q.r.URL.Query().Get("uploadId")
	if _, err := s.store.uploadCopy(q.caller, q.bucket, q.key, uploadID); err != nil {
		return err
	}
	src, err := s.copySourceOf(h)
	if err != nil {
		return err
	}
	n, err := s.partNumber(q)
	if err != nil {
		return err
	}
	span, ranged, err := s.parseCopySourceRange(h)
	if err != nil {
		return err
	}
	source, err := s.store.copySourceObject(q.caller, src)
	if err != nil {
		return err
	}
	if err := s.checkCopySourceConditions(h, source); err != nil {
		return err
	}
	body := source.body
	if ranged {
		// The same snapshot: a start past the end is InvalidRequest, an end
		// past it InvalidArgument naming the size.
		size := len(source.body)
		switch {
		case span.first >= size:
			return newContextError("InvalidRequest", "The specified copy range is invalid for the source object size")
		case span.last >= size:
			return errInvalidArgument("Range specified is not valid for source object of size: "+strconv.Itoa(size),
				"x-amz-copy-source-range", h.Get("X-Amz-Copy-Source-Range"))
		}
		body = source.body[span.first : span.last+1]
	}
	sum := md5.Sum(body)
	p := part{number: n, body: body, etag: `"` + hex.EncodeToString(sum[:]) + `"`, lastModified: nowSecond()}
	if err := s.store.putPart(q.caller, q.bucket, q.key, uploadID, p); err != nil {
		return err
	}
	if source.versionID != "" {
		q.w.Header().Set("X-Amz-Copy-Source-Version-Id", source.versionID)
	}
	writeXML(q, copyPartResult{XMLNS: s3XMLNS, LastModified: xmlTime(p.lastModified), ETag: p.etag})
	return nil
}
