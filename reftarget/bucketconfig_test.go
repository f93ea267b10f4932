package reftarget

import (
	"net/http"
	"strings"
	"testing"

	"github.com/s3errconform/s3errconform/harness"
)

func TestBucketConfigNotFoundCodes(t *testing.T) {
	s := startServer(t, Options{})
	wantStatus(t, do(t, s, "PUT", "/bkt", nil), 200)
	for sub, code := range map[string]string{
		"policy": "NoSuchBucketPolicy", "cors": "NoSuchCORSConfiguration", "lifecycle": "NoSuchLifecycleConfiguration",
		"website": "NoSuchWebsiteConfiguration", "tagging": "NoSuchTagSet", "object-lock": "ObjectLockConfigurationNotFoundError",
	} {
		wantError(t, do(t, s, "GET", "/bkt?"+sub, nil), code, "/bkt", detail{"BucketName", "bkt"})
	}
	r := do(t, s, "GET", "/bkt?replication", nil)
	if r.status != 404 || codeOf(t, r) != "ReplicationConfigurationNotFoundError" {
		t.Errorf("replication: %d %s", r.status, r.body)
	}
}

func TestBucketConfigDefaults(t *testing.T) {
	s := startServer(t, Options{Region: "eu-central-1"})
	wantStatus(t, do(t, s, "PUT", "/bkt", harness.CreateBucketConfiguration("eu-central-1")), 200)
	for sub, want := range map[string]string{
		"encryption":        "<SSEAlgorithm>AES256</SSEAlgorithm>",
		"ownershipControls": "<ObjectOwnership>BucketOwnerEnforced</ObjectOwnership>",
		"logging":           "<BucketLoggingStatus",
		"notification":      "<NotificationConfiguration",
		"location":          ">eu-central-1</LocationConstraint>",
	} {
		r := do(t, s, "GET", "/bkt?"+sub, nil)
		if r.status != 200 || !strings.Contains(string(r.body), want) {
			t.Errorf("%s: %d %s, want %s", sub, r.status, r.body, want)
		}
	}
	// Deleting the ownership controls leaves none; deleting encryption
	// leaves the SSE-S3 default.
	wantStatus(t, do(t, s, "DELETE", "/bkt?ownershipControls", nil), 204)
	wantError(t, do(t, s, "GET", "/bkt?ownershipControls", nil), "OwnershipControlsNotFoundError", "/bkt", detail{"BucketName", "bkt"})
	wantStatus(t, do(t, s, "DELETE", "/bkt?encryption", nil), 204)
	wantStatus(t, do(t, s, "GET", "/bkt?encryption", nil), 200)

	us := startServer(t, Options{})
	wantStatus(t, do(t, us, "PUT", "/bkt", nil), 200)
	if r := do(t, us, "GET", "/bkt?location", nil); !strings.Contains(string(r.body), "></LocationConstraint>") {
		t.Errorf("us-east-1 location: %s", r.body)
	}
}

func TestBucketConfigRoundTrip(t *testing.T) {
	s := startServer(t, Options{})
	wantStatus(t, do(t, s, "PUT", "/bkt", nil), 200)
	for _, sub := range []string{"policy", "cors", "lifecycle", "tagging", "website", "encryption", "ownershipControls", "replication", "notification"} {
		doc := harness.BucketConfigDocument(sub, "bkt")
		r := send(t, s, request{method: "PUT", path: "/bkt?" + sub, body: doc, header: withMD5(doc), as: &alice})
		if r.status != 200 && r.status != 204 {
			t.Fatalf("PUT %s: %d %s", sub, r.status, r.body)
		}
		if r := do(t, s, "GET", "/bkt?"+sub, nil); r.status != 200 || string(r.body) != string(doc) {
			t.Errorf("GET %s: %d %s", sub, r.status, r.body)
		}
		if sub == "notification" {
			continue
		}
		wantStatus(t, do(t, s, "DELETE", "/bkt?"+sub, nil), 204)
	}
	wantError(t, do(t, s, "GET", "/bkt?policy", nil), "NoSuchBucketPolicy", "/bkt", detail{"BucketName", "bkt"})
}

