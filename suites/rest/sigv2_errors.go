package rest

import (
	"net/http"
	"time"

	. "github.com/onsi/gomega"

	. "github.com/s3errconform/s3errconform/harness"
)

// AWS Signature Version 2 (S3 API reference, "Signing and authenticating
// REST requests"). Regions opened after 2014 and buckets created after
// June 2020 refuse SigV2: a target like that declares sigv2 unsupported.
func sigV2Errors(f *Family) {
	sigv2 := []string{"sigv2"}
	wrongSecret := func(t *T, mode AuthMode) Requester {
		creds := t.Target().Identity
		creds.SecretKey = "s3errconform-wrong-sigv2-secret"
		return t.With(Auth{Mode: mode, Credentials: &creds})
	}
	const mismatchSource = "satoshi7/ActionScript-API-for-AWS-Amazon-Web-Services-#1 and aristidb/aws#114 (AWS answers a SigV2 mismatch with " +
		"<AWSAccessKeyId>, <StringToSign>, <SignatureProvided>, <StringToSignBytes>); catalog SignatureDoesNotMatch"

	f.It(Check{
		ID: "rest-sigv2-wrong-secret-list-buckets", Operation: "ListBuckets", Code: "SignatureDoesNotMatch", Capabilities: sigv2,
		Title:  "ListBuckets signed with SigV2 and a wrong secret key is 403 SignatureDoesNotMatch with the string to sign",
		Source: mismatchSource,
	}, func(t *T) {
		Expect(wrongSecret(t, AuthSigV2).ListBuckets()).To(HaveSignatureMismatch( // StringToSign, SignatureProvided as sent
			Element("AWSAccessKeyId", t.Target().Identity.AccessKey), ElementPresent("StringToSignBytes")))
	})

	f.It(Check{
		ID: "rest-sigv2-wrong-secret-get-object", Operation: "GetObject", Code: "SignatureDoesNotMatch", Capabilities: sigv2,
		Title:  "GetObject signed with SigV2 and a wrong secret key is 403 SignatureDoesNotMatch with the string to sign",
		Source: mismatchSource,
	}, func(t *T) {
		bucket := t.NewBucket()
		t.NewObject(bucket, "private", []byte("secret data"))
		Expect(wrongSecret(t, AuthSigV2).GetObject(bucket, "private")).To(HaveSignatureMismatch( // StringToSign, SignatureProvided as sent
			Element("AWSAccessKeyId", t.Target().Identity.AccessKey), ElementPresent("StringToSignBytes")))
	})

	f.It(Check{
		ID: "rest-sigv2-skewed-date", Operation: "ListObjects", Code: "RequestTimeTooSkewed", Capabilities: sigv2,
		Title:  "A SigV2 request dated an hour ago is 403 RequestTimeTooSkewed",
		Source: "ceph/s3-tests test_bucket_create_bad_date_before_today_aws2 (403 RequestTimeTooSkewed); S3 API reference RESTAuthentication (time stamp within 15 minutes); REST.md §3",
	}, func(t *T) {
		bucket := t.NewBucket()
		old := t.With(Auth{Mode: AuthSigV2, Time: time.Now().Add(-time.Hour)})
		Expect(old.Do(Request{Method: http.MethodGet, Bucket: bucket})).To(HaveS3Error("RequestTimeTooSkewed",
			ElementPresent("RequestTime"), ElementPresent("ServerTime"), Element("MaxAllowedSkewMilliseconds", "900000")))
	})

	f.It(Check{
		ID: "rest-sigv2-no-date", Operation: "PutObject", Code: "AccessDenied", Capabilities: sigv2,
		Title:  "A SigV2 request without a Date or x-amz-date header is 403 AccessDenied",
		Source: "ceph/s3-tests test_object_create_bad_date_none_aws2 (403 AccessDenied); S3 API reference RESTAuthentication (a valid time stamp is mandatory)",
	}, func(t *T) {
		bucket := t.NewBucket()
		r := t.Do(Request{Method: http.MethodPut, Bucket: bucket, Key: "undated", Body: []byte("x"),
			Auth: Auth{Mode: AuthSigV2}, Tamper: WithoutHeader("Date")})
		Expect(r).To(HaveS3ErrorWorded("AccessDenied", WordedForCase))
	})

	f.It(Check{
		ID: "rest-sigv2-malformed-authorization", Operation: "PutObject", Code: "InvalidArgument", Capabilities: sigv2,
		Title:  "A SigV2 Authorization header without the colon between key and signature is 400 InvalidArgument",
		Source: "ceph/s3-tests test_object_create_bad_authorization_invalid_aws2 ('AWS HAHAHA': 400 InvalidArgument)",
	}, func(t *T) {
		bucket := t.NewBucket()
		r := t.Do(Request{Method: http.MethodPut, Bucket: bucket, Key: "malformed", Body: []byte("x"),
			Auth: Auth{Mode: AuthSigV2}, Tamper: WithAuthorization("AWS HAHAHA")})
		Expect(r).To(HaveS3Error("InvalidArgument"))
	})

	f.It(Check{
		ID: "rest-sigv2-presign-expired", Operation: "GetObject", Code: "AccessDenied", Capabilities: append([]string{"presign"}, sigv2...),
		Title:  "GET with a SigV2 presigned URL that has expired is 403 AccessDenied with Expires and ServerTime",
		Source: "aws/aws-sdk-js#2306 and #3493 (AWS: AccessDenied 'Request has expired' with <Expires>, <ServerTime> for an AWSAccessKeyId/Expires/Signature URL)",
	}, func(t *T) {
		bucket := t.NewBucket()
		t.NewObject(bucket, "shared", []byte("data"))
		expired := t.With(Auth{Mode: AuthPresignV2, Time: time.Now().Add(-time.Hour), Expires: time.Minute})
		Expect(expired.GetObject(bucket, "shared")).To(HaveS3ErrorWorded("AccessDenied", WordedForCase,
			ElementPresent("Expires"), ElementPresent("ServerTime")))
	})
}
