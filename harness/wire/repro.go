package wire

import (
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/s3errconform/s3errconform/harness/targets"
)

// Environment variable names the reproduction commands use for the
// target's keys, so no secret is ever written into a report.
const (
	ReproAccessKeyVar = "S3_ACCESS_KEY"
	ReproSecretKeyVar = "S3_SECRET_KEY"
)

// reproduce renders a request as one curl command line a vendor can paste
// into a shell, with the target's keys left as variables.
func reproduce(target *targets.Target, identity targets.Credentials, req Request, x *Exchange) string {
	if x.URL == "" {
		return ""
	}
	parts := []string{"curl", "-sS", "-i"}
	if req.Method == http.MethodHead {
		parts = append(parts, "-I")
	} else if req.Method != http.MethodGet {
		parts = append(parts, "-X", req.Method)
	}
	var notes []string
	switch req.Auth.Mode {
	case AuthAnonymous:
	case AuthPresignV4:
		notes = append(notes, "the URL is presigned: presign it again with your keys")
	case AuthPresignV2:
		notes = append(notes, "the URL is presigned with signature version 2: presign it again with your keys")
	case AuthSigV2:
		notes = append(notes, "signed with signature version 2, which curl cannot do: sign it again with your keys")
	default:
		region := req.Auth.Region
		if region == "" {
			region = target.Region
		}
		parts = append(parts, "--aws-sigv4", ShellQuote("aws:amz:"+region+":s3"), "--user", reproUser(target, identity, req.Auth))
		if !req.Auth.Time.IsZero() {
			notes = append(notes, "the suite signed it at "+req.Auth.Time.UTC().Format(time.RFC3339)+"; curl signs with the current time")
		}
	}
	names := make([]string, 0, len(req.Header))
	for name := range req.Header {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		for _, v := range req.Header[name] {
			parts = append(parts, "-H", ShellQuote(x.Redact(name+": "+v)))
		}
	}
	// curl sends no Content-Length with an empty body; net/http did (a PUT
	// or POST), and a server may answer differently without it.
	if len(req.Body) == 0 && x.RequestHeader.Get("Content-Length") == "0" && req.Header.Get("Content-Length") == "" {
		parts = append(parts, "-H", ShellQuote("Content-Length: 0"))
	}
	if len(req.Body) > 0 {
		if utf8.Valid(req.Body) && len(req.Body) <= 512 {
			parts = append(parts, "--data-binary", ShellQuote(x.Redact(string(req.Body))))
		} else {
			parts = append(parts, "--data-binary", "@body.bin")
			notes = append(notes, fmt.Sprintf("body.bin: the %d-byte body the suite sent", len(req.Body)))
		}
	}
	if req.Auth.OmitPayloadHash {
		notes = append(notes, "the suite sent no x-amz-content-sha256 header, which curl adds to S3 requests it signs")
	}
	if req.Tamper != nil {
		notes = append(notes, "the suite edited the signed headers before sending: see the exchange")
	}
	switch req.Framing {
	case FramingChunked:
		parts = append(parts, "-H", ShellQuote("Transfer-Encoding: chunked"))
	case FramingNone:
		notes = append(notes, "the suite sent no Content-Length and no body")
	case FramingTruncated:
		notes = append(notes, fmt.Sprintf("the suite announced Content-Length: %d, sent only the first %d bytes of the body and closed its side of the connection; curl cannot do that", len(req.Body), len(sentBody(req))))
	}
	if target.Addressing == targets.AddressingVirtual && req.Bucket != "" {
		if u, err := url.Parse(target.Endpoint); err == nil {
			parts = append(parts, "--connect-to", ShellQuote("::"+u.Host))
		}
	}
	parts = append(parts, ShellQuote(x.Secrets.URL(x.URL)))
	line := strings.Join(parts, " ")
	if len(notes) > 0 {
		line += "  # " + strings.Join(notes, "; ")
	}
	return x.Redact(line)
}

// reproUser keeps the target's own keys as variables and shows the
// deliberately wrong ones a check used, which are no secrets.
func reproUser(target *targets.Target, identity targets.Credentials, a Auth) string {
	creds := identity
	if a.Credentials != nil {
		creds = *a.Credentials
	}
	access, secret := "$"+ReproAccessKeyVar, "$"+ReproSecretKeyVar
	if creds.AccessKey != target.Identity.AccessKey {
		access = creds.AccessKey
		if creds.AccessKey == target.SecondIdentity.AccessKey {
			access = "$" + ReproAccessKeyVar + "2"
		}
	}
	if creds.SecretKey != target.Identity.SecretKey {
		secret = creds.SecretKey
		if creds.SecretKey == target.SecondIdentity.SecretKey {
			secret = "$" + ReproSecretKeyVar + "2"
		}
	}
	return `"` + access + ":" + secret + `"`
}

// shellQuote quotes s for a POSIX shell.
func ShellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r == '-' || r == '_' || r == '.' || r == '/' || r == ':' || r == '=' || r == '@' ||
			('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') || ('0' <= r && r <= '9'))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
