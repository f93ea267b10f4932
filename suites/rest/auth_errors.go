package rest

import (
	"net/http"
	"net/url"
	"time"

	"github.com/s3errconform/s3errconform/harness"
	"github.com/s3errconform/s3errconform/harness/check"
	. "github.com/s3errconform/s3errconform/harness/judge"
	"github.com/s3errconform/s3errconform/harness/wire"
)

func authErrors(f *harness.Family) {
	authMoreErrors(f)
	f.It(check.Check{
		ID: "rest-anonymous-get-object-private", Operation: "GetObject", Code: "AccessDenied",
		Title:  "Anonymous GET of an object in a private bucket is 403 AccessDenied",
		Source: "catalog AccessDenied",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		t.NewObject(bucket, "private", []byte("secret data"))
		t.Expect(t.Anonymous().GetObject(bucket, "private")).To(HaveS3Error("AccessDenied"))
	})

	f.It(check.Check{
		ID: "rest-anonymous-put-object-private", Operation: "PutObject", Code: "AccessDenied",
		Title:  "Anonymous PUT into a private bucket is 403 AccessDenied",
		Source: "catalog AccessDenied",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		t.Expect(t.Anonymous().PutObject(bucket, "intruder", []byte("x"))).To(HaveS3Error("AccessDenied"))
	})

	f.It(check.Check{
		ID: "rest-anonymous-list-objects-private", Operation: "ListObjectsV2", Code: "AccessDenied",
		Title:  "Anonymous listing of a private bucket is 403 AccessDenied",
		Source: "catalog AccessDenied",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		t.Expect(t.Anonymous().ListObjectsV2(bucket)).To(HaveS3Error("AccessDenied"))
	})

	f.It(check.Check{
		ID: "rest-wrong-secret-get-object", Operation: "GetObject", Code: "SignatureDoesNotMatch",
		Title:  "GET signed with a wrong secret key is 403 SignatureDoesNotMatch with the signing details",
		Source: "catalog SignatureDoesNotMatch; REST.md §3 (AWSAccessKeyId, StringToSign, SignatureProvided, StringToSignBytes, CanonicalRequest)",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		t.Expect(t.WrongSecret().GetObject(bucket, missingKey)).To(HaveSignatureMismatch( // StringToSign, SignatureProvided as sent
			Element("AWSAccessKeyId", t.AccessKey()),
			ElementPresent("StringToSignBytes"), ElementPresent("CanonicalRequest")))
	})

	f.It(check.Check{
		ID: "rest-wrong-secret-list-buckets", Operation: "ListBuckets", Code: "SignatureDoesNotMatch",
		Title:  "ListBuckets signed with a wrong secret key is 403 SignatureDoesNotMatch",
		Source: "catalog SignatureDoesNotMatch; REST.md §3 (AWSAccessKeyId)",
	}, func(t *harness.T) {
		t.Expect(t.WrongSecret().ListBuckets()).To(HaveS3Error("SignatureDoesNotMatch",
			Element("AWSAccessKeyId", t.AccessKey())))
	})

	f.It(check.Check{
		ID: "rest-unknown-access-key-get-object", Operation: "GetObject", Code: "InvalidAccessKeyId",
		Title:  "GET signed with an unknown access key is 403 InvalidAccessKeyId naming the key",
		Source: "catalog InvalidAccessKeyId; REST.md §3 (AWSAccessKeyId)",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		unknown := t.UnknownAccessKey()
		t.Expect(unknown.GetObject(bucket, missingKey)).To(HaveS3Error("InvalidAccessKeyId",
			Element("AWSAccessKeyId", unknown.AccessKey())))
	})

	f.It(check.Check{
		ID: "rest-skewed-clock-get-object", Operation: "GetObject", Code: "RequestTimeTooSkewed",
		Title:  "GET signed 20 minutes in the past is 403 RequestTimeTooSkewed with the times involved",
		Source: "catalog RequestTimeTooSkewed; REST.md §3 (RequestTime, ServerTime, MaxAllowedSkewMilliseconds 900000)",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		skewed := t.With(wire.Auth{Time: time.Now().Add(-20 * time.Minute)})
		t.Expect(skewed.GetObject(bucket, missingKey)).To(HaveS3Error("RequestTimeTooSkewed",
			ElementPresent("RequestTime"), ElementPresent("ServerTime"),
			Element("MaxAllowedSkewMilliseconds", "900000")))
	})
}

