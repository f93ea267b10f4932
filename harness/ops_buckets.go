package harness

import (
	"crypto/md5"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/beevik/etree"

	"github.com/s3errconform/s3errconform/harness/wire"
)

// Request helpers for bucket-level operations: configuration subresources,
// bucket creation with headers, listings with parameters.

// BucketSubresource sends METHOD /bucket?sub with body; a PUT body carries
// its Content-MD5, which several PUT bucket configuration calls require.
func (r Requester) BucketSubresource(method, bucket, sub string, body []byte, header http.Header) *wire.Response {
	h := http.Header{}
	for n, v := range header {
		h[n] = append([]string(nil), v...)
	}
	if method == http.MethodPut && len(body) > 0 && h.Get("Content-Md5") == "" {
		h.Set("Content-Md5", ContentMD5(body))
	}
	return r.Do(wire.Request{Method: method, Bucket: bucket, Query: url.Values{sub: {""}}, Header: h, Body: body})
}

// GetBucketConfig is GET /bucket?sub.
func (r Requester) GetBucketConfig(bucket, sub string) *wire.Response {
	return r.BucketSubresource(http.MethodGet, bucket, sub, nil, nil)
}

// PutBucketConfig is PUT /bucket?sub with body.
func (r Requester) PutBucketConfig(bucket, sub string, body []byte) *wire.Response {
	return r.BucketSubresource(http.MethodPut, bucket, sub, body, nil)
}

// ObjectSubresource is METHOD /bucket/key?sub.
func (r Requester) ObjectSubresource(method, bucket, key, sub string) *wire.Response {
	return r.Do(wire.Request{Method: method, Bucket: bucket, Key: key, Query: url.Values{sub: {""}}})
}

// ListObjects is GET /bucket with the given listing parameters (add
// list-type=2 for ListObjectsV2).
func (r Requester) ListObjects(bucket string, query url.Values) *wire.Response {
	return r.Do(wire.Request{Method: http.MethodGet, Bucket: bucket, Query: query})
}

// CreateBucketWith is PUT /bucket with headers and an optional
// CreateBucketConfiguration body.
func (r Requester) CreateBucketWith(bucket string, header http.Header, body []byte) *wire.Response {
	return r.Do(wire.Request{Method: http.MethodPut, Bucket: bucket, Header: header, Body: body})
}

// ContentMD5 is the base64 MD5 of body, as the Content-MD5 header carries
// it.
func ContentMD5(body []byte) string {
	sum := md5.Sum(body)
	return base64.StdEncoding.EncodeToString(sum[:])
}

// CreateBucketConfiguration is the CreateBucket body naming a location
// constraint.
func CreateBucketConfiguration(locationConstraint string) []byte {
	return []byte(`<CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><LocationConstraint>` +
		locationConstraint + `</LocationConstraint></CreateBucketConfiguration>`)
}

// Bucket configuration subresources and a minimal valid document for each.
const (
	SubPolicy     = "policy"
	SubCORS       = "cors"
	SubLifecycle  = "lifecycle"
	SubTagging    = "tagging"
	SubWebsite    = "website"
	SubEncryption = "encryption"
	SubObjectLock = "object-lock"
	SubOwnership  = "ownershipControls"
	SubReplicate  = "replication"
	SubACL        = "acl"
	SubLocation   = "location"
	SubLogging    = "logging"
	SubNotify     = "notification"
)

const s3NS = `xmlns="http://s3.amazonaws.com/doc/2006-03-01/"`

