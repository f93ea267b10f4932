package wire

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/s3errconform/s3errconform/harness/targets"
)

// The client's cost per request against a raw net/http round trip to the
// same loopback server (README, Performance):
//
//	go test -bench . -run '^$' -count 6 ./harness/wire/ ./harness/judge/
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

// reportCPU adds the process's CPU time per operation (user and system,
// client and server together) since start to a benchmark's results:
// unlike ns/op it hardly moves when other processes share the machine.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cpuTime(b)-start)/float64(b.N), "cpu-ns/op")
}

func cpuTime(b *testing.B) time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		b.Fatal(err)
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}

func BenchmarkRawRoundTrip(b *testing.B) {
	srv := benchServer(b)
	client := &http.Client{}
	start := cpuTime(b)
	for b.Loop() {
		resp, err := client.Get(srv.URL + "/bucket/k")
		if err != nil {
			b.Fatal(err)
		}
		io.ReadAll(resp.Body)
		resp.Body.Close()
	}
	reportCPU(b, start)
}

// BenchmarkRawRoundTripSigV4 signs with the same SDK signer the harness
// uses, so the signed comparison measures the harness alone.
func BenchmarkRawRoundTripSigV4(b *testing.B) {
	srv := benchServer(b)
	client := &http.Client{}
	signer := v4.NewSigner(func(o *v4.SignerOptions) { o.DisableURIPathEscaping = true })
	creds := aws.Credentials{AccessKeyID: "AKIDBENCH", SecretAccessKey: "bench-secret-key"}
	emptySHA256 := "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
	start := cpuTime(b)
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
	reportCPU(b, start)
}

func benchHarness(b *testing.B, auth Auth) {
	srv := benchServer(b)
	client, err := NewClient(&targets.Target{Name: "bench", Endpoint: srv.URL, Region: "us-east-1",
		Identity: targets.Credentials{AccessKey: "AKIDBENCH", SecretKey: "bench-secret-key"}, Timeout: targets.DefaultTimeout})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	start := cpuTime(b)
	for b.Loop() {
		r := client.Do(ctx, Request{Method: http.MethodGet, Bucket: "bucket", Key: "k", Auth: auth})
		if r.Status != http.StatusNotFound {
			b.Fatal(r.Exchange)
		}
	}
	reportCPU(b, start)
}

func BenchmarkHarnessAnonymous(b *testing.B) { benchHarness(b, Auth{Mode: AuthAnonymous}) }

func BenchmarkHarnessSigV4(b *testing.B) { benchHarness(b, Auth{}) }

// BenchmarkHarnessJudged adds parsing and judging the error, as a check does.
