package reftarget

import (
	"fmt"
	"slices"
	"strings"
)

// Deviation is a named, deliberate departure from Amazon S3's behaviour. The
// suite's own tests switch one on to prove that the check watching that
// behaviour fails.
type Deviation struct{ Name, Description string }

// The deviation names. Each is checked in exactly one place: error-shape
// deviations in reshape, header deviations in writeError, behaviour
// deviations in the store, authentication deviations in authenticate.
const (
	devNoSuchKeyStatus403            = "nosuchkey-status-403"
	devNoSuchKeyNoKeyElement         = "nosuchkey-no-key-element"
	devNoSuchKeyWrongMessage         = "nosuchkey-wrong-message"
	devNoSuchKeyCodeRenamed          = "nosuchkey-code-renamed"
	devNoSuchKeyNoRequestIDHeader    = "nosuchkey-no-request-id-header"
	devNoSuchKeyRequestIDMismatch    = "nosuchkey-request-id-mismatch"
	devNoSuchKeyDuplicateRequestID   = "nosuchkey-duplicate-request-id-header"
	devNoSuchKeyNoID2Header          = "nosuchkey-no-id2-header"
	devNoSuchKeyContentTypeText      = "nosuchkey-content-type-text"
	devNoSuchBucketNoBucketName      = "nosuchbucket-no-bucketname-element"
	devNoSuchBucketAsNoSuchKey       = "nosuchbucket-as-nosuchkey"
	devHeadErrorBody                 = "head-error-body"
	devHeadErrorNoRequestID          = "head-error-no-request-id"
	devDeleteMissingKey404           = "delete-missing-key-404"
	devDeleteNonEmptyBucket          = "delete-nonempty-bucket"
	devBucketNotEmptyStatus400       = "bucketnotempty-status-400"
	devAcceptInvalidBucketNames      = "accept-invalid-bucket-names"
	devBucketAlreadyOwnedOK          = "bucket-already-owned-ok"
	devAllowAnonymous                = "allow-anonymous"
	devIgnoreSignature               = "ignore-signature"
	devUnknownKeyAsSignatureMismatch = "unknown-key-as-signature-mismatch"
	devAccessDeniedStatus401         = "accessdenied-status-401"
	devIgnoreClockSkew               = "ignore-clock-skew"
)

var knownDeviations = []Deviation{
	{devNoSuchKeyStatus403, "NoSuchKey errors are sent with HTTP 403 instead of 404."},
	{devNoSuchKeyNoKeyElement, "NoSuchKey error bodies lack the <Key> element."},
	{devNoSuchKeyWrongMessage, `NoSuchKey errors say "Object not found".`},
	{devNoSuchKeyCodeRenamed, "NoSuchKey errors carry <Code>NotFound</Code>."},
	{devNoSuchKeyNoRequestIDHeader, "NoSuchKey responses lack the x-amz-request-id header (the body's RequestId stays)."},
	{devNoSuchKeyRequestIDMismatch, "NoSuchKey bodies carry a RequestId different from the x-amz-request-id header."},
	{devNoSuchKeyDuplicateRequestID, "NoSuchKey responses carry the x-amz-request-id header twice."},
	{devNoSuchKeyNoID2Header, "NoSuchKey responses lack the x-amz-id-2 header."},
	{devNoSuchKeyContentTypeText, "NoSuchKey errors are sent as Content-Type: text/plain."},
	{devNoSuchBucketNoBucketName, "NoSuchBucket error bodies lack the <BucketName> element."},
	{devNoSuchBucketAsNoSuchKey, "Object operations on a missing bucket answer NoSuchKey (404) instead of NoSuchBucket."},
	{devHeadErrorBody, "HEAD errors carry the XML error body."},
	{devHeadErrorNoRequestID, "HEAD errors lack the x-amz-request-id header."},
	{devDeleteMissingKey404, "DeleteObject of a missing key answers 404 NoSuchKey instead of 204."},
	{devDeleteNonEmptyBucket, "DeleteBucket of a non-empty bucket deletes it and its objects (204)."},
	{devBucketNotEmptyStatus400, "BucketNotEmpty errors are sent with HTTP 400 instead of 409."},
	{devAcceptInvalidBucketNames, "CreateBucket accepts any bucket name."},
	{devBucketAlreadyOwnedOK, "CreateBucket of a bucket the caller owns answers 200 in every region."},
	{devAllowAnonymous, "Anonymous requests are served as if made by the bucket owner (ListBuckets: an empty list)."},
	{devIgnoreSignature, "Any signature from a known access key is accepted."},
	{devUnknownKeyAsSignatureMismatch, "Unknown access keys answer SignatureDoesNotMatch instead of InvalidAccessKeyId."},
	{devAccessDeniedStatus401, "AccessDenied errors are sent with HTTP 401 instead of 403."},
	{devIgnoreClockSkew, "Requests signed any time away from the server's clock are accepted."},
}

// Deviations returns the named deviations a Server can be started with,
// sorted by name.
func Deviations() []Deviation {
	out := slices.Clone(knownDeviations)
	slices.SortFunc(out, func(a, b Deviation) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// deviationSet holds the deviations a server was started with.
type deviationSet map[string]bool

func newDeviationSet(names []string) (deviationSet, error) {
	set := deviationSet{}
	for _, name := range names {
		if !slices.ContainsFunc(knownDeviations, func(d Deviation) bool { return d.Name == name }) {
			known := make([]string, 0, len(knownDeviations))
			for _, d := range Deviations() {
				known = append(known, d.Name)
			}
			return nil, fmt.Errorf("reftarget: unknown deviation %q (known: %s)", name, strings.Join(known, ", "))
		}
		set[name] = true
	}
	return set, nil
}

func (d deviationSet) has(name string) bool { return d[name] }

// reshape applies the deviations that change an error's code, message,
// status or elements. Every protocol renders errors through it.
func (d deviationSet) reshape(e *s3Error) *s3Error {
	out := *e
	out.details = slices.Clone(e.details)
	switch e.code {
	case "NoSuchKey":
		if d.has(devNoSuchKeyStatus403) {
			out.status = 403
		}
		if d.has(devNoSuchKeyNoKeyElement) {
			out.details = withoutDetail(out.details, "Key")
		}
		if d.has(devNoSuchKeyWrongMessage) {
			out.message = "Object not found"
		}
		if d.has(devNoSuchKeyCodeRenamed) {
			out.code = "NotFound"
		}
	case "NoSuchBucket":
		if d.has(devNoSuchBucketNoBucketName) {
			out.details = withoutDetail(out.details, "BucketName")
		}
	case "BucketNotEmpty":
		if d.has(devBucketNotEmptyStatus400) {
			out.status = 400
		}
	case "AccessDenied":
		if d.has(devAccessDeniedStatus401) {
			out.status = 401
		}
	}
	return &out
}

func withoutDetail(details []detail, name string) []detail {
	return slices.DeleteFunc(details, func(d detail) bool { return d.name == name })
}
