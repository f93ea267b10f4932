package reftarget

import (
	"strconv"
	"strings"

	"github.com/beevik/etree"
)

// validateDefaultRetention checks the Rule of a PutObjectLockConfiguration
// whose ObjectLockEnabled is set. LocalStack test_s3_api.snapshot.json
// test_put_object_lock_configuration_exc records AWS answering MalformedXML
// for an empty Rule, an empty DefaultRetention, no Days/Years, a Mode
// other than GOVERNANCE/COMPLIANCE, and Days with Years.
func validateDefaultRetention(root *etree.Element) *s3Error {
	rule := root.SelectElement("Rule")
	if rule == nil {
		return nil
	}
	retention := rule.SelectElement("DefaultRetention")
	if retention == nil {
		return newError("MalformedXML")
	}
	mode := retention.SelectElement("Mode")
	if mode == nil || (mode.Text() != "GOVERNANCE" && mode.Text() != "COMPLIANCE") {
		return newError("MalformedXML")
	}
	days, years := retention.SelectElement("Days"), retention.SelectElement("Years")
	if (days == nil) == (years == nil) {
		return newError("MalformedXML")
	}
	name, period := "Days", days
	if days == nil {
		name, period = "Years", years
	}
	n, err := strconv.Atoi(strings.TrimSpace(period.Text()))
	if err != nil {
		return newError("MalformedXML")
	}
	if n <= 0 {
		// AWS's body quoted in versity/versitygw#1738 for Days 0:
		// InvalidArgument naming the element, not InvalidRetentionPeriod.
		return newContextError("InvalidArgument", "Default retention period must be a positive integer value.", detail{"ArgumentName", name})
	}
	return nil
}

// errLockNeedsVersioning is PutObjectLockConfiguration on a bucket whose
// versioning is not Enabled: LocalStack test_s3_api.snapshot.json
// test_put_object_lock_configuration_on_existing_bucket, recorded from AWS
// for a never-versioned and a suspended bucket.
func errLockNeedsVersioning() *s3Error {
	e := newError("InvalidBucketState")
	e.message = "Versioning must be 'Enabled' on the bucket to apply a Object Lock configuration"
	return e
}
