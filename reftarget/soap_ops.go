package reftarget

import (
	"bytes"
	"encoding/base64"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/beevik/etree"
)

// The 16 operations of the SOAP endpoint (SOAP.md §5). They share the
// store, and the REST endpoint's rules where S3 has one rule for both
// protocols (conditions, ranges, copies, ACL validation): SOAP fields are
// turned into the headers those rules read.

// soapResponse starts <operation>Response in the S3 namespace, and its
// same-named child as the schema nests them (SOAP.md §5), returning both.
func soapResponse(operation, inner string) (*etree.Element, *etree.Element) {
	outer := soapEmptyResponse(operation)
	return outer, outer.CreateElement(inner)
}

// soapEmptyResponse is <operation>Response in the S3 namespace, for the
// operations whose response is an empty sequence.
func soapEmptyResponse(operation string) *etree.Element {
	outer := etree.NewElement(operation + "Response")
	outer.CreateAttr("xmlns", s3XMLNS)
	return outer
}

func addText(parent *etree.Element, name, value string) *etree.Element {
	el := parent.CreateElement(name)
	el.SetText(value)
	return el
}

// fields returns the texts of the operation's children called name.
func (c *soapCall) fields(name string) []string {
	var out []string
	for _, el := range c.operation.SelectElements(name) {
		out = append(out, strings.TrimSpace(el.Text()))
	}
	return out
}

// conditionHeader turns SOAP condition fields into the HTTP headers the
// REST rules read: list fields (ETags) joined as HTTP lists, xsd:dateTime
// fields as HTTP dates. names maps field names to header names.
func (c *soapCall) conditionHeader(names map[string]string) http.Header {
	h := http.Header{}
	for field, header := range names {
		values := c.fields(field)
		if len(values) == 0 {
			continue
		}
		if strings.HasSuffix(field, "Since") {
			at, err := time.Parse(time.RFC3339Nano, values[0])
			if err != nil {
				continue // not a date: ignored, as S3 ignores an invalid HTTP date
			}
			values = []string{at.UTC().Format(http.TimeFormat)}
		}
		h.Set(header, strings.Join(values, ", "))
	}
	return h
}

func (s *Server) soapCreateBucket(c *soapCall) (*etree.Element, *s3Error) {
	if err := s.store.createBucket(c.caller, c.bucket, ""); err != nil {
		return nil, err
	}
	outer, result := soapResponse("CreateBucket", "CreateBucketReturn")
	addText(result, "BucketName", c.bucket)
	return outer, nil
}

// soapDeleteStatus is the nested Status of DeleteObject and DeleteBucket
// successes.
func (s *Server) soapDeleteStatus(operation, code, description string) *etree.Element {
	outer, status := soapResponse(operation, operation+"Response")
	if !s.dev.has(devSOAPDeleteNoStatusCode) {
		addText(status, "Code", code)
	}
	addText(status, "Description", description)
	return outer
}

// soapDeleteBucket answers Code 204, as the captured AWS success did
// (SOAP.md §6).
func (s *Server) soapDeleteBucket(c *soapCall) (*etree.Element, *s3Error) {
	if err := s.store.deleteBucket(c.caller, c.bucket); err != nil {
		return nil, err
	}
	return s.soapDeleteStatus("DeleteBucket", "204", "No Content"), nil
}

func (s *Server) soapListBucket(c *soapCall) (*etree.Element, *s3Error) {
	prefix, _ := c.field("Prefix")
	marker, _ := c.field("Marker")
	delimiter, _ := c.field("Delimiter")
	query := listQuery{prefix: prefix, delimiter: delimiter, after: marker, maxKeys: maxListKeys}
	if v, ok := c.field("MaxKeys"); ok {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return nil, errInvalidArgument("Provided max-keys not an integer or within integer range", "MaxKeys", v)
		}
		query.maxKeys = min(n, maxListKeys)
	}
	page, err := s.store.listObjects(c.caller, c.bucket, query)
	if err != nil {
		return nil, err
	}
	outer, result := soapResponse("ListBucket", "ListBucketResponse")
	addText(result, "Name", c.bucket)
	addText(result, "Prefix", prefix)
	addText(result, "Marker", marker)
	if page.truncated && delimiter != "" {
		addText(result, "NextMarker", page.last)
	}
	addText(result, "MaxKeys", strconv.Itoa(query.maxKeys))
	if delimiter != "" {
		addText(result, "Delimiter", delimiter)
	}
	addText(result, "IsTruncated", strconv.FormatBool(page.truncated))
	for _, obj := range page.objects {
		entry := result.CreateElement("Contents")
		addText(entry, "Key", obj.key)
		addText(entry, "LastModified", xmlTime(obj.lastModified))
		addText(entry, "ETag", obj.etag)
		addText(entry, "Size", strconv.Itoa(len(obj.body)))
		addOwner(entry, "Owner", c.caller)
		addText(entry, "StorageClass", "STANDARD")
	}
	for _, p := range page.commonPrefixes {
		addText(result.CreateElement("CommonPrefixes"), "Prefix", p)
	}
	return outer, nil
}

