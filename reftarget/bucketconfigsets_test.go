package reftarget

import (
	"strings"
	"testing"
)

func TestConfigurationsByID(t *testing.T) {
	s := startServer(t, Options{})
	wantStatus(t, do(t, s, "PUT", "/bkt", nil), 200)
	put := func(path, body string) response {
		return send(t, s, request{method: "PUT", path: path, body: []byte(body), header: withMD5([]byte(body)), as: &alice})
	}
	for _, sub := range []string{"analytics", "inventory", "metrics", "intelligent-tiering"} {
		r := do(t, s, "GET", "/bkt?"+sub+"&id=none", nil)
		if doc := parseErrorDoc(t, r.body); r.status != 404 || doc.values["Code"] != "NoSuchConfiguration" {
			t.Errorf("GET %s of an unknown id: %d %s", sub, r.status, r.body)
		}
		if r := do(t, s, "DELETE", "/bkt?"+sub+"&id=none", nil); r.status != 404 {
			t.Errorf("DELETE %s of an unknown id: %d %s", sub, r.status, r.body)
		}
	}
	analytics := "<AnalyticsConfiguration><Id>a1</Id><StorageClassAnalysis/></AnalyticsConfiguration>"
	wantStatus(t, put("/bkt?analytics&id=a1", analytics), 204)
	if r := do(t, s, "GET", "/bkt?analytics&id=a1", nil); r.status != 200 || !strings.Contains(string(r.body), "<Id>a1</Id>") {
		t.Errorf("GET analytics a1: %d %s", r.status, r.body)
	}
	if r := do(t, s, "GET", "/bkt?analytics", nil); !strings.Contains(string(r.body), "<ListBucketAnalyticsConfigurationResult") || !strings.Contains(string(r.body), "<Id>a1</Id>") {
		t.Errorf("ListBucketAnalyticsConfigurations: %s", r.body)
	}
	wantError(t, put("/bkt?analytics&id=other", analytics), "MalformedXML", "/bkt")
	inventory := "<InventoryConfiguration><Id>i1</Id><IsEnabled>true</IsEnabled><Destination><S3BucketDestination><Bucket>arn:aws:s3:::bkt</Bucket>" +
		"<Format>CSV</Format></S3BucketDestination></Destination><IncludedObjectVersions>All</IncludedObjectVersions><Schedule><Frequency>Daily</Frequency></Schedule></InventoryConfiguration>"
	wantStatus(t, put("/bkt?inventory&id=i1", inventory), 204)
	if r := put("/bkt?inventory&id=i2", inventory); codeOf(t, r) != "IdMismatch" {
		t.Errorf("inventory with another id: %s", r.body)
	}
	if r := put("/bkt?inventory&id=i1", strings.Replace(inventory, "arn:aws:s3:::bkt", "bkt", 1)); codeOf(t, r) != "InvalidS3DestinationBucket" {
		t.Errorf("inventory to a bucket name: %s", r.body)
	}
	wantError(t, put("/bkt?inventory&id=i1", strings.Replace(inventory, "Daily", "Hourly", 1)), "MalformedXML", "/bkt")
	wantStatus(t, do(t, s, "DELETE", "/bkt?inventory&id=i1", nil), 204)
	wantStatus(t, do(t, s, "GET", "/bkt?inventory&id=i1", nil), 404)
	tiering := "<IntelligentTieringConfiguration><Id>t1</Id><Status>Enabled</Status><Tiering><Days>90</Days><AccessTier>ARCHIVE_ACCESS</AccessTier></Tiering></IntelligentTieringConfiguration>"
	wantStatus(t, put("/bkt?intelligent-tiering&id=t1", tiering), 204)
	wantError(t, put("/bkt?intelligent-tiering&id=t1", strings.Replace(tiering, "<Days>90</Days>", "", 1)), "MalformedXML", "/bkt")
	wantStatus(t, put("/bkt?metrics&id=m1", "<MetricsConfiguration><Id>m1</Id></MetricsConfiguration>"), 204)
}
