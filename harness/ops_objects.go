package harness

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/beevik/etree"

	"github.com/s3errconform/s3errconform/harness/wire"
)

// Requests and fixtures for object, multipart and versioning checks.

// Tag is one object tag.
type Tag struct{ Key, Value string }

// Part is one part of a CompleteMultipartUpload list.
type Part struct {
	Number int
	ETag   string
}

// TaggingBody is a Tagging document holding tags.
func TaggingBody(tags ...Tag) []byte {
	var b bytes.Buffer
	b.WriteString(`<Tagging xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><TagSet>`)
	for _, t := range tags {
		b.WriteString("<Tag><Key>")
		xml.EscapeText(&b, []byte(t.Key))
		b.WriteString("</Key><Value>")
		xml.EscapeText(&b, []byte(t.Value))
		b.WriteString("</Value></Tag>")
	}
	b.WriteString("</TagSet></Tagging>")
	return b.Bytes()
}

// CompleteBody is a CompleteMultipartUpload document listing parts in the
// order given.
func CompleteBody(parts ...Part) []byte {
	var b bytes.Buffer
	b.WriteString(`<CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/">`)
	for _, p := range parts {
		fmt.Fprintf(&b, "<Part><PartNumber>%d</PartNumber><ETag>", p.Number)
		xml.EscapeText(&b, []byte(p.ETag))
		b.WriteString("</ETag></Part>")
	}
	b.WriteString("</CompleteMultipartUpload>")
	return b.Bytes()
}

// VersioningBody is a VersioningConfiguration with status.
func VersioningBody(status string) []byte {
	return []byte(`<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Status>` + status + `</Status></VersioningConfiguration>`)
}

// VersioningBodyWithoutStatus is a VersioningConfiguration naming neither
// Status nor MfaDelete.
func VersioningBodyWithoutStatus() []byte {
	return []byte(`<VersioningConfiguration ` + s3NS + `/>`)
}

// CopySource is the x-amz-copy-source value naming bucket/key.
func CopySource(bucket, key string) string {
	return url.PathEscape(bucket) + "/" + escapeKey(key)
}

func escapeKey(key string) string {
	var b bytes.Buffer
	for _, seg := range bytes.Split([]byte(key), []byte("/")) {
		if b.Len() > 0 {
			b.WriteByte('/')
		}
		b.WriteString(url.PathEscape(string(seg)))
	}
	return b.String()
}

func query(pairs ...string) url.Values {
	q := url.Values{}
	for i := 0; i+1 < len(pairs); i += 2 {
		q.Set(pairs[i], pairs[i+1])
	}
	return q
}

// GetObjectWith is GET /bucket/key with extra headers (Range, If-*).
func (r Requester) GetObjectWith(bucket, key string, header http.Header) *wire.Response {
	return r.Do(wire.Request{Method: http.MethodGet, Bucket: bucket, Key: key, Header: header})
}

// HeadObjectWith is HEAD /bucket/key with extra headers.
func (r Requester) HeadObjectWith(bucket, key string, header http.Header) *wire.Response {
	return r.Do(wire.Request{Method: http.MethodHead, Bucket: bucket, Key: key, Header: header})
}

// PutObjectWith is PUT /bucket/key with body and extra headers.
func (r Requester) PutObjectWith(bucket, key string, body []byte, header http.Header) *wire.Response {
	return r.Do(wire.Request{Method: http.MethodPut, Bucket: bucket, Key: key, Body: body, Header: header})
}

// GetObjectVersion is GET /bucket/key?versionId=id.
func (r Requester) GetObjectVersion(bucket, key, versionID string) *wire.Response {
	return r.Do(wire.Request{Method: http.MethodGet, Bucket: bucket, Key: key, Query: query("versionId", versionID)})
}

// HeadObjectVersion is HEAD /bucket/key?versionId=id.
func (r Requester) HeadObjectVersion(bucket, key, versionID string) *wire.Response {
	return r.Do(wire.Request{Method: http.MethodHead, Bucket: bucket, Key: key, Query: query("versionId", versionID)})
}

