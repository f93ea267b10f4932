package rest

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/s3errconform/s3errconform/harness"
	"github.com/s3errconform/s3errconform/harness/wire"
)

// Operation is one operation of S3's REST API model (botocore's
// data/s3/2006-03-01/service-2.json, as Debian's python3-botocore 1.29.27
// ships it: 97 operations): how a request of it looks on the wire, and the
// optional feature it belongs to. operations_table_test.go compares the
// table with the model.
type Operation struct {
	Name   string
	Method string
	// Scope is what the model's request URI names: ScopeService ("/"),
	// ScopeBucket ("/{Bucket}") or ScopeObject ("/{Bucket}/{Key+}").
	Scope string
	// Path is the request path of a service operation not sent to "/".
	Path string
	// Query is the fixed query of the request URI, the subresource that
	// selects the operation: "analytics", "list-type=2",
	// "select&select-type=2".
	Query string
	// Params are the query parameters the model requires besides Query
	// (id, uploadId, partNumber); requests carry placeholder values.
	Params []string
	// Headers are the request headers the model requires
	// (x-amz-copy-source, x-amz-object-attributes, ...).
	Headers []string
	// Body is a minimal valid body of a request on bucket and key; nil
	// when the operation sends none.
	Body func(bucket, key string) []byte
	// ChecksumRequired: the model requires a checksum of the body
	// (httpChecksumRequired); requests carry its Content-MD5.
	ChecksumRequired bool
	// Capability is the optional feature the operation belongs to ("" for
	// S3's core).
	Capability string
}

// Scopes of an operation's request URI.
const (
	ScopeService = "service"
	ScopeBucket  = "bucket"
	ScopeObject  = "object"
)

// Placeholder values of required query parameters and headers.
const (
	// opConfigID is the id of analytics, inventory, metrics and
	// intelligent-tiering configurations.
	opConfigID = "s3errconform"
	// opSourceKey is the object a copy reads, in the request's bucket.
	opSourceKey = "private"
)

// Operations returns S3's 97 REST operations, in the model's order (by
// name).
func Operations() []Operation { return append([]Operation(nil), operationTable...) }

func opBody(doc string) func(bucket, key string) []byte {
	return func(string, string) []byte { return []byte(doc) }
}

func opConfigBody(sub string) func(bucket, key string) []byte {
	return func(bucket, _ string) []byte { return harness.BucketConfigDocument(sub, bucket) }
}

const opXMLNS = ` xmlns="http://s3.amazonaws.com/doc/2006-03-01/"`

