package rest

import (
	"net/http"
	"time"

	"github.com/s3errconform/s3errconform/harness"
	"github.com/s3errconform/s3errconform/harness/check"
	. "github.com/s3errconform/s3errconform/harness/judge"
	"github.com/s3errconform/s3errconform/harness/wire"
)

// Presigned URLs: SigV4 query authentication (S3 API reference,
// "Authenticating Requests: Using Query Parameters").
func presignErrors(f *harness.Family) {
	presign := []string{"presign"}

	f.It(check.Check{
		ID: "rest-presign-expired-get-object", Operation: "GetObject", Code: "AccessDenied", Capabilities: presign,
		Title: "GET with a presigned URL that has expired is 403 AccessDenied with X-Amz-Expires, Expires and ServerTime",
		Source: "aws/aws-sdk-php#1333 and lukejacksonn/react-slack-clone#27 (AWS: AccessDenied 'Request has expired' with <X-Amz-Expires>, <Expires>, <ServerTime>); " +
			"versity/versitygw#2116",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		t.NewObject(bucket, "shared", []byte("data"))
		expired := t.With(wire.Auth{Mode: wire.AuthPresignV4, Time: time.Now().Add(-2 * time.Hour), Expires: time.Hour})
		t.Expect(expired.GetObject(bucket, "shared")).To(HaveS3ErrorWorded("AccessDenied", WordedForCase,
			Element("X-Amz-Expires", "3600"), ElementPresent("Expires"), ElementPresent("ServerTime")))
	})

	f.It(check.Check{
		ID: "rest-presign-expired-put-object", Operation: "PutObject", Code: "AccessDenied", Capabilities: presign,
		Title:  "PUT with a presigned URL that has expired is 403 AccessDenied with Expires and ServerTime",
		Source: "versity/versitygw#2116 (S3 answers an expired presigned PUT with AccessDenied, X-Amz-Expires, Expires, ServerTime)",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		expired := t.With(wire.Auth{Mode: wire.AuthPresignV4, Time: time.Now().Add(-time.Hour), Expires: 100 * time.Second})
		t.Expect(expired.PutObject(bucket, "late", []byte("x"))).To(HaveS3ErrorWorded("AccessDenied", WordedForCase,
			Element("X-Amz-Expires", "100"), ElementPresent("Expires"), ElementPresent("ServerTime")))
	})

	f.It(check.Check{
		ID: "rest-presign-expires-too-long", Operation: "GetObject", Code: "AuthorizationQueryParametersError", Capabilities: presign,
		Title: "A presigned URL valid for more than seven days is 400 AuthorizationQueryParametersError",
		Source: "bryanjos/aws_auth#31 and minio/minio#5162 (AWS: 'X-Amz-Expires must be less than a week (in seconds)'); aws/aws-cli#5464; " +
			"S3 API reference sigv4-query-string-auth (X-Amz-Expires 1 to 604800)",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		t.NewObject(bucket, "shared", []byte("data"))
		tooLong := t.With(wire.Auth{Mode: wire.AuthPresignV4, Expires: 10 * 24 * time.Hour})
		t.Expect(tooLong.GetObject(bucket, "shared")).To(HaveS3Error("AuthorizationQueryParametersError"))
	})

	f.It(check.Check{
		ID: "rest-presign-wrong-region", Operation: "GetObject", Code: "AuthorizationQueryParametersError", Capabilities: presign,
		Title:  "A presigned URL signed for another region is 400 AuthorizationQueryParametersError naming the right Region",
		Source: "HHS/Head-Start-TTADP#370, bigassforce/aws-sdk#5, ai-dock/comfyui#34 (AWS: 'Error parsing the X-Amz-Credential parameter; the region ... is wrong; expecting ...' with <Region>)",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		t.NewObject(bucket, "shared", []byte("data"))
		wrong := t.With(wire.Auth{Mode: wire.AuthPresignV4, Region: t.OtherRegion()})
		t.Expect(wrong.GetObject(bucket, "shared")).To(HaveS3Error("AuthorizationQueryParametersError", Element("Region", t.Target().Region)))
	})

	f.It(check.Check{
		ID: "rest-presign-wrong-secret", Operation: "GetObject", Code: "SignatureDoesNotMatch", Capabilities: presign,
		Title:  "A presigned URL signed with a wrong secret key is 403 SignatureDoesNotMatch naming the access key",
		Source: "catalog SignatureDoesNotMatch (s3tools/s3cmd#1053); REST.md §3 (AWSAccessKeyId)",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		t.NewObject(bucket, "shared", []byte("data"))
		wrong := t.WrongSecret().With(wire.Auth{Mode: wire.AuthPresignV4})
		t.Expect(wrong.GetObject(bucket, "shared")).
			To(HaveS3Error("SignatureDoesNotMatch", Element("AWSAccessKeyId", wrong.AccessKey())))
	})

	f.It(check.Check{
		ID: "rest-presign-unknown-access-key", Operation: "GetObject", Code: "InvalidAccessKeyId", Capabilities: presign,
		Title:  "A presigned URL of an unknown access key is 403 InvalidAccessKeyId naming the key",
		Source: "catalog InvalidAccessKeyId (raster-foundry/raster-foundry#289); REST.md §3 (AWSAccessKeyId)",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		unknown := t.UnknownAccessKey().With(wire.Auth{Mode: wire.AuthPresignV4})
		r := unknown.Do(wire.Request{Method: http.MethodGet, Bucket: bucket, Key: "shared"})
		t.Expect(r).To(HaveS3Error("InvalidAccessKeyId", Element("AWSAccessKeyId", unknown.AccessKey())))
	})
}
