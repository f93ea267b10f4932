package wire

// AWS Signature Version 2 for S3, written from the AWS document "Signing
// and authenticating REST requests (AWS signature version 2)" (S3 API
// reference, RESTAuthentication): the AWS SDK for Go v2 has no SigV2
// signer. sigv2_test.go checks it against that document's examples.

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/s3errconform/s3errconform/harness/targets"
)

// SigV2SubResources are the query parameters a SigV2 CanonicalizedResource
// includes: the document's list (acl, lifecycle, location, logging,
// notification, partNumber, policy, requestPayment, torrent, uploadId,
// uploads, versionId, versioning, versions, website, delete and the
// response-* overrides) extended as botocore's HmacV1Auth signs them.
var SigV2SubResources = map[string]bool{
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

// SigV2CanonicalResource is the CanonicalizedResource of a request: the
// bucket when the Host names it (virtualBucket), the path as sent
// (URL-encoding included), and the sorted subresources with their values,
// which are not encoded.
func SigV2CanonicalResource(virtualBucket, escapedPath string, query url.Values) string {
	resource := escapedPath
	if resource == "" {
		resource = "/"
	}
	if virtualBucket != "" {
		resource = "/" + virtualBucket + resource
	}
	var subs []string
	for name := range query {
		if SigV2SubResources[name] {
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
	return resource
}

// SigV2StringToSign is HTTP-Verb, Content-MD5, Content-Type and Date (or,
// for query authentication, Expires), each followed by a newline, then
// the CanonicalizedAmzHeaders and the CanonicalizedResource. With an
// x-amz-date header the Date position is empty: x-amz-date is signed among
// the amz headers.
func SigV2StringToSign(method string, header http.Header, dateOrExpires, resource string) string {
	if header.Get("X-Amz-Date") != "" {
		dateOrExpires = ""
	}
	var b strings.Builder
	b.WriteString(method + "\n")
	b.WriteString(header.Get("Content-Md5") + "\n")
	b.WriteString(header.Get("Content-Type") + "\n")
	b.WriteString(dateOrExpires + "\n")
	b.WriteString(SigV2CanonicalAmzHeaders(header))
	b.WriteString(resource)
	return b.String()
}

// SigV2CanonicalAmzHeaders lowercases the x-amz-* header names, sorts them,
// joins repeated values with commas, unfolds and trims the values, and
// ends each "name:value" with a newline.
func SigV2CanonicalAmzHeaders(header http.Header) string {
	values := map[string][]string{}
	for name, vs := range header {
		lower := strings.ToLower(name)
		if !strings.HasPrefix(lower, "x-amz-") {
			continue
		}
		for _, v := range vs {
			values[lower] = append(values[lower], strings.TrimSpace(strings.Join(strings.Fields(v), " ")))
		}
	}
	names := make([]string, 0, len(values))
	for n := range values {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, n := range names {
		b.WriteString(n + ":" + strings.Join(values[n], ",") + "\n")
	}
	return b.String()
}

// SigV2Signature is the base64 HMAC-SHA1 of stringToSign under secret.
func SigV2Signature(secret, stringToSign string) string {
	mac := hmac.New(sha1.New, []byte(secret))
	mac.Write([]byte(stringToSign))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// SignV2 signs req with an "AWS AccessKeyId:Signature" Authorization
// header, dated by a Date header at signingTime (an x-amz-date header the
// request already carries takes its place).
func SignV2(req *http.Request, creds targets.Credentials, virtualBucket string, signingTime time.Time) {
	date := signingTime.UTC().Format(http.TimeFormat)
	if req.Header.Get("X-Amz-Date") == "" {
		req.Header.Set("Date", date)
	}
	resource := SigV2CanonicalResource(virtualBucket, req.URL.EscapedPath(), req.URL.Query())
	sts := SigV2StringToSign(req.Method, req.Header, date, resource)
	req.Header.Set("Authorization", "AWS "+creds.AccessKey+":"+SigV2Signature(creds.SecretKey, sts))
}

// PresignV2 puts a SigV2 signature into req's query: AWSAccessKeyId,
// Expires (seconds since the epoch) and Signature.
func PresignV2(req *http.Request, creds targets.Credentials, virtualBucket string, expires time.Time) {
	q := req.URL.Query()
	for _, p := range []string{"AWSAccessKeyId", "Expires", "Signature"} {
		q.Del(p)
	}
	exp := strconv.FormatInt(expires.Unix(), 10)
	resource := SigV2CanonicalResource(virtualBucket, req.URL.EscapedPath(), q)
	sts := SigV2StringToSign(req.Method, req.Header, exp, resource)
	q.Set("AWSAccessKeyId", creds.AccessKey)
	q.Set("Expires", exp)
	q.Set("Signature", SigV2Signature(creds.SecretKey, sts))
	req.URL.RawQuery = q.Encode()
}

// v2Bucket is the bucket a SigV2 CanonicalizedResource must add because
// the Host names it rather than the path.
func (c *Client) v2Bucket(req Request) string {
	if c.target.Addressing == targets.AddressingVirtual {
		return req.Bucket
	}
	return ""
}