// addOwner adds a CanonicalUser element for account.
func addOwner(parent *etree.Element, name, account string) *etree.Element {
	owner := parent.CreateElement(name)
	addText(owner, "ID", canonicalUserID(account))
	addText(owner, "DisplayName", account)
	return owner
}

func (s *Server) soapListAllMyBuckets(c *soapCall) (*etree.Element, *s3Error) {
	buckets, err := s.store.listBuckets(c.caller)
	if err != nil {
		return nil, err
	}
	outer, result := soapResponse("ListAllMyBuckets", "ListAllMyBucketsResponse")
	addOwner(result, "Owner", c.caller)
	list := result.CreateElement("Buckets")
	for _, b := range buckets {
		entry := list.CreateElement("Bucket")
		addText(entry, "Name", b.name)
		addText(entry, "CreationDate", xmlTime(b.created))
	}
	return outer, nil
}

// soapPutObjectInline takes the object's data from the Data element, up to
// maxInlineData bytes.
func (s *Server) soapPutObjectInline(c *soapCall) (*etree.Element, *s3Error) {
	encoded, _ := c.field("Data")
	data, derr := base64.StdEncoding.DecodeString(encoded)
	if derr != nil {
		return nil, errInvalidArgument("The Data element is not valid base64", "Data", "")
	}
	if len(data) > maxInlineData && !s.dev.has(devSOAPInlineDataUnbounded) {
		return nil, newError("InlineDataTooLarge")
	}
	return s.soapStoreObject(c, data)
}

// soapPutObject takes the object's data from the DIME attachment (SOAP.md
// §3): a request without one is MissingAttachment.
func (s *Server) soapPutObject(c *soapCall) (*etree.Element, *s3Error) {
	if len(c.attachments) == 0 {
		if s.dev.has(devSOAPMissingAttachmentInvalid) {
			return nil, newError("InvalidSOAPRequest")
		}
		return nil, newError("MissingAttachment")
	}
	return s.soapStoreObject(c, c.attachments[0])
}

// soapStoreObject stores data as the request's object, with its Metadata,
// and answers PutObject's or PutObjectInline's response.
func (s *Server) soapStoreObject(c *soapCall, data []byte) (*etree.Element, *s3Error) {
	if v, ok := c.field("ContentLength"); ok && v != strconv.Itoa(len(data)) {
		return nil, errInvalidArgument("ContentLength does not match the length of the data", "ContentLength", v)
	}
	obj := newObject(c.key, data, c.metadata())
	if err := s.store.putObject(c.caller, c.bucket, obj); err != nil {
		return nil, err
	}
	outer, result := soapResponse(c.operation.Tag, c.operation.Tag+"Response")
	addText(result, "ETag", obj.etag)
	addText(result, "LastModified", xmlTime(obj.lastModified))
	return outer, nil
}

// metadata is an object's attributes from the request's Metadata entries:
// Content-Type, and the others as user metadata.
func (c *soapCall) metadata() object {
	obj := object{contentType: "binary/octet-stream", metadata: map[string]string{}}
	for _, m := range c.operation.SelectElements("Metadata") {
		name, value := strings.TrimSpace(m.SelectElement("Name").NotNil().Text()), m.SelectElement("Value").NotNil().Text()
		if strings.EqualFold(name, "Content-Type") {
			obj.contentType = value
		} else if name != "" {
			obj.metadata[strings.ToLower(name)] = value
		}
	}
	return obj
}

