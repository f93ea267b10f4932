package soap

import (
	"encoding/base64"
	"strconv"
)

// Operations are the 16 operations of Amazon's S3 WSDL (SOAP.md §5).
var Operations = []string{
	"CreateBucket", "DeleteBucket", "GetObjectAccessControlPolicy", "GetBucketAccessControlPolicy",
	"SetObjectAccessControlPolicy", "SetBucketAccessControlPolicy", "GetObject", "GetObjectExtended",
	"PutObject", "PutObjectInline", "DeleteObject", "ListBucket", "ListAllMyBuckets",
	"GetBucketLoggingStatus", "SetBucketLoggingStatus", "CopyObject",
}

// The builders below give each operation's fields in the order of
// AmazonS3.xsd; the envelope test validates what they build against it.

func bucketField(bucket string) SOAPField { return SOAPField{Name: "Bucket", Value: bucket} }

func objectFields(bucket, key string) []SOAPField {
	return []SOAPField{bucketField(bucket), {Name: "Key", Value: key}}
}

// CreateBucket is the CreateBucket request.
func CreateBucket(bucket string) SOAPRequest {
	return SOAPRequest{Operation: "CreateBucket", Bucket: bucket, Fields: []SOAPField{bucketField(bucket)}}
}

// DeleteBucket is the DeleteBucket request.
func DeleteBucket(bucket string) SOAPRequest {
	return SOAPRequest{Operation: "DeleteBucket", Bucket: bucket, Fields: []SOAPField{bucketField(bucket)}}
}

// ListBucket is the ListBucket request with no prefix, marker or delimiter.
func ListBucket(bucket string) SOAPRequest {
	return SOAPRequest{Operation: "ListBucket", Bucket: bucket, Fields: []SOAPField{bucketField(bucket)}}
}

// ListAllMyBuckets is the ListAllMyBuckets request.
func ListAllMyBuckets() SOAPRequest { return SOAPRequest{Operation: "ListAllMyBuckets"} }

// inlineGet are GetObject's flags asking for metadata and the data inline
// (not as a DIME attachment).
var inlineGet = []SOAPField{{Name: "GetMetadata", Value: "true"}, {Name: "GetData", Value: "true"}, {Name: "InlineData", Value: "true"}}

// GetObject is the GetObject request, asking for metadata and the data
// inline.
func GetObject(bucket, key string) SOAPRequest {
	return SOAPRequest{Operation: "GetObject", Bucket: bucket, Key: key, Fields: append(objectFields(bucket, key), inlineGet...)}
}

// ByteRange is GetObjectExtended's ByteRangeStart and ByteRangeEnd,
// inclusive.
type ByteRange struct{ Start, End int64 }

// GetObjectExtended is the GetObjectExtended request, asking for metadata
// and the data inline, with a byte range when rng is not nil and an
// IfMatch element for each of ifMatch.
func GetObjectExtended(bucket, key string, rng *ByteRange, ifMatch ...string) SOAPRequest {
	fields := append(objectFields(bucket, key), inlineGet...)
	if rng != nil {
		fields = append(fields, SOAPField{Name: "ByteRangeStart", Value: strconv.FormatInt(rng.Start, 10)},
			SOAPField{Name: "ByteRangeEnd", Value: strconv.FormatInt(rng.End, 10)})
	}
	for _, etag := range ifMatch {
		fields = append(fields, SOAPField{Name: "IfMatch", Value: etag})
	}
	return SOAPRequest{Operation: "GetObjectExtended", Bucket: bucket, Key: key, Fields: fields}
}

// contentTypeMetadata is the Metadata entry of the SOAPPutObjectInline
// page's sample.
var contentTypeMetadata = SOAPField{Name: "Metadata", Children: []SOAPField{{Name: "Name", Value: "Content-Type"}, {Name: "Value", Value: "text/plain"}}}

// PutObject is the PutObject request: its data travels as a DIME
// attachment (SOAP.md §3).
func PutObject(bucket, key string, data []byte) SOAPRequest {
	return SOAPRequest{Operation: "PutObject", Bucket: bucket, Key: key, Attachment: data, Fields: append(objectFields(bucket, key),
		contentTypeMetadata, SOAPField{Name: "ContentLength", Value: strconv.Itoa(len(data))})}
}

