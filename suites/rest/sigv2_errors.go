package rest

import (
	"net/http"
	"time"

	"github.com/s3errconform/s3errconform/harness"
	"github.com/s3errconform/s3errconform/harness/check"
	. "github.com/s3errconform/s3errconform/harness/judge"
	"github.com/s3errconform/s3errconform/harness/wire"
)

// AWS Signature Version 2 (S3 API reference, "Signing and authenticating
// REST requests"). Regions opened after 2014 and buckets created after
// June 2020 refuse SigV2: a target like that declares sigv2 unsupported.
func sigV2Errors(f *harness.Family) {
	sigv2 := []string{"sigv2"}
	wrongSecret := func(t *harness.T, mode wire.AuthMode) harness.Requester {
		return t.WrongSecret().With(wire.Auth{Mode: mode})
	}
	const mismatchSource = "satoshi7/ActionScript-API-for-AWS-Amazon-Web-Services-#1 and aristidb/aws#114 (AWS answers a SigV2 mismatch with " +
		"<AWSAccessKeyId>, <StringToSign>, <SignatureProvided>, <StringToSignBytes>); catalog SignatureDoesNotMatch"

	f.It(check.Check{
		ID: "rest-sigv2-wrong-secret-list-buckets", Operation: "ListBuckets", Code: "SignatureDoesNotMatch", Capabilities: sigv2,
		Title:  "ListBuckets signed with SigV2 and a wrong secret key is 403 SignatureDoesNotMatch with the string to sign",
		Source: mismatchSource,
	}, func(t *harness.T) {
		t.Expect(wrongSecret(t, wire.AuthSigV2).ListBuckets()).To(HaveSignatureMismatch( // StringToSign, SignatureProvided as sent
			Element("AWSAccessKeyId", t.AccessKey()), ElementPresent("StringToSignBytes")))
	})

	f.It(check.Check{
		ID: "rest-sigv2-wrong-secret-get-object", Operation: "GetObject", Code: "SignatureDoesNotMatch", Capabilities: sigv2,
		Title:  "GetObject signed with SigV2 and a wrong secret key is 403 SignatureDoesNotMatch with the string to sign",
		Source: mismatchSource,
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		t.NewObject(bucket, "private", []byte("secret data"))
		t.Expect(wrongSecret(t, wire.AuthSigV2).GetObject(bucket, "private")).To(HaveSignatureMismatch( // StringToSign, SignatureProvided as sent
			Element("AWSAccessKeyId", t.AccessKey()), ElementPresent("StringToSignBytes")))
	})

	f.It(check.Check{
		ID: "rest-sigv2-skewed-date", Operation: "ListObjects", Code: "RequestTimeTooSkewed", Capabilities: sigv2,
		Title:  "A SigV2 request dated an hour ago is 403 RequestTimeTooSkewed",
		Source: "ceph/s3-tests test_bucket_create_bad_date_before_today_aws2 (403 RequestTimeTooSkewed); S3 API reference RESTAuthentication (time stamp within 15 minutes); REST.md §3",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		old := t.With(wire.Auth{Mode: wire.AuthSigV2, Time: time.Now().Add(-time.Hour)})
		t.Expect(old.Do(wire.Request{Method: http.MethodGet, Bucket: bucket})).To(HaveS3Error("RequestTimeTooSkewed",
			ElementPresent("RequestTime"), ElementPresent("ServerTime"), Element("MaxAllowedSkewMilliseconds", "900000")))
	})

	f.It(check.Check{
		ID: "rest-sigv2-no-date", Operation: "PutObject", Code: "AccessDenied", Capabilities: sigv2,
		Title:  "A SigV2 request without a Date or x-amz-date header is 403 AccessDenied",
		Source: "ceph/s3-tests test_object_create_bad_date_none_aws2 (403 AccessDenied); S3 API reference RESTAuthentication (a valid time stamp is mandatory)",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		r := t.Do(wire.Request{Method: http.MethodPut, Bucket: bucket, Key: "undated", Body: []byte("x"),
			Auth: wire.Auth{Mode: wire.AuthSigV2}, Tamper: wire.WithoutHeader("Date")})
		t.Expect(r).To(HaveS3ErrorWorded("AccessDenied", WordedForCase))
	})

	f.It(check.Check{
		ID: "rest-sigv2-malformed-authorization", Operation: "PutObject", Code: "InvalidArgument", Capabilities: sigv2,
		Title:  "A SigV2 Authorization header without the colon between key and signature is 400 InvalidArgument",
		Source: "ceph/s3-tests test_object_create_bad_authorization_invalid_aws2 ('AWS HAHAHA': 400 InvalidArgument)",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		r := t.Do(wire.Request{Method: http.MethodPut, Bucket: bucket, Key: "malformed", Body: []byte("x"),
			Auth: wire.Auth{Mode: wire.AuthSigV2}, Tamper: wire.WithAuthorization("AWS HAHAHA")})
		t.Expect(r).To(HaveS3Error("InvalidArgument"))
	})

	f.It(check.Check{
		ID: "rest-sigv2-presign-expired", Operation: "GetObject", Code: "AccessDenied", Capabilities: append([]string{"presign"}, sigv2...),
		Title:  "GET with a SigV2 presigned URL that has expired is 403 AccessDenied with Expires and ServerTime",
		Source: "aws/aws-sdk-js#2306 and #3493 (AWS: AccessDenied 'Request has expired' with <Expires>, <ServerTime> for an AWSAccessKeyId/Expires/Signature URL)",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		t.NewObject(bucket, "shared", []byte("data"))
		expired := t.With(wire.Auth{Mode: wire.AuthPresignV2, Time: time.Now().Add(-time.Hour), Expires: time.Minute})
		t.Expect(expired.GetObject(bucket, "shared")).To(HaveS3ErrorWorded("AccessDenied", WordedForCase,
			ElementPresent("Expires"), ElementPresent("ServerTime")))
	})
}