var operationTable = []Operation{
	{Name: "AbortMultipartUpload", Method: http.MethodDelete, Scope: ScopeObject, Params: []string{"uploadId"}, Capability: "multipart"},
	{Name: "CompleteMultipartUpload", Method: http.MethodPost, Scope: ScopeObject, Params: []string{"uploadId"}, Capability: "multipart",
		Body: opBody(`<CompleteMultipartUpload` + opXMLNS + `><Part><PartNumber>1</PartNumber><ETag>"d41d8cd98f00b204e9800998ecf8427e"</ETag></Part></CompleteMultipartUpload>`)},
	{Name: "CopyObject", Method: http.MethodPut, Scope: ScopeObject, Headers: []string{"x-amz-copy-source"}},
	{Name: "CreateBucket", Method: http.MethodPut, Scope: ScopeBucket},
	{Name: "CreateMultipartUpload", Method: http.MethodPost, Scope: ScopeObject, Query: "uploads", Capability: "multipart"},
	{Name: "DeleteBucket", Method: http.MethodDelete, Scope: ScopeBucket},
	{Name: "DeleteBucketAnalyticsConfiguration", Method: http.MethodDelete, Scope: ScopeBucket, Query: "analytics", Params: []string{"id"}, Capability: "analytics"},
	{Name: "DeleteBucketCors", Method: http.MethodDelete, Scope: ScopeBucket, Query: "cors", Capability: "cors"},
	{Name: "DeleteBucketEncryption", Method: http.MethodDelete, Scope: ScopeBucket, Query: "encryption", Capability: "encryption"},
	{Name: "DeleteBucketIntelligentTieringConfiguration", Method: http.MethodDelete, Scope: ScopeBucket, Query: "intelligent-tiering", Params: []string{"id"}, Capability: "intelligent-tiering"},
	{Name: "DeleteBucketInventoryConfiguration", Method: http.MethodDelete, Scope: ScopeBucket, Query: "inventory", Params: []string{"id"}, Capability: "inventory"},
	{Name: "DeleteBucketLifecycle", Method: http.MethodDelete, Scope: ScopeBucket, Query: "lifecycle", Capability: "lifecycle"},
	{Name: "DeleteBucketMetricsConfiguration", Method: http.MethodDelete, Scope: ScopeBucket, Query: "metrics", Params: []string{"id"}, Capability: "metrics"},
	{Name: "DeleteBucketOwnershipControls", Method: http.MethodDelete, Scope: ScopeBucket, Query: "ownershipControls", Capability: "ownership"},
	{Name: "DeleteBucketPolicy", Method: http.MethodDelete, Scope: ScopeBucket, Query: "policy", Capability: "policy"},
	{Name: "DeleteBucketReplication", Method: http.MethodDelete, Scope: ScopeBucket, Query: "replication", Capability: "replication"},
	{Name: "DeleteBucketTagging", Method: http.MethodDelete, Scope: ScopeBucket, Query: "tagging", Capability: "tagging"},
	{Name: "DeleteBucketWebsite", Method: http.MethodDelete, Scope: ScopeBucket, Query: "website", Capability: "website"},
	{Name: "DeleteObject", Method: http.MethodDelete, Scope: ScopeObject},
	{Name: "DeleteObjectTagging", Method: http.MethodDelete, Scope: ScopeObject, Query: "tagging", Capability: "tagging"},
	{Name: "DeleteObjects", ChecksumRequired: true, Method: http.MethodPost, Scope: ScopeBucket, Query: "delete",
		Body: opBody(`<Delete` + opXMLNS + `><Object><Key>` + opSourceKey + `</Key></Object></Delete>`)},
	{Name: "DeletePublicAccessBlock", Method: http.MethodDelete, Scope: ScopeBucket, Query: "publicAccessBlock", Capability: "public-access-block"},
	{Name: "GetBucketAccelerateConfiguration", Method: http.MethodGet, Scope: ScopeBucket, Query: "accelerate", Capability: "accelerate"},
	{Name: "GetBucketAcl", Method: http.MethodGet, Scope: ScopeBucket, Query: "acl", Capability: "acl"},
	{Name: "GetBucketAnalyticsConfiguration", Method: http.MethodGet, Scope: ScopeBucket, Query: "analytics", Params: []string{"id"}, Capability: "analytics"},
	{Name: "GetBucketCors", Method: http.MethodGet, Scope: ScopeBucket, Query: "cors", Capability: "cors"},
	{Name: "GetBucketEncryption", Method: http.MethodGet, Scope: ScopeBucket, Query: "encryption", Capability: "encryption"},
	{Name: "GetBucketIntelligentTieringConfiguration", Method: http.MethodGet, Scope: ScopeBucket, Query: "intelligent-tiering", Params: []string{"id"}, Capability: "intelligent-tiering"},
	{Name: "GetBucketInventoryConfiguration", Method: http.MethodGet, Scope: ScopeBucket, Query: "inventory", Params: []string{"id"}, Capability: "inventory"},
	// Deprecated by the model; the same request as
	// GetBucketLifecycleConfiguration.
	{Name: "GetBucketLifecycle", Method: http.MethodGet, Scope: ScopeBucket, Query: "lifecycle", Capability: "lifecycle"},
	{Name: "GetBucketLifecycleConfiguration", Method: http.MethodGet, Scope: ScopeBucket, Query: "lifecycle", Capability: "lifecycle"},
	{Name: "GetBucketLocation", Method: http.MethodGet, Scope: ScopeBucket, Query: "location"},
	{Name: "GetBucketLogging", Method: http.MethodGet, Scope: ScopeBucket, Query: "logging", Capability: "logging"},
	{Name: "GetBucketMetricsConfiguration", Method: http.MethodGet, Scope: ScopeBucket, Query: "metrics", Params: []string{"id"}, Capability: "metrics"},
	// Deprecated by the model; the same request as
	// GetBucketNotificationConfiguration.
	{Name: "GetBucketNotification", Method: http.MethodGet, Scope: ScopeBucket, Query: "notification", Capability: "notification"},
	{Name: "GetBucketNotificationConfiguration", Method: http.MethodGet, Scope: ScopeBucket, Query: "notification", Capability: "notification"},
	{Name: "GetBucketOwnershipControls", Method: http.MethodGet, Scope: ScopeBucket, Query: "ownershipControls", Capability: "ownership"},
	{Name: "GetBucketPolicy", Method: http.MethodGet, Scope: ScopeBucket, Query: "policy", Capability: "policy"},
	{Name: "GetBucketPolicyStatus", Method: http.MethodGet, Scope: ScopeBucket, Query: "policyStatus", Capability: "policy-status"},
	{Name: "GetBucketReplication", Method: http.MethodGet, Scope: ScopeBucket, Query: "replication", Capability: "replication"},
	{Name: "GetBucketRequestPayment", Method: http.MethodGet, Scope: ScopeBucket, Query: "requestPayment", Capability: "request-payment"},
	{Name: "GetBucketTagging", Method: http.MethodGet, Scope: ScopeBucket, Query: "tagging", Capability: "tagging"},
	{Name: "GetBucketVersioning", Method: http.MethodGet, Scope: ScopeBucket, Query: "versioning", Capability: "versioning"},
	{Name: "GetBucketWebsite", Method: http.MethodGet, Scope: ScopeBucket, Query: "website", Capability: "website"},
	{Name: "GetObject", Method: http.MethodGet, Scope: ScopeObject},
	{Name: "GetObjectAcl", Method: http.MethodGet, Scope: ScopeObject, Query: "acl", Capability: "acl"},
	{Name: "GetObjectAttributes", Method: http.MethodGet, Scope: ScopeObject, Query: "attributes", Headers: []string{"x-amz-object-attributes"}, Capability: "object-attributes"},
	{Name: "GetObjectLegalHold", Method: http.MethodGet, Scope: ScopeObject, Query: "legal-hold", Capability: "object-lock"},
	{Name: "GetObjectLockConfiguration", Method: http.MethodGet, Scope: ScopeBucket, Query: "object-lock", Capability: "object-lock"},
	{Name: "GetObjectRetention", Method: http.MethodGet, Scope: ScopeObject, Query: "retention", Capability: "object-lock"},
	{Name: "GetObjectTagging", Method: http.MethodGet, Scope: ScopeObject, Query: "tagging", Capability: "tagging"},
	{Name: "GetObjectTorrent", Method: http.MethodGet, Scope: ScopeObject, Query: "torrent", Capability: "torrent"},
	{Name: "GetPublicAccessBlock", Method: http.MethodGet, Scope: ScopeBucket, Query: "publicAccessBlock", Capability: "public-access-block"},
	{Name: "HeadBucket", Method: http.MethodHead, Scope: ScopeBucket},
	{Name: "HeadObject", Method: http.MethodHead, Scope: ScopeObject},
	{Name: "ListBucketAnalyticsConfigurations", Method: http.MethodGet, Scope: ScopeBucket, Query: "analytics", Capability: "analytics"},
	{Name: "ListBucketIntelligentTieringConfigurations", Method: http.MethodGet, Scope: ScopeBucket, Query: "intelligent-tiering", Capability: "intelligent-tiering"},
	{Name: "ListBucketInventoryConfigurations", Method: http.MethodGet, Scope: ScopeBucket, Query: "inventory", Capability: "inventory"},
	{Name: "ListBucketMetricsConfigurations", Method: http.MethodGet, Scope: ScopeBucket, Query: "metrics", Capability: "metrics"},
	{Name: "ListBuckets", Method: http.MethodGet, Scope: ScopeService},
	{Name: "ListMultipartUploads", Method: http.MethodGet, Scope: ScopeBucket, Query: "uploads", Capability: "multipart"},
	{Name: "ListObjectVersions", Method: http.MethodGet, Scope: ScopeBucket, Query: "versions", Capability: "versioning"},
	{Name: "ListObjects", Method: http.MethodGet, Scope: ScopeBucket},
	{Name: "ListObjectsV2", Method: http.MethodGet, Scope: ScopeBucket, Query: "list-type=2"},
	{Name: "ListParts", Method: http.MethodGet, Scope: ScopeObject, Params: []string{"uploadId"}, Capability: "multipart"},
	{Name: "PutBucketAccelerateConfiguration", Method: http.MethodPut, Scope: ScopeBucket, Query: "accelerate", Capability: "accelerate",
		Body: opBody(`<AccelerateConfiguration` + opXMLNS + `><Status>Suspended</Status></AccelerateConfiguration>`)},
	// The ACL is the x-amz-acl header (bucketWrite adds it): no body.
	{Name: "PutBucketAcl", ChecksumRequired: true, Method: http.MethodPut, Scope: ScopeBucket, Query: "acl", Capability: "acl"},
	{Name: "PutBucketAnalyticsConfiguration", Method: http.MethodPut, Scope: ScopeBucket, Query: "analytics", Params: []string{"id"}, Capability: "analytics",
		Body: opBody(`<AnalyticsConfiguration` + opXMLNS + `><Id>` + opConfigID + `</Id><StorageClassAnalysis/></AnalyticsConfiguration>`)},
	{Name: "PutBucketCors", ChecksumRequired: true, Method: http.MethodPut, Scope: ScopeBucket, Query: "cors", Capability: "cors", Body: opConfigBody(harness.SubCORS)},
	{Name: "PutBucketEncryption", ChecksumRequired: true, Method: http.MethodPut, Scope: ScopeBucket, Query: "encryption", Capability: "encryption", Body: opConfigBody(harness.SubEncryption)},
	{Name: "PutBucketIntelligentTieringConfiguration", Method: http.MethodPut, Scope: ScopeBucket, Query: "intelligent-tiering", Params: []string{"id"}, Capability: "intelligent-tiering",
		Body: opBody(`<IntelligentTieringConfiguration` + opXMLNS + `><Id>` + opConfigID + `</Id><Status>Enabled</Status>` +
			`<Tiering><Days>90</Days><AccessTier>ARCHIVE_ACCESS</AccessTier></Tiering></IntelligentTieringConfiguration>`)},
	{Name: "PutBucketInventoryConfiguration", Method: http.MethodPut, Scope: ScopeBucket, Query: "inventory", Params: []string{"id"}, Capability: "inventory",
		Body: func(bucket, _ string) []byte {
			return []byte(`<InventoryConfiguration` + opXMLNS + `><Destination><S3BucketDestination><Bucket>arn:aws:s3:::` + bucket +
				`</Bucket><Format>CSV</Format></S3BucketDestination></Destination><IsEnabled>true</IsEnabled><Id>` + opConfigID +
				`</Id><IncludedObjectVersions>Current</IncludedObjectVersions><Schedule><Frequency>Daily</Frequency></Schedule></InventoryConfiguration>`)
		}},
	// Deprecated by the model: the V1 lifecycle document, a rule with a
	// Prefix and no Filter.
	{Name: "PutBucketLifecycle", ChecksumRequired: true, Method: http.MethodPut, Scope: ScopeBucket, Query: "lifecycle", Capability: "lifecycle",
		Body: opBody(`<LifecycleConfiguration` + opXMLNS + `><Rule><ID>s3errconform</ID><Prefix>s3errconform-expire/</Prefix>` +
			`<Status>Enabled</Status><Expiration><Days>1</Days></Expiration></Rule></LifecycleConfiguration>`)},
	{Name: "PutBucketLifecycleConfiguration", ChecksumRequired: true, Method: http.MethodPut, Scope: ScopeBucket, Query: "lifecycle", Capability: "lifecycle", Body: opConfigBody(harness.SubLifecycle)},
	{Name: "PutBucketLogging", ChecksumRequired: true, Method: http.MethodPut, Scope: ScopeBucket, Query: "logging", Capability: "logging", Body: opConfigBody(harness.SubLogging)},
	{Name: "PutBucketMetricsConfiguration", Method: http.MethodPut, Scope: ScopeBucket, Query: "metrics", Params: []string{"id"}, Capability: "metrics",
		Body: opBody(`<MetricsConfiguration` + opXMLNS + `><Id>` + opConfigID + `</Id></MetricsConfiguration>`)},
	// Deprecated by the model; an empty configuration is valid in both
	// the old and the new shape.
	{Name: "PutBucketNotification", ChecksumRequired: true, Method: http.MethodPut, Scope: ScopeBucket, Query: "notification", Capability: "notification", Body: opConfigBody(harness.SubNotify)},
	{Name: "PutBucketNotificationConfiguration", Method: http.MethodPut, Scope: ScopeBucket, Query: "notification", Capability: "notification", Body: opConfigBody(harness.SubNotify)},
	{Name: "PutBucketOwnershipControls", ChecksumRequired: true, Method: http.MethodPut, Scope: ScopeBucket, Query: "ownershipControls", Capability: "ownership", Body: opConfigBody(harness.SubOwnership)},
	{Name: "PutBucketPolicy", ChecksumRequired: true, Method: http.MethodPut, Scope: ScopeBucket, Query: "policy", Capability: "policy", Body: opConfigBody(harness.SubPolicy)},
	{Name: "PutBucketReplication", ChecksumRequired: true, Method: http.MethodPut, Scope: ScopeBucket, Query: "replication", Capability: "replication", Body: opConfigBody(harness.SubReplicate)},
	{Name: "PutBucketRequestPayment", ChecksumRequired: true, Method: http.MethodPut, Scope: ScopeBucket, Query: "requestPayment", Capability: "request-payment",
		Body: opBody(`<RequestPaymentConfiguration` + opXMLNS + `><Payer>BucketOwner</Payer></RequestPaymentConfiguration>`)},
	{Name: "PutBucketTagging", ChecksumRequired: true, Method: http.MethodPut, Scope: ScopeBucket, Query: "tagging", Capability: "tagging", Body: opConfigBody(harness.SubTagging)},
	{Name: "PutBucketVersioning", ChecksumRequired: true, Method: http.MethodPut, Scope: ScopeBucket, Query: "versioning", Capability: "versioning",
		Body: opBody(`<VersioningConfiguration` + opXMLNS + `><Status>Suspended</Status></VersioningConfiguration>`)},
	{Name: "PutBucketWebsite", ChecksumRequired: true, Method: http.MethodPut, Scope: ScopeBucket, Query: "website", Capability: "website", Body: opConfigBody(harness.SubWebsite)},
	{Name: "PutObject", Method: http.MethodPut, Scope: ScopeObject, Body: opBody("s3errconform")},
	// The ACL is the x-amz-acl header: no body.
	{Name: "PutObjectAcl", ChecksumRequired: true, Method: http.MethodPut, Scope: ScopeObject, Query: "acl", Capability: "acl"},
	{Name: "PutObjectLegalHold", ChecksumRequired: true, Method: http.MethodPut, Scope: ScopeObject, Query: "legal-hold", Capability: "object-lock",
		Body: opBody(`<LegalHold` + opXMLNS + `><Status>OFF</Status></LegalHold>`)},
	{Name: "PutObjectLockConfiguration", ChecksumRequired: true, Method: http.MethodPut, Scope: ScopeBucket, Query: "object-lock", Capability: "object-lock", Body: opConfigBody(harness.SubObjectLock)},
	{Name: "PutObjectRetention", ChecksumRequired: true, Method: http.MethodPut, Scope: ScopeObject, Query: "retention", Capability: "object-lock",
		Body: func(string, string) []byte {
			until := time.Now().UTC().Add(24 * time.Hour).Format("2006-01-02T15:04:05.000Z")
			return []byte(`<Retention` + opXMLNS + `><Mode>GOVERNANCE</Mode><RetainUntilDate>` + until + `</RetainUntilDate></Retention>`)
		}},
	{Name: "PutObjectTagging", ChecksumRequired: true, Method: http.MethodPut, Scope: ScopeObject, Query: "tagging", Capability: "tagging", Body: opConfigBody(harness.SubTagging)},
	{Name: "PutPublicAccessBlock", ChecksumRequired: true, Method: http.MethodPut, Scope: ScopeBucket, Query: "publicAccessBlock", Capability: "public-access-block",
		Body: opBody(`<PublicAccessBlockConfiguration` + opXMLNS + `><BlockPublicAcls>true</BlockPublicAcls><IgnorePublicAcls>true</IgnorePublicAcls>` +
			`<BlockPublicPolicy>true</BlockPublicPolicy><RestrictPublicBuckets>true</RestrictPublicBuckets></PublicAccessBlockConfiguration>`)},
	{Name: "RestoreObject", Method: http.MethodPost, Scope: ScopeObject, Query: "restore", Capability: "restore",
		Body: opBody(`<RestoreRequest` + opXMLNS + `><Days>1</Days><GlacierJobParameters><Tier>Standard</Tier></GlacierJobParameters></RestoreRequest>`)},
	{Name: "SelectObjectContent", Method: http.MethodPost, Scope: ScopeObject, Query: "select&select-type=2", Capability: "select",
		Body: opBody(`<SelectObjectContentRequest` + opXMLNS + `><Expression>SELECT * FROM S3Object</Expression><ExpressionType>SQL</ExpressionType>` +
			`<InputSerialization><CSV/></InputSerialization><OutputSerialization><CSV/></OutputSerialization></SelectObjectContentRequest>`)},
	{Name: "UploadPart", Method: http.MethodPut, Scope: ScopeObject, Params: []string{"partNumber", "uploadId"}, Capability: "multipart", Body: opBody("s3errconform part")},
	{Name: "UploadPartCopy", Method: http.MethodPut, Scope: ScopeObject, Params: []string{"partNumber", "uploadId"}, Headers: []string{"x-amz-copy-source"}, Capability: "multipart"},
	// S3 Object Lambda: sent to the route a Lambda function was given,
	// never to a bucket.
	{Name: "WriteGetObjectResponse", Method: http.MethodPost, Scope: ScopeService, Path: "WriteGetObjectResponse",
		Headers: []string{"x-amz-request-route", "x-amz-request-token"}},
}

