package wire

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/s3errconform/s3errconform/harness/targets"
)

// TestScriptReplaysWithCurl replays a transcript (a setup PUT of a binary
// body, a request of the second identity, one with a '%' in its path)
// with this machine's curl: every replayed request carries a signature
// the server verifies, and the bodies are those the run sent.
func TestScriptReplaysWithCurl(t *testing.T) {
	curl, err := exec.LookPath("curl")
	if err != nil {
		t.Skip("no curl on this machine: the script cannot be run")
	}
	srv, rec := recordingServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			w.WriteHeader(http.StatusForbidden)
			w.Write([]byte("<Error><Code>AccessDenied</Code></Error>"))
		}
	})
	target := wireTestTarget(srv.URL)
	target.SecondIdentity = targets.Credentials{AccessKey: otherAccessKey, SecretKey: otherSecretKey}
	tr := &Transcript{}
	c := wireTestClient(t, target).RecordingTo(tr)
	binary := bytes.Repeat([]byte{0, 1, 2, 0xff}, 700)
	ctx := context.Background()
	c.Retrying().Do(ctx, Request{Method: http.MethodPut, Bucket: "bkt", Key: "blob", Body: binary})
	second := target.SecondIdentity
	failing := c.Do(ctx, Request{Method: http.MethodGet, Bucket: "bkt", Key: "a%b", Auth: Auth{Credentials: &second}})
	tr.BeginCleanup()
	c.Retrying().Do(ctx, Request{Method: http.MethodDelete, Bucket: "bkt", Key: "blob"})
	script := tr.Script(ScriptInfo{CheckID: "rest-x", Title: "t", Target: "test", Endpoint: srv.URL, Failing: []string{"FAIL status: expected 404, observed 403"}}, failing)
	for _, secret := range []string{testSecretKey, otherSecretKey, testAccessKey, otherAccessKey} {
		if strings.Contains(script, secret) {
			t.Fatalf("the script holds a key:\n%s", script)
		}
	}
	path := filepath.Join(t.TempDir(), "repro.sh")
	if err := os.WriteFile(path, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	sent := len(rec.reqs)
	cmd := exec.Command("sh", path)
	cmd.Env = []string{"PATH=" + filepath.Dir(curl) + ":/usr/bin:/bin",
		"S3EC_ACCESS_KEY=" + testAccessKey, "S3EC_SECRET_KEY=" + testSecretKey,
		"S3EC_ACCESS_KEY2=" + otherAccessKey, "S3EC_SECRET_KEY2=" + otherSecretKey}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s\n--- script\n%s", err, out, script)
	}
	rec.mu.Lock()
	replayed := append([]seenRequest(nil), rec.reqs[sent:]...)
	rec.mu.Unlock()
	if len(replayed) != 3 {
		t.Fatalf("replayed %d requests, want 3\n%s", len(replayed), out)
	}
	for i, r := range replayed {
		if r.SigErr != nil {
			t.Errorf("request %d (%s %s): %v", i, r.Method, r.RequestURI, r.SigErr)
		}
	}
	if !bytes.Equal(replayed[0].Body, binary) {
		t.Errorf("the setup PUT replayed %d bytes, not the run's %d", len(replayed[0].Body), len(binary))
	}
	if replayed[1].RequestURI != "/bkt/a%25b" || !strings.Contains(replayed[1].Header.Get("Authorization"), "Credential="+otherAccessKey+"/") {
		t.Errorf("the failing request was replayed as %s signed %q", replayed[1].RequestURI, replayed[1].Header.Get("Authorization"))
	}
	for _, want := range []string{"setup: PUT /bkt/blob -> 200", "== the run observed: 403 Forbidden AccessDenied", "HTTP/1.1 403 Forbidden", "cleanup: DELETE /bkt/blob -> 200"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// A failing request the check's REST clients did not send (SOAP) is put
// where the check sent it: after the setup, before the cleanup.
func TestScriptPlacesARequestSentElsewhere(t *testing.T) {
	srv, _ := recordingServer(t, nil)
	target := wireTestTarget(srv.URL)
	tr := &Transcript{}
	c := wireTestClient(t, target).RecordingTo(tr)
	ctx := context.Background()
	c.Retrying().Do(ctx, Request{Method: http.MethodPut, Bucket: "bkt"})
	tr.BeginCleanup()
	c.Retrying().Do(ctx, Request{Method: http.MethodDelete, Bucket: "bkt"})
	x := &Exchange{Method: http.MethodPost, URL: srv.URL + "/soap", Status: 404, RequestHeader: http.Header{}}
	soap := NewResponse(x, Request{Method: http.MethodPost}, targets.ProfileStrict, c.Secrets(), func(*Response) string { return "curl -sS -i -X POST soap-request" })
	script := tr.Script(ScriptInfo{CheckID: "soap-x"}, soap)
	setup, failing, cleanup := strings.Index(script, "setup: PUT /bkt"), strings.Index(script, "curl -sS -i -X POST soap-request"), strings.Index(script, "cleanup: DELETE /bkt")
	if setup < 0 || failing < setup || cleanup < failing {
		t.Errorf("setup at %d, the failing request at %d, cleanup at %d:\n%s", setup, failing, cleanup, script)
	}
}

// An upload id the server gave the run is taken, in the replay, from the
// replay's own answer: a server gives a new one each time.
func TestScriptReplaysWithTheServersNewIDs(t *testing.T) {
	curl, err := exec.LookPath("curl")
	if err != nil {
		t.Skip("no curl on this machine: the script cannot be run")
	}
	var mu sync.Mutex
	issued := 0
	current := ""
	srv, _ := recordingServer(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		switch {
		case r.URL.Query().Has("uploads"):
			issued++
			current = fmt.Sprintf("upload-%d-of-this-server", issued)
			w.Header().Set("x-amz-version-id", "version-"+current)
			fmt.Fprintf(w, "<InitiateMultipartUploadResult><UploadId>%s</UploadId></InitiateMultipartUploadResult>", current)
		case r.URL.Query().Get("uploadId") != current || r.URL.Query().Get("versionId") != "version-"+current:
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprint(w, "<Error><Code>NoSuchUpload</Code></Error>")
		default:
			w.WriteHeader(http.StatusConflict)
			fmt.Fprint(w, "<Error><Code>Deviation</Code></Error>")
		}
	})
	tr := &Transcript{}
	c := wireTestClient(t, wireTestTarget(srv.URL)).RecordingTo(tr)
	ctx := context.Background()
	init := c.Retrying().Do(ctx, Request{Method: http.MethodPost, Bucket: "bkt", Key: "k", Query: url.Values{"uploads": {""}}})
	id := strings.TrimSuffix(strings.TrimPrefix(string(init.Body), "<InitiateMultipartUploadResult><UploadId>"), "</UploadId></InitiateMultipartUploadResult>")
	failing := c.Do(ctx, Request{Method: http.MethodPut, Bucket: "bkt", Key: "k", Query: url.Values{"uploadId": {id}, "versionId": {"version-" + id}, "partNumber": {"1"}}})
	if failing.Status != http.StatusConflict {
		t.Fatalf("the run got %d", failing.Status)
	}
	script := tr.Script(ScriptInfo{CheckID: "rest-x"}, failing)
	path := filepath.Join(t.TempDir(), "repro.sh")
	os.WriteFile(path, []byte(script), 0o755)
	cmd := exec.Command("sh", path)
	cmd.Env = []string{"PATH=" + filepath.Dir(curl) + ":/usr/bin:/bin", "S3EC_ACCESS_KEY=" + testAccessKey, "S3EC_SECRET_KEY=" + testSecretKey}
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "HTTP/1.1 409 Conflict") || !strings.Contains(string(out), "<Code>Deviation</Code>") {
		t.Errorf("%v\n%s\n--- script\n%s", err, out, script)
	}
}
