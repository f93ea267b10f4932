package reftarget

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/s3errconform/s3errconform/harness"
	"github.com/s3errconform/s3errconform/harness/wire"
)

// Probes of the deviations of the bucket configuration, ACL, bucket
// creation, authentication, presign, SigV2, protocol and POST families.
func init() {
	validLock := harness.BucketConfigDocument(harness.SubObjectLock, "dev")
	probes := map[string]deviationProbe{
		devConfigMissingEmpty:    {probe: probeRequest("GET", "/dev?cors", nil, nil), deviates: statusIsNow(200)},
		devSSEMissingTableStatus: {probe: probeRequest("GET", "/dev?encryption", nil, nil), deviates: statusIsNow(400)},
		devConfigNotFoundNoBucket: {probe: probeRequest("GET", "/dev?tagging", nil, nil), deviates: func(t *testing.T, r response) bool {
			return r.status == 404 && !parseErrorDoc(t, r.body).has("BucketName")
		}},
		devConfigAcceptMalformed:     {probe: probeRequest("PUT", "/dev?cors", []byte("<CORSConfiguration>"), nil), deviates: statusIsNow(200)},
		devPolicyNotValidated:        {probe: probeRequest("PUT", "/dev?policy", []byte("not json"), nil), deviates: statusIsNow(204)},
		devConfigMissingBucketDenied: {probe: probeRequest("GET", "/nobucket?cors", nil, nil), deviates: codeIs("AccessDenied")},
		devObjectLockAnyBucket:       {probe: probeRequest("PUT", "/dev?object-lock", validLock, withMD5(validLock)), deviates: statusIsNow(200)},
		devNotificationEmptyAccepted: {probe: probeRequest("PUT", "/dev?notification", nil, nil), deviates: statusIsNow(200)},
		devLoggingTargetUnchecked:    {probe: probeRequest("PUT", "/dev?logging", harness.LoggingTo("nobucket"), nil), deviates: statusIsNow(200)},
		devKeySubresourceIgnored: {probe: probeRequest("GET", "/dev/obj?logging", nil, nil), deviates: func(t *testing.T, r response) bool {
			return r.status == 200 && string(r.body) == "content"
		}},
		devBucketTorrentUnsupported: {probe: probeRequest("GET", "/dev?torrent", nil, nil), deviates: codeIs("NotImplemented")},

		devACLCannedUnchecked: {probe: probeRequest("PUT", "/aclnew", nil, http.Header{"X-Amz-Acl": {"everyone"}, "X-Amz-Object-Ownership": {"ObjectWriter"}}),
			deviates: statusIsNow(200)},
		devACLBodyUnchecked: {probe: func(t *testing.T, s *Server) response {
			wantStatus(t, send(t, s, request{method: "PUT", path: "/acls", as: &alice, header: http.Header{"X-Amz-Object-Ownership": {"ObjectWriter"}}}), 200)
			return do(t, s, "PUT", "/acls?acl", []byte("<AccessControlPolicy><AccessControlList><Grant><Permission>FULL_CONTROLL</Permission></Grant></AccessControlList></AccessControlPolicy>"))
		}, deviates: statusIsNow(200)},
		devACLOwnershipIgnored: {probe: probeRequest("PUT", "/dev?acl", nil, http.Header{"X-Amz-Acl": {"log-delivery-write"}}), deviates: statusIsNow(200)},
		devACLNothingAccepted:  {probe: probeRequest("PUT", "/dev?acl", nil, nil), deviates: statusIsNow(200)},
		devACLTwoWaysAccepted: {probe: probeRequest("PUT", "/dev?acl", nil, http.Header{"X-Amz-Acl": {"private"}, "X-Amz-Grant-Read": {`uri="http://acs.amazonaws.com/groups/s3/LogDelivery"`}}),
			deviates: func(t *testing.T, r response) bool { return codeOf(t, r) != "InvalidRequest" }},
		devLocationUnchecked: {probe: probeRequest("PUT", "/elsewhere", harness.CreateBucketConfiguration("us-west-2"), nil),
			deviates: statusIsNow(200)},
		devBucketTakenAsOwn: {probe: func(t *testing.T, s *Server) response {
			return send(t, s, request{method: "PUT", path: "/dev", as: &bob})
		}, deviates: codeIs("BucketAlreadyOwnedByYou")},
		devListParamsUnchecked: {probe: probeRequest("GET", "/dev?max-keys=abc", nil, nil), deviates: statusIsNow(200)},
		devExpectedOwnerIgnored: {probe: probeRequest("GET", "/dev", nil, http.Header{"X-Amz-Expected-Bucket-Owner": {"not-an-account"}}),
			deviates: statusIsNow(200)},
		devMethodNotAllowedAs501: {probe: probeRequest("POST", "/dev/obj", nil, nil), deviates: codeIs("NotImplemented")},

		devURINotValidated: {probe: probeRequest("GET", "/dev/%AE%8A-", nil, nil), deviates: codeIs("NoSuchKey")},
		devHeaderSizeUnlimited: {probe: probeRequest("GET", "/dev/obj", nil, http.Header{"X-S3ec-Padding": {strings.Repeat("p", 9000)}}),
			deviates: statusIsNow(200)},
		devChunkedAsMissingLength: {probe: func(t *testing.T, s *Server) response {
			req := newRequest(t, s, "PUT", "/dev/chunked", []byte("data"))
			req.ContentLength = -1
			req.Body = readCloser{strings.NewReader("data")}
			sign(t, req, alice, []byte("data"), s.region, time.Time{})
			return roundTrip(t, req)
		}, deviates: codeIs("MissingContentLength")},
		devMissingLengthAccepted: {probe: func(t *testing.T, s *Server) response { return noContentLength(t, s, "/dev/nolength") }, deviates: statusIsNow(200)},
		devIncompleteBodyStored: {probe: func(t *testing.T, s *Server) response {
			req := newRequest(t, s, "PUT", "/dev/short", []byte("whole body"))
			sign(t, req, alice, []byte("whole body"), s.region, time.Time{})
			return roundTripDeclared(t, req, []byte("whole"))
		}, deviates: statusIsNow(200)},
		devStalledBodyIncomplete: {opts: Options{StalledBodyTimeout: 50 * time.Millisecond}, probe: func(t *testing.T, s *Server) response {
			req := newRequest(t, s, "PUT", "/dev/stalled", []byte("whole body"))
			sign(t, req, alice, []byte("whole body"), s.region, time.Time{})
			return roundTripStalled(t, req, []byte("whole"))
		}, deviates: codeIs("IncompleteBody")},
		devExpectContinueRejected: {probe: probeRequest("PUT", "/dev/expect", []byte("x"), http.Header{"Expect": {"100-continue"}}),
			deviates: statusIsNow(417)},

		devAuthMalformedAsMismatch: {probe: func(t *testing.T, s *Server) response {
			return send(t, s, request{method: "GET", path: "/dev", as: &alice, region: "us-west-2"})
		}, deviates: codeIs("SignatureDoesNotMatch")},
		devAuthSchemeAsMalformed: {probe: probeRequest("GET", "/dev", nil, nil), deviates: codeIs("AuthorizationHeaderMalformed")},
		devContentSHA256Unchecked: {probe: func(t *testing.T, s *Server) response {
			return signedThen(t, s, "GET", "/dev/obj", func(r *http.Request) { r.Header.Del("X-Amz-Content-Sha256") })
		}, deviates: func(t *testing.T, r response) bool { return codeOf(t, r) != "InvalidRequest" }},
		devAmzDateAsMismatch: {probe: func(t *testing.T, s *Server) response {
			return signedThen(t, s, "GET", "/dev/obj", func(r *http.Request) { r.Header.Del("X-Amz-Date") })
		}, deviates: codeIs("SignatureDoesNotMatch")},
		devBucketLimitUnenforced: {opts: Options{BucketLimit: 2}, probe: func(t *testing.T, s *Server) response {
			// The probe's setup made /dev, so one more reaches the limit.
			wantStatus(t, do(t, s, "PUT", "/dev-second", nil), 200)
			return do(t, s, "PUT", "/dev-third", nil)
		}, deviates: statusIsNow(200)},
		devExpiredTokenAsInvalid: {opts: Options{ExpiredSession: &expiredSession}, probe: func(t *testing.T, s *Server) response {
			return send(t, s, request{method: "GET", path: "/dev/obj", header: http.Header{"X-Amz-Security-Token": {expiredSession.Token}},
				as: &Identity{expiredSession.AccessKey, expiredSession.SecretKey}})
		}, deviates: codeIs("InvalidToken")},
		devSecurityTokenIgnored: {probe: probeRequest("GET", "/dev/obj", nil, http.Header{"X-Amz-Security-Token": {"s3errconform-not-a-token"}}),
			deviates: statusIsNow(200)},
		devPresignUnverified: {probe: func(t *testing.T, s *Server) response {
			return presignedV4(t, s, "/dev/obj", alice, s.region, time.Now().Add(-2*time.Hour), 60)
		}, deviates: statusIsNow(200)},
		devSigV2Unverified: {probe: func(t *testing.T, s *Server) response {
			return sendV2(t, s, "GET", "/dev/obj", Identity{alice.AccessKey, "wrong"}, time.Now(), nil)
		}, deviates: statusIsNow(200)},

		devPostFormErrorsGeneric: {probe: func(t *testing.T, s *Server) response {
			req := newRequest(t, s, "POST", "/dev", []byte("not a form"))
			req.Header.Set("Content-Type", "text/plain")
			return roundTrip(t, req)
		}, deviates: codeIs("InvalidRequest")},
		devPostPolicyUnchecked: {probe: func(t *testing.T, s *Server) response {
			r, _ := post(t, s, "dev", alice, wire.PostUpload{Key: "posted", BadSignature: true})
			return r
		}, deviates: statusIsNow(204)},
	}
	// The scheme probe needs its own Authorization header.
	p := probes[devAuthSchemeAsMalformed]
	p.probe = func(t *testing.T, s *Server) response {
		return send(t, s, request{method: "GET", path: "/dev", header: http.Header{"Authorization": {"Bearer s3errconform"}}})
	}
	probes[devAuthSchemeAsMalformed] = p
	for name, p := range probes {
		if _, dup := deviationProbes[name]; dup {
			panic("probe for " + name + " given twice")
		}
		deviationProbes[name] = p
	}
}