// PutObjectInline is the PutObjectInline request: data travels
// base64-encoded in the Data element.
func PutObjectInline(bucket, key string, data []byte) SOAPRequest {
	return SOAPRequest{Operation: "PutObjectInline", Bucket: bucket, Key: key, Fields: append(objectFields(bucket, key),
		contentTypeMetadata,
		SOAPField{Name: "Data", Value: base64.StdEncoding.EncodeToString(data)},
		SOAPField{Name: "ContentLength", Value: strconv.Itoa(len(data))})}
}

// DeleteObject is the DeleteObject request.
func DeleteObject(bucket, key string) SOAPRequest {
	return SOAPRequest{Operation: "DeleteObject", Bucket: bucket, Key: key, Fields: objectFields(bucket, key)}
}

// CopyObject is the CopyObject request, with a CopySourceIfMatch element
// for each of ifMatch. Bucket and Key are the destination's.
func CopyObject(srcBucket, srcKey, dstBucket, dstKey string, ifMatch ...string) SOAPRequest {
	fields := []SOAPField{
		{Name: "SourceBucket", Value: srcBucket}, {Name: "SourceKey", Value: srcKey},
		{Name: "DestinationBucket", Value: dstBucket}, {Name: "DestinationKey", Value: dstKey},
	}
	for _, etag := range ifMatch {
		fields = append(fields, SOAPField{Name: "CopySourceIfMatch", Value: etag})
	}
	return SOAPRequest{Operation: "CopyObject", Bucket: dstBucket, Key: dstKey, Fields: fields}
}

// Grant is one grant of an AccessControlList to a canonical user.
type Grant struct{ CanonicalUserID, Permission string }

// accessControlList is the AccessControlList element of grants, each
// grantee an xsi:type CanonicalUser (SOAP.md §5).
func accessControlList(grants []Grant) SOAPField {
	acl := SOAPField{Name: "AccessControlList"}
	for _, g := range grants {
		acl.Children = append(acl.Children, SOAPField{Name: "Grant", Children: []SOAPField{
			{Name: "Grantee", XSIType: "CanonicalUser", Children: []SOAPField{{Name: "ID", Value: g.CanonicalUserID}}},
			{Name: "Permission", Value: g.Permission},
		}})
	}
	return acl
}

// GetBucketAccessControlPolicy is the GetBucketAccessControlPolicy request.
func GetBucketAccessControlPolicy(bucket string) SOAPRequest {
	return SOAPRequest{Operation: "GetBucketAccessControlPolicy", Bucket: bucket, Fields: []SOAPField{bucketField(bucket)}}
}

// SetBucketAccessControlPolicy is the SetBucketAccessControlPolicy request.
func SetBucketAccessControlPolicy(bucket string, grants ...Grant) SOAPRequest {
	return SOAPRequest{Operation: "SetBucketAccessControlPolicy", Bucket: bucket,
		Fields: []SOAPField{bucketField(bucket), accessControlList(grants)}}
}

// GetObjectAccessControlPolicy is the GetObjectAccessControlPolicy request.
func GetObjectAccessControlPolicy(bucket, key string) SOAPRequest {
	return SOAPRequest{Operation: "GetObjectAccessControlPolicy", Bucket: bucket, Key: key, Fields: objectFields(bucket, key)}
}

// SetObjectAccessControlPolicy is the SetObjectAccessControlPolicy request.
func SetObjectAccessControlPolicy(bucket, key string, grants ...Grant) SOAPRequest {
	return SOAPRequest{Operation: "SetObjectAccessControlPolicy", Bucket: bucket, Key: key,
		Fields: append(objectFields(bucket, key), accessControlList(grants))}
}

// GetBucketLoggingStatus is the GetBucketLoggingStatus request.
func GetBucketLoggingStatus(bucket string) SOAPRequest {
	return SOAPRequest{Operation: "GetBucketLoggingStatus", Bucket: bucket, Fields: []SOAPField{bucketField(bucket)}}
}

// SetBucketLoggingStatus is the SetBucketLoggingStatus request turning
// logging off: an empty BucketLoggingStatus, which the schema puts after
// the authorization elements.
func SetBucketLoggingStatus(bucket string) SOAPRequest {
	return SOAPRequest{Operation: "SetBucketLoggingStatus", Bucket: bucket,
		Fields: []SOAPField{bucketField(bucket), {Name: "BucketLoggingStatus"}}}
}
