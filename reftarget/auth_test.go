package reftarget

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

func TestSigV4(t *testing.T) {
	s := startServer(t, Options{Region: "eu-central-1"})
	wantStatus(t, do(t, s, "PUT", "/signed", []byte("<CreateBucketConfiguration><LocationConstraint>eu-central-1</LocationConstraint></CreateBucketConfiguration>")), 200)

	t.Run("accepted", func(t *testing.T) {
		r := send(t, s, request{method: "PUT", path: "/signed/a%20key?x-id=PutObject", body: []byte("v"), as: &alice,
			header: http.Header{"X-Amz-Meta-Note": {"  spaced   value "}, "Content-Type": {"text/plain"}}})
		wantStatus(t, r, 200)
		r = send(t, s, request{method: "GET", path: "/signed/a%20key", as: &alice, header: http.Header{"X-Amz-Content-Sha256": {"UNSIGNED-PAYLOAD"}}})
		wantStatus(t, r, 200)
	})
	t.Run("wrong secret", func(t *testing.T) {
		r := send(t, s, request{method: "GET", path: "/signed", as: &Identity{alice.AccessKey, "not-the-secret"}})
		doc := wantError(t, r, "SignatureDoesNotMatch", "/signed",
			detail{"AWSAccessKeyId", alice.AccessKey}, detail{"StringToSign", "*"}, detail{"SignatureProvided", "*"},
			detail{"StringToSignBytes", "*"}, detail{"CanonicalRequest", "*"})
		if !strings.HasPrefix(doc.values["StringToSign"], "AWS4-HMAC-SHA256\n") || !strings.HasPrefix(doc.values["CanonicalRequest"], "GET\n/signed\n") {
			t.Errorf("recomputation not reported: StringToSign %q, CanonicalRequest %q", doc.values["StringToSign"], doc.values["CanonicalRequest"])
		}
		if !strings.HasPrefix(doc.values["StringToSignBytes"], "41 57 53 34") { // "AWS4"
			t.Errorf("StringToSignBytes %q", doc.values["StringToSignBytes"])
		}
	})
	t.Run("tampered signed header", func(t *testing.T) {
		req, _ := http.NewRequest("GET", s.URL()+"/signed", nil)
		req.Header.Set("X-Amz-Meta-Signed", "original")
		sign(t, req, alice, nil, "eu-central-1", time.Time{})
		req.Header.Set("X-Amz-Meta-Signed", "changed")
		wantError(t, roundTrip(t, req), "SignatureDoesNotMatch", "/signed",
			detail{"AWSAccessKeyId", alice.AccessKey}, detail{"StringToSign", "*"}, detail{"SignatureProvided", "*"},
			detail{"StringToSignBytes", "*"}, detail{"CanonicalRequest", "*"})
	})
	t.Run("unknown access key", func(t *testing.T) {
		r := send(t, s, request{method: "GET", path: "/signed", as: &Identity{"AKIAUNKNOWN", "x"}})
		wantError(t, r, "InvalidAccessKeyId", "/signed", detail{"AWSAccessKeyId", "AKIAUNKNOWN"})
	})
	t.Run("clock skew", func(t *testing.T) {
		for _, skew := range []time.Duration{-16 * time.Minute, 16 * time.Minute} {
			at := time.Now().Add(skew).UTC()
			r := send(t, s, request{method: "GET", path: "/signed", as: &alice, at: at})
			wantError(t, r, "RequestTimeTooSkewed", "/signed",
				detail{"RequestTime", at.Format(amzDateFormat)}, detail{"ServerTime", "*"}, detail{"MaxAllowedSkewMilliseconds", "900000"})
		}
		wantStatus(t, send(t, s, request{method: "GET", path: "/signed", as: &alice, at: time.Now().Add(-14 * time.Minute)}), 200)
	})
	t.Run("wrong region", func(t *testing.T) {
		r := send(t, s, request{method: "GET", path: "/signed", as: &alice, region: "us-west-2"})
		doc := wantError(t, r, "AuthorizationHeaderMalformed", "/signed", detail{"Region", "eu-central-1"})
		if want := "The authorization header is malformed; the region 'us-west-2' is wrong; expecting 'eu-central-1'"; doc.values["Message"] != want {
			t.Errorf("Message %q, want %q", doc.values["Message"], want)
		}
		if got := r.header.Get("X-Amz-Bucket-Region"); got != "eu-central-1" {
			t.Errorf("x-amz-bucket-region %q", got)
		}
	})
	t.Run("malformed", func(t *testing.T) {
		for _, auth := range []string{
			"AWS4-HMAC-SHA256 Credential=AKIAALICE/20240101/eu-central-1/s3/aws4_request",
			"AWS4-HMAC-SHA256 Credential=AKIAALICE/eu-central-1/s3/aws4_request, SignedHeaders=host, Signature=00",
			"AWS4-HMAC-SHA256 Credential=AKIAALICE/20240101/eu-central-1/ec2/aws4_request, SignedHeaders=host, Signature=00",
		} {
			r := send(t, s, request{method: "GET", path: "/signed", header: http.Header{"Authorization": {auth}}})
			wantError(t, r, "AuthorizationHeaderMalformed", "/signed")
		}
	})
	t.Run("credential date differs from X-Amz-Date", func(t *testing.T) {
		req, _ := http.NewRequest("GET", s.URL()+"/signed", nil)
		at := time.Now().UTC()
		sign(t, req, alice, nil, "eu-central-1", at)
		req.Header.Set("Authorization", strings.Replace(req.Header.Get("Authorization"), at.Format("/20060102/"), "/20200101/", 1))
		wantError(t, roundTrip(t, req), "AuthorizationHeaderMalformed", "/signed")
	})
	t.Run("missing X-Amz-Date", func(t *testing.T) {
		req, _ := http.NewRequest("GET", s.URL()+"/signed", nil)
		sign(t, req, alice, nil, "eu-central-1", time.Time{})
		req.Header.Del("X-Amz-Date")
		doc := wantWordedError(t, roundTrip(t, req), "AccessDenied", "/signed")
		if doc.values["Message"] != "AWS authentication requires a valid Date or x-amz-date header" {
			t.Errorf("Message %q", doc.values["Message"])
		}
	})
	t.Run("missing x-amz-content-sha256", func(t *testing.T) {
		req, _ := http.NewRequest("GET", s.URL()+"/signed", nil)
		sign(t, req, alice, nil, "eu-central-1", time.Time{})
		req.Header.Del("X-Amz-Content-Sha256")
		wantError(t, roundTrip(t, req), "InvalidRequest", "/signed")
	})
	// As the cited AWS cases sent it (rest-auth-missing-content-sha256):
	// a signature that never covered the header.
	t.Run("x-amz-content-sha256 neither signed nor sent", func(t *testing.T) {
		req, _ := http.NewRequest("GET", s.URL()+"/signed?list-type=2", nil)
		signer := v4.NewSigner(func(o *v4.SignerOptions) { o.DisableURIPathEscaping = true })
		creds := aws.Credentials{AccessKeyID: alice.AccessKey, SecretAccessKey: alice.SecretKey}
		if err := signer.SignHTTP(context.Background(), creds, req, emptySHA256, "s3", "eu-central-1", time.Now()); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(req.Header.Get("Authorization"), "x-amz-content-sha256") {
			t.Fatalf("test premise: the header is signed: %s", req.Header.Get("Authorization"))
		}
		doc := wantError(t, roundTrip(t, req), "InvalidRequest", "/signed")
		if want := "Missing required header for this request: x-amz-content-sha256"; doc.values["Message"] != want {
			t.Errorf("Message %q, want %q", doc.values["Message"], want)
		}
	})
	t.Run("presigned URL without its parameters", func(t *testing.T) {
		r := send(t, s, request{method: "GET", path: "/signed?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=00"})
		wantError(t, r, "AuthorizationQueryParametersError", "/signed")
	})
}

