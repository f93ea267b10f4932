package harness

import (
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/s3errconform/s3errconform/harness/targets"
	"github.com/s3errconform/s3errconform/harness/wire"
)

// The root package's tests talk to fake servers as the wire package's do;
// these are its own copies of the wire tests' helpers.

const (
	fixtureAccessKey = "AKIDHARNESSTEST"
	fixtureSecretKey = "cLiEnTtEsTsEcReT/wJalrXUtnFEMIK7MDENG0003"
)

// fastRetries keep a retrying client's waits short in tests.
var fastRetries = []time.Duration{time.Millisecond, time.Millisecond, time.Millisecond}

func testTarget(endpoint string) *targets.Target {
	return &targets.Target{
		Name:       "test",
		Endpoint:   endpoint,
		Region:     "us-east-1",
		Addressing: targets.AddressingPath,
		Identity:   targets.Credentials{AccessKey: fixtureAccessKey, SecretKey: fixtureSecretKey},
		Profile:    targets.ProfileStrict,
		Timeout:    5 * time.Second,
	}
}

func newTestClient(t *testing.T, target *targets.Target) *wire.Client {
	t.Helper()
	c, err := wire.NewClient(target)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	return c
}

// quietServer starts an httptest server that does not log to stderr.
func quietServer(t *testing.T, h http.Handler) *httptest.Server {
	t.Helper()
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}
