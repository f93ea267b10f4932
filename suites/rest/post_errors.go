package rest

import (
	"strings"
	"time"

	"github.com/s3errconform/s3errconform/harness"
	"github.com/s3errconform/s3errconform/harness/check"
	. "github.com/s3errconform/s3errconform/harness/judge"
	"github.com/s3errconform/s3errconform/harness/wire"
)

// Browser-based uploads: POST /bucket with a multipart/form-data form
// (S3 API reference, "Browser-Based Uploads Using POST (AWS Signature
// Version 4)" and "Creating a POST Policy"). AWS names several of these
// failures with other codes than its error table suggests (InvalidArgument
// for a missing key or file, PreconditionFailed for a body that is not a
// form, MaxPostPreDataLengthExceeded without the table's "Error"): the
// checks follow the captured responses.
func postErrors(f *harness.Family) {
	post := []string{"post-object"}

	f.It(check.Check{
		ID: "rest-post-not-multipart", Operation: "PostObject", Code: "PreconditionFailed", Capabilities: post,
		Title: "A bucket POST whose body is not multipart/form-data is 412 PreconditionFailed naming that condition",
		Source: "blueimp/jQuery-File-Upload#2586 and benjreinhart/react-native-aws3#26 (AWS: 412 PreconditionFailed, " +
			"<Condition>Bucket POST must be of the enclosure-type multipart/form-data</Condition>); catalog PreconditionFailed " +
			"(the table's RequestIsNotMultiPartContent, found in no captured answer)",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		t.Expect(t.PostRaw(bucket, "text/plain;charset=UTF-8", []byte("key=uploaded"))).To(HaveS3Error("PreconditionFailed",
			Element("Condition", "Bucket POST must be of the enclosure-type multipart/form-data")))
	})

	f.It(check.Check{
		ID: "rest-post-malformed-form", Operation: "PostObject", Code: "MalformedPOSTRequest", Capabilities: post,
		Title:  "A bucket POST declaring multipart/form-data without the boundary its body uses is 400 MalformedPOSTRequest",
		Source: "danialfarid/ng-file-upload#23 (a form sent to S3 with the header 'Content-Type: multipart/form-data', no boundary: 'The body of your POST request is not well-formed multipart/form-data.'); catalog MalformedPOSTRequest",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		form := t.PostForm(bucket, wire.PostUpload{Key: "uploaded"})
		t.Expect(t.PostRaw(bucket, "multipart/form-data", form.Body)).To(HaveS3Error("MalformedPOSTRequest"))
	})

	f.It(check.Check{
		ID: "rest-post-missing-key", Operation: "PostObject", Code: "InvalidArgument", Capabilities: post,
		Title: "A POST upload without a key field is 400 InvalidArgument naming key",
		Source: "danialfarid/ng-file-upload#1283 and ryuzee/SlideHub#213 (AWS: InvalidArgument 'Bucket POST must contain a field named 'key'.  " +
			"If it is specified, please check the order of the fields.', ArgumentName key); REST.md §3 " +
			"(the table's UserKeyMustBeSpecified, found in no captured answer)",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		r, _ := t.PostObject(bucket, wire.PostUpload{OmitKey: true})
		t.Expect(r).To(HaveS3Error("InvalidArgument", Element("ArgumentName", "key")))
	})

	f.It(check.Check{
		ID: "rest-post-no-file", Operation: "PostObject", Code: "InvalidArgument", Capabilities: post,
		Title: "A POST upload without a file is 400 InvalidArgument naming file, with ArgumentValue 0",
		Source: "itinance/react-native-fs#992 (AWS: InvalidArgument 'POST requires exactly one file upload per request.', ArgumentName file, ArgumentValue 0); REST.md §3 " +
			"(the table's IncorrectNumberOfFilesInPostRequest, found in no captured answer)",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		r, _ := t.PostObject(bucket, wire.PostUpload{Key: "uploaded", NoFile: true})
		t.Expect(r).To(HaveS3Error("InvalidArgument", Element("ArgumentName", "file"), Element("ArgumentValue", "0")))
	})

	f.It(check.Check{
		ID: "rest-post-two-files", Operation: "PostObject", Code: "InvalidArgument", Capabilities: post,
		Title: "A POST upload with two files is 400 InvalidArgument naming file",
		Source: "blueimp/jQuery-File-Upload#1925 and #1832, danialfarid/ng-file-upload#809 (AWS: 'POST requires exactly one file upload per request.', ArgumentName file); REST.md §3 " +
			"(the table's IncorrectNumberOfFilesInPostRequest, found in no captured answer)",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		r, _ := t.PostObject(bucket, wire.PostUpload{Key: "uploaded", Files: [][]byte{[]byte("one"), []byte("two")}})
		t.Expect(r).To(HaveS3Error("InvalidArgument", Element("ArgumentName", "file")))
	})

	f.It(check.Check{
		ID: "rest-post-fields-too-large", Operation: "PostObject", Code: "MaxPostPreDataLengthExceededError", Capabilities: post,
		Title: "A POST upload with more than 20 KiB of fields before its file is 400 MaxPostPreDataLengthExceeded (the table's " +
			"MaxPostPreDataLengthExceededError) with MaxPostPreDataLengthBytes 20480",
		Source: "waynehoover/s3_direct_upload#45 and benefitcloud/ember-uploader#45 (AWS: 400 <Code>MaxPostPreDataLengthExceeded</Code>, " +
			"<MaxPostPreDataLengthBytes>20480</MaxPostPreDataLengthBytes>); catalog MaxPostPreDataLengthExceededError and its notes",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		// An x-ignore- field needs no policy condition: only its size counts.
		padding := strings.Repeat("p", 24*1024)
		r, _ := t.PostObject(bucket, wire.PostUpload{Key: "uploaded", Fields: [][2]string{{"x-ignore-padding", padding}}})
		t.Expect(r).To(HaveS3ErrorCodedOnWire("MaxPostPreDataLengthExceededError", "MaxPostPreDataLengthExceeded",
			Element("MaxPostPreDataLengthBytes", "20480")))
	})

	f.It(check.Check{
		ID: "rest-post-policy-not-json", Operation: "PostObject", Code: "InvalidPolicyDocument", Capabilities: post,
		Title:  "A POST upload whose signed policy is not JSON is 400 InvalidPolicyDocument",
		Source: "benefitcloud/ember-uploader#43 (AWS: InvalidPolicyDocument 'Invalid Policy: Invalid JSON.'); catalog InvalidPolicyDocument",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		r, _ := t.PostObject(bucket, wire.PostUpload{Key: "uploaded", RawPolicy: []byte(`{"expiration": "2030-01-01T00:00:00.000Z", "conditions": [`)})
		t.Expect(r).To(HaveS3Error("InvalidPolicyDocument"))
	})

	f.It(check.Check{
		ID: "rest-post-policy-expired", Operation: "PostObject", Code: "AccessDenied", Capabilities: post,
		Title:  "A POST upload whose policy has expired is 403 AccessDenied",
		Source: "CulturalMe/meteor-slingshot#80 and aws/aws-sdk-ruby#895 (AWS: AccessDenied 'Invalid according to Policy: Policy expired.')",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		r, _ := t.PostObject(bucket, wire.PostUpload{Key: "uploaded", Expiration: time.Now().Add(-time.Hour)})
		t.Expect(r).To(HaveS3ErrorWorded("AccessDenied", WordedForCase))
	})

	f.It(check.Check{
		ID: "rest-post-condition-failed", Operation: "PostObject", Code: "AccessDenied", Capabilities: post,
		Title:  "A POST upload whose key breaks a starts-with condition of its policy is 403 AccessDenied",
		Source: "tj/node-s3-policy#8, aws/aws-sdk-js#1514 and #1983 (AWS: AccessDenied 'Invalid according to Policy: Policy Condition failed: [...]')",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		r, _ := t.PostObject(bucket, wire.PostUpload{Key: "elsewhere/uploaded", Conditions: []any{[]any{"starts-with", "$key", "s3errconform-allowed/"}}})
		t.Expect(r).To(HaveS3ErrorWorded("AccessDenied", WordedForCase))
	})

	f.It(check.Check{
		ID: "rest-post-too-large", Operation: "PostObject", Code: "EntityTooLarge", Capabilities: post,
		Title:  "A POST upload larger than its policy's content-length-range is 400 EntityTooLarge with the sizes",
		Source: "froala/wysiwyg-editor#1625, infinitered/apisauce#245 (AWS: EntityTooLarge with <ProposedSize>, <MaxSizeAllowed> for a POST policy's content-length-range); REST.md §3",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		r, _ := t.PostObject(bucket, wire.PostUpload{Key: "uploaded", Files: [][]byte{[]byte("twenty bytes of data")},
			Conditions: []any{[]any{"content-length-range", 0, 10}}})
		t.Expect(r).To(HaveS3Error("EntityTooLarge", ElementPresent("ProposedSize"), ElementPresent("MaxSizeAllowed")))
	})

	f.It(check.Check{
		ID: "rest-post-wrong-signature", Operation: "PostObject", Code: "SignatureDoesNotMatch", Capabilities: post,
		Title:  "A POST upload whose policy signature is wrong is 403 SignatureDoesNotMatch with the policy as the string to sign",
		Source: "aws/aws-sdk-php#1226 (AWS: SignatureDoesNotMatch with <AWSAccessKeyId> and the base64 policy as <StringToSign>); catalog SignatureDoesNotMatch",
	}, func(t *harness.T) {
		bucket := t.NewBucket()
		r, form := t.PostObject(bucket, wire.PostUpload{Key: "uploaded", BadSignature: true})
		t.Expect(r).To(HaveS3Error("SignatureDoesNotMatch", Element("AWSAccessKeyId", t.AccessKey()), Element("StringToSign", form.Policy)))
	})
}
