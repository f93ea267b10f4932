package reftarget

import (
	"net/http"
	"testing"
)

// Probes for the deviations of deviations_kms.go. Each starts from bucket
// "dev" holding "obj" ("content"), owned by alice.

func kmsProbe(keyID string) func(t *testing.T, s *Server) response {
	return withHeader("PUT", "/dev/kms", []byte("content"), http.Header{hdrSSE: {sseKMS}, hdrKMSKeyID: {keyID}})
}

// conflictingComplete runs the recorded sequence up to its Complete.
func conflictingComplete(t *testing.T, s *Server) response {
	etag := do(t, s, "PUT", "/dev/obj", []byte("content")).header.Get("ETag")
	id := createUpload(t, s, "/dev/obj")
	part := uploadPart(t, s, "/dev/obj", id, 1, []byte("part"))
	wantStatus(t, do(t, s, "PUT", "/dev/obj", []byte("content")), 200)
	return withHeader("POST", "/dev/obj?uploadId="+id, completeBody(1, part), http.Header{"If-Match": {etag}})(t, s)
}

func init() {
	keys := DefaultKMSKeys()
	withKeys := Options{KMSKeys: keys}
	message := func(want func(s string) bool) func(t *testing.T, r response) bool {
		return func(t *testing.T, r response) bool {
			m, _ := errorField(t, r, "Message")
			return want(m)
		}
	}
	probes := map[string]deviationProbe{
		devKMSKeyIDUnchecked: {probe: kmsProbe("fake-key-id"), deviates: statusIs(200)},
		devKMSNotFoundMessageARN: {probe: kmsProbe("fake-key-id"),
			deviates: message(func(m string) bool { return m != "Invalid keyId 'fake-key-id'" })},
		devKMSKeyStateIgnored: {opts: withKeys, probe: kmsProbe(keys.PendingDeletion), deviates: statusIs(200)},
		devKMSDisabledMessageKeyID: {opts: withKeys, probe: kmsProbe(keys.Disabled),
			deviates: message(func(m string) bool { return m == keys.Disabled+" is disabled." })},
		devKMSKeyUsageIgnored:          {opts: withKeys, probe: kmsProbe(keys.SignVerify), deviates: statusIs(200)},
		devCompleteConflictIgnored:     {probe: conflictingComplete, deviates: statusIs(200)},
		devCompleteConflictPrecondFail: {probe: conflictingComplete, deviates: statusIs(412)},
	}
	for name, p := range probes {
		deviationProbes[name] = p
	}
}
