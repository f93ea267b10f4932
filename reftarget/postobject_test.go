package reftarget

import (
	"strings"
	"testing"
	"time"

	"github.com/s3errconform/s3errconform/harness"
	"github.com/s3errconform/s3errconform/harness/wire"
)

func TestPostObject(t *testing.T) {
	s := startServer(t, Options{Region: "eu-central-1"})
	wantStatus(t, do(t, s, "PUT", "/bkt", harness.CreateBucketConfiguration("eu-central-1")), 200)

	r, _ := post(t, s, "bkt", alice, wire.PostUpload{Key: "uploads/${filename}", Files: [][]byte{[]byte("posted")},
		Fields: [][2]string{{"Content-Type", "text/plain"}}, Conditions: []any{[]any{"starts-with", "$Content-Type", "text/"}}})
	wantStatus(t, r, 204)
	if got := do(t, s, "GET", "/bkt/uploads/s3errconform-0.txt", nil); string(got.body) != "posted" || got.header.Get("Content-Type") != "text/plain" {
		t.Fatalf("posted object: %d %q %v", got.status, got.body, got.header)
	}
	r, _ = post(t, s, "bkt", alice, wire.PostUpload{Key: "created", Fields: [][2]string{{"success_action_status", "201"}},
		Conditions: []any{map[string]string{"success_action_status": "201"}}})
	if r.status != 201 || !strings.Contains(string(r.body), "<Key>created</Key>") {
		t.Errorf("success_action_status 201: %d %s", r.status, r.body)
	}

	plain := newRequest(t, s, "POST", "/bkt", []byte("key=x"))
	plain.Header.Set("Content-Type", "text/plain")
	wantError(t, roundTrip(t, plain), "PreconditionFailed", "/bkt", detail{"Condition", "Bucket POST must be of the enclosure-type multipart/form-data"})
	form, _ := wire.BuildPostForm(wire.PostUpload{Key: "x"}, "bkt", creds(alice), "eu-central-1", time.Now())
	noBoundary := newRequest(t, s, "POST", "/bkt", form.Body)
	noBoundary.Header.Set("Content-Type", "multipart/form-data")
	wantError(t, roundTrip(t, noBoundary), "MalformedPOSTRequest", "/bkt")
	garbage := newRequest(t, s, "POST", "/bkt", []byte("this is no form"))
	garbage.Header.Set("Content-Type", "multipart/form-data; boundary=xyz")
	wantError(t, roundTrip(t, garbage), "MalformedPOSTRequest", "/bkt")

	r, _ = post(t, s, "bkt", alice, wire.PostUpload{OmitKey: true})
	doc := wantError(t, r, "InvalidArgument", "/bkt", detail{"ArgumentName", "key"}, detail{"ArgumentValue", ""})
	if !strings.HasPrefix(doc.values["Message"], "Bucket POST must contain a field named 'key'.") {
		t.Errorf("Message %q", doc.values["Message"])
	}
	r, _ = post(t, s, "bkt", alice, wire.PostUpload{Key: "x", NoFile: true})
	wantError(t, r, "InvalidArgument", "/bkt", detail{"ArgumentName", "file"}, detail{"ArgumentValue", "0"})
	r, _ = post(t, s, "bkt", alice, wire.PostUpload{Key: "x", Files: [][]byte{[]byte("1"), []byte("2")}})
	wantError(t, r, "InvalidArgument", "/bkt", detail{"ArgumentName", "file"}, detail{"ArgumentValue", "2"})

	r, _ = post(t, s, "bkt", alice, wire.PostUpload{Key: "x", Fields: [][2]string{{"x-ignore-padding", strings.Repeat("p", 24*1024)}}})
	if r.status != 400 {
		t.Errorf("fields too large: status %d", r.status)
	}
	if doc := parseErrorDoc(t, r.body); doc.values["Code"] != "MaxPostPreDataLengthExceeded" || doc.values["MaxPostPreDataLengthBytes"] != "20480" ||
		doc.values["Message"] != "Your POST request fields preceeding the upload file was too large." {
		t.Errorf("fields too large: %s", r.body)
	}
	r, _ = post(t, s, "bkt", alice, wire.PostUpload{Key: "padded", Fields: [][2]string{{"x-ignore-padding", strings.Repeat("p", 1024)}}})
	wantStatus(t, r, 204)
	r, _ = post(t, s, "bkt", alice, wire.PostUpload{Key: "x", RawPolicy: []byte("{not json")})
	wantWordedError(t, r, "InvalidPolicyDocument", "/bkt")
	r, _ = post(t, s, "bkt", alice, wire.PostUpload{Key: "x", RawPolicy: []byte(`{"conditions": []}`)})
	wantWordedError(t, r, "InvalidPolicyDocument", "/bkt")
	r, _ = post(t, s, "bkt", alice, wire.PostUpload{Key: "x", RawPolicy: []byte(`{"expiration": "tomorrow", "conditions": []}`)})
	wantWordedError(t, r, "InvalidPolicyDocument", "/bkt")
	r, _ = post(t, s, "bkt", alice, wire.PostUpload{Key: "x", Expiration: time.Now().Add(-time.Minute)})
	if doc := wantWordedError(t, r, "AccessDenied", "/bkt"); doc.values["Message"] != "Invalid according to Policy: Policy expired." {
		t.Errorf("Message %q", doc.values["Message"])
	}
	r, _ = post(t, s, "bkt", alice, wire.PostUpload{Key: "other/x", Conditions: []any{[]any{"starts-with", "$key", "allowed/"}}})
	if doc := wantWordedError(t, r, "AccessDenied", "/bkt"); !strings.HasPrefix(doc.values["Message"], "Invalid according to Policy: Policy Condition failed: ") {
		t.Errorf("Message %q", doc.values["Message"])
	}
	r, _ = post(t, s, "bkt", alice, wire.PostUpload{Key: "x", Fields: [][2]string{{"x-amz-meta-extra", "1"}}})
	if doc := wantWordedError(t, r, "AccessDenied", "/bkt"); doc.values["Message"] != "Invalid according to Policy: Extra input fields: x-amz-meta-extra" {
		t.Errorf("Message %q", doc.values["Message"])
	}
	r, _ = post(t, s, "bkt", alice, wire.PostUpload{Key: "x", Files: [][]byte{[]byte("twenty bytes of data")}, Conditions: []any{[]any{"content-length-range", 0, 10}}})
	wantError(t, r, "EntityTooLarge", "/bkt", detail{"ProposedSize", "20"}, detail{"MaxSizeAllowed", "10"})
	r, _ = post(t, s, "bkt", alice, wire.PostUpload{Key: "x", Files: [][]byte{[]byte("tiny")}, Conditions: []any{[]any{"content-length-range", 10, 100}}})
	wantError(t, r, "EntityTooSmall", "/bkt", detail{"ProposedSize", "4"}, detail{"MinSizeAllowed", "10"})
	r, form = post(t, s, "bkt", alice, wire.PostUpload{Key: "x", BadSignature: true})
	wantError(t, r, "SignatureDoesNotMatch", "/bkt", detail{"AWSAccessKeyId", alice.AccessKey}, detail{"StringToSign", form.Policy},
		detail{"SignatureProvided", "*"}, detail{"StringToSignBytes", "*"})
	r, _ = post(t, s, "bkt", Identity{"AKIAUNKNOWN", "x"}, wire.PostUpload{Key: "x"})
	wantError(t, r, "InvalidAccessKeyId", "/bkt", detail{"AWSAccessKeyId", "AKIAUNKNOWN"})
	// bob's valid form does not open alice's bucket; nor does no policy.
	r, _ = post(t, s, "bkt", bob, wire.PostUpload{Key: "x"})
	wantError(t, r, "AccessDenied", "/bkt")
	anonymous := newRequest(t, s, "POST", "/bkt", []byte("--b\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\nx\r\n--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f\"\r\n\r\ndata\r\n--b--\r\n"))
	anonymous.Header.Set("Content-Type", "multipart/form-data; boundary=b")
	wantError(t, roundTrip(t, anonymous), "AccessDenied", "/bkt")
	r, _ = post(t, s, "nobucket", alice, wire.PostUpload{Key: "x"})
	wantError(t, r, "NoSuchBucket", "/nobucket", detail{"BucketName", "nobucket"})
}

// TestPostPreDataLimit: S3 reads at most 20480 bytes of fields before the
// file; the limit is on the fields' values, whatever follows the file.
func TestPostPreDataLimit(t *testing.T) {
	form := func(valueBytes int) []byte {
		return []byte("--b\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\nk\r\n" +
			"--b\r\nContent-Disposition: form-data; name=\"x-ignore-p\"\r\n\r\n" + strings.Repeat("p", valueBytes-1) + "\r\n" +
			"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f\"\r\n\r\n" + strings.Repeat("f", 2*maxPostPreData) + "\r\n--b--\r\n")
	}
	if _, err := parsePostForm(form(maxPostPreData), "b"); err != nil {
		t.Fatalf("%d bytes of fields refused: %s", maxPostPreData, err.code)
	}
	_, err := parsePostForm(form(maxPostPreData+1), "b")
	if err == nil || err.code != "MaxPostPreDataLengthExceeded" || err.status != 400 {
		t.Fatalf("%d bytes of fields: %+v", maxPostPreData+1, err)
	}
}