// GetObjectACL is GET /bucket/key?acl.
func (r Requester) GetObjectACL(bucket, key string) *wire.Response {
	return r.Do(wire.Request{Method: http.MethodGet, Bucket: bucket, Key: key, Query: query("acl", "")})
}

// PutObjectACL is PUT /bucket/key?acl with a canned ACL.
func (r Requester) PutObjectACL(bucket, key, cannedACL string) *wire.Response {
	return r.Do(wire.Request{Method: http.MethodPut, Bucket: bucket, Key: key, Query: query("acl", ""),
		Header: http.Header{"X-Amz-Acl": {cannedACL}}})
}

// PutObjectACLWith is PUT /bucket/key?acl with the given ACL headers and
// body (Content-MD5 added for a body), as a check of how the ACL is given.
func (r Requester) PutObjectACLWith(bucket, key string, header http.Header, body []byte) *wire.Response {
	h := header.Clone()
	if h == nil {
		h = http.Header{}
	}
	if len(body) > 0 {
		h.Set("Content-Md5", ContentMD5(body))
	}
	return r.Do(wire.Request{Method: http.MethodPut, Bucket: bucket, Key: key, Query: query("acl", ""), Header: h, Body: body})
}

// AccessControlPolicy is an ACL document granting owner one permission.
func AccessControlPolicy(owner, permission string) []byte {
	return []byte(`<AccessControlPolicy ` + s3NS + `><Owner><ID>` + owner + `</ID></Owner><AccessControlList>` +
		`<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><ID>` + owner + `</ID></Grantee>` +
		`<Permission>` + permission + `</Permission></Grant></AccessControlList></AccessControlPolicy>`)
}

// GetObjectTagging is GET /bucket/key?tagging.
func (r Requester) GetObjectTagging(bucket, key string) *wire.Response {
	return r.Do(wire.Request{Method: http.MethodGet, Bucket: bucket, Key: key, Query: query("tagging", "")})
}

// GetObjectRetention is GET /bucket/key?retention.
func (r Requester) GetObjectRetention(bucket, key string) *wire.Response {
	return r.Do(wire.Request{Method: http.MethodGet, Bucket: bucket, Key: key, Query: query("retention", "")})
}

// GetObjectLegalHold is GET /bucket/key?legal-hold.
func (r Requester) GetObjectLegalHold(bucket, key string) *wire.Response {
	return r.Do(wire.Request{Method: http.MethodGet, Bucket: bucket, Key: key, Query: query("legal-hold", "")})
}

// GetObjectTaggingVersion is GET /bucket/key?tagging&versionId=id.
func (r Requester) GetObjectTaggingVersion(bucket, key, versionID string) *wire.Response {
	return r.Do(wire.Request{Method: http.MethodGet, Bucket: bucket, Key: key, Query: query("tagging", "", "versionId", versionID)})
}

// PutObjectTagging is PUT /bucket/key?tagging with a Tagging document.
func (r Requester) PutObjectTagging(bucket, key string, tags ...Tag) *wire.Response {
	return r.PutObjectTaggingBody(bucket, key, TaggingBody(tags...))
}

// PutObjectTaggingVersion is PUT /bucket/key?tagging&versionId=id.
func (r Requester) PutObjectTaggingVersion(bucket, key, versionID string, tags ...Tag) *wire.Response {
	return r.Do(wire.Request{Method: http.MethodPut, Bucket: bucket, Key: key, Query: query("tagging", "", "versionId", versionID), Body: TaggingBody(tags...)})
}

// PutObjectTaggingBody is PUT /bucket/key?tagging with any body.
func (r Requester) PutObjectTaggingBody(bucket, key string, body []byte) *wire.Response {
	return r.Do(wire.Request{Method: http.MethodPut, Bucket: bucket, Key: key, Query: query("tagging", ""), Body: body})
}

