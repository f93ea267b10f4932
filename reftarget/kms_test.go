package reftarget

import (
	"net/http"
	"testing"
)

// kmsPut is a PutObject of /bkt/obj asking for SSE-KMS with keyID ("":
// none).
func kmsPut(t *testing.T, s *Server, path, keyID string, extra http.Header) response {
	t.Helper()
	h := http.Header{hdrSSE: {sseKMS}}
	if keyID != "" {
		h.Set(hdrKMSKeyID, keyID)
	}
	for name, values := range extra {
		h[name] = values
	}
	return send(t, s, request{method: "PUT", path: path, body: []byte("data"), as: &alice, header: h})
}

// wantKMSError checks a KMS error: 400, the code and the message.
func wantKMSError(t *testing.T, r response, code, message string) {
	t.Helper()
	if r.status != 400 {
		t.Errorf("status %d, want 400; body %s", r.status, r.body)
		return
	}
	doc := parseErrorDoc(t, r.body)
	if doc.values["Code"] != code || doc.values["Message"] != message {
		t.Errorf("got %s %q, want %s %q", doc.values["Code"], doc.values["Message"], code, message)
	}
	if r.header.Get(hdrSSE) != "" || r.header.Get(hdrKMSKeyID) != "" {
		t.Errorf("an error carries SSE headers: %v", r.header)
	}
}

func TestKMSWrites(t *testing.T) {
	keys := DefaultKMSKeys()
	s := startServer(t, Options{Region: "eu-central-1", KMSKeys: keys})
	wantStatus(t, do(t, s, "PUT", "/bkt", nil), 200)
	defaultARN := "arn:aws:kms:eu-central-1:" + KMSAccount + ":key/" + kmsDefaultKeyID

	for _, id := range []string{"", "alias/aws/s3", kmsDefaultKeyID, defaultARN} {
		r := kmsPut(t, s, "/bkt/obj", id, nil)
		wantStatus(t, r, 200)
		if r.header.Get(hdrSSE) != "aws:kms" || r.header.Get(hdrKMSKeyID) != defaultARN {
			t.Errorf("key %q: SSE headers %q %q", id, r.header.Get(hdrSSE), r.header.Get(hdrKMSKeyID))
		}
	}

	// SDKs name the operation in the query; that changes nothing.
	r := kmsPut(t, s, "/bkt/obj?x-id=PutObject", "", nil)
	wantStatus(t, r, 200)
	if r.header.Get(hdrSSE) != "aws:kms" {
		t.Errorf("x-id=PutObject: SSE header %q", r.header.Get(hdrSSE))
	}

	missing := "134f2428-cec1-4b25-a1ae-9048164dba47"
	missingARN := "arn:aws:kms:eu-central-1:" + KMSAccount + ":key/" + missing
	wantKMSError(t, kmsPut(t, s, "/bkt/obj", "fake-key-id", nil), "KMS.NotFoundException", "Invalid keyId 'fake-key-id'")
	wantKMSError(t, kmsPut(t, s, "/bkt/obj", missing, nil), "KMS.NotFoundException", "Key '"+missingARN+"' does not exist")
	wantKMSError(t, kmsPut(t, s, "/bkt/obj", missingARN, nil), "KMS.NotFoundException", "Key '"+missingARN+"' does not exist")
	wantKMSError(t, kmsPut(t, s, "/bkt/obj", "arn:aws:kms:us-west-2:"+KMSAccount+":key/"+missing, nil), "KMS.NotFoundException", "Invalid arn us-west-2")

	arn := s.KMSKeyARN(keys.Disabled)
	wantKMSError(t, kmsPut(t, s, "/bkt/obj", arn, nil), "KMS.DisabledException", arn+" is disabled.")
	wantKMSError(t, kmsPut(t, s, "/bkt/obj", keys.Disabled, nil), "KMS.DisabledException", arn+" is disabled.")
	arn = s.KMSKeyARN(keys.PendingDeletion)
	wantKMSError(t, kmsPut(t, s, "/bkt/obj", arn, nil), "KMS.KMSInvalidStateException", arn+" is pending deletion.")
	arn = s.KMSKeyARN(keys.SignVerify)
	wantKMSError(t, kmsPut(t, s, "/bkt/obj", arn, nil), "KMS.InvalidKeyUsageException", arn+" key usage is SIGN_VERIFY which is not valid for GenerateDataKey.")

	// CreateMultipartUpload and CopyObject take the same keys.
	r = send(t, s, request{method: "POST", path: "/bkt/mp?uploads", as: &alice, header: http.Header{hdrSSE: {sseKMS}, hdrKMSKeyID: {"fake-key-id"}}})
	wantKMSError(t, r, "KMS.NotFoundException", "Invalid keyId 'fake-key-id'")
	r = send(t, s, request{method: "POST", path: "/bkt/mp?uploads", as: &alice, header: http.Header{hdrSSE: {sseKMS}}})
	wantStatus(t, r, 200)
	if r.header.Get(hdrKMSKeyID) != defaultARN {
		t.Errorf("CreateMultipartUpload: key header %q", r.header.Get(hdrKMSKeyID))
	}
	r = kmsPut(t, s, "/bkt/copy", "fake-key-id", http.Header{"X-Amz-Copy-Source": {"/bkt/obj"}})
	wantKMSError(t, r, "KMS.NotFoundException", "Invalid keyId 'fake-key-id'")
	r = kmsPut(t, s, "/bkt/copy", "", http.Header{"X-Amz-Copy-Source": {"/bkt/obj"}})
	wantStatus(t, r, 200)
	if r.header.Get(hdrSSE) != "aws:kms" {
		t.Errorf("CopyObject: SSE header %q", r.header.Get(hdrSSE))
	}
	// A failing write after the key check carries no SSE headers.
	wantKMSError(t, kmsPut(t, s, "/bkt/obj", "fake-key-id", nil), "KMS.NotFoundException", "Invalid keyId 'fake-key-id'")
	r = kmsPut(t, s, "/nobucket/obj", "", nil)
	if r.status != 404 || r.header.Get(hdrSSE) != "" {
		t.Errorf("missing bucket: status %d, headers %v", r.status, r.header)
	}
}

