package harness

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/onsi/ginkgo/v2"

	"github.com/s3errconform/s3errconform/harness/targets"
)

// Env is what every check of a run shares: the target, its client and the
// run's bucket names. It is built before the suite, by the CLI or a
// suite_test.go bootstrap.
type Env struct {
	Target *targets.Target
	Names  *Namer
	// Only, when set, limits the checks added to Ginkgo to these IDs (one
	// shard of a parallel run); every check is still registered.
	Only   map[string]bool
	client *Client
	// secrets are the run's: its keys, every signature its clients made.
	secrets *Secrets
	// soap is the run's SOAP client, made on first use.
	soapOnce sync.Once
	soap     *soapClient
	// cleanup bounds every check's cleanup; StopCleanup ends it.
	cleanup     context.Context
	stopCleanup context.CancelFunc

	mu sync.Mutex
	// active are the trackers of checks that have not finished cleaning
	// up; what they hold is left behind if the run is cut short.
	active map[*Tracker]bool
}

// NewEnv prepares a run against target. Its clients register their keys
// and signatures in secrets, which redact everything the run shows; nil
// gives the run Secrets of its own.
func NewEnv(target *targets.Target, secrets *Secrets) (*Env, error) {
	if secrets == nil {
		secrets = NewSecrets()
	}
	client, err := newClient(target, secrets)
	if err != nil {
		return nil, err
	}
	cleanup, stop := context.WithCancel(context.Background())
	return &Env{Target: target, Names: NewNamer(), client: client, secrets: secrets, cleanup: cleanup, stopCleanup: stop}, nil
}

// Secrets are the run's keys and every signature it made.
func (e *Env) Secrets() *Secrets { return e.secrets }

// StopCleanup makes running and later cleanups give up at once, leaving
// what they did not delete in the reports: for a second interrupt.
func (e *Env) StopCleanup() { e.stopCleanup() }

// Outstanding lists what running checks created and have not deleted
// yet: after an interrupt that skipped cleanup, what the run left behind.
func (e *Env) Outstanding() []Leftover {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []Leftover
	for tr := range e.active {
		out = append(out, tr.Pending()...)
	}
	return out
}

// Family registers the checks of one error family of a suite.
type Family struct {
	env   *Env
	suite string
	name  string
}

// Family returns a registrar for the checks of family name in suite.
func (e *Env) Family(suite, name string) *Family {
	return &Family{env: e, suite: suite, name: name}
}

// It registers a check with Ginkgo. Its body gets a T for this check alone:
// its own buckets, cleaned up when it ends however it ends.
func (f *Family) It(c Check, body func(t *T)) {
	c.Suite, c.Family = f.suite, f.name
	register(c)
	if f.env.Only != nil && !f.env.Only[c.ID] {
		return
	}
	ginkgo.It(c.SpecText(), ginkgo.Label(c.Labels()...), func(ctx ginkgo.SpecContext) {
		if why := unsupportedBy(f.env.Target, c); why != "" {
			ginkgo.Skip(why)
		}
		t := f.env.begin(ctx, c)
		// finish takes a context so that Ginkgo gives it its grace period
		// after an interrupt; a cleanup node without one is abandoned at
		// once. It cleans up with the Env's context, not this one.
		ginkgo.DeferCleanup(func(ginkgo.SpecContext) { t.finish() })
		body(t)
	})
}

// T is a check's view of the target: requests made as the check, fixtures
// that clean up after themselves, and the record of every exchange.
type T struct {
	Check Check
	ctx   context.Context
	env   *Env
	Requester
	setup   *Client
	tracker *Tracker

	mu        sync.Mutex
	responses []*Response
}

func (e *Env) begin(ctx context.Context, c Check) *T {
	t := &T{Check: c, ctx: ctx, env: e}
	t.setup = e.client.Retrying()
	t.tracker = NewTracker(t.setup, e.Names)
	t.Requester = Requester{t: t}
	e.mu.Lock()
	if e.active == nil {
		e.active = map[*Tracker]bool{}
	}
	e.active[t.tracker] = true
	e.mu.Unlock()
	return t
}

// finish cleans up and records the check for the reports. It runs after
// the body, also when the check failed or the run was interrupted; it uses
// the Env's cleanup context, not the check's, so an interrupt still cleans
// up and only StopCleanup cuts it short.
func (t *T) finish() {
	left := t.tracker.Cleanup(t.env.cleanup)
	t.env.mu.Lock()
	delete(t.env.active, t.tracker)
	t.env.mu.Unlock()
	for _, l := range left {
		fmt.Fprintf(ginkgo.GinkgoWriter, "could not clean up %s\n", l)
	}
	rec := CheckRecord{Check: t.Check, Leftovers: left}
	t.mu.Lock()
	for _, r := range t.responses {
		if r.Checked {
			rec.Responses = append(rec.Responses, judged(r))
		}
	}
	t.mu.Unlock()
	ginkgo.AddReportEntry(CheckRecordEntry, rec, ginkgo.ReportEntryVisibilityNever)
}

// Target is the target under test.
func (t *T) Target() *targets.Target { return t.env.Target }

// UniqueBucketName returns a fresh name of this run without creating the
// bucket: the name of a bucket that certainly does not exist.
func (t *T) UniqueBucketName() string { return t.env.Names.Bucket() }

// NewBucket creates a bucket owned by the main identity, deleted when the
// check ends. A failure here fails the check as a setup error, with the
// exchange.
func (t *T) NewBucket() string { return t.NewBucketWith(nil) }