// Request is a minimal valid request of the operation on bucket and key
// (key is ignored unless the operation names an object): placeholder values
// for the required parameters and headers, uploadID for an upload ID, a
// copy source in the same bucket, and a minimal body.
func (op Operation) Request(bucket, key, uploadID string) wire.Request {
	req := wire.Request{Method: op.Method, Query: url.Values{}, Header: http.Header{}}
	if op.Scope != ScopeService {
		req.Bucket = bucket
	}
	if op.Path != "" {
		req.RawPath = "/" + op.Path
	}
	if op.Scope == ScopeObject {
		req.Key = key
	}
	if op.Query != "" {
		for _, part := range strings.Split(op.Query, "&") {
			name, value, _ := strings.Cut(part, "=")
			req.Query.Set(name, value)
		}
	}
	for _, p := range op.Params {
		switch p {
		case "id":
			req.Query.Set(p, opConfigID)
		case "uploadId":
			req.Query.Set(p, uploadID)
		case "partNumber":
			req.Query.Set(p, "1")
		}
	}
	for _, h := range op.Headers {
		switch h {
		case "x-amz-copy-source":
			req.Header.Set(h, "/"+bucket+"/"+opSourceKey)
		case "x-amz-object-attributes":
			req.Header.Set(h, "ETag")
		}
	}
	if op.Query == "acl" && op.Method == http.MethodPut {
		req.Header.Set("X-Amz-Acl", "private")
	}
	if op.Body != nil {
		req.Body = op.Body(bucket, key)
		if op.ChecksumRequired {
			req.Header.Set("Content-Md5", harness.ContentMD5(req.Body))
		}
	}
	return req
}