func (s *Server) soapGetObject(c *soapCall) (*etree.Element, *s3Error) {
	return s.soapServeObject(c, false)
}

// soapGetObjectExtended is GetObject with GET's conditions and a byte
// range, judged by the REST rules (conditional.go, ranges.go).
func (s *Server) soapGetObjectExtended(c *soapCall) (*etree.Element, *s3Error) {
	return s.soapServeObject(c, true)
}

func (s *Server) soapServeObject(c *soapCall, extended bool) (*etree.Element, *s3Error) {
	getData := c.boolField("GetData")
	if getData && !c.boolField("InlineData") {
		return nil, errNotImplemented() // data as a DIME attachment
	}
	obj, err := s.store.getObject(c.caller, c.bucket, c.key)
	if err != nil {
		return nil, err
	}
	data := obj.body
	if extended {
		h := c.conditionHeader(map[string]string{"IfMatch": "If-Match", "IfNoneMatch": "If-None-Match",
			"IfModifiedSince": "If-Modified-Since", "IfUnmodifiedSince": "If-Unmodified-Since"})
		notModified, err := s.evaluatePreconditions(h, obj)
		if err != nil {
			return nil, err
		}
		if notModified {
			return nil, newError("NotModified")
		}
		if rng := c.byteRange(); rng != "" {
			h.Set("Range", rng)
		}
		if data, _, err = s.selectRange(h, obj, http.Header{}); err != nil {
			return nil, err
		}
	}
	outer, result := soapResponse(c.operation.Tag, "GetObjectResponse")
	status := result.CreateElement("Status")
	addText(status, "Code", "200")
	addText(status, "Description", "OK")
	if c.boolField("GetMetadata") {
		meta := map[string]string{"Content-Type": obj.contentType}
		maps.Copy(meta, obj.metadata)
		for _, name := range slices.Sorted(maps.Keys(meta)) {
			m := result.CreateElement("Metadata")
			addText(m, "Name", name)
			addText(m, "Value", meta[name])
		}
	}
	if getData {
		addText(result, "Data", base64.StdEncoding.EncodeToString(data))
	}
	addText(result, "LastModified", xmlTime(obj.lastModified))
	addText(result, "ETag", obj.etag)
	return outer, nil
}

// byteRange is ByteRangeStart and ByteRangeEnd as a Range header value; ""
// when the request has neither.
func (c *soapCall) byteRange() string {
	start, hasStart := c.field("ByteRangeStart")
	end, hasEnd := c.field("ByteRangeEnd")
	switch {
	case !hasStart && !hasEnd:
		return ""
	case !hasStart:
		start = "0"
	}
	return "bytes=" + start + "-" + end
}

// soapDeleteObject answers DeleteObject of a missing key with the NoSuchKey
// fault of the S3 guide's example (spec README decision 2).
func (s *Server) soapDeleteObject(c *soapCall) (*etree.Element, *s3Error) {
	if _, err := s.store.getObject(c.caller, c.bucket, c.key); err != nil {
		if err.code != "NoSuchKey" || !s.dev.has(devSOAPDeleteMissingKeySuccess) {
			return nil, err
		}
	}
	if err := s.store.deleteObject(c.caller, c.bucket, c.key); err != nil {
		return nil, err
	}
	code := "200"
	if s.dev.has(devSOAPDeleteObjectCode204) {
		code = "204"
	}
	return s.soapDeleteStatus("DeleteObject", code, "OK"), nil
}

// soapCopyObject is REST CopyObject (copy.go) with the CopySourceIf*
// fields as its x-amz-copy-source-if-* headers.
func (s *Server) soapCopyObject(c *soapCall) (*etree.Element, *s3Error) {
	srcBucket, _ := c.field("SourceBucket")
	srcKey, _ := c.field("SourceKey")
	dstBucket, _ := c.field("DestinationBucket")
	dstKey, _ := c.field("DestinationKey")
	req := copyRequest{caller: c.caller, bucket: dstBucket, key: dstKey, header: c.conditionHeader(map[string]string{
		"CopySourceIfMatch": "X-Amz-Copy-Source-If-Match", "CopySourceIfNoneMatch": "X-Amz-Copy-Source-If-None-Match",
		"CopySourceIfModifiedSince": "X-Amz-Copy-Source-If-Modified-Since", "CopySourceIfUnmodifiedSince": "X-Amz-Copy-Source-If-Unmodified-Since",
	})}
	if directive, _ := c.field("MetadataDirective"); directive == "REPLACE" {
		req.replace, req.attrs = true, c.metadata()
	}
	copied, _, err := s.store.copyObject(s, copySource{bucket: srcBucket, key: srcKey}, req)
	if err != nil {
		return nil, err
	}
	outer, result := soapResponse("CopyObject", "CopyObjectResult")
	addText(result, "LastModified", xmlTime(copied.lastModified))
	addText(result, "ETag", copied.etag)
	return outer, nil
}

