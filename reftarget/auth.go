package reftarget

import (
	"context"
	"crypto/subtle"
	"fmt"
	"net/http"
	"net/textproto"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/smithy-go/logging"
)

const (
	sigV4Algorithm = "AWS4-HMAC-SHA256"
	amzDateFormat  = "20060102T150405Z"
	// maxClockSkew is S3's MaxAllowedSkewMilliseconds (REST.md §3).
	maxClockSkew = 15 * time.Minute
)

// sigV4Authorization is a parsed "AWS4-HMAC-SHA256 Credential=...,
// SignedHeaders=..., Signature=..." header.
type sigV4Authorization struct {
	accessKey     string
	date          string // YYYYMMDD of the credential scope
	region        string
	signedHeaders []string
	signature     string
}

func errMalformedCredential() *s3Error {
	return newContextError("AuthorizationHeaderMalformed",
		`The authorization header is malformed; the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".`)
}

// authenticate returns the access key of the request's caller, anonymous when
// the request carries no Authorization header, or the error S3 answers.
func (s *Server) authenticate(r *http.Request) (string, *s3Error) {
	header := r.Header.Get("Authorization")
	if header == "" {
		query := r.URL.Query()
		switch {
		case query.Has("X-Amz-Signature") || query.Has("X-Amz-Credential") || query.Has("X-Amz-Algorithm"):
			return s.authenticatePresignedV4(r) // presign.go
		case query.Has("AWSAccessKeyId") || query.Has("Signature"):
			return s.authenticatePresignedV2(r) // sigv2.go
		}
		return anonymous, nil
	}
	if strings.HasPrefix(header, "AWS ") {
		return s.authenticateV2(r, header) // sigv2.go
	}
	if err := s.checkAuthorizationScheme(header); err != nil { // auth_rules.go
		return "", err
	}
	auth, err := parseSigV4Authorization(header)
	if err != nil {
		return "", s.malformed(err)
	}
	if auth.region != s.region {
		e := newContextError("AuthorizationHeaderMalformed",
			fmt.Sprintf("The authorization header is malformed; the region '%s' is wrong; expecting '%s'", auth.region, s.region),
			detail{"Region", s.region})
		e.header = http.Header{"X-Amz-Bucket-Region": {s.region}}
		return "", s.malformed(e)
	}
	if err := s.checkSessionToken(r, auth.accessKey); err != nil {
		return "", err
	}
	secret, known := s.secrets[auth.accessKey]
	if !known {
		if s.dev.has(devUnknownKeyAsSignatureMismatch) {
			return "", errSignatureDoesNotMatch(auth, "", "")
		}
		return "", newError("InvalidAccessKeyId", detail{"AWSAccessKeyId", auth.accessKey})
	}
	amzDate := r.Header.Get("X-Amz-Date")
	signingTime, perr := time.Parse(amzDateFormat, amzDate)
	if perr != nil {
		return "", s.noValidAmzDate() // SigV4 needs X-Amz-Date; the Date header is not supported
	}
	if auth.date != amzDate[:8] {
		return "", s.malformed(newContextError("AuthorizationHeaderMalformed",
			"The authorization header is malformed; Invalid credential date. Date is not the same as X-Amz-Date."))
	}
	now := time.Now().UTC()
	if skew := now.Sub(signingTime); (skew > maxClockSkew || skew < -maxClockSkew) && !s.dev.has(devIgnoreClockSkew) {
		return "", newError("RequestTimeTooSkewed",
			detail{"RequestTime", amzDate},
			detail{"ServerTime", now.Format(time.RFC3339)},
			detail{"MaxAllowedSkewMilliseconds", fmt.Sprint(maxClockSkew.Milliseconds())})
	}
	payloadHash, err := s.checkPayloadHash(r.Header.Get("X-Amz-Content-Sha256")) // auth_rules.go
	if err != nil {
		return "", err
	}
	if strings.HasPrefix(payloadHash, "STREAMING-") {
		return "", errNotImplemented() // aws-chunked uploads are not supported
	}
	if s.dev.has(devIgnoreSignature) {
		return auth.accessKey, nil
	}
	signature, canonicalRequest, stringToSign, serr := resign(r, auth, secret, payloadHash, signingTime)
	if serr != nil {
		return "", errSignatureDoesNotMatch(auth, "", "")
	}
	if subtle.ConstantTimeCompare([]byte(signature), []byte(auth.signature)) != 1 {
		if s.dev.has(devSignatureProvidedExpected) {
			auth.signature = signature
		}
		return "", errSignatureDoesNotMatch(auth, canonicalRequest, stringToSign)
	}
	return auth.accessKey, nil
}

