package judge

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/s3errconform/s3errconform/harness/targets"
	"github.com/s3errconform/s3errconform/harness/wire"
)

// The harness's cost per request against a raw net/http round trip to the
// same loopback server: go test -bench . -run '^$' ./harness/
const benchErrorBody = `<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>k</Key><RequestId>4442587FB7D0A2F9</RequestId><HostId>h</HostId></Error>`

func benchServer(b *testing.B) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		w.Header().Set("x-amz-request-id", "4442587FB7D0A2F9")
		w.Header().Set("x-amz-id-2", "h")
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, benchErrorBody)
	}))
	b.Cleanup(srv.Close)
	return srv
}

func BenchmarkRawRoundTrip(b *testing.B) {
	srv := benchServer(b)
	client := &http.Client{}
	for b.Loop() {
		resp, err := client.Get(srv.URL + "/bucket/k")
		if err != nil {
			b.Fatal(err)
		}
		io.ReadAll(resp.Body)
		resp.Body.Close()
	}
}

// BenchmarkRawRoundTripSigV4 signs with the same SDK signer the harness
// uses, so the signed comparison measures the harness alone.
func BenchmarkRawRoundTripSigV4(b *testing.B) {
	srv := benchServer(b)
	client := &http.Client{}
	signer := v4.NewSigner(func(o *v4.SignerOptions) { o.DisableURIPathEscaping = true })
	creds := aws.Credentials{AccessKeyID: "AKIDBENCH", SecretAccessKey: "bench-secret-key"}
	emptySHA256 := "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
	for b.Loop() {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/bucket/k", nil)
		req.Header.Set("X-Amz-Content-Sha256", emptySHA256)
		if err := signer.SignHTTP(context.Background(), creds, req, emptySHA256, "s3", "us-east-1", time.Now()); err != nil {
			b.Fatal(err)
		}
		resp, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		io.ReadAll(resp.Body)
		resp.Body.Close()
	}
}

func benchHarness(b *testing.B, auth wire.Auth) {
	srv := benchServer(b)
	client, err := wire.NewClient(&targets.Target{Name: "bench", Endpoint: srv.URL, Region: "us-east-1",
		Identity: targets.Credentials{AccessKey: "AKIDBENCH", SecretKey: "bench-secret-key"}, Timeout: targets.DefaultTimeout})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for b.Loop() {
		r := client.Do(ctx, wire.Request{Method: http.MethodGet, Bucket: "bucket", Key: "k", Auth: auth})
		if r.Status != http.StatusNotFound {
			b.Fatal(r.Exchange)
		}
	}
}

func BenchmarkHarnessAnonymous(b *testing.B) { benchHarness(b, wire.Auth{Mode: wire.AuthAnonymous}) }

func BenchmarkHarnessSigV4(b *testing.B) { benchHarness(b, wire.Auth{}) }

// BenchmarkHarnessJudged adds parsing and judging the error, as a check does.
func BenchmarkHarnessJudged(b *testing.B) {
	srv := benchServer(b)
	client, err := wire.NewClient(&targets.Target{Name: "bench", Endpoint: srv.URL, Region: "us-east-1",
		Identity: targets.Credentials{AccessKey: "AKIDBENCH", SecretKey: "bench-secret-key"}, Timeout: targets.DefaultTimeout, Profile: targets.ProfileStrict})
	if err != nil {
		b.Fatal(err)
	}
	matcher := HaveS3Error("NoSuchKey", Element("Key", "k"))
	ctx := context.Background()
	for b.Loop() {
		r := client.Do(ctx, wire.Request{Method: http.MethodGet, Bucket: "bucket", Key: "k"})
		if _, err := matcher.Match(r); err != nil {
			b.Fatal(err)
		}
	}
}
