package rest

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/s3errconform/s3errconform/harness"
	"github.com/s3errconform/s3errconform/harness/check"
	. "github.com/s3errconform/s3errconform/harness/judge"
	"github.com/s3errconform/s3errconform/harness/wire"
)

// Bucket configurations kept by ID: analytics, inventory, metrics and
// Intelligent-Tiering. An unknown ID is 404 NoSuchConfiguration on AWS,
// a code the catalog's 132 do not hold, so no check expects it; the
// documents S3's schema refuses are MalformedXML.

// inventoryDocument is a valid InventoryConfiguration with ID "inventory"
// delivering to bucket, after the replacements given (old, new pairs).
func inventoryDocument(bucket string, replace ...string) string {
	doc := `<InventoryConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Id>inventory</Id><IsEnabled>true</IsEnabled>` +
		`<Destination><S3BucketDestination><Bucket>arn:aws:s3:::` + bucket + `</Bucket><Format>CSV</Format></S3BucketDestination></Destination>` +
		`<IncludedObjectVersions>All</IncludedObjectVersions><Schedule><Frequency>Daily</Frequency></Schedule></InventoryConfiguration>`
	return strings.NewReplacer(replace...).Replace(doc)
}

const configSetSnapshot = "LocalStack tests/aws/services/s3/test_s3.snapshot.json (recorded from AWS 2026-02-21) TestS3::"

// invalidConfigsInSet are PUTs of configurations S3's schema refuses.
var invalidConfigsInSet = []struct {
	id, sub, operation, capability, configID, what, source string
	body                                                   func(bucket string) string
}{
	{"rest-bucket-put-analytics-id-mismatch", "analytics", "PutBucketAnalyticsConfiguration", "analytics", "different-id",
		"whose Id is not the request's id",
		configSetSnapshot + "test_s3_analytics_configurations put_config_with_storage_analysis_err (400 MalformedXML)",
		func(string) string {
			return `<AnalyticsConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Id>analytics</Id><StorageClassAnalysis/></AnalyticsConfiguration>`
		}},
	{"rest-bucket-put-intelligent-tiering-id-mismatch", "intelligent-tiering", "PutBucketIntelligentTieringConfiguration", "intelligent-tiering", "incorrect-id",
		"whose Id is not the request's id",
		configSetSnapshot + "test_s3_intelligent_tier_config put_bucket_intelligent_tiering_configuration_err_1 (400 MalformedXML)",
		func(string) string {
			return `<IntelligentTieringConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Id>tiering</Id><Status>Enabled</Status>` +
				`<Tiering><Days>90</Days><AccessTier>ARCHIVE_ACCESS</AccessTier></Tiering></IntelligentTieringConfiguration>`
		}},
	{"rest-bucket-put-inventory-format-unknown", "inventory", "PutBucketInventoryConfiguration", "inventory", "inventory",
		"whose destination Format is not CSV, ORC or Parquet",
		configSetSnapshot + "test_s3_put_inventory_report_exceptions wrong-destination-format (400 MalformedXML)",
		func(bucket string) string {
			return inventoryDocument(bucket, "<Format>CSV</Format>", "<Format>WRONG-FORMAT</Format>")
		}},
	{"rest-bucket-put-inventory-frequency-unknown", "inventory", "PutBucketInventoryConfiguration", "inventory", "inventory",
		"whose Schedule Frequency is not Daily or Weekly",
		configSetSnapshot + "test_s3_put_inventory_report_exceptions wrong-schedule-frequency (400 MalformedXML)",
		func(bucket string) string {
			return inventoryDocument(bucket, "<Frequency>Daily</Frequency>", "<Frequency>Hourly</Frequency>")
		}},
	{"rest-bucket-put-inventory-object-versions-unknown", "inventory", "PutBucketInventoryConfiguration", "inventory", "inventory",
		"whose IncludedObjectVersions is not All or Current",
		configSetSnapshot + "test_s3_put_inventory_report_exceptions wrong-object-versions (400 MalformedXML)",
		func(bucket string) string {
			return inventoryDocument(bucket, "<IncludedObjectVersions>All</IncludedObjectVersions>", "<IncludedObjectVersions>Wrong</IncludedObjectVersions>")
		}},
	{"rest-bucket-put-inventory-optional-field-unknown", "inventory", "PutBucketInventoryConfiguration", "inventory", "inventory",
		"listing an optional field S3 does not know",
		configSetSnapshot + "test_s3_put_inventory_report_exceptions wrong-optional-field (400 MalformedXML)",
		func(bucket string) string {
			return inventoryDocument(bucket, "</Schedule>", "</Schedule><OptionalFields><Field>TestField</Field></OptionalFields>")
		}},
}

func bucketConfigSetErrors(f *harness.Family) {
	for _, c := range invalidConfigsInSet {
		f.It(check.Check{
			ID: c.id, Operation: c.operation, Code: "MalformedXML", Capabilities: []string{c.capability},
			Title:  fmt.Sprintf("%s with a configuration %s is 400 MalformedXML", c.operation, c.what),
			Source: c.source + "; catalog MalformedXML",
		}, func(t *harness.T) {
			bucket := t.NewBucket()
			body := []byte(c.body(bucket))
			resp := t.Do(wire.Request{Method: http.MethodPut, Bucket: bucket, Query: url.Values{c.sub: {""}, "id": {c.configID}}, Body: body,
				Header: http.Header{"Content-Md5": {contentMD5(body)}}})
			t.Expect(resp).To(HaveS3Error("MalformedXML"))
		})
	}
}
