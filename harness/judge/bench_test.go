package judge

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/s3errconform/s3errconform/harness/targets"
	"github.com/s3errconform/s3errconform/harness/wire"
)

// The cost of judging an error answer on top of the client's round trip
// (harness/wire's benchmarks measure the round trip alone).
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