// soapAccessControlPolicy is the policy every bucket and object has here:
// its owner's full control.
func soapAccessControlPolicy(operation, owner string) *etree.Element {
	outer, policy := soapResponse(operation, operation+"Response")
	addOwner(policy, "Owner", owner)
	grant := policy.CreateElement("AccessControlList").CreateElement("Grant")
	grantee := addOwner(grant, "Grantee", owner)
	grantee.CreateAttr("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance")
	grantee.CreateAttr("xsi:type", "CanonicalUser")
	addText(grant, "Permission", "FULL_CONTROL")
	return outer
}

// soapCheckACL validates the request's AccessControlList as REST
// validates an AccessControlPolicy body (bucketacl.go); it keeps nothing,
// as the REST endpoint keeps no grants.
func (s *Server) soapCheckACL(c *soapCall) *s3Error {
	doc := etree.NewDocument()
	policy := doc.CreateElement("AccessControlPolicy")
	if acl := c.operation.SelectElement("AccessControlList"); acl != nil {
		policy.AddChild(acl.Copy())
	}
	var b bytes.Buffer
	if _, err := doc.WriteTo(&b); err != nil {
		panic(err) // writing to memory does not fail
	}
	_, _, err := s.parseACL(b.Bytes())
	return err
}

func (s *Server) soapGetBucketAccessControlPolicy(c *soapCall) (*etree.Element, *s3Error) {
	if err := s.store.headBucket(c.caller, c.bucket); err != nil {
		return nil, err
	}
	return soapAccessControlPolicy("GetBucketAccessControlPolicy", c.caller), nil
}

func (s *Server) soapSetBucketAccessControlPolicy(c *soapCall) (*etree.Element, *s3Error) {
	if err := s.store.headBucket(c.caller, c.bucket); err != nil {
		return nil, err
	}
	if err := s.soapCheckACL(c); err != nil {
		return nil, err
	}
	return soapEmptyResponse("SetBucketAccessControlPolicy"), nil
}

func (s *Server) soapGetObjectAccessControlPolicy(c *soapCall) (*etree.Element, *s3Error) {
	if _, err := s.store.getObject(c.caller, c.bucket, c.key); err != nil {
		return nil, err
	}
	return soapAccessControlPolicy("GetObjectAccessControlPolicy", c.caller), nil
}

func (s *Server) soapSetObjectAccessControlPolicy(c *soapCall) (*etree.Element, *s3Error) {
	if _, err := s.store.getObject(c.caller, c.bucket, c.key); err != nil {
		return nil, err
	}
	if err := s.soapCheckACL(c); err != nil {
		return nil, err
	}
	return soapEmptyResponse("SetObjectAccessControlPolicy"), nil
}

// soapGetBucketLoggingStatus answers that logging is off, the only status
// this target keeps.
func (s *Server) soapGetBucketLoggingStatus(c *soapCall) (*etree.Element, *s3Error) {
	if err := s.store.headBucket(c.caller, c.bucket); err != nil {
		return nil, err
	}
	outer, _ := soapResponse("GetBucketLoggingStatus", "GetBucketLoggingStatusResponse")
	return outer, nil
}

// soapSetBucketLoggingStatus accepts turning logging off; turning it on is
// not implemented, since this target writes no access logs.
func (s *Server) soapSetBucketLoggingStatus(c *soapCall) (*etree.Element, *s3Error) {
	if err := s.store.headBucket(c.caller, c.bucket); err != nil {
		return nil, err
	}
	if c.operation.FindElement("BucketLoggingStatus/LoggingEnabled") != nil {
		return nil, errNotImplemented()
	}
	return soapEmptyResponse("SetBucketLoggingStatus"), nil
}