// A request of one operation, on a bucket (and key) the check created.
type operationRequest struct {
	slug, operation string
	capability      string
	// object: the operation acts on an object the check puts first.
	object bool
	build  func(bucket, key string) wire.Request
}

func bucketSub(method, sub string, body []byte) func(bucket, key string) wire.Request {
	return func(bucket, _ string) wire.Request {
		return wire.Request{Method: method, Bucket: bucket, Query: url.Values{sub: {""}}, Body: body}
	}
}

// foreignOperations are operations another account (or nobody) attempts on
// a private bucket and its object.
var foreignOperations = []operationRequest{
	{"get-object", "GetObject", "", true, func(b, k string) wire.Request { return wire.Request{Method: http.MethodGet, Bucket: b, Key: k} }},
	{"head-object", "HeadObject", "", true, func(b, k string) wire.Request { return wire.Request{Method: http.MethodHead, Bucket: b, Key: k} }},
	{"put-object", "PutObject", "", false, func(b, _ string) wire.Request {
		return wire.Request{Method: http.MethodPut, Bucket: b, Key: "intruder", Body: []byte("x")}
	}},
	{"delete-object", "DeleteObject", "", true, func(b, k string) wire.Request { return wire.Request{Method: http.MethodDelete, Bucket: b, Key: k} }},
	{"list-objects", "ListObjects", "", false, func(b, _ string) wire.Request { return wire.Request{Method: http.MethodGet, Bucket: b} }},
	{"list-objects-v2", "ListObjectsV2", "", false, func(b, _ string) wire.Request {
		return wire.Request{Method: http.MethodGet, Bucket: b, Query: url.Values{"list-type": {"2"}}}
	}},
	{"head-bucket", "HeadBucket", "", false, func(b, _ string) wire.Request { return wire.Request{Method: http.MethodHead, Bucket: b} }},
	{"delete-bucket", "DeleteBucket", "", false, func(b, _ string) wire.Request { return wire.Request{Method: http.MethodDelete, Bucket: b} }},
	{"get-bucket-acl", "GetBucketAcl", "acl", false, bucketSub(http.MethodGet, harness.SubACL, nil)},
	{"get-bucket-policy", "GetBucketPolicy", "policy", false, bucketSub(http.MethodGet, harness.SubPolicy, nil)},
	{"get-bucket-location", "GetBucketLocation", "", false, bucketSub(http.MethodGet, harness.SubLocation, nil)},
	{"get-bucket-tagging", "GetBucketTagging", "tagging", false, bucketSub(http.MethodGet, harness.SubTagging, nil)},
}

// anonymousOperations are the foreign operations checked without
// credentials too (the first three are covered by the checks above).
var anonymousOperations = map[string]bool{
	"head-object": true, "delete-object": true, "head-bucket": true, "delete-bucket": true,
	"get-bucket-acl": true, "get-bucket-policy": true, "get-bucket-location": true,
}

const privateBucketSource = "catalog AccessDenied (awsdocs troubleshooting.md: 'Access Denied'); S3 User Guide: buckets and objects are private, " +
	"only the owning account may use them unless a policy or ACL grants access; REST.md §4 (HEAD errors have no body)"

// signatureOperations are operations checked with a wrong secret key.
var signatureOperations = []operationRequest{
	foreignOperations[2], foreignOperations[3], foreignOperations[5], foreignOperations[1],
	{"create-bucket", "CreateBucket", "", false, func(b, _ string) wire.Request { return wire.Request{Method: http.MethodPut, Bucket: b + "-new"} }},
}