func TestSecondIdentityIsolated(t *testing.T) {
	s := startServer(t, Options{})
	wantStatus(t, send(t, s, request{method: "PUT", path: "/bobs-bucket", as: &bob}), 200)
	wantStatus(t, send(t, s, request{method: "PUT", path: "/bobs-bucket/k", body: []byte("x"), as: &bob}), 200)
	wantError(t, do(t, s, "PUT", "/bobs-bucket/k", []byte("y")), "AccessDenied", "/bobs-bucket/k")
	wantError(t, do(t, s, "DELETE", "/bobs-bucket/k", nil), "AccessDenied", "/bobs-bucket/k")
	wantError(t, do(t, s, "DELETE", "/bobs-bucket", nil), "AccessDenied", "/bobs-bucket")
	wantStatus(t, do(t, s, "HEAD", "/bobs-bucket", nil), 403)
	r := do(t, s, "GET", "/", nil)
	wantStatus(t, r, 200)
	if strings.Contains(string(r.body), "bobs-bucket") {
		t.Errorf("alice's ListBuckets shows bob's bucket: %s", r.body)
	}
}

func TestStartValidatesIdentities(t *testing.T) {
	for _, ids := range [][]Identity{
		{{AccessKey: "AK"}},
		{{AccessKey: "AK", SecretKey: "a"}, {AccessKey: "AK", SecretKey: "b"}},
	} {
		if s, err := Start(Options{Identities: ids}); err == nil {
			s.Close()
			t.Errorf("Start accepted identities %+v", ids)
		}
	}
}

// The expired session's token is recognised and answered ExpiredToken
// echoing it; its keys with any other token are an unknown token.
func TestExpiredSessionToken(t *testing.T) {
	s := startServer(t, Options{ExpiredSession: &expiredSession})
	as := &Identity{expiredSession.AccessKey, expiredSession.SecretKey}
	r := send(t, s, request{method: "GET", path: "/", as: as, header: http.Header{"X-Amz-Security-Token": {expiredSession.Token}}})
	wantError(t, r, "ExpiredToken", "/", detail{"Token-0", expiredSession.Token})
	r = send(t, s, request{method: "GET", path: "/", as: as, header: http.Header{"X-Amz-Security-Token": {"another-token"}}})
	wantError(t, r, "InvalidToken", "/")
}