// Without declared keys, the IDs DefaultKMSKeys names are keys like any
// other that does not exist; dual-layer KMS stays unimplemented.
func TestKMSUndeclaredKeysAndDSSE(t *testing.T) {
	s := startServer(t, Options{Region: "eu-central-1"})
	wantStatus(t, do(t, s, "PUT", "/bkt", nil), 200)
	id := DefaultKMSKeys().Disabled
	wantKMSError(t, kmsPut(t, s, "/bkt/obj", id, nil), "KMS.NotFoundException", "Key '"+s.KMSKeyARN(id)+"' does not exist")
	r := send(t, s, request{method: "PUT", path: "/bkt/obj", body: []byte("x"), as: &alice, header: http.Header{hdrSSE: {"aws:kms:dsse"}}})
	wantStatus(t, r, 501)
	// The key ID header outside an SSE-KMS write is still refused.
	r = send(t, s, request{method: "PUT", path: "/bkt/obj", body: []byte("x"), as: &alice, header: http.Header{hdrKMSKeyID: {id}}})
	wantStatus(t, r, 501)
}

// The recorded sequence of test_multipart_if_match_with_put_identical, and
// its neighbours: a conditional Complete conflicts when the key was written
// (even identically) or deleted after the upload began; a failing
// condition is judged first.
func TestCompleteConflict(t *testing.T) {
	s := startServer(t, Options{})
	wantStatus(t, do(t, s, "PUT", "/bkt", nil), 200)
	put := do(t, s, "PUT", "/bkt/k", []byte("test"))
	etag := put.header.Get("ETag")
	id := createUpload(t, s, "/bkt/k")
	part := uploadPart(t, s, "/bkt/k", id, 1, []byte("part"))
	wantStatus(t, do(t, s, "PUT", "/bkt/k", []byte("test")), 200)
	complete := func(id string, h http.Header) response {
		return send(t, s, request{method: "POST", path: "/bkt/k?uploadId=" + id, body: completeBody(1, part), as: &alice, header: h})
	}
	r := complete(id, http.Header{"If-Match": {etag}})
	wantConflict(t, r, "If-Match")
	// A failing condition is 412, not 409.
	wantError(t, complete(id, http.Header{"If-Match": {`"0123456789abcdef0123456789abcdef"`}}), "PreconditionFailed", "/bkt/k", detail{"Condition", "If-Match"})
	// A new upload, with nothing written during it, completes.
	id = createUpload(t, s, "/bkt/k")
	part = uploadPart(t, s, "/bkt/k", id, 1, []byte("part"))
	wantStatus(t, complete(id, http.Header{"If-Match": {etag}}), 200)
	// Unconditional Completes never conflict.
	id = createUpload(t, s, "/bkt/k")
	part = uploadPart(t, s, "/bkt/k", id, 1, []byte("part"))
	wantStatus(t, do(t, s, "PUT", "/bkt/k", []byte("test")), 200)
	wantStatus(t, complete(id, nil), 200)
	// Deleted during the upload: If-None-Match: * conflicts.
	id = createUpload(t, s, "/bkt/k")
	part = uploadPart(t, s, "/bkt/k", id, 1, []byte("part"))
	wantStatus(t, do(t, s, "DELETE", "/bkt/k", nil), 204)
	wantConflict(t, complete(id, http.Header{"If-None-Match": {"*"}}), "If-None-Match")
}

// wantConflict checks S3's recorded ConditionalRequestConflict about key k
// (not wantError: the catalog has the table's description, not the wire
// text).
func wantConflict(t *testing.T, r response, condition string) {
	t.Helper()
	wantStatus(t, r, 409)
	doc := parseErrorDoc(t, r.body)
	for name, want := range map[string]string{"Code": "ConditionalRequestConflict", "Condition": condition, "Key": "k",
		"Message": "The conditional request cannot succeed due to a conflicting operation against this resource."} {
		if doc.values[name] != want {
			t.Errorf("<%s> %q, want %q", name, doc.values[name], want)
		}
	}
}
