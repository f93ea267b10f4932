package wire

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/textproto"
	"time"

	"github.com/s3errconform/s3errconform/harness/targets"
)

// Browser-based POST uploads, built as the S3 API reference describes
// them: "Browser-Based Uploads Using POST (AWS Signature Version 4)",
// "Creating a POST Policy" and "Calculating a Signature" (the policy,
// base64-encoded, is the string to sign with the SigV4 signing key).

// PostUpload describes one POST /bucket upload form.
type PostUpload struct {
	// Key is the key field; OmitKey leaves the field out.
	Key     string
	OmitKey bool
	// Expiration is the policy's expiration; zero means an hour from now.
	Expiration time.Time
	// Conditions are appended to the policy's conditions, which always
	// name the bucket, allow any key and cover the signature fields.
	Conditions []any
	// RawPolicy, when set, is the policy document instead of the generated
	// one (e.g. one that is not JSON); it is still signed.
	RawPolicy []byte
	// Fields are extra form fields, sent after the signature fields and
	// before the file.
	Fields [][2]string
	// Files are the file parts, sent last; nil sends one small file, and
	// NoFile sends none.
	Files  [][]byte
	NoFile bool
	// ContentType replaces the request's Content-Type header (by default
	// multipart/form-data with the form's boundary).
	ContentType string
	// BadSignature sends a signature of the right form made with a wrong
	// secret key.
	BadSignature bool
}

// PostAlgorithm is the x-amz-algorithm of a SigV4 POST form.
const PostAlgorithm = "AWS4-HMAC-SHA256"

// PostForm is a built upload: the body, its Content-Type and the base64
// policy that was signed.
type PostForm struct {
	Body        []byte
	ContentType string
	Policy      string
	// Signature is the policy's, for the run's Secrets.
	Signature string
}

// wrongPostSecret signs the forms of PostUpload.BadSignature.
const WrongPostSecret = "s3errconform-wrong-post-secret"

// BuildPostForm builds the multipart/form-data body of u for bucket,
// signed as creds in region at time at.
func BuildPostForm(u PostUpload, bucket string, creds targets.Credentials, region string, at time.Time) (PostForm, error) {
	at = at.UTC()
	date := at.Format("20060102T150405Z")
	credential := creds.AccessKey + "/" + date[:8] + "/" + region + "/s3/aws4_request"
	policy := u.RawPolicy
	if policy == nil {
		exp := u.Expiration
		if exp.IsZero() {
			exp = at.Add(time.Hour)
		}
		conditions := []any{
			map[string]string{"bucket": bucket},
			[]any{"starts-with", "$key", ""},
			map[string]string{"x-amz-algorithm": PostAlgorithm},
			map[string]string{"x-amz-credential": credential},
			map[string]string{"x-amz-date": date},
		}
		doc := map[string]any{
			"expiration": exp.UTC().Format("2006-01-02T15:04:05.000Z"),
			"conditions": append(conditions, u.Conditions...),
		}
		var err error
		if policy, err = json.Marshal(doc); err != nil {
			return PostForm{}, err
		}
	}
	policyB64 := base64.StdEncoding.EncodeToString(policy)
	secret := creds.SecretKey
	if u.BadSignature {
		secret = WrongPostSecret
	}
	signature := PostPolicySignature(secret, date[:8], region, policyB64)
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	var fields [][2]string
	if !u.OmitKey {
		fields = append(fields, [2]string{"key", u.Key})
	}
	fields = append(fields,
		[2]string{"x-amz-algorithm", PostAlgorithm},
		[2]string{"x-amz-credential", credential},
		[2]string{"x-amz-date", date},
		[2]string{"policy", policyB64},
		[2]string{"x-amz-signature", signature},
	)
	for _, f := range append(fields, u.Fields...) {
		if err := w.WriteField(f[0], f[1]); err != nil {
			return PostForm{}, err
		}
	}
	files := u.Files
	if files == nil && !u.NoFile {
		files = [][]byte{[]byte("s3errconform POST upload\n")}
	}
	for i, f := range files {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="file"; filename="s3errconform-%d.txt"`, i))
		h.Set("Content-Type", "text/plain")
		part, err := w.CreatePart(h)
		if err != nil {
			return PostForm{}, err
		}
		part.Write(f)
	}
	if err := w.Close(); err != nil {
		return PostForm{}, err
	}
	ct := w.FormDataContentType()
	if u.ContentType != "" {
		ct = u.ContentType
	}
	return PostForm{Body: body.Bytes(), ContentType: ct, Policy: policyB64, Signature: signature}, nil
}

// PostPolicySignature is the hex HMAC-SHA256 of the base64 policy under
// the SigV4 signing key of secret, date (YYYYMMDD), region and s3.
func PostPolicySignature(secret, date, region, policyB64 string) string {
	return hex.EncodeToString(hmacSHA256(SigV4SigningKey(secret, date, region, "s3"), policyB64))
}

// SigV4SigningKey derives the SigV4 signing key: HMACs of the date,
// region, service and "aws4_request", starting from "AWS4"+secret.
func SigV4SigningKey(secret, date, region, service string) []byte {
	k := hmacSHA256([]byte("AWS4"+secret), date)
	k = hmacSHA256(k, region)
	k = hmacSHA256(k, service)
	return hmacSHA256(k, "aws4_request")
}

func hmacSHA256(key []byte, data string) []byte {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(data))
	return mac.Sum(nil)
}