// BucketConfigDocument is a minimal valid document for PUT /bucket?sub on
// bucket: what S3 accepts, so that an error a check provokes is about the
// bucket, not the body. Subresources configured by headers (acl) have none.
func BucketConfigDocument(sub, bucket string) []byte {
	switch sub {
	case SubPolicy:
		return []byte(`{"Version":"2012-10-17","Statement":[{"Sid":"s3errconform","Effect":"Deny","Principal":"*",` +
			`"Action":"s3:GetObject","Resource":"arn:aws:s3:::` + bucket + `/s3errconform-denied/*"}]}`)
	case SubCORS:
		return []byte(`<CORSConfiguration ` + s3NS + `><CORSRule><AllowedMethod>GET</AllowedMethod>` +
			`<AllowedOrigin>https://example.com</AllowedOrigin></CORSRule></CORSConfiguration>`)
	case SubLifecycle:
		return []byte(`<LifecycleConfiguration ` + s3NS + `><Rule><ID>s3errconform</ID><Filter><Prefix>s3errconform-expire/</Prefix></Filter>` +
			`<Status>Enabled</Status><Expiration><Days>1</Days></Expiration></Rule></LifecycleConfiguration>`)
	case SubTagging:
		return []byte(`<Tagging ` + s3NS + `><TagSet><Tag><Key>s3errconform</Key><Value>check</Value></Tag></TagSet></Tagging>`)
	case SubWebsite:
		return []byte(`<WebsiteConfiguration ` + s3NS + `><IndexDocument><Suffix>index.html</Suffix></IndexDocument></WebsiteConfiguration>`)
	case SubEncryption:
		return []byte(`<ServerSideEncryptionConfiguration ` + s3NS + `><Rule><ApplyServerSideEncryptionByDefault>` +
			`<SSEAlgorithm>AES256</SSEAlgorithm></ApplyServerSideEncryptionByDefault></Rule></ServerSideEncryptionConfiguration>`)
	case SubObjectLock:
		return []byte(`<ObjectLockConfiguration ` + s3NS + `><ObjectLockEnabled>Enabled</ObjectLockEnabled><Rule><DefaultRetention>` +
			`<Mode>GOVERNANCE</Mode><Days>1</Days></DefaultRetention></Rule></ObjectLockConfiguration>`)
	case SubOwnership:
		return OwnershipControls("BucketOwnerEnforced")
	case SubReplicate:
		return []byte(`<ReplicationConfiguration ` + s3NS + `><Role>arn:aws:iam::123456789012:role/s3errconform</Role>` +
			`<Rule><ID>s3errconform</ID><Priority>1</Priority><Status>Enabled</Status><Filter><Prefix>s3errconform/</Prefix></Filter>` +
			`<DeleteMarkerReplication><Status>Disabled</Status></DeleteMarkerReplication>` +
			`<Destination><Bucket>arn:aws:s3:::s3errconform-replica</Bucket></Destination></Rule></ReplicationConfiguration>`)
	case SubLogging:
		return []byte(`<BucketLoggingStatus ` + s3NS + `></BucketLoggingStatus>`)
	case SubNotify:
		return []byte(`<NotificationConfiguration ` + s3NS + `></NotificationConfiguration>`)
	}
	return nil
}

// OwnershipControls is the PutBucketOwnershipControls body for one
// ObjectOwnership setting.
func OwnershipControls(ownership string) []byte {
	return []byte(`<OwnershipControls ` + s3NS + `><Rule><ObjectOwnership>` + ownership + `</ObjectOwnership></Rule></OwnershipControls>`)
}

// LoggingTo is the PutBucketLogging body enabling logging into target.
func LoggingTo(target string) []byte {
	return []byte(`<BucketLoggingStatus ` + s3NS + `><LoggingEnabled><TargetBucket>` + target +
		`</TargetBucket><TargetPrefix>s3errconform/</TargetPrefix></LoggingEnabled></BucketLoggingStatus>`)
}

// NewBucketWith creates a bucket with CreateBucket headers (e.g.
// x-amz-object-ownership), deleted when the check ends.
func (t *T) NewBucketWith(header http.Header) string {
	name := t.UniqueBucketName()
	// Tracked before it is asked for: a run interrupted while the request
	// is under way still deletes the bucket (a 404 then is no error).
	t.tracker.Bucket(name)
	// Outside us-east-1, S3 wants the region named (an unspecified
	// constraint is IllegalLocationConstraintException there).
	t.Setup(wire.Request{Method: http.MethodPut, Bucket: name, Header: header, Body: t.LocationBody()}, http.StatusOK)
	return name
}