// CopyObject is PUT /bucket/key with x-amz-copy-source: source (see
// CopySource) and extra headers.
func (r Requester) CopyObject(bucket, key, source string, header http.Header) *wire.Response {
	h := header.Clone()
	if h == nil {
		h = http.Header{}
	}
	h.Set("X-Amz-Copy-Source", source)
	return r.Do(wire.Request{Method: http.MethodPut, Bucket: bucket, Key: key, Header: h})
}

// CreateMultipartUpload is POST /bucket/key?uploads. An upload the server
// starts is aborted when the check ends.
func (r Requester) CreateMultipartUpload(bucket, key string, header http.Header) *wire.Response {
	r.t.tracker.Uploading(bucket)
	resp := r.Do(wire.Request{Method: http.MethodPost, Bucket: bucket, Key: key, Query: query("uploads", ""), Header: header})
	if resp.Status == http.StatusOK {
		if id := uploadIDOf(resp.Body); id != "" {
			r.t.tracker.Upload(bucket, key, id)
		}
	}
	return resp
}

// UploadPart is PUT /bucket/key?partNumber=n&uploadId=id.
func (r Requester) UploadPart(bucket, key, uploadID string, partNumber int, body []byte, header http.Header) *wire.Response {
	return r.Do(wire.Request{Method: http.MethodPut, Bucket: bucket, Key: key, Body: body, Header: header,
		Query: query("partNumber", strconv.Itoa(partNumber), "uploadId", uploadID)})
}

// ListParts is GET /bucket/key?uploadId=id.
func (r Requester) ListParts(bucket, key, uploadID string) *wire.Response {
	return r.Do(wire.Request{Method: http.MethodGet, Bucket: bucket, Key: key, Query: query("uploadId", uploadID)})
}

// CompleteMultipartUpload is POST /bucket/key?uploadId=id listing parts.
func (r Requester) CompleteMultipartUpload(bucket, key, uploadID string, parts ...Part) *wire.Response {
	return r.CompleteMultipartUploadBody(bucket, key, uploadID, CompleteBody(parts...))
}

// CompleteMultipartUploadBody is POST /bucket/key?uploadId=id with any
// body (nil sends none).
func (r Requester) CompleteMultipartUploadBody(bucket, key, uploadID string, body []byte) *wire.Response {
	return r.Do(wire.Request{Method: http.MethodPost, Bucket: bucket, Key: key, Query: query("uploadId", uploadID), Body: body})
}

// AbortMultipartUpload is DELETE /bucket/key?uploadId=id.
func (r Requester) AbortMultipartUpload(bucket, key, uploadID string) *wire.Response {
	return r.Do(wire.Request{Method: http.MethodDelete, Bucket: bucket, Key: key, Query: query("uploadId", uploadID)})
}

// ListMultipartUploads is GET /bucket?uploads.
func (r Requester) ListMultipartUploads(bucket string) *wire.Response {
	return r.Do(wire.Request{Method: http.MethodGet, Bucket: bucket, Query: query("uploads", "")})
}

// GetBucketVersioning is GET /bucket?versioning.
func (r Requester) GetBucketVersioning(bucket string) *wire.Response {
	return r.Do(wire.Request{Method: http.MethodGet, Bucket: bucket, Query: query("versioning", "")})
}

// PutBucketVersioning is PUT /bucket?versioning with a body (see
// VersioningBody).
func (r Requester) PutBucketVersioning(bucket string, body []byte) *wire.Response {
	return r.Do(wire.Request{Method: http.MethodPut, Bucket: bucket, Query: query("versioning", ""), Body: body})
}

// ListObjectVersions is GET /bucket?versions.
func (r Requester) ListObjectVersions(bucket string) *wire.Response {
	return r.Do(wire.Request{Method: http.MethodGet, Bucket: bucket, Query: query("versions", "")})
}

func uploadIDOf(body []byte) string {
	doc := etree.NewDocument()
	if doc.ReadFromBytes(body) != nil || doc.Root() == nil {
		return ""
	}
	return childText(doc.Root(), "UploadId")
}

// setupFail fails the check as a setup error, with the exchange.
func (t *T) setupFail(r *wire.Response, why string) {
	t.fail(fmt.Sprintf("setup failed, so the check could not run: %s\n%s", why, r.Exchange), 2)
}

