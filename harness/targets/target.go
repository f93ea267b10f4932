// Package targets describes the S3 servers a run is pointed at and loads
// them from a targets file (see targets.example.yaml at the repository root).
package targets

import "time"

// Addressing styles for REST requests.
const (
	AddressingPath    = "path"
	AddressingVirtual = "virtual"
)

// Profiles decide how strictly wire messages are compared (spec README,
// decision 1).
const (
	ProfileStrict     = "strict"
	ProfileCompatible = "compatible"
)

// What a SOAP target answers to DeleteObject of a missing key (spec README,
// decision 2).
const (
	SOAPDeleteMissingFault   = "fault"
	SOAPDeleteMissingSuccess = "success"
)

// DefaultTimeout bounds one request when the target sets no timeout.
const DefaultTimeout = 10 * time.Second

// DefaultStalledBodyTimeout is how long S3 waits for the next byte of a
// request body before answering 400 RequestTimeout: about 20 s, by an AWS
// SDK maintainer in aws/aws-sdk-php#885.
const DefaultStalledBodyTimeout = 20 * time.Second

// Credentials are one identity's keys, already resolved from the
// environment.
type Credentials struct {
	AccessKey string
	SecretKey string
	// SessionToken is the token of temporary credentials, sent as
	// x-amz-security-token; empty for an account's own keys.
	SessionToken string
}

// Empty reports whether no keys are set (anonymous).
func (c Credentials) Empty() bool { return c.AccessKey == "" && c.SecretKey == "" }

// TLS holds how the target's certificate is checked.
type TLS struct {
	// CAFile is a PEM bundle trusted in addition to the system roots.
	CAFile string
	// CAPEM is trusted like CAFile; the embedded reference target fills it
	// in with the certificate it generated at start.
	CAPEM []byte
	// InsecureSkipVerify turns certificate checks off; it must be explicit
	// and is warned about at the start of a run.
	InsecureSkipVerify bool
}

// Target is one S3 server under test, fully resolved: environment variables
// expanded, credentials read, defaults applied.
type Target struct {
	Name       string
	Endpoint   string
	Region     string
	Addressing string
	Identity   Credentials
	// SecondIdentity is another account's keys, for cross-account checks;
	// empty when not configured (those checks are skipped).
	SecondIdentity Credentials
	// ExpiredSession is temporary credentials whose session has expired,
	// for the ExpiredToken check; empty when not configured (it is
	// skipped).
	ExpiredSession Credentials
	TLS            TLS
	// SOAPURL is the SOAP endpoint; empty means the target declares none and
	// the SOAP suite is skipped.
	SOAPURL string
	// SOAPDeleteMissing is SOAPDeleteMissingFault (the S3 guide's example,
	// the default) or SOAPDeleteMissingSuccess (the SOAPDeleteObject page).
	SOAPDeleteMissing string
	// SOAPPlainHTTPURL is the plain-HTTP address of the SOAP endpoint, used
	// to check that SOAP over HTTP is refused; empty means derive it from
	// SOAPURL when that has no explicit port.
	SOAPPlainHTTPURL string
	// OtherRegion is a second region of the same S3, for the checks of
	// buckets that live elsewhere (PermanentRedirect, cross-region logging,
	// a name held after deletion); empty when not configured (those checks
	// are skipped).
	OtherRegion OtherRegion
	// Unsupported lists capability labels whose checks are skipped.
	Unsupported []string
	Profile     string
	// Timeout bounds each request, connection included.
	Timeout time.Duration
	// StalledBodyTimeout is how long the target waits for a request body
	// that went silent before answering RequestTimeout; a request that
	// stalls its body may take this long on top of Timeout.
	StalledBodyTimeout time.Duration
	// BucketLimit is how many buckets an account may have, when the target
	// declares it (bucket_limit), for the TooManyBuckets check; 0 when not.
	BucketLimit int
	// KMS names keys of the target's KMS in states S3 refuses to encrypt
	// with (kms.go); the zero value declares none.
	KMS KMSKeys
	// Warnings are non-fatal remarks about the configuration (inline
	// secrets, insecure TLS), printed at the start of a run and recorded in
	// its report.
	Warnings []string
}

// OtherRegion is another region of the target's S3 and the REST endpoint
// that serves it. Buckets the suite creates there are created and deleted
// through Endpoint, signed for Region.
type OtherRegion struct {
	Region   string
	Endpoint string
}

// Empty reports whether no other region is configured.
func (o OtherRegion) Empty() bool { return o.Region == "" && o.Endpoint == "" }

// Supports reports whether the target does not declare capability
// unsupported.
func (t *Target) Supports(capability string) bool {
	for _, u := range t.Unsupported {
		if u == capability {
			return false
		}
	}
	return true
}
