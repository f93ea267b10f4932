package reftarget

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Browser-based uploads: POST /bucket with a multipart/form-data body
// holding the key, a policy signed with SigV4 and one file (S3 API
// reference, "Browser-Based Uploads Using POST (AWS Signature Version 4)",
// "Creating a POST Policy"). The errors are the ones AWS sends, from the
// responses quoted in the sources named at each.

func addPostObjectOperations(add addOperation) {
	add(levelBucket, "", http.MethodPost, (*Server).postObject)
}

// postForm is a parsed upload form: fields by lower-case name, in the
// order they came, before the file.
type postForm struct {
	fields   map[string]string
	order    []string
	file     []byte
	files    int
	filename string
}

// formError reshapes the errors of an unusable form for the deviation.
func (s *Server) formError(e *s3Error) *s3Error {
	if s.dev.has(devPostFormErrorsGeneric) {
		return newContextError("InvalidRequest", "Invalid POST form")
	}
	return e
}

func (s *Server) postObject(q *restRequest) *s3Error {
	media, params, err := mime.ParseMediaType(q.r.Header.Get("Content-Type"))
	if err != nil || media != "multipart/form-data" {
		// AWS answers 412 PreconditionFailed naming the condition
		// (blueimp/jQuery-File-Upload#2586, react-native-aws3#26).
		return s.formError(newError("PreconditionFailed",
			detail{"Condition", "Bucket POST must be of the enclosure-type multipart/form-data"}))
	}
	body, rerr := readBody(q.r, maxObjectSize)
	if rerr != nil {
		return rerr
	}
	form, ferr := parsePostForm(body, params["boundary"])
	if ferr != nil {
		return s.formError(ferr)
	}
	if _, ok := form.fields["key"]; !ok {
		// ng-file-upload#1283 quotes AWS.
		return s.formError(errInvalidArgument("Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields.", "key", ""))
	}
	if form.files != 1 {
		// react-native-fs#992 quotes AWS.
		return s.formError(errInvalidArgument("POST requires exactly one file upload per request.", "file", strconv.Itoa(form.files)))
	}
	caller, err2 := s.checkPostPolicy(q.bucket, form)
	if err2 != nil {
		return err2
	}
	key := strings.ReplaceAll(form.fields["key"], "${filename}", form.filename)
	attrs := object{contentType: form.fields["content-type"], metadata: map[string]string{}}
	if attrs.contentType == "" {
		attrs.contentType = "binary/octet-stream"
	}
	for name, v := range form.fields {
		if m, ok := strings.CutPrefix(name, "x-amz-meta-"); ok {
			attrs.metadata[m] = v
		}
	}
	obj, serr := s.store.putObjectVersion(caller, q.bucket, newObject(key, form.file, attrs), writeConditions{})
	if serr != nil {
		return serr
	}
	status := http.StatusNoContent
	switch form.fields["success_action_status"] {
	case "200":
		status = http.StatusOK
	case "201":
		status = http.StatusCreated
	}
	q.w.Header().Set("ETag", obj.etag)
	q.w.Header().Set("Location", "/"+q.bucket+"/"+key)
	if status == http.StatusCreated {
		writeXMLStatus(q, status, postResponse{Location: "/" + q.bucket + "/" + key, Bucket: q.bucket, Key: key, ETag: obj.etag})
		return nil
	}
	q.w.WriteHeader(status)
	return nil
}

type postResponse struct {
	XMLName  xml.Name `xml:"PostResponse"`
	Location string
	Bucket   string
	Key      string
	ETag     string
}

// writeXMLStatus writes an XML document with a status other than 200.
func writeXMLStatus(q *restRequest, status int, v any) {
	doc, err := xml.Marshal(v)
	if err != nil {
		panic(err) // the result types always marshal
	}
	body := append([]byte(xml.Header), doc...)
	q.w.Header().Set("Content-Type", "application/xml")
	q.w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	q.w.WriteHeader(status)
	q.w.Write(body)
}

