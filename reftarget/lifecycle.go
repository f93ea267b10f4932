package reftarget

import (
	"strconv"
	"strings"
	"time"

	"github.com/beevik/etree"
)

// maxLifecycleRuleID is S3's limit on a lifecycle rule's ID (S3 User Guide,
// "Lifecycle configuration elements": "ID length is limited to 255
// characters").
const maxLifecycleRuleID = 255

// validateLifecycleRules applies the rules S3 checks beyond the schema, in
// rule order. Each rule's Status is the schema's (validateConfig).
func validateLifecycleRules(rules []*etree.Element) *s3Error {
	ids := map[string]bool{}
	for _, r := range rules {
		id := ""
		if e := r.SelectElement("ID"); e != nil {
			id = e.Text()
		}
		if len(id) > maxLifecycleRuleID {
			// InvalidArgument: ceph/s3-tests test_lifecycle_id_too_long. The
			// wording is the one S3-compatible servers copy from AWS (e.g.
			// cubefs objectnode, ceph); no AWS body is recorded.
			return newContextError("InvalidArgument", "ID length should not exceed allowed limit of 255")
		}
		if id != "" && ids[id] {
			// AWS's answer, quoted from an aws-cli/boto3 run against AWS
			// (tonyfraser s3 lifecycle script comment; ceph/s3-tests
			// test_lifecycle_same_id).
			return newContextError("InvalidArgument", "Rule ID must be unique. Found same ID for more than one rule")
		}
		ids[id] = true
		if err := validateLifecycleExpiration(r.SelectElement("Expiration")); err != nil {
			return err
		}
	}
	return nil
}

func validateLifecycleExpiration(exp *etree.Element) *s3Error {
	if exp == nil {
		return nil
	}
	if days := exp.SelectElement("Days"); days != nil {
		n, err := strconv.Atoi(strings.TrimSpace(days.Text()))
		if err != nil {
			return newError("MalformedXML") // not an integer: the schema
		}
		if n <= 0 {
			// InvalidArgument: ceph/s3-tests test_lifecycle_expiration_days0,
			// apache/ozone#11003 ("AWS S3 returns InvalidArgument" for
			// Days 0); the wording S3-compatible servers copy from AWS.
			return newContextError("InvalidArgument", "'Days' for Expiration action must be a positive integer")
		}
	}
	if date := exp.SelectElement("Date"); date != nil {
		value := strings.TrimSpace(date.Text())
		t, err := time.Parse(time.RFC3339Nano, value)
		if err != nil {
			// Not an ISO 8601 timestamp: it does not validate against the
			// schema (Date is a timestamp). No AWS body is recorded for
			// it; botocore cannot send one.
			return newError("MalformedXML")
		}
		if t.UTC() != t.UTC().Truncate(24*time.Hour) {
			// LocalStack test_s3.snapshot.json test_put_bucket_lifecycle_conf_exc
			// (wrong-data-no-midnight), recorded from AWS.
			return newContextError("InvalidArgument", "'Date' must be at midnight GMT",
				detail{"ArgumentName", "Date"}, detail{"ArgumentValue", value})
		}
	}
	return nil
}
