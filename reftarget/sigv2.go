package reftarget

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// AWS Signature Version 2 (S3 API reference, "Signing and authenticating
// REST requests (AWS signature version 2)"): the Authorization header
// "AWS AccessKeyId:Signature" and its query-string alternative
// (AWSAccessKeyId, Expires, Signature). The AWS SDK for Go v2 has no SigV2
// code; this follows the document, as harness/sigv2.go does on the
// client side (each is tested against the document's examples).

// sigV2SubResources are the query parameters a CanonicalizedResource
// includes: the document's list, as botocore's HmacV1Auth extends it.
var sigV2SubResources = map[string]bool{
	"accelerate": true, "acl": true, "analytics": true, "cors": true, "delete": true,
	"inventory": true, "lifecycle": true, "location": true, "logging": true, "metrics": true,
	"notification": true, "object-lock": true, "partNumber": true, "policy": true,
	"replication": true, "requestPayment": true, "restore": true, "select": true,
	"select-type": true, "tagging": true, "torrent": true, "uploadId": true, "uploads": true,
	"versionId": true, "versioning": true, "versions": true, "website": true,
	"response-cache-control": true, "response-content-disposition": true,
	"response-content-encoding": true, "response-content-language": true,
	"response-content-type": true, "response-expires": true,
}

// sigV2StringToSign builds the string to sign of r: verb, Content-MD5,
// Content-Type, date (or Expires), CanonicalizedAmzHeaders and
// CanonicalizedResource.
func (s *Server) sigV2StringToSign(r *http.Request, dateOrExpires string, query url.Values) string {
	if r.Header.Get("X-Amz-Date") != "" {
		dateOrExpires = ""
	}
	var amz []string
	values := map[string][]string{}
	for name, vs := range r.Header {
		lower := strings.ToLower(name)
		if !strings.HasPrefix(lower, "x-amz-") {
			continue
		}
		if _, seen := values[lower]; !seen {
			amz = append(amz, lower)
		}
		for _, v := range vs {
			values[lower] = append(values[lower], strings.Join(strings.Fields(v), " "))
		}
	}
	sort.Strings(amz)
	var b strings.Builder
	b.WriteString(r.Method + "\n" + r.Header.Get("Content-Md5") + "\n" + r.Header.Get("Content-Type") + "\n" + dateOrExpires + "\n")
	for _, n := range amz {
		b.WriteString(n + ":" + strings.Join(values[n], ",") + "\n")
	}
	resource := r.URL.EscapedPath()
	if bucket, _ := s.address(r); s.virtualHosted(r) {
		resource = "/" + bucket + resource
	}
	var subs []string
	for name := range query {
		if sigV2SubResources[name] {
			subs = append(subs, name)
		}
	}
	sort.Strings(subs)
	for i, name := range subs {
		sep := "&"
		if i == 0 {
			sep = "?"
		}
		resource += sep + name
		if v := query.Get(name); v != "" {
			resource += "=" + v
		}
	}
	b.WriteString(resource)
	return b.String()
}

// virtualHosted reports whether the Host names the bucket.
func (s *Server) virtualHosted(r *http.Request) bool {
	host := strings.ToLower(r.Host)
	if h, _, ok := strings.Cut(host, ":"); ok {
		host = h
	}
	return strings.HasSuffix(host, "."+strings.ToLower(s.virtualHostSuffix))
}

// sigV2Unverified says whether SigV2 requests are taken at their word.
func (s *Server) sigV2Unverified() bool { return s.dev.has(devSigV2Unverified) }

func sigV2Sign(secret, stringToSign string) string {
	mac := hmac.New(sha1.New, []byte(secret))
	mac.Write([]byte(stringToSign))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

func errSigV2Mismatch(accessKey, stringToSign, provided string) *s3Error {
	return newError("SignatureDoesNotMatch",
		detail{"AWSAccessKeyId", accessKey},
		detail{"StringToSign", stringToSign},
		detail{"SignatureProvided", provided},
		detail{"StringToSignBytes", spacedHex(stringToSign)})
}

// authenticateV2 verifies an "AWS AccessKeyId:Signature" header. AWS
// answers a header without the colon InvalidArgument and a request
// without a usable date AccessDenied (ceph/s3-tests test_headers.py).
func (s *Server) authenticateV2(r *http.Request, header string) (string, *s3Error) {
	credential := strings.TrimPrefix(header, "AWS ")
	accessKey, signature, ok := strings.Cut(credential, ":")
	if s.sigV2Unverified() {
		return accessKey, nil
	}
	if !ok || accessKey == "" || signature == "" {
		return "", errInvalidArgument("AWS authorization header is invalid.  Expected AwsAccessKeyId:signature", "Authorization", header)
	}
	dateHeader := r.Header.Get("X-Amz-Date")
	if dateHeader == "" {
		dateHeader = r.Header.Get("Date")
	}
	date, err := http.ParseTime(dateHeader)
	if err != nil || date.Year() < 1970 {
		return "", errNoValidDate()
	}
	now := time.Now().UTC()
	if skew := now.Sub(date); skew > maxClockSkew || skew < -maxClockSkew {
		return "", newError("RequestTimeTooSkewed",
			detail{"RequestTime", dateHeader},
			detail{"ServerTime", now.Format(time.RFC3339)},
			detail{"MaxAllowedSkewMilliseconds", strconv.FormatInt(maxClockSkew.Milliseconds(), 10)})
	}
	secret, known := s.secrets[accessKey]
	if !known {
		return "", newError("InvalidAccessKeyId", detail{"AWSAccessKeyId", accessKey})
	}
	sts := s.sigV2StringToSign(r, r.Header.Get("Date"), r.URL.Query())
	if expected := sigV2Sign(secret, sts); subtle.ConstantTimeCompare([]byte(expected), []byte(signature)) != 1 {
		if s.dev.has(devSignatureProvidedExpected) {
			signature = expected
		}
		return "", errSigV2Mismatch(accessKey, sts, signature)
	}
	return accessKey, nil
}

// authenticatePresignedV2 verifies SigV2 query authentication. An expired
// URL is AccessDenied "Request has expired" with Expires and ServerTime
// (aws/aws-sdk-js#2306).
func (s *Server) authenticatePresignedV2(r *http.Request) (string, *s3Error) {
	query := r.URL.Query()
	accessKey := query.Get("AWSAccessKeyId")
	if s.sigV2Unverified() {
		return accessKey, nil
	}
	expires, err := strconv.ParseInt(query.Get("Expires"), 10, 64)
	if err != nil || query.Get("Signature") == "" || accessKey == "" {
		return "", newContextError("AccessDenied", "Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters")
	}
	now := time.Now().UTC()
	if expiry := time.Unix(expires, 0).UTC(); now.After(expiry) {
		return "", newContextError("AccessDenied", "Request has expired",
			detail{"Expires", expiry.Format(time.RFC3339)}, detail{"ServerTime", now.Format(time.RFC3339)})
	}
	secret, known := s.secrets[accessKey]
	if !known {
		return "", newError("InvalidAccessKeyId", detail{"AWSAccessKeyId", accessKey})
	}
	signed := url.Values{}
	for name, v := range query {
		if name != "AWSAccessKeyId" && name != "Expires" && name != "Signature" {
			signed[name] = v
		}
	}
	sts := s.sigV2StringToSign(r, query.Get("Expires"), signed)
	if subtle.ConstantTimeCompare([]byte(sigV2Sign(secret, sts)), []byte(query.Get("Signature"))) != 1 {
		return "", errSigV2Mismatch(accessKey, sts, query.Get("Signature"))
	}
	return accessKey, nil
}