// NewObject puts an object, deleted when the check ends.
func (t *T) NewObject(bucket, key string, body []byte) {
	t.tracker.Object(bucket, key) // first, as in NewBucket
	t.Setup(Request{Method: http.MethodPut, Bucket: bucket, Key: key, Body: body}, http.StatusOK)
}

// Setup sends a setup request (retried on 500/503) and fails the check
// as a setup error unless the status is one of ok.
func (t *T) Setup(req Request, ok ...int) *Response {
	r := t.setup.Do(t.ctx, req)
	for _, s := range ok {
		if r.Status == s {
			return r
		}
	}
	got := fmt.Sprintf("got %d", r.Status)
	if r.Err != nil {
		got = "got " + TransportProblem(r.Exchange)
	}
	ginkgo.Fail(fmt.Sprintf("setup failed, so the check could not run: expected status %v, %s\n%s", ok, got, r.Exchange), 2)
	return r
}

func (t *T) keep(r *Response) *Response {
	t.mu.Lock()
	t.responses = append(t.responses, r)
	t.mu.Unlock()
	return r
}

// Requester sends a check's requests, unretried, with one way of
// authenticating.
type Requester struct {
	t    *T
	auth Auth
}

// With returns a requester authenticating with auth.
func (t *T) With(auth Auth) Requester { return Requester{t: t, auth: auth} }

// Anonymous returns a requester sending no credentials.
func (t *T) Anonymous() Requester { return t.With(Auth{Mode: AuthAnonymous}) }

// WrongSecret returns a requester signing with the right access key and a
// wrong secret.
func (t *T) WrongSecret() Requester {
	creds := t.env.Target.Identity
	creds.SecretKey = "s3errconform-wrong-" + strings.Repeat("x", 20)
	return t.With(Auth{Credentials: &creds})
}

// UnknownAccessKey returns a requester signing with an access key no
// account has.
func (t *T) UnknownAccessKey() Requester {
	creds := t.env.Target.Identity
	creds.AccessKey = "S3ECUNKNOWN" + strings.ToUpper(t.env.Names.RunID())
	return t.With(Auth{Credentials: &creds})
}

// SecondIdentity returns a requester signing as the target's second
// identity; checks using it need the "second-identity" capability.
func (t *T) SecondIdentity() Requester {
	creds := t.env.Target.SecondIdentity
	return t.With(Auth{Credentials: &creds})
}

// Do sends one request of the check. A bucket it creates successfully is
// tracked for cleanup, so a server that wrongly accepts a request leaves
// nothing behind.
func (r Requester) Do(req Request) *Response {
	if req.Auth == (Auth{}) {
		req.Auth = r.auth
	}
	createsBucket := req.Method == http.MethodPut && req.Key == "" && len(req.Query) == 0
	putsObject := req.Method == http.MethodPut && req.Key != ""
	// In the run's own buckets, record before sending, as NewBucket does;
	// anything else only once the server says it was created.
	ours := r.t.env.Names.Owns(req.Bucket)
	track := func() {
		switch {
		case createsBucket:
			r.t.tracker.Bucket(req.Bucket)
		case putsObject:
			r.t.tracker.Object(req.Bucket, req.Key)
		}
	}
	if ours {
		track()
	}
	resp := r.t.keep(r.t.env.client.Do(r.t.ctx, req))
	if !ours && resp.Status == http.StatusOK {
		track()
	}
	return resp
}

// GetObject is GET /bucket/key.
func (r Requester) GetObject(bucket, key string) *Response {
	return r.Do(Request{Method: http.MethodGet, Bucket: bucket, Key: key})
}

// HeadObject is HEAD /bucket/key.
func (r Requester) HeadObject(bucket, key string) *Response {
	return r.Do(Request{Method: http.MethodHead, Bucket: bucket, Key: key})
}

// PutObject is PUT /bucket/key with body.
func (r Requester) PutObject(bucket, key string, body []byte) *Response {
	return r.Do(Request{Method: http.MethodPut, Bucket: bucket, Key: key, Body: body})
}

// DeleteObject is DELETE /bucket/key.
func (r Requester) DeleteObject(bucket, key string) *Response {
	return r.Do(Request{Method: http.MethodDelete, Bucket: bucket, Key: key})
}

// CreateBucket is PUT /bucket, naming the target's region as SDKs do.
func (r Requester) CreateBucket(bucket string) *Response {
	return r.Do(Request{Method: http.MethodPut, Bucket: bucket, Body: r.t.LocationBody()})
}

// DeleteBucket is DELETE /bucket.
func (r Requester) DeleteBucket(bucket string) *Response {
	return r.Do(Request{Method: http.MethodDelete, Bucket: bucket})
}

// HeadBucket is HEAD /bucket.
func (r Requester) HeadBucket(bucket string) *Response {
	return r.Do(Request{Method: http.MethodHead, Bucket: bucket})
}

// ListObjectsV2 is GET /bucket?list-type=2.
func (r Requester) ListObjectsV2(bucket string) *Response {
	return r.Do(Request{Method: http.MethodGet, Bucket: bucket, Query: url.Values{"list-type": {"2"}}})
}

// ListBuckets is GET /.
func (r Requester) ListBuckets() *Response {
	return r.Do(Request{Method: http.MethodGet})
}

// AccessKey is the access key this requester signs with ("" if anonymous).
func (r Requester) AccessKey() string {
	switch {
	case r.auth.Mode == AuthAnonymous:
		return ""
	case r.auth.Credentials != nil:
		return r.auth.Credentials.AccessKey
	}
	return r.t.env.Target.Identity.AccessKey
}