// parseSigV4Authorization parses the Authorization header of a SigV4 request.
func parseSigV4Authorization(header string) (sigV4Authorization, *s3Error) {
	var auth sigV4Authorization
	rest, ok := strings.CutPrefix(header, sigV4Algorithm+" ")
	if !ok {
		return auth, newContextError("AuthorizationHeaderMalformed",
			"The authorization header is malformed; the authorization mechanism must be "+sigV4Algorithm+".")
	}
	fields := map[string]string{}
	for _, part := range strings.Split(rest, ",") {
		name, value, _ := strings.Cut(strings.TrimSpace(part), "=")
		fields[name] = value
	}
	credential, signedHeaders, signature := fields["Credential"], fields["SignedHeaders"], fields["Signature"]
	if credential == "" || signedHeaders == "" || signature == "" {
		return auth, newContextError("AuthorizationHeaderMalformed",
			"The authorization header is malformed; the authorization header requires three components: Credential, SignedHeaders, and Signature.")
	}
	scope := strings.Split(credential, "/")
	if len(scope) != 5 || scope[0] == "" || len(scope[1]) != 8 || scope[2] == "" || scope[3] != "s3" || scope[4] != "aws4_request" {
		return auth, errMalformedCredential()
	}
	auth.accessKey, auth.date, auth.region = scope[0], scope[1], scope[2]
	auth.signedHeaders = strings.Split(signedHeaders, ";")
	auth.signature = signature
	return auth, nil
}

// resign signs a copy of r, reduced to the headers the client signed, with
// the SDK's signer, and returns the signature with the canonical request and
// string to sign the signer built.
func resign(r *http.Request, auth sigV4Authorization, secret, payloadHash string, signingTime time.Time) (signature, canonicalRequest, stringToSign string, err error) {
	u := *r.URL
	u.Scheme, u.Host = "http", r.Host
	if r.TLS != nil {
		u.Scheme = "https"
	}
	req := &http.Request{Method: r.Method, URL: &u, Host: r.Host, Header: http.Header{}}
	for _, name := range auth.signedHeaders {
		switch name {
		case "host": // the signer takes it from req.Host
		case "content-length": // the signer takes it from req.ContentLength
			req.ContentLength = r.ContentLength
		default:
			key := textproto.CanonicalMIMEHeaderKey(name)
			req.Header[key] = r.Header.Values(key)
		}
	}
	var log signingLog
	signer := v4.NewSigner(func(o *v4.SignerOptions) {
		o.DisableURIPathEscaping = true // S3 signs the path as sent
		o.LogSigning = true
		o.Logger = &log
	})
	creds := aws.Credentials{AccessKeyID: auth.accessKey, SecretAccessKey: secret}
	if err := signer.SignHTTP(context.Background(), creds, req, payloadHash, "s3", auth.region, signingTime); err != nil {
		return "", "", "", err
	}
	_, signature, _ = strings.Cut(req.Header.Get("Authorization"), "Signature=")
	return signature, log.canonicalRequest, log.stringToSign, nil
}

// signingLog captures the canonical request and string to sign that the
// SDK's signer logs when LogSigning is on; the signer exposes them no other
// way, and SignatureDoesNotMatch reports them.
type signingLog struct{ canonicalRequest, stringToSign string }

func (l *signingLog) Logf(_ logging.Classification, _ string, v ...interface{}) {
	if len(v) >= 2 {
		l.canonicalRequest, _ = v[0].(string)
		l.stringToSign, _ = v[1].(string)
	}
}

// errSignatureDoesNotMatch reports the elements AWS sends (REST.md §3); the
// recomputed ones are left out when there is no recomputation.
func errSignatureDoesNotMatch(auth sigV4Authorization, canonicalRequest, stringToSign string) *s3Error {
	details := []detail{{"AWSAccessKeyId", auth.accessKey}}
	if stringToSign != "" {
		details = append(details, detail{"StringToSign", stringToSign})
	}
	details = append(details, detail{"SignatureProvided", auth.signature})
	if stringToSign != "" {
		details = append(details,
			detail{"StringToSignBytes", spacedHex(stringToSign)},
			detail{"CanonicalRequest", canonicalRequest})
	}
	return newError("SignatureDoesNotMatch", details...)
}

// spacedHex renders s as AWS's StringToSignBytes does: two-digit hex bytes
// separated by spaces.
func spacedHex(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%02x", s[i])
	}
	return b.String()
}
