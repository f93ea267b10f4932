package wire

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	"strings"
	"testing"
	"time"

	"github.com/s3errconform/s3errconform/harness/targets"
)

// The signing-key example of the AWS SigV4 documentation ("Examples of how
// to derive a signing key for Signature Version 4").
func TestSigV4SigningKeyDocumentExample(t *testing.T) {
	k := SigV4SigningKey("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20120215", "us-east-1", "iam")
	if got := hex.EncodeToString(k); got != "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d" {
		t.Fatalf("signing key %s", got)
	}
}

func TestBuildPostForm(t *testing.T) {
	creds := targets.Credentials{AccessKey: "AKIDPOST", SecretKey: "post-secret"}
	at := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	form, err := BuildPostForm(PostUpload{Key: "k", Conditions: []any{[]any{"content-length-range", 0, 10}}, Files: [][]byte{[]byte("abc")}},
		"bkt", creds, "eu-central-1", at)
	if err != nil {
		t.Fatal(err)
	}
	media, params, err := mime.ParseMediaType(form.ContentType)
	if err != nil || media != "multipart/form-data" {
		t.Fatalf("Content-Type %q", form.ContentType)
	}
	mr := multipart.NewReader(strings.NewReader(string(form.Body)), params["boundary"])
	var names []string
	values := map[string]string{}
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(p)
		names = append(names, p.FormName())
		values[p.FormName()] = string(b)
	}
	if got := strings.Join(names, ","); got != "key,x-amz-algorithm,x-amz-credential,x-amz-date,policy,x-amz-signature,file" {
		t.Fatalf("fields %s", got)
	}
	if values["x-amz-credential"] != "AKIDPOST/20260304/eu-central-1/s3/aws4_request" || values["x-amz-date"] != "20260304T050607Z" || values["file"] != "abc" {
		t.Fatalf("values %v", values)
	}
	if values["x-amz-signature"] != PostPolicySignature("post-secret", "20260304", "eu-central-1", form.Policy) {
		t.Fatal("signature does not sign the policy")
	}
	raw, _ := base64.StdEncoding.DecodeString(values["policy"])
	var policy struct {
		Expiration string
		Conditions []any
	}
	if err := json.Unmarshal(raw, &policy); err != nil {
		t.Fatal(err)
	}
	if policy.Expiration != "2026-03-04T06:06:07.000Z" || len(policy.Conditions) != 6 {
		t.Fatalf("policy %s", raw)
	}

	bad, _ := BuildPostForm(PostUpload{OmitKey: true, NoFile: true, BadSignature: true, RawPolicy: []byte("not json"), ContentType: "text/plain"},
		"bkt", creds, "eu-central-1", at)
	if bad.ContentType != "text/plain" || strings.Contains(string(bad.Body), `name="key"`) || strings.Contains(string(bad.Body), `name="file"`) {
		t.Fatalf("variant form:\n%s", bad.Body)
	}
	if bad.Policy != base64.StdEncoding.EncodeToString([]byte("not json")) || strings.Contains(string(bad.Body), PostPolicySignature("post-secret", "20260304", "eu-central-1", bad.Policy)) {
		t.Fatal("raw policy or bad signature not applied")
	}
}

func TestPostFormSignatureIsRedacted(t *testing.T) {
	form, err := BuildPostForm(PostUpload{Key: "k"}, "bkt", targets.Credentials{AccessKey: "AKIDPOST", SecretKey: "post-secret"}, "eu-central-1", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	sig := PostPolicySignature("post-secret", time.Now().UTC().Format("20060102"), "eu-central-1", form.Policy)
	if !strings.Contains(string(form.Body), sig) {
		t.Fatal("the form does not carry its signature")
	}
	shown := RedactText(string(form.Body))
	if strings.Contains(shown, sig) || !strings.Contains(shown, Redacted) || !strings.Contains(shown, form.Policy) {
		t.Fatalf("form signature not redacted (or too much redacted):\n%s", shown)
	}
}