func authMoreErrors(f *harness.Family) {
	for _, op := range foreignOperations {
		var caps []string
		if op.capability != "" {
			caps = []string{op.capability}
		}
		f.It(check.Check{
			ID: "rest-auth-second-identity-" + op.slug, Operation: op.operation, Code: "AccessDenied",
			Capabilities: append([]string{"second-identity"}, caps...),
			Title:        op.operation + " by another account on a private bucket is 403 AccessDenied",
			Source:       privateBucketSource,
		}, func(t *harness.T) {
			bucket := t.NewBucket()
			t.NewObject(bucket, "private", []byte("secret data"))
			t.Expect(t.SecondIdentity().Do(op.build(bucket, "private"))).To(HaveS3Error("AccessDenied"))
		})
		if !anonymousOperations[op.slug] {
			continue
		}
		f.It(check.Check{
			ID: "rest-auth-anonymous-" + op.slug, Operation: op.operation, Code: "AccessDenied", Capabilities: caps,
			Title:  "Anonymous " + op.operation + " on a private bucket is 403 AccessDenied",
			Source: privateBucketSource,
		}, func(t *harness.T) {
			bucket := t.NewBucket()
			t.NewObject(bucket, "private", []byte("secret data"))
			t.Expect(t.Anonymous().Do(op.build(bucket, "private"))).To(HaveS3Error("AccessDenied"))
		})
	}

	for _, op := range signatureOperations {
		f.It(check.Check{
			ID: "rest-auth-wrong-secret-" + op.slug, Operation: op.operation, Code: "SignatureDoesNotMatch",
			Title:  op.operation + " signed with a wrong secret key is 403 SignatureDoesNotMatch",
			Source: "catalog SignatureDoesNotMatch (s3tools/s3cmd#1053); REST.md §3 (AWSAccessKeyId); REST.md §4 (HEAD errors have no body)",
		}, func(t *harness.T) {
			bucket := t.NewBucket()
			t.NewObject(bucket, "private", []byte("secret data"))
			t.Expect(t.WrongSecret().Do(op.build(bucket, "private"))).To(HaveS3Error("SignatureDoesNotMatch",
				Element("AWSAccessKeyId", t.AccessKey())))
		})
	}

	f.It(check.Check{
		ID: "rest-auth-skewed-clock-put-object", Operation: "PutObject", Code: "RequestTimeTooSkewed",
		Title:  "PutObject signed 20 minutes in the future is 403 RequestTimeTooSkewed with the times involved",
		Source: "catalog RequestTimeTooSkewed (aws/aws-sdk-php#612); REST.md §3 (RequestTime, ServerTime, MaxAllowedSkewMilliseconds 900000)",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		skewed := t.With(wire.Auth{Time: time.Now().Add(20 * time.Minute)})
		t.Expect(skewed.PutObject(bucket, "late", []byte("x"))).To(HaveS3Error("RequestTimeTooSkewed",
			ElementPresent("RequestTime"), ElementPresent("ServerTime"), Element("MaxAllowedSkewMilliseconds", "900000")))
	})

	f.It(check.Check{
		ID: "rest-auth-skewed-clock-list-buckets", Operation: "ListBuckets", Code: "RequestTimeTooSkewed",
		Title:  "ListBuckets signed an hour in the past is 403 RequestTimeTooSkewed with the times involved",
		Source: "catalog RequestTimeTooSkewed (versity/versitygw#1514); REST.md §3 (RequestTime, ServerTime, MaxAllowedSkewMilliseconds 900000)",
	}, func(t *harness.T) {
		skewed := t.With(wire.Auth{Time: time.Now().Add(-time.Hour)})
		t.Expect(skewed.ListBuckets()).To(HaveS3Error("RequestTimeTooSkewed",
			ElementPresent("RequestTime"), ElementPresent("ServerTime"), Element("MaxAllowedSkewMilliseconds", "900000")))
	})

	for _, c := range []struct {
		slug, operation string
		send            func(t *harness.T, r harness.Requester) *wire.Response
	}{
		{"list-buckets", "ListBuckets", func(t *harness.T, r harness.Requester) *wire.Response { return r.ListBuckets() }},
		{"put-object", "PutObject", func(t *harness.T, r harness.Requester) *wire.Response {
			return r.PutObject(t.NewBucket(), "k", []byte("x"))
		}},
	} {
		f.It(check.Check{
			ID: "rest-auth-unknown-access-key-" + c.slug, Operation: c.operation, Code: "InvalidAccessKeyId",
			Title:  c.operation + " signed with an unknown access key is 403 InvalidAccessKeyId naming the key",
			Source: "catalog InvalidAccessKeyId (raster-foundry/raster-foundry#289); REST.md §3 (AWSAccessKeyId)",
		}, func(t *harness.T) {
			unknown := t.UnknownAccessKey()
			t.Expect(c.send(t, unknown)).To(HaveS3Error("InvalidAccessKeyId", Element("AWSAccessKeyId", unknown.AccessKey())))
		})
	}

	f.It(check.Check{
		ID: "rest-auth-wrong-region", Operation: "GetObject", Code: "AuthorizationHeaderMalformed",
		Title: "A request signed for another region is 400 AuthorizationHeaderMalformed naming the right Region, also in x-amz-bucket-region",
		Source: "catalog AuthorizationHeaderMalformed (jsoma/flatware#10); REST.md §1 and §3 (Region element, x-amz-bucket-region header); " +
			"aws/aws-sdk-js#1786 and minio/s3verify#128 (AWS bodies with <Region>)",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		region := t.Target().Region
		wrong := t.With(wire.Auth{Region: t.OtherRegion()})
		t.Expect(wrong.GetObject(bucket, missingKey)).To(HaveS3ErrorAndHeaders("AuthorizationHeaderMalformed",
			[]HeaderExpectation{Header("X-Amz-Bucket-Region", region)}, Element("Region", region)))
	})

	for _, c := range []struct {
		id, title, source string
		tamper            func(http.Header)
	}{
		{"rest-auth-missing-signature-component", "A SigV4 Authorization header without its Signature component is 400 AuthorizationHeaderMalformed",
			"ex-aws/ex_aws#537 and robmcvey/cakephp-amazon-s3#15 (AWS: 'the authorization header requires three components: Credential, SignedHeaders, and Signature.'); catalog",
			wire.WithoutAuthorizationPart("Signature")},
		{"rest-auth-malformed-credential", "A SigV4 Authorization header whose Credential is not a credential scope is 400 AuthorizationHeaderMalformed",
			"versity/versitygw#1513 (direct to S3, a very malformed Credential is AuthorizationHeaderMalformed); ceph/s3-tests test_object_create_bad_authorization_invalid_aws4 (Credential=HAHAHA, 400); " +
				"catalog notes (AWS: 'the Credential is mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\"')",
			wire.WithCredential("HAHAHA")},
		{"rest-auth-credential-wrong-service", "A SigV4 credential scope naming another service than s3 is 400 AuthorizationHeaderMalformed",
			"versity/versitygw#1513 (direct to S3, an invalid service such as s2 in the Credential is AuthorizationHeaderMalformed); catalog",
			wire.WithCredentialService("s2")},
	} {
		f.It(check.Check{ID: c.id, Operation: "ListObjectsV2", Code: "AuthorizationHeaderMalformed", Title: c.title, Source: c.source}, func(t *harness.T) {
			bucket := t.NewBucket()
			t.Expect(t.Do(wire.Request{Method: http.MethodGet, Bucket: bucket, Query: url.Values{"list-type": {"2"}}, Tamper: c.tamper})).
				To(HaveS3Error("AuthorizationHeaderMalformed"))
		})
	}

	f.It(check.Check{
		ID: "rest-auth-unsupported-scheme", Operation: "ListObjectsV2", Code: "InvalidArgument",
		Title: "An Authorization header of an unknown scheme is 400 InvalidArgument naming the Authorization header",
		Source: "versity/versitygw#1512 and #1705 (direct to S3: InvalidArgument 'Unsupported Authorization Type', ArgumentName Authorization, ArgumentValue the header); " +
			"danialfarid/ng-file-upload#615, Einstore/Einstore#152 (the same from AWS)",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		r := t.Do(wire.Request{Method: http.MethodGet, Bucket: bucket, Query: url.Values{"list-type": {"2"}}, Tamper: wire.WithAuthorizationScheme("AWS4-HMAC-SHA25")})
		t.Expect(r).To(HaveS3Error("InvalidArgument", Element("ArgumentName", "Authorization"), ElementPresent("ArgumentValue")))
	})

	f.It(check.Check{
		ID: "rest-auth-missing-content-sha256", Operation: "ListObjectsV2", Code: "InvalidRequest",
		Title: "A SigV4 request without x-amz-content-sha256 is 400 InvalidRequest",
		Source: "avi-wish/aws4-signature-php PR 1 (AWS body: InvalidRequest 'Missing required header for this request: x-amz-content-sha256'); " +
			"aws/aws-cli#2134, request/request#2708",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		// Neither signed nor sent, as in the cited cases: a header signed
		// and then removed is a signature mismatch as much as a missing header.
		r := t.With(wire.Auth{OmitPayloadHash: true}).Do(wire.Request{Method: http.MethodGet, Bucket: bucket, Query: url.Values{"list-type": {"2"}}})
		t.Expect(r).To(HaveS3Error("InvalidRequest"))
	})

	f.It(check.Check{
		ID: "rest-auth-invalid-content-sha256", Operation: "ListObjectsV2", Code: "InvalidArgument",
		Title:  "A SigV4 request whose x-amz-content-sha256 is no hash nor a known payload type is 400 InvalidArgument naming the header",
		Source: "versity/versitygw#1352 (direct to S3: InvalidArgument, ArgumentName x-amz-content-sha256, ArgumentValue the value sent); REST.md §3",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		r := t.With(wire.Auth{PayloadHash: "GIBBERISH"}).Do(wire.Request{Method: http.MethodGet, Bucket: bucket, Query: url.Values{"list-type": {"2"}}})
		t.Expect(r).To(HaveS3Error("InvalidArgument", Element("ArgumentName", "x-amz-content-sha256"), Element("ArgumentValue", "GIBBERISH")))
	})

	for _, c := range []struct {
		id, title, source string
		tamper            func(http.Header)
	}{
		{"rest-auth-missing-amz-date", "A SigV4 request without X-Amz-Date or Date is 403 AccessDenied",
			"ceph/s3-tests test_object_create_bad_amz_date_none_aws4 (403); aws/aws-sdk-js#120 and carrierwaveuploader/carrierwave#205 " +
				"(AWS: AccessDenied 'AWS authentication requires a valid Date or x-amz-date header'); catalog AccessDenied",
			wire.WithoutHeader("X-Amz-Date")},
		{"rest-auth-invalid-amz-date", "A SigV4 request whose X-Amz-Date is not a date is 403 AccessDenied",
			"hubrick/vertx-s3-client#5 (AWS: AccessDenied 'AWS authentication requires a valid Date or x-amz-date header' for a malformed X-Amz-Date); " +
				"ceph/s3-tests test_object_create_bad_amz_date_invalid_aws4 (403)",
			wire.WithHeader("X-Amz-Date", "Bad Date")},
	} {
		f.It(check.Check{ID: c.id, Operation: "ListObjectsV2", Code: "AccessDenied", Title: c.title, Source: c.source}, func(t *harness.T) {
			bucket := t.NewBucket()
			r := t.Do(wire.Request{Method: http.MethodGet, Bucket: bucket, Query: url.Values{"list-type": {"2"}}, Tamper: c.tamper})
			t.Expect(r).To(HaveS3ErrorWorded("AccessDenied", WordedForCase))
		})
	}

	f.It(check.Check{
		ID: "rest-auth-empty-authorization-create-bucket", Operation: "CreateBucket", Code: "AccessDenied",
		Title:  "CreateBucket with an empty Authorization header is 403 AccessDenied",
		Source: "ceph/s3-tests test_bucket_create_bad_authorization_empty (403 AccessDenied); catalog AccessDenied",
	}, func(t *harness.T) {
		t.Expect(t.Do(wire.Request{Method: http.MethodPut, Bucket: t.UniqueBucketName(), Tamper: wire.WithAuthorization("")})).
			To(HaveS3ErrorWorded("AccessDenied", WordedForCase))
	})

	f.It(check.Check{
		ID: "rest-auth-expired-session-token", Operation: "ListObjectsV2", Code: "ExpiredToken", Capabilities: []string{"expired-session"},
		Title:  "A request signed with temporary credentials whose session has expired is 400 ExpiredToken echoing the token as Token-0",
		Source: "awslabs/mountpoint-s3 mountpoint-s3-client/src/s3_crt_client.rs test parse_400_expired_token and craftcms/aws-s3#182 (AWS bodies: 400 ExpiredToken, 'The provided token has expired.', <Token-0>); catalog ExpiredToken",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		r := t.ExpiredSession().Do(wire.Request{Method: http.MethodGet, Bucket: bucket, Query: url.Values{"list-type": {"2"}}})
		t.Expect(r).To(HaveS3Error("ExpiredToken", Element("Token-0", t.Target().ExpiredSession.SessionToken)))
	})

	f.It(check.Check{
		ID: "rest-auth-invalid-security-token", Operation: "ListObjectsV2", Code: "InvalidToken",
		Title:  "A request with an x-amz-security-token S3 did not issue is 400 InvalidToken",
		Source: "cloudyr/aws.s3#315 (AWS_SESSION_TOKEN 'mytoken' with valid keys: InvalidToken); s3tools/s3cmd#297 (400 InvalidToken from AWS); catalog InvalidToken",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		r := t.Do(wire.Request{Method: http.MethodGet, Bucket: bucket, Query: url.Values{"list-type": {"2"}},
			Header: http.Header{"X-Amz-Security-Token": {"s3errconform-not-a-session-token"}}})
		t.Expect(r).To(HaveS3Error("InvalidToken"))
	})
}