// NewObjectWith puts an object with extra headers (deleted when the check
// ends) and returns the setup response, e.g. for its ETag.
func (t *T) NewObjectWith(bucket, key string, body []byte, header http.Header) *wire.Response {
	t.tracker.Object(bucket, key) // first, as in NewBucket
	return t.Setup(wire.Request{Method: http.MethodPut, Bucket: bucket, Key: key, Body: body, Header: header}, http.StatusOK)
}

// NewVersionedBucket creates a bucket with versioning enabled; every
// version and delete marker in it is deleted when the check ends.
func (t *T) NewVersionedBucket() string {
	bucket := t.NewBucket()
	t.tracker.Versioned(bucket)
	t.Setup(wire.Request{Method: http.MethodPut, Bucket: bucket, Query: query("versioning", ""), Body: VersioningBody("Enabled")}, http.StatusOK)
	return bucket
}

// NewObjectVersion puts an object in a versioned bucket and returns its
// version ID.
func (t *T) NewObjectVersion(bucket, key string, body []byte) string {
	r := t.NewObjectWith(bucket, key, body, nil)
	id := r.ResponseHeader.Get("X-Amz-Version-Id")
	if id == "" {
		t.setupFail(r, "PUT in a versioned bucket returned no x-amz-version-id")
	}
	return id
}

// NewDeleteMarker deletes key in a versioned bucket and returns the version
// ID of the delete marker it creates.
func (t *T) NewDeleteMarker(bucket, key string) string {
	r := t.Setup(wire.Request{Method: http.MethodDelete, Bucket: bucket, Key: key}, http.StatusNoContent)
	id := r.ResponseHeader.Get("X-Amz-Version-Id")
	if id == "" {
		t.setupFail(r, "DELETE in a versioned bucket returned no x-amz-version-id")
	}
	return id
}

// NewMultipartUpload starts a multipart upload, aborted when the check
// ends, and returns its ID.
func (t *T) NewMultipartUpload(bucket, key string) string {
	return t.NewMultipartUploadWith(bucket, key, nil)
}

// NewMultipartUploadWith starts a multipart upload with CreateMultipartUpload
// headers (e.g. x-amz-checksum-algorithm), aborted when the check ends, and
// returns its ID.
func (t *T) NewMultipartUploadWith(bucket, key string, header http.Header) string {
	t.tracker.Uploading(bucket)
	r := t.Setup(wire.Request{Method: http.MethodPost, Bucket: bucket, Key: key, Query: query("uploads", ""), Header: header}, http.StatusOK)
	id := uploadIDOf(r.Body)
	if id == "" {
		t.setupFail(r, "CreateMultipartUpload returned no UploadId")
	}
	t.tracker.Upload(bucket, key, id)
	return id
}

// NewPart uploads a part and returns its ETag.
func (t *T) NewPart(bucket, key, uploadID string, partNumber int, body []byte) string {
	r := t.Setup(wire.Request{Method: http.MethodPut, Bucket: bucket, Key: key, Body: body,
		Query: query("partNumber", strconv.Itoa(partNumber), "uploadId", uploadID)}, http.StatusOK)
	etag := r.ResponseHeader.Get("ETag")
	if etag == "" {
		t.setupFail(r, "UploadPart returned no ETag")
	}
	return etag
}

// LastModified is the Last-Modified date of an object, read with a setup
// HEAD.
func (t *T) LastModified(bucket, key string) time.Time {
	r := t.Setup(wire.Request{Method: http.MethodHead, Bucket: bucket, Key: key}, http.StatusOK)
	lm, err := http.ParseTime(r.ResponseHeader.Get("Last-Modified"))
	if err != nil {
		t.setupFail(r, "HEAD returned no valid Last-Modified")
	}
	return lm
}

// Sleep waits for d, or until the check is interrupted.
func (t *T) Sleep(d time.Duration) {
	select {
	case <-t.ctx.Done():
	case <-time.After(d):
	}
}
