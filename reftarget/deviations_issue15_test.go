package reftarget

import (
	"crypto/md5"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"testing"
	"time"
)

// Probes for the deviations of issue 15's checks. Each starts from bucket
// "dev" holding "obj" ("content"), owned by alice.

func b64MD5(b []byte) string {
	sum := md5.Sum(b)
	return base64.StdEncoding.EncodeToString(sum[:])
}

// sendMD5 sends a body with its Content-MD5, as S3 wants for these calls.
func sendMD5(method, path string, body []byte) func(t *testing.T, s *Server) response {
	return withHeader(method, path, body, withMD5(body))
}

// lockedBucket creates bucket "locked" with Object Lock enabled.
func lockedBucket(t *testing.T, s *Server) {
	wantStatus(t, send(t, s, request{method: "PUT", path: "/locked", as: &alice,
		header: http.Header{"X-Amz-Bucket-Object-Lock-Enabled": {"true"}}}), 200)
}

// deleteKeys is a DeleteObjects document naming n keys.
func deleteKeys(n int) []byte {
	keys := make([]string, n)
	for i := range keys {
		keys[i] = fmt.Sprintf("k%d", i)
	}
	return deleteDoc(true, keys...)
}

func init() {
	otherSHA256 := sha256.Sum256([]byte("other"))
	key := []byte("0123456789abcdef0123456789abcdef")
	probes := map[string]deviationProbe{
		devChecksumMismatchAccepted: {
			probe: withHeader("PUT", "/dev/sum", []byte("content"),
				http.Header{"X-Amz-Checksum-Sha256": {base64.StdEncoding.EncodeToString(otherSHA256[:])}}),
			deviates: statusIs(200),
		},
		devSSECUnchecked: {
			probe: withHeader("PUT", "/dev/ssec", []byte("content"), http.Header{
				hdrSSECAlgorithm: {"AES256"}, hdrSSECKey: {base64.StdEncoding.EncodeToString(key)}, hdrSSECKeyMD5: {b64MD5(key)},
				hdrSSE: {"AES256"}}),
			deviates: statusIs(200),
		},
		devSSECAlgorithmInvalidArgument: {
			probe: withHeader("PUT", "/dev/ssec", []byte("content"), http.Header{
				hdrSSECAlgorithm: {"KMS"}, hdrSSECKey: {base64.StdEncoding.EncodeToString(key)}, hdrSSECKeyMD5: {b64MD5(key)}}),
			deviates: func(t *testing.T, r response) bool { return code(t, r) == "InvalidArgument" },
		},
		devLockHeadersWithoutLockIgnored: {
			probe:    withHeader("PUT", "/dev/held", []byte("content"), http.Header{hdrLockLegalHold: {"ON"}}),
			deviates: statusIs(200),
		},
		devLockedVersioningSuspendable: {
			probe: func(t *testing.T, s *Server) response {
				lockedBucket(t, s)
				return do(t, s, "PUT", "/locked?versioning", []byte("<VersioningConfiguration><Status>Suspended</Status></VersioningConfiguration>"))
			},
			deviates: statusIs(200),
		},
		devLockRetentionUnchecked: {
			probe: func(t *testing.T, s *Server) response {
				lockedBucket(t, s)
				return sendMD5("PUT", "/locked?object-lock", []byte("<ObjectLockConfiguration><ObjectLockEnabled>Enabled</ObjectLockEnabled>"+
					"<Rule><DefaultRetention><Mode>GOVERNANCE</Mode><Days>0</Days></DefaultRetention></Rule></ObjectLockConfiguration>"))(t, s)
			},
			deviates: statusIs(200),
		},
		devLifecycleRulesUnchecked: {
			probe: sendMD5("PUT", "/dev?lifecycle", []byte("<LifecycleConfiguration><Rule><ID>r</ID><Filter/><Status>Enabled</Status>"+
				"<Expiration><Days>0</Days></Expiration></Rule></LifecycleConfiguration>")),
			deviates: statusIs(200),
		},
		devPolicyNotPrincipalAccepted: {
			probe: do2("PUT", "/dev?policy", []byte(`{"Statement":[{"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::123456789012:root"},`+
				`"Action":"s3:GetObject","Resource":"arn:aws:s3:::dev/*"}]}`)),
			deviates: statusIs(204),
		},
		devDeleteObjectsUnbounded: {
			probe:    sendMD5("POST", "/dev?delete", deleteKeys(1001)),
			deviates: statusIs(200),
		},
		devDeleteObjectsDigestOptional: {
			probe:    do2("POST", "/dev?delete", deleteKeys(1)),
			deviates: statusIs(200),
		},
		devCompleteConditionsIgnored: {
			probe: func(t *testing.T, s *Server) response {
				id := createUpload(t, s, "/dev/obj")
				etag := uploadPart(t, s, "/dev/obj", id, 1, []byte("part"))
				return withHeader("POST", "/dev/obj?uploadId="+id, completeBody(1, etag), http.Header{"If-None-Match": {"*"}})(t, s)
			},
			deviates: statusIs(200),
		},
		devNoSuchUploadNoUploadID: {
			probe:    do2("GET", "/dev/obj?uploadId=nosuchupload", nil),
			deviates: lacksElement("UploadId"),
		},
		devSignatureProvidedExpected: {
			probe: func(t *testing.T, s *Server) response {
				return send(t, s, request{method: "GET", path: "/dev/obj", header: http.Header{
					"Authorization": {"AWS " + alice.AccessKey + ":c2VudA=="}, "Date": {time.Now().UTC().Format(http.TimeFormat)}}})
			},
			deviates: func(t *testing.T, r response) bool {
				provided, _ := errorField(t, r, "SignatureProvided")
				return r.status == 403 && provided != "c2VudA=="
			},
		},
	}
	for name, p := range probes {
		if _, dup := deviationProbes[name]; dup {
			panic("two probes for " + name)
		}
		deviationProbes[name] = p
	}
}

// do2 is do as a probe.
func do2(method, path string, body []byte) func(t *testing.T, s *Server) response {
	return func(t *testing.T, s *Server) response { return do(t, s, method, path, body) }
}
