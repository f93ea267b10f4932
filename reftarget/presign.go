package reftarget

import (
	"context"
	"crypto/subtle"
	"fmt"
	"net/http"
	"net/textproto"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// Presigned URLs (SigV4 query authentication, S3 API reference
// "Authenticating Requests: Using Query Parameters"), verified by signing
// the request again with the SDK's PresignHTTP.

// maxPresignExpires is the longest X-Amz-Expires S3 accepts: seven days.
const maxPresignExpires = 604800

// presignParams are the query parameters SigV4 query authentication needs.
var presignParams = []string{"X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-Date", "X-Amz-SignedHeaders", "X-Amz-Expires"}

func errQueryParameters(message string, details ...detail) *s3Error {
	return newContextError("AuthorizationQueryParametersError", message, details...)
}

// authenticatePresignedV4 verifies a request authenticated by SigV4 query
// parameters. The messages are the ones AWS sends (bryanjos/aws_auth#31,
// HHS/Head-Start-TTADP#370, aws-sdk-php#1333).
func (s *Server) authenticatePresignedV4(r *http.Request) (string, *s3Error) {
	query := r.URL.Query()
	if s.dev.has(devPresignUnverified) {
		accessKey, _, _ := strings.Cut(query.Get("X-Amz-Credential"), "/")
		return accessKey, nil
	}
	for _, p := range presignParams {
		if !query.Has(p) {
			return "", errQueryParameters("Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, " +
				"X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.")
		}
	}
	if query.Get("X-Amz-Algorithm") != sigV4Algorithm {
		return "", errQueryParameters(`X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"`)
	}
	scope := strings.Split(query.Get("X-Amz-Credential"), "/")
	if len(scope) != 5 || scope[0] == "" || len(scope[1]) != 8 || scope[3] != "s3" || scope[4] != "aws4_request" {
		return "", errQueryParameters(`Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".`)
	}
	auth := sigV4Authorization{accessKey: scope[0], date: scope[1], region: scope[2],
		signedHeaders: strings.Split(query.Get("X-Amz-SignedHeaders"), ";"), signature: query.Get("X-Amz-Signature")}
	if auth.region != s.region {
		return "", errQueryParameters(fmt.Sprintf("Error parsing the X-Amz-Credential parameter; the region '%s' is wrong; expecting '%s'", auth.region, s.region),
			detail{"Region", s.region})
	}
	expires, err := strconv.ParseInt(query.Get("X-Amz-Expires"), 10, 64)
	switch {
	case err != nil:
		return "", errQueryParameters("X-Amz-Expires should be a number")
	case expires < 0:
		return "", errQueryParameters("X-Amz-Expires must be non-negative")
	case expires > maxPresignExpires:
		return "", errQueryParameters("X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds")
	}
	signingTime, err := time.Parse(amzDateFormat, query.Get("X-Amz-Date"))
	if err != nil {
		return "", errQueryParameters(`X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd'T'HHmmss'Z'"`)
	}
	secret, known := s.secrets[auth.accessKey]
	if !known {
		return "", newError("InvalidAccessKeyId", detail{"AWSAccessKeyId", auth.accessKey})
	}
	now := time.Now().UTC()
	if expiry := signingTime.Add(time.Duration(expires) * time.Second); now.After(expiry) {
		return "", newContextError("AccessDenied", "Request has expired",
			detail{"X-Amz-Expires", strconv.FormatInt(expires, 10)},
			detail{"Expires", expiry.Format(time.RFC3339)},
			detail{"ServerTime", now.Format(time.RFC3339)})
	}
	if signingTime.After(now.Add(maxClockSkew)) {
		return "", newContextError("AccessDenied", "Request is not yet valid",
			detail{"X-Amz-Date", query.Get("X-Amz-Date")}, detail{"ServerTime", now.Format(time.RFC3339)})
	}
	signature, canonicalRequest, stringToSign, serr := represign(r, auth, secret, signingTime)
	if serr != nil {
		return "", errSignatureDoesNotMatch(auth, "", "")
	}
	if subtle.ConstantTimeCompare([]byte(signature), []byte(auth.signature)) != 1 {
		return "", errSignatureDoesNotMatch(auth, canonicalRequest, stringToSign)
	}
	return auth.accessKey, nil
}

// represign presigns a copy of r, reduced to its signed headers and its
// query without the signature, and returns the signature the SDK computes.
func represign(r *http.Request, auth sigV4Authorization, secret string, signingTime time.Time) (signature, canonicalRequest, stringToSign string, err error) {
	query := r.URL.Query()
	query.Del("X-Amz-Signature")
	u := url.URL{Scheme: "http", Host: r.Host, Path: r.URL.Path, RawPath: r.URL.RawPath, RawQuery: query.Encode()}
	if r.TLS != nil {
		u.Scheme = "https"
	}
	req := &http.Request{Method: r.Method, URL: &u, Host: r.Host, Header: http.Header{}}
	for _, name := range auth.signedHeaders {
		if name != "host" {
			key := textproto.CanonicalMIMEHeaderKey(name)
			req.Header[key] = r.Header.Values(key)
		}
	}
	payloadHash := query.Get("X-Amz-Content-Sha256")
	if payloadHash == "" {
		payloadHash = "UNSIGNED-PAYLOAD"
	}
	var log signingLog
	signer := v4.NewSigner(func(o *v4.SignerOptions) {
		o.DisableURIPathEscaping = true
		o.LogSigning = true
		o.Logger = &log
	})
	signed, _, err := signer.PresignHTTP(context.Background(), aws.Credentials{AccessKeyID: auth.accessKey, SecretAccessKey: secret},
		req, payloadHash, "s3", auth.region, signingTime)
	if err != nil {
		return "", "", "", err
	}
	su, err := url.Parse(signed)
	if err != nil {
		return "", "", "", err
	}
	return su.Query().Get("X-Amz-Signature"), log.canonicalRequest, log.stringToSign, nil
}
