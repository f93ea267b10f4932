package reftarget

import (
	"encoding/xml"
	"net/http"
	"net/url"
	"strings"
)

const copyOntoItselfMessage = "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes."

// copySource is a parsed x-amz-copy-source: "[/]bucket/key[?versionId=id]",
// URL-encoded.
type copySource struct{ bucket, key, versionID string }

func parseCopySource(value string) (copySource, *s3Error) {
	invalid := errInvalidArgument("Copy Source must mention the source bucket and key: sourcebucket/sourcekey", "x-amz-copy-source", value)
	path, query, _ := strings.Cut(value, "?")
	path, err := url.PathUnescape(strings.TrimPrefix(path, "/"))
	if err != nil {
		return copySource{}, invalid
	}
	bucket, key, ok := strings.Cut(path, "/")
	if !ok || bucket == "" || key == "" {
		return copySource{}, invalid
	}
	src := copySource{bucket: bucket, key: key}
	if query != "" {
		params, err := url.ParseQuery(query)
		if err != nil || !params.Has("versionId") {
			return copySource{}, invalid
		}
		src.versionID = params.Get("versionId")
	}
	return src, nil
}

// copyRequest is what CopyObject asks for besides the source.
type copyRequest struct {
	caller, bucket, key string
	header              http.Header
	replace             bool
	attrs               object // the destination's attributes when replace
}

// changesObject reports whether a copy onto itself changes anything S3
// lets it change: metadata (REPLACE), storage class, website redirect or
// encryption.
func (c copyRequest) changesObject() bool {
	if c.replace {
		return true
	}
	for _, name := range []string{"X-Amz-Storage-Class", "X-Amz-Website-Redirect-Location", "X-Amz-Server-Side-Encryption"} {
		if c.header.Get(name) != "" {
			return true
		}
	}
	return false
}

func (s *store) copyObject(srv *Server, src copySource, c copyRequest) (copied, source object, err *s3Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	dst, err := s.ownedBucket(c.caller, c.bucket)
	if err != nil {
		return object{}, object{}, err
	}
	// A source bucket that exists nowhere is 404 NoSuchBucket naming it
	// (AWS answer in basho/riak_cs#1169); one owned by another account is
	// 403 AccessDenied.
	sb, ok := s.buckets[src.bucket]
	switch {
	case !ok && s.dev.has(devCopyMissingSourceBucketDenied):
		return object{}, object{}, errAccessDenied()
	case !ok:
		return object{}, object{}, errNoSuchBucket(src.bucket)
	case !s.permits(c.caller, sb.owner):
		return object{}, object{}, errAccessDenied()
	}
	source, err = s.find(sb, src.key, src.versionID, http.MethodGet)
	if err != nil {
		if err.code == "NoSuchKey" && s.dev.has(devCopyMissingSourceKeyNoBucket) {
			return object{}, object{}, errNoSuchBucket(src.bucket)
		}
		return object{}, object{}, err
	}
	if err := srv.checkCopySourceConditions(c.header, source); err != nil {
		return object{}, object{}, err
	}
	onto := src.bucket == c.bucket && src.key == c.key && src.versionID == ""
	if onto && (!c.changesObject() || s.dev.has(devCopyOntoItselfAlwaysRejected)) && !s.dev.has(devCopyOntoItselfAllowed) {
		return object{}, object{}, newContextError("InvalidRequest", copyOntoItselfMessage)
	}
	copied = newObject(c.key, source.body, source)
	copied.versionID, copied.deleteMarker, copied.storageClass = "", false, ""
	if c.replace {
		copied = newObject(c.key, source.body, c.attrs)
	} else if c.attrs.storageClass != "" {
		copied.storageClass = c.attrs.storageClass
	}
	if c.header.Get("X-Amz-Tagging-Directive") == "REPLACE" {
		copied.tags = c.attrs.tags
	}
	return dst.put(copied), source, nil
}

type copyObjectResult struct {
	XMLName      xml.Name `xml:"CopyObjectResult"`
	XMLNS        string   `xml:"xmlns,attr"`
	LastModified string
	ETag         string
}

// copySourceOf reads x-amz-copy-source (CopyObject, UploadPartCopy): a
// bucket and key, and a version ID in S3's format if one is named.
func (s *Server) copySourceOf(h http.Header) (copySource, *s3Error) {
	src, err := parseCopySource(h.Get("X-Amz-Copy-Source"))
	if err != nil {
		return copySource{}, err
	}
	if src.versionID != "" {
		if err := s.checkVersionID(src.versionID); err != nil {
			return copySource{}, err
		}
	}
	return src, nil
}

// copyObject answers PUT with x-amz-copy-source.
func (s *Server) copyObject(q *restRequest) *s3Error {
	h := q.r.Header
	src, err := s.copySourceOf(h)
	if err != nil {
		return err
	}
	c := copyRequest{caller: q.caller, bucket: q.bucket, key: q.key, header: h}
	switch directive := h.Get("X-Amz-Metadata-Directive"); directive {
	case "", "COPY":
	case "REPLACE":
		c.replace = true
	default:
		return errInvalidArgument("Unknown metadata directive.", "x-amz-metadata-directive", directive)
	}
	if err := s.dev.checkKeyLength(q.key); err != nil {
		return err
	}
	attrs, err := s.objectAttributes(h)
	if err != nil {
		return err
	}
	c.attrs = attrs
	copied, source, err := s.store.copyObject(s, src, c)
	if err != nil {
		return err
	}
	out := q.w.Header()
	if copied.versionID != "" {
		out.Set("X-Amz-Version-Id", copied.versionID)
	}
	if source.versionID != "" {
		out.Set("X-Amz-Copy-Source-Version-Id", source.versionID)
	}
	q.setSSEKMSHeaders() // kms.go
	writeXML(q, copyObjectResult{XMLNS: s3XMLNS, LastModified: xmlTime(copied.lastModified), ETag: copied.etag})
	return nil
}