// NewObjectLockBucket creates a bucket with Object Lock enabled, which S3
// keeps versioned; every version in it is deleted when the check ends.
func (t *T) NewObjectLockBucket() string {
	bucket := t.NewBucketWith(http.Header{"X-Amz-Bucket-Object-Lock-Enabled": {"true"}})
	t.tracker.Versioned(bucket)
	return bucket
}

// LocationBody is the CreateBucket body a bucket of the target's region
// needs: none in us-east-1, the region's CreateBucketConfiguration
// elsewhere.
func (t *T) LocationBody() []byte {
	if region := t.Target().Region; region != "" && region != "us-east-1" {
		return CreateBucketConfiguration(region)
	}
	return nil
}

// NewBucketWithACLs creates a bucket whose ACLs are enabled: Object
// Ownership ObjectWriter, since S3 disables ACLs on new buckets by default
// (BucketOwnerEnforced, April 2023).
func (t *T) NewBucketWithACLs() string {
	return t.NewBucketWith(http.Header{"X-Amz-Object-Ownership": {"ObjectWriter"}})
}

// SetupBucketConfig sets a configuration subresource as setup: a failure
// fails the check as a setup error.
func (t *T) SetupBucketConfig(method, bucket, sub string, body []byte) *wire.Response {
	h := http.Header{}
	if len(body) > 0 {
		h.Set("Content-Md5", ContentMD5(body))
	}
	return t.Setup(wire.Request{Method: method, Bucket: bucket, Query: url.Values{sub: {""}}, Header: h, Body: body},
		http.StatusOK, http.StatusNoContent)
}

// BucketOwnerID reads the bucket owner's canonical ID from its ACL.
func (t *T) BucketOwnerID(bucket string) string {
	r := t.Setup(wire.Request{Method: http.MethodGet, Bucket: bucket, Query: url.Values{SubACL: {""}}}, http.StatusOK)
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(r.Body); err == nil && doc.Root() != nil {
		if id := doc.Root().FindElement("Owner/ID"); id != nil {
			return strings.TrimSpace(id.Text())
		}
	}
	t.fail("setup failed, so the check could not run: no Owner/ID in the bucket ACL\n"+r.Exchange.String(), 1)
	return ""
}

// SkipUnless skips the check, saying why, when S3's answer to it is only
// known under another condition (e.g. in another region).
func (t *T) SkipUnless(condition bool, why string) {
	if !condition {
		t.skip(why, 1)
	}
}

// OtherRegion is an AWS region that is not the target's.
func (t *T) OtherRegion() string {
	if t.Target().Region == "us-west-2" {
		return "eu-west-1"
	}
	return "us-west-2"
}

// ClaimBucketName readies name, a bucket name that cannot carry the run ID
// (such as "s3" or "192.168.5.4", shared by every run), for a check that
// asks the server to create it, and returns it. It first looks (HEAD)
// whether a bucket of that name exists: if one does, it is not the run's,
// and the check is skipped, saying why, having touched nothing. If none
// does, a bucket the server then creates under the name is the run's: it is
// deleted when the check ends, and the check's record says the server
// created it. A name of the run needs none of this.
func (t *T) ClaimBucketName(name string) string {
	if t.env.Names.Owns(name) {
		return name
	}
	r := t.setup.Do(t.ctx, wire.Request{Method: http.MethodHead, Bucket: name})
	region := r.ResponseHeader.Get("X-Amz-Bucket-Region")
	switch {
	case r.Status == http.StatusNotFound,
		// A name the server refuses to look up is one it holds no bucket
		// of, unless it names the bucket's region (S3's answer to a request
		// signed for another region).
		r.Status == http.StatusBadRequest && region == "":
		t.tracker.Claim(name)
	case r.Status == 0 || r.Status >= 500:
		got := fmt.Sprintf("HEAD answered %d", r.Status)
		if r.Err != nil {
			got = wire.TransportProblem(r.Exchange)
		}
		t.fail(fmt.Sprintf("setup failed, so the check could not run: whether a bucket named %q exists is unknown (%s)\n%s", name, got, r.Exchange), 1)
	default:
		t.skip(fmt.Sprintf("a bucket named %q exists on the target (HEAD answered %d): it is not this run's, and the check would touch it, so it does not run", name, r.Status), 1)
	}
	return name
}
