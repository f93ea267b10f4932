package reftarget

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func retentionDoc(mode string, until time.Time) []byte {
	return []byte("<Retention><Mode>" + mode + "</Mode><RetainUntilDate>" + until.UTC().Format(time.RFC3339) + "</RetainUntilDate></Retention>")
}

func legalHoldDoc(status string) []byte {
	return []byte("<LegalHold><Status>" + status + "</Status></LegalHold>")
}

// putLock sends PutObjectRetention or PutObjectLegalHold (sub) with its
// Content-MD5, bypassing GOVERNANCE when asked.
func putLock(t *testing.T, s *Server, path, sub string, body []byte, bypass bool) response {
	t.Helper()
	h := withMD5(body)
	if bypass {
		h.Set(hdrBypassGovernance, "true")
	}
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	return send(t, s, request{method: "PUT", path: path + sep + sub, body: body, header: h, as: &alice})
}

func deleteVersion(t *testing.T, s *Server, path, id string, bypass bool) response {
	t.Helper()
	h := http.Header{}
	if bypass {
		h.Set(hdrBypassGovernance, "true")
	}
	return send(t, s, request{method: "DELETE", path: path + "?versionId=" + id, header: h, as: &alice})
}

func newVersion(t *testing.T, s *Server, path string) string {
	t.Helper()
	r := do(t, s, "PUT", path, []byte("x"))
	wantStatus(t, r, 200)
	return r.header.Get("X-Amz-Version-Id")
}

func TestObjectLockWritesNeedALockBucket(t *testing.T) {
	s := startServer(t, Options{})
	wantStatus(t, do(t, s, "PUT", "/plain", nil), 200)
	wantStatus(t, do(t, s, "PUT", "/plain/k", []byte("x")), 200)
	future := time.Now().Add(24 * time.Hour)
	for sub, body := range map[string][]byte{"retention": retentionDoc("GOVERNANCE", future), "legal-hold": legalHoldDoc("ON")} {
		wantMessage(t, wantError(t, putLock(t, s, "/plain/k", sub, body, false), "InvalidRequest", "/plain/k"), "Bucket is missing Object Lock Configuration")
	}
	// The document is read first: an empty one is MalformedXML even here.
	wantError(t, putLock(t, s, "/plain/k", "legal-hold", nil, false), "MalformedXML", "/plain/k")
}

func TestObjectLockWriteDocuments(t *testing.T) {
	s := startServer(t, Options{})
	createLockedBucket(t, s, "locked")
	wantStatus(t, do(t, s, "PUT", "/locked/k", []byte("x")), 200)
	future := time.Now().Add(24 * time.Hour)
	for _, body := range [][]byte{
		retentionDoc("governance", future),
		retentionDoc("BAD-VALUE", future),
		[]byte("<Retention><Mode>GOVERNANCE</Mode></Retention>"),
		[]byte("<Retention><RetainUntilDate>2030-01-01T00:00:00Z</RetainUntilDate></Retention>"),
		[]byte("not xml"),
	} {
		wantError(t, putLock(t, s, "/locked/k", "retention", body, false), "MalformedXML", "/locked/k")
	}
	for _, body := range [][]byte{legalHoldDoc("abc"), legalHoldDoc("on"), nil, []byte("<LegalHold/>")} {
		wantError(t, putLock(t, s, "/locked/k", "legal-hold", body, false), "MalformedXML", "/locked/k")
	}
	past := retentionDoc("GOVERNANCE", time.Now().Add(-time.Hour))
	wantMessage(t, wantError(t, putLock(t, s, "/locked/k", "retention", past, false), "InvalidArgument", "/locked/k",
		detail{"ArgumentName", "RetainUntilDate"}, detail{"ArgumentValue", "*"}), "The retain until date must be in the future!")
	wantError(t, putLock(t, s, "/locked/missing", "retention", retentionDoc("GOVERNANCE", future), false), "NoSuchKey", "/locked/missing", detail{"Key", "missing"})

	wantStatus(t, putLock(t, s, "/locked/k", "retention", retentionDoc("GOVERNANCE", future), false), 200)
	r := do(t, s, "GET", "/locked/k?retention", nil)
	wantStatus(t, r, 200)
	if !strings.Contains(string(r.body), "<Mode>GOVERNANCE</Mode>") {
		t.Errorf("retention not kept: %s", r.body)
	}
	wantStatus(t, putLock(t, s, "/locked/k", "legal-hold", legalHoldDoc("ON"), false), 200)
	r = do(t, s, "GET", "/locked/k?legal-hold", nil)
	wantStatus(t, r, 200)
	if !strings.Contains(string(r.body), "<Status>ON</Status>") {
		t.Errorf("legal hold not kept: %s", r.body)
	}
}

func wantProtected(t *testing.T, r response, resource string) {
	t.Helper()
	wantMessage(t, wantWordedError(t, r, "AccessDenied", resource), "Access Denied because object protected by object lock.")
}

