package targets

import (
	"fmt"
	"sort"
	"strings"
)

// Capabilities are the optional S3 features a check may need. The list is
// closed: a spec or a targets file naming anything else is an error at
// start-up, so a typo cannot silently select or skip nothing.
var Capabilities = map[string]string{
	"acl":             "access control lists (GetObjectAcl, x-amz-acl)",
	"checksum":        "additional checksums of object bodies (x-amz-checksum-* headers)",
	"cors":            "bucket CORS configuration",
	"encryption":      "bucket default encryption configuration",
	"lifecycle":       "bucket lifecycle configuration",
	"logging":         "bucket server access logging configuration",
	"multipart":       "multipart uploads",
	"notification":    "bucket event notification configuration",
	"object-lock":     "object lock configuration, retention and legal hold",
	"ownership":       "bucket ownership controls",
	"policy":          "bucket policies",
	"post-object":     "browser-based uploads (POST Object with a signed policy form)",
	"presign":         "presigned URLs (SigV4 query authentication)",
	"replication":     "bucket replication configuration",
	"second-identity": "a second set of credentials, for cross-account access checks",
	"bucket-limit":    "a declared limit on the buckets an account may have (bucket_limit), for the TooManyBuckets check",
	"expired-session": "temporary credentials whose session has expired (expired_session), for the ExpiredToken check",
	"other-region":    "a second region of the same S3 (the target's other_region), for buckets that live in another region",
	"sigv2":           "AWS signature version 2",
	// S3 refuses SSE-C over plain HTTP, so a target reached over http
	// declares it unsupported.
	"sse-c":           "server-side encryption with customer-provided keys (x-amz-server-side-encryption-customer-*), which S3 accepts over HTTPS only",
	"sse-kms":         "server-side encryption with AWS KMS keys (x-amz-server-side-encryption: aws:kms)",
	"archive-storage": "archive storage classes (GLACIER, DEEP_ARCHIVE) whose objects must be restored before a GET",
	"soap":            "the S3 SOAP API",
	"tagging":         "object and bucket tagging",
	"versioning":      "bucket versioning",
	"website":         "static website configuration",
	"virtual-host":    "virtual-hosted-style addressing",

	// The features of the operations in S3's API model that no check
	// needed before (suites/rest/operations_table.go).
	"accelerate":          "bucket transfer acceleration configuration",
	"analytics":           "bucket storage class analytics configurations",
	"intelligent-tiering": "bucket S3 Intelligent-Tiering archive configurations",
	"inventory":           "bucket inventory configurations",
	"metrics":             "bucket CloudWatch request metrics configurations",
	"object-attributes":   "GetObjectAttributes (an object's metadata without its body)",
	"policy-status":       "bucket policy status (GetBucketPolicyStatus: whether a bucket is public)",
	"public-access-block": "the Block Public Access configuration of a bucket",
	"request-payment":     "Requester Pays bucket configuration",
	"restore":             "RestoreObject (restoring an archived object)",
	"select":              "SelectObjectContent (SQL over an object's content)",
	"torrent":             "BitTorrent files of objects (GetObjectTorrent)",
}

// CapabilityNames returns the closed list of capability labels, sorted.
func CapabilityNames() []string {
	names := make([]string, 0, len(Capabilities))
	for n := range Capabilities {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// ValidateCapability returns an error naming the allowed values when name is
// not a known capability.
func ValidateCapability(name string) error {
	if _, ok := Capabilities[name]; ok {
		return nil
	}
	return fmt.Errorf("unknown capability %q (known: %s)", name, strings.Join(CapabilityNames(), ", "))
}