func TestBucketConfigValidation(t *testing.T) {
	s := startServer(t, Options{})
	wantStatus(t, do(t, s, "PUT", "/bkt", nil), 200)
	for _, c := range []struct{ sub, body string }{
		{"cors", "<CORSConfiguration><CORSRule>"},
		{"cors", "<CORSConfiguration></CORSConfiguration>"},
		{"lifecycle", "<LifecycleConfiguration><Rule><Status>Maybe</Status></Rule></LifecycleConfiguration>"},
		{"tagging", "<Tagging><TagSet><Tag><Key></Key></Tag></TagSet></Tagging>"},
		{"website", "<WebsiteConfiguration></WebsiteConfiguration>"},
		{"encryption", "<ServerSideEncryptionConfiguration><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES257</SSEAlgorithm></ApplyServerSideEncryptionByDefault></Rule></ServerSideEncryptionConfiguration>"},
		{"ownershipControls", "<OwnershipControls><Rule><ObjectOwnership>Nobody</ObjectOwnership></Rule></OwnershipControls>"},
		{"replication", "<ReplicationConfiguration></ReplicationConfiguration>"},
		{"logging", "<Logging/>"},
		{"notification", "not xml"},
	} {
		wantError(t, do(t, s, "PUT", "/bkt?"+c.sub, []byte(c.body)), "MalformedXML", "/bkt")
	}
	wantError(t, do(t, s, "PUT", "/bkt?notification", nil), "MissingRequestBodyError", "/bkt")
	doc := wantWordedError(t, do(t, s, "PUT", "/bkt?policy", []byte("policy")), "MalformedPolicy", "/bkt")
	if doc.values["Message"] != "Policies must be valid JSON and the first byte must be '{'" {
		t.Errorf("Message %q", doc.values["Message"])
	}
	doc = wantWordedError(t, do(t, s, "PUT", "/bkt?policy", harness.BucketConfigDocument("policy", "other")), "MalformedPolicy", "/bkt")
	if doc.values["Message"] != "Policy has invalid resource" {
		t.Errorf("Message %q", doc.values["Message"])
	}
	wantWordedError(t, do(t, s, "PUT", "/bkt?policy", []byte("{not json")), "MalformedPolicy", "/bkt")
	wantError(t, do(t, s, "PUT", "/bkt?logging", harness.LoggingTo("nobucket")), "InvalidTargetBucketForLogging", "/bkt", detail{"TargetBucket", "nobucket"})
	wantStatus(t, do(t, s, "PUT", "/logs", nil), 200)
	wantStatus(t, do(t, s, "PUT", "/bkt?logging", harness.LoggingTo("logs")), 200)
	wantStatus(t, send(t, s, request{method: "PUT", path: "/bobs", as: &bob}), 200)
	wantError(t, do(t, s, "PUT", "/bkt?logging", harness.LoggingTo("bobs")), "InvalidTargetBucketForLogging", "/bkt", detail{"TargetBucket", "bobs"})
}

func TestObjectLockConfiguration(t *testing.T) {
	s := startServer(t, Options{})
	lock := harness.BucketConfigDocument("object-lock", "b")
	wantStatus(t, do(t, s, "PUT", "/plain", nil), 200)
	// Worded as AWS sends it (LocalStack's recorded snapshot), not as the
	// error table describes the code.
	doc := wantWordedError(t, send(t, s, request{method: "PUT", path: "/plain?object-lock", body: lock, header: withMD5(lock), as: &alice}), "InvalidBucketState", "/plain")
	if msg := doc.values["Message"]; msg != "Versioning must be 'Enabled' on the bucket to apply a Object Lock configuration" {
		t.Errorf("InvalidBucketState message %q", msg)
	}
	wantStatus(t, send(t, s, request{method: "PUT", path: "/locked", as: &alice, header: http.Header{"X-Amz-Bucket-Object-Lock-Enabled": {"true"}}}), 200)
	if r := do(t, s, "GET", "/locked?object-lock", nil); r.status != 200 || !strings.Contains(string(r.body), "<ObjectLockEnabled>Enabled") {
		t.Errorf("lock-enabled bucket: %d %s", r.status, r.body)
	}
	wantStatus(t, send(t, s, request{method: "PUT", path: "/locked?object-lock", body: lock, header: withMD5(lock), as: &alice}), 200)
	// A bucket with versioning enabled may get Object Lock (AWS, since 2023).
	wantStatus(t, do(t, s, "PUT", "/versioned", nil), 200)
	wantStatus(t, do(t, s, "PUT", "/versioned?versioning", []byte(`<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>`)), 200)
	wantStatus(t, send(t, s, request{method: "PUT", path: "/versioned?object-lock", body: lock, header: withMD5(lock), as: &alice}), 200)
}

func TestBucketConfigAccess(t *testing.T) {
	s := startServer(t, Options{})
	wantStatus(t, do(t, s, "PUT", "/bkt", nil), 200)
	for _, path := range []string{"/nobucket?policy", "/nobucket?acl", "/nobucket?location", "/nobucket?logging", "/nobucket?object-lock"} {
		wantError(t, do(t, s, "GET", path, nil), "NoSuchBucket", "/nobucket", detail{"BucketName", "nobucket"})
	}
	wantError(t, do(t, s, "DELETE", "/nobucket?cors", nil), "NoSuchBucket", "/nobucket", detail{"BucketName", "nobucket"})
	for _, path := range []string{"/bkt?policy", "/bkt?acl", "/bkt?location", "/bkt?tagging"} {
		wantError(t, send(t, s, request{method: "GET", path: path, as: &bob}), "AccessDenied", "/bkt")
		wantError(t, send(t, s, request{method: "GET", path: path}), "AccessDenied", "/bkt")
	}
}

func TestKeyAndTorrentSubresources(t *testing.T) {
	s := startServer(t, Options{})
	wantStatus(t, do(t, s, "PUT", "/bkt", nil), 200)
	wantStatus(t, do(t, s, "PUT", "/bkt/obj", []byte("x")), 200)
	wantError(t, do(t, s, "GET", "/bkt/obj?logging", nil), "NoLoggingStatusForKey", "/bkt/obj")
	wantError(t, do(t, s, "GET", "/bkt?torrent", nil), "RequestTorrentOfBucketError", "/bkt")
	wantError(t, do(t, s, "GET", "/bkt/obj?torrent", nil), "NotImplemented", "/bkt/obj")
}