func TestGovernanceRetention(t *testing.T) {
	s := startServer(t, Options{})
	createLockedBucket(t, s, "locked")
	id := newVersion(t, s, "/locked/k")
	later, sooner := time.Now().Add(48*time.Hour), time.Now().Add(24*time.Hour)
	wantStatus(t, putLock(t, s, "/locked/k", "retention", retentionDoc("GOVERNANCE", later), false), 200)

	wantProtected(t, putLock(t, s, "/locked/k", "retention", retentionDoc("GOVERNANCE", sooner), false), "/locked/k")
	wantProtected(t, putLock(t, s, "/locked/k", "retention", []byte("<Retention/>"), false), "/locked/k")
	wantProtected(t, deleteVersion(t, s, "/locked/k", id, false), "/locked/k")
	// A delete marker is no deletion: it is allowed.
	wantStatus(t, do(t, s, "DELETE", "/locked/k", nil), 204)
	// Extending needs no bypass; shortening and deleting do.
	wantStatus(t, putLock(t, s, "/locked/k?versionId="+id, "retention", retentionDoc("GOVERNANCE", later.Add(time.Hour)), false), 200)
	wantStatus(t, putLock(t, s, "/locked/k?versionId="+id, "retention", retentionDoc("GOVERNANCE", sooner), true), 200)
	wantStatus(t, deleteVersion(t, s, "/locked/k", id, true), 204)
}

func TestDeleteObjectsHonoursObjectLock(t *testing.T) {
	s := startServer(t, Options{})
	createLockedBucket(t, s, "locked")
	id := newVersion(t, s, "/locked/k")
	wantStatus(t, putLock(t, s, "/locked/k", "legal-hold", legalHoldDoc("ON"), false), 200)
	body := []byte(`<Delete><Object><Key>k</Key><VersionId>` + id + `</VersionId></Object></Delete>`)
	r := send(t, s, request{method: "POST", path: "/locked?delete", body: body, header: withMD5(body), as: &alice})
	wantStatus(t, r, 200)
	if !strings.Contains(string(r.body), "<Code>AccessDenied</Code>") {
		t.Errorf("DeleteObjects deleted a version under a legal hold: %s", r.body)
	}
}

func TestLegalHoldProtectsAVersion(t *testing.T) {
	s := startServer(t, Options{})
	createLockedBucket(t, s, "locked")
	id := newVersion(t, s, "/locked/k")
	wantStatus(t, putLock(t, s, "/locked/k?versionId="+id, "legal-hold", legalHoldDoc("ON"), false), 200)
	// Not even the bypass header lifts a legal hold.
	wantProtected(t, deleteVersion(t, s, "/locked/k", id, true), "/locked/k")
	wantStatus(t, putLock(t, s, "/locked/k?versionId="+id, "legal-hold", legalHoldDoc("OFF"), false), 200)
	wantStatus(t, deleteVersion(t, s, "/locked/k", id, false), 204)
}

func TestComplianceRetention(t *testing.T) {
	s := startServer(t, Options{})
	createLockedBucket(t, s, "locked")
	id := newVersion(t, s, "/locked/k")
	until := time.Now().Add(24 * time.Hour)
	wantStatus(t, putLock(t, s, "/locked/k", "retention", retentionDoc("COMPLIANCE", until), false), 200)
	// Neither shortened, nor turned into GOVERNANCE, nor deleted, bypass
	// or not (LocalStack test_s3_object_retention_compliance_mode).
	wantProtected(t, putLock(t, s, "/locked/k", "retention", retentionDoc("COMPLIANCE", until.Add(-time.Hour)), true), "/locked/k")
	wantProtected(t, putLock(t, s, "/locked/k", "retention", retentionDoc("GOVERNANCE", until.Add(time.Hour)), true), "/locked/k")
	wantProtected(t, deleteVersion(t, s, "/locked/k", id, true), "/locked/k")
	wantStatus(t, putLock(t, s, "/locked/k", "retention", retentionDoc("COMPLIANCE", until.Add(time.Hour)), false), 200)
}

// A retention set by PutObject's headers protects as one set later does.
func TestRetentionFromPutObjectHeadersProtects(t *testing.T) {
	s := startServer(t, Options{})
	createLockedBucket(t, s, "locked")
	h := http.Header{hdrLockMode: {"GOVERNANCE"}, hdrLockUntil: {time.Now().Add(time.Hour).UTC().Format(time.RFC3339)}}
	r := send(t, s, request{method: "PUT", path: "/locked/k", body: []byte("x"), header: h, as: &alice})
	wantStatus(t, r, 200)
	id := r.header.Get("X-Amz-Version-Id")
	wantProtected(t, deleteVersion(t, s, "/locked/k", id, false), "/locked/k")
	wantStatus(t, deleteVersion(t, s, "/locked/k", id, true), 204)
}