// maxPostPreData is how many bytes of fields S3 reads before a form's
// file: AWS answers MaxPostPreDataLengthBytes 20480 beyond it
// (waynehoover/s3_direct_upload#45, benefitcloud/ember-uploader#45).
const maxPostPreData = 20480

// errMaxPostPreData is the catalog's MaxPostPreDataLengthExceededError as AWS
// sends it: the code without "Error" and its own (misspelt) message, quoted
// in the issues named at maxPostPreData.
func errMaxPostPreData() *s3Error {
	e := newContextError("MaxPostPreDataLengthExceededError", "Your POST request fields preceeding the upload file was too large.",
		detail{"MaxPostPreDataLengthBytes", strconv.Itoa(maxPostPreData)})
	e.code = "MaxPostPreDataLengthExceeded"
	return e
}

// parsePostForm reads the form's fields up to the file; S3 ignores what
// follows the file but counts further files.
func parsePostForm(body []byte, boundary string) (postForm, *s3Error) {
	malformed := newError("MalformedPOSTRequest")
	form := postForm{fields: map[string]string{}}
	preData := 0
	if boundary == "" {
		return form, malformed
	}
	mr := multipart.NewReader(bytes.NewReader(body), boundary)
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return form, malformed
		}
		data, err := io.ReadAll(part)
		if err != nil {
			return form, malformed
		}
		name := strings.ToLower(part.FormName())
		switch {
		case name == "file":
			form.files++
			if form.files == 1 {
				form.file, form.filename = data, part.FileName()
			}
		case form.files == 0:
			if preData += len(data); preData > maxPostPreData {
				return form, errMaxPostPreData()
			}
			if _, dup := form.fields[name]; !dup {
				form.order = append(form.order, name)
			}
			form.fields[name] = string(data)
		}
	}
	if len(form.order) == 0 && form.files == 0 {
		return form, malformed
	}
	return form, nil
}

// postPolicy is a decoded POST policy document.
type postPolicy struct {
	Expiration *string
	Conditions []json.RawMessage
}

// checkPostPolicy verifies the form's signature and policy and returns
// the caller it authenticates (anonymous for a form without a policy).
func (s *Server) checkPostPolicy(bucketName string, form postForm) (string, *s3Error) {
	policyB64, signed := form.fields["policy"]
	if !signed {
		return anonymous, nil
	}
	credential := strings.Split(form.fields["x-amz-credential"], "/")
	if len(credential) != 5 || form.fields["x-amz-algorithm"] != sigV4Algorithm {
		return "", errInvalidArgument("POST requires the x-amz-algorithm AWS4-HMAC-SHA256 and an x-amz-credential", "x-amz-credential", form.fields["x-amz-credential"])
	}
	accessKey, date, region := credential[0], credential[1], credential[2]
	if s.dev.has(devPostPolicyUnchecked) {
		return accessKey, nil
	}
	secret, known := s.secrets[accessKey]
	if !known {
		return "", newError("InvalidAccessKeyId", detail{"AWSAccessKeyId", accessKey})
	}
	provided := form.fields["x-amz-signature"]
	if want := postSignature(secret, date, region, policyB64); subtle.ConstantTimeCompare([]byte(want), []byte(provided)) != 1 {
		// The string to sign of a POST is the base64 policy (aws-sdk-php#1226).
		return "", newError("SignatureDoesNotMatch",
			detail{"AWSAccessKeyId", accessKey}, detail{"StringToSign", policyB64}, detail{"SignatureProvided", provided},
			detail{"StringToSignBytes", spacedHex(policyB64)})
	}
	raw, err := base64.StdEncoding.DecodeString(policyB64)
	var policy postPolicy
	if err != nil || json.Unmarshal(raw, &policy) != nil {
		// benefitcloud/ember-uploader#43 quotes AWS.
		return "", newContextError("InvalidPolicyDocument", "Invalid Policy: Invalid JSON.")
	}
	if policy.Expiration == nil {
		return "", newContextError("InvalidPolicyDocument", "Invalid Policy: Policy missing expiration.")
	}
	expiration, err := time.Parse(time.RFC3339, *policy.Expiration)
	if err != nil {
		return "", newContextError("InvalidPolicyDocument", fmt.Sprintf("Invalid Policy: Invalid 'expiration' value: '%s'", *policy.Expiration))
	}
	if time.Now().After(expiration) {
		// CulturalMe/meteor-slingshot#80 quotes AWS.
		return "", newContextError("AccessDenied", "Invalid according to Policy: Policy expired.")
	}
	fields := map[string]string{"bucket": bucketName}
	for k, v := range form.fields {
		fields[k] = v
	}
	covered := map[string]bool{}
	for _, c := range policy.Conditions {
		if err := checkCondition(c, fields, len(form.file), covered); err != nil {
			return "", err
		}
	}
	for _, name := range form.order {
		if !covered[name] && name != "policy" && name != "x-amz-signature" && !strings.HasPrefix(name, "x-ignore-") {
			// cloudreve#959 quotes AWS.
			return "", newContextError("AccessDenied", "Invalid according to Policy: Extra input fields: "+name)
		}
	}
	return accessKey, nil
}

