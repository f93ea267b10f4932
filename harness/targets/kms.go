package targets

import (
	"regexp"
	"strings"
)

// KMSKeys are keys of the target's KMS in states S3 refuses to encrypt
// with, each as its key ARN (the form S3's messages name a key by). The
// suite cannot create them: KMS is another service, and disabling a key or
// scheduling its deletion is the account owner's act. A check whose key is
// not declared is skipped, saying so.
type KMSKeys struct {
	// DisabledKey is a disabled key (KMS DisableKey).
	DisabledKey string
	// PendingDeletionKey is a key scheduled for deletion (KMS
	// ScheduleKeyDeletion).
	PendingDeletionKey string
	// SignVerifyKey is an enabled key whose KeyUsage is SIGN_VERIFY, which
	// cannot encrypt.
	SignVerifyKey string
}

// kmsFields are the keys of a target's kms mapping.
var kmsFields = []string{"disabled_key", "pending_deletion_key", "sign_verify_key"}

// kmsKeyARN is a KMS key ARN: arn:PARTITION:kms:REGION:ACCOUNT:key/KEY-ID.
var kmsKeyARN = regexp.MustCompile(`^arn:(aws[a-z-]*):kms:([a-z0-9-]+):([0-9]{12}):key/([A-Za-z0-9-]+)$`)

// KMSKeyRegion returns the region of a KMS key ARN, and whether arn is one.
func KMSKeyRegion(arn string) (string, bool) {
	m := kmsKeyARN.FindStringSubmatch(arn)
	if m == nil {
		return "", false
	}
	return m[2], true
}

// kms reads the kms mapping. Each key must be a key ARN (not an alias or a
// bare key ID: S3's messages name the key by its ARN, which the checks
// compare) in the target's region (S3 refuses a key of another region as
// KMS.NotFoundException "Invalid arn REGION", which is not what the checks
// are about).
func (sec *section) kms(region string) (KMSKeys, error) {
	var k KMSKeys
	for _, f := range []struct {
		key string
		to  *string
	}{{"disabled_key", &k.DisabledKey}, {"pending_deletion_key", &k.PendingDeletionKey}, {"sign_verify_key", &k.SignVerifyKey}} {
		value, err := sec.string(f.key)
		if err != nil {
			return KMSKeys{}, err
		}
		if !sec.has(f.key) || sec.deferred(f.key) {
			continue
		}
		keyRegion, ok := KMSKeyRegion(value)
		switch {
		case value == "":
			return KMSKeys{}, sec.fail(f.key, "is empty; leave it out when the target's KMS has no such key")
		case !ok && strings.HasPrefix(value, "arn:") && strings.Contains(value, ":alias/"):
			return KMSKeys{}, sec.fail(f.key, "must be a key ARN, not an alias ARN (S3 names the key itself in its messages): arn:aws:kms:REGION:ACCOUNT:key/KEY-ID, got %s", quoted(value))
		case !ok:
			return KMSKeys{}, sec.fail(f.key, "must be a KMS key ARN such as arn:aws:kms:%s:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab, got %s", region, quoted(value))
		case keyRegion != region && !sec.scope.deferred["region"]:
			return KMSKeys{}, sec.fail(f.key, "is a key in region %s, but the target's region is %s: S3 encrypts only with keys of the bucket's region", keyRegion, region)
		}
		*f.to = value
	}
	return k, nil
}
