package wire

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/s3errconform/s3errconform/harness/targets"
)

// signers hands out one SigV4 signer per credential pair, shared by a
// client and its copies. The SDK's signer caches derived signing keys by
// access key and date, not by secret: one signer for the right secret and
// a deliberately wrong one with the same access key would sign the wrong
// one with the right key. Per pair that cache is correct, and it spares
// deriving a key for every request.
type signers struct {
	mu     sync.Mutex
	byPair map[targets.Credentials]*v4.Signer
}

func (s *signers) get(creds targets.Credentials) *v4.Signer {
	s.mu.Lock()
	defer s.mu.Unlock()
	if signer, ok := s.byPair[creds]; ok {
		return signer
	}
	if s.byPair == nil {
		s.byPair = map[targets.Credentials]*v4.Signer{}
	}
	signer := v4.NewSigner(func(o *v4.SignerOptions) { o.DisableURIPathEscaping = true })
	s.byPair[creds] = signer
	return signer
}

// escapePath encodes a path the way SigV4 canonicalises S3 paths: every
// byte except unreserved characters and "/" as %XX, so the signature the
// server computes matches ours for any key.
func escapePath(p string) string {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		ch := p[i]
		if ch == '/' || ch == '-' || ch == '_' || ch == '.' || ch == '~' ||
			('a' <= ch && ch <= 'z') || ('A' <= ch && ch <= 'Z') || ('0' <= ch && ch <= '9') {
			b.WriteByte(ch)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", ch)
	}
	return b.String()
}

func (c *Client) sign(ctx context.Context, httpReq *http.Request, req Request) error {
	a := req.Auth
	if a.Mode == AuthAnonymous {
		return nil
	}
	creds := c.identity
	if a.Credentials != nil {
		creds = *a.Credentials
	}
	if creds.Empty() {
		return nil
	}
	// Every key a check signs with, the deliberately wrong ones too, and
	// a session's token, a credential as much as its key.
	c.secrets.Add(creds.SecretKey)
	c.secrets.Add(creds.SessionToken)
	signingTime := a.Time
	if signingTime.IsZero() {
		signingTime = time.Now()
	}
	switch a.Mode {
	case AuthSigV2:
		SignV2(httpReq, creds, c.v2Bucket(req), signingTime)
		return nil
	case AuthPresignV2:
		PresignV2(httpReq, creds, c.v2Bucket(req), signingTime.Add(a.Expires))
		return nil
	}
	region := a.Region
	if region == "" {
		region = c.target.Region
	}
	payloadHash := a.PayloadHash
	if payloadHash == "" {
		sum := sha256.Sum256(sentBody(req))
		payloadHash = hex.EncodeToString(sum[:])
	}
	// With a session token the signer sends and signs x-amz-security-token.
	awsCreds := aws.Credentials{AccessKeyID: creds.AccessKey, SecretAccessKey: creds.SecretKey, SessionToken: creds.SessionToken}
	signer := c.signers.get(creds)
	if a.Mode == AuthPresignV4 {
		expires := a.Expires
		if expires == 0 {
			expires = 15 * time.Minute
		}
		q := httpReq.URL.Query()
		q.Set("X-Amz-Expires", fmt.Sprint(int64(expires/time.Second)))
		httpReq.URL.RawQuery = q.Encode()
		signed, _, err := signer.PresignHTTP(ctx, awsCreds, httpReq, UnsignedPayload, "s3", region, signingTime)
		if err != nil {
			return fmt.Errorf("presigning: %w", err)
		}
		signedURL, err := url.Parse(signed)
		if err != nil {
			return err
		}
		httpReq.URL = signedURL
		return nil
	}
	if !a.OmitPayloadHash {
		httpReq.Header.Set("X-Amz-Content-Sha256", payloadHash)
	}
	if err := signer.SignHTTP(ctx, awsCreds, httpReq, payloadHash, "s3", region, signingTime); err != nil {
		return fmt.Errorf("signing: %w", err)
	}
	return nil
}