// checkCondition applies one policy condition: {"field": "value"},
// ["eq"|"starts-with", "$field", "value"] or ["content-length-range", min,
// max]. A failed condition is AccessDenied naming it (tj/node-s3-policy#8,
// aws-sdk-js#1514 quote AWS); a size out of range is EntityTooLarge or
// EntityTooSmall (froala/wysiwyg-editor#1625 quotes AWS).
func checkCondition(raw json.RawMessage, fields map[string]string, size int, covered map[string]bool) *s3Error {
	failed := func() *s3Error {
		return newContextError("AccessDenied", "Invalid according to Policy: Policy Condition failed: "+string(raw))
	}
	var exact map[string]string
	if json.Unmarshal(raw, &exact) == nil {
		for name, want := range exact {
			name = strings.ToLower(name)
			covered[name] = true
			if fields[name] != want {
				return failed()
			}
		}
		return nil
	}
	var list []json.RawMessage
	if json.Unmarshal(raw, &list) != nil || len(list) != 3 {
		return newContextError("InvalidPolicyDocument", "Invalid Policy: Invalid Condition: "+string(raw))
	}
	var op string
	json.Unmarshal(list[0], &op)
	switch strings.ToLower(op) {
	case "content-length-range":
		var min, max int64
		if json.Unmarshal(list[1], &min) != nil || json.Unmarshal(list[2], &max) != nil {
			return newContextError("InvalidPolicyDocument", "Invalid Policy: Invalid content-length-range: "+string(raw))
		}
		if int64(size) > max {
			return newError("EntityTooLarge", detail{"ProposedSize", strconv.Itoa(size)}, detail{"MaxSizeAllowed", strconv.FormatInt(max, 10)})
		}
		if int64(size) < min {
			return newError("EntityTooSmall", detail{"ProposedSize", strconv.Itoa(size)}, detail{"MinSizeAllowed", strconv.FormatInt(min, 10)})
		}
		return nil
	case "eq", "starts-with":
		var field, value string
		if json.Unmarshal(list[1], &field) != nil || json.Unmarshal(list[2], &value) != nil || !strings.HasPrefix(field, "$") {
			return failed()
		}
		name := strings.ToLower(strings.TrimPrefix(field, "$"))
		covered[name] = true
		got := fields[name]
		if op == "eq" && got != value || op == "starts-with" && !strings.HasPrefix(got, value) {
			return failed()
		}
		return nil
	}
	return failed()
}

// postSignature is the hex HMAC-SHA256 of the base64 policy under the SigV4
// signing key.
func postSignature(secret, date, region, policyB64 string) string {
	mac := func(key []byte, data string) []byte {
		h := hmac.New(sha256.New, key)
		h.Write([]byte(data))
		return h.Sum(nil)
	}
	k := mac([]byte("AWS4"+secret), date)
	k = mac(k, region)
	k = mac(k, "s3")
	k = mac(k, "aws4_request")
	return hex.EncodeToString(mac(k, policyB64))
}
