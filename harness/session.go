package harness

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"sync"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"
	"github.com/onsi/gomega"
	gomegatypes "github.com/onsi/gomega/types"

	"github.com/s3errconform/s3errconform/harness/check"
	"github.com/s3errconform/s3errconform/harness/judge"
	"github.com/s3errconform/s3errconform/harness/soap"
	"github.com/s3errconform/s3errconform/harness/targets"
	"github.com/s3errconform/s3errconform/harness/wire"
)

// Env is what every check of a run shares: the target, its client and the
// run's bucket names. It is built before the suite, by the CLI or a
// suite_test.go bootstrap.
type Env struct {
	Target *targets.Target
	Names  *Namer
	// Only, when set, limits the checks DefineSpecs adds to Ginkgo to these
	// IDs (one shard of a parallel run); every check is still registered.
	Only map[string]bool
	// registry holds every check the suites registered, bodies holds
	// their bodies by ID; problems are registration errors.
	registry check.Registry
	bodies   map[string]func(*T)
	// at is the PC of each check's It call, for Ginkgo's reports.
	at       map[string]uintptr
	problems []error
	client   *wire.Client
	// otherClient sends to the target's other_region endpoint, signed for
	// that region; nil without one.
	otherClient *wire.Client
	// secrets are the run's: its keys, every signature its clients made.
	secrets *wire.Secrets
	// soap is the run's SOAP client, made on first use.
	soapOnce sync.Once
	soap     *soap.Client
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
func NewEnv(target *targets.Target, secrets *wire.Secrets) (*Env, error) {
	if secrets == nil {
		secrets = wire.NewSecrets()
	}
	client, err := wire.NewClientWith(target, secrets)
	if err != nil {
		return nil, err
	}
	var other *wire.Client
	if !target.OtherRegion.Empty() {
		if other, err = wire.NewClientWith(otherRegionTarget(target), secrets); err != nil {
			return nil, err
		}
	}
	cleanup, stop := context.WithCancel(context.Background())
	return &Env{Target: target, Names: NewNamer(), client: client, otherClient: other, secrets: secrets, cleanup: cleanup, stopCleanup: stop}, nil
}

// NewRegistry is an Env with no target, only for registering checks and
// reading them back (listings, CHECKS.md): its checks cannot run.
func NewRegistry() *Env { return &Env{} }

// Secrets are the run's keys and every signature it made.
func (e *Env) Secrets() *wire.Secrets { return e.secrets }

// StopCleanup makes running and later cleanups give up at once, leaving
// what they did not delete in the reports: for a second interrupt.
func (e *Env) StopCleanup() { e.stopCleanup() }

// Outstanding lists what running checks created and have not deleted
// yet: after an interrupt that skipped cleanup, what the run left behind.
func (e *Env) Outstanding() []check.Leftover {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []check.Leftover
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

// It registers a check: c, whose Suite and Family the Family sets, and
// the body that runs it. It does not touch Ginkgo; DefineSpecs does. A
// malformed check or a reused ID is reported by Checks and DefineSpecs.
func (f *Family) It(c check.Check, body func(t *T)) {
	c.Suite, c.Family = f.suite, f.name
	if err := f.env.registry.Add(c); err != nil {
		f.env.problems = append(f.env.problems, err)
		return
	}
	if f.env.bodies == nil {
		f.env.bodies, f.env.at = map[string]func(*T){}, map[string]uintptr{}
	}
	f.env.bodies[c.ID] = body
	// Only the caller's PC: resolving it to a file and line costs more than
	// the rest of registering, and only DefineSpecs needs it.
	var pc [1]uintptr
	runtime.Callers(2, pc[:])
	f.env.at[c.ID] = pc[0]
}

// codeLocation is the file and line of the It call whose PC is pc.
func codeLocation(pc uintptr) types.CodeLocation {
	frame, _ := runtime.CallersFrames([]uintptr{pc}).Next()
	return types.CodeLocation{FileName: frame.File, LineNumber: frame.Line}
}

// Checks returns every registered check, in registration order, or the
// registration errors.
func (e *Env) Checks() ([]check.Check, error) {
	if err := errors.Join(e.problems...); err != nil {
		return nil, err
	}
	return e.registry.Checks(), nil
}

// Check returns the registered check whose Ginkgo spec text is text.
func (e *Env) CheckOfSpec(text string) (check.Check, bool) {
	for _, c := range e.registry.Checks() {
		if c.SpecText() == text {
			return c, true
		}
	}
	return check.Check{}, false
}

// DefineSpecs adds the registered checks (those in Only, when set) to
// Ginkgo's tree, one It each: the only place checks meet Ginkgo. Call it
// after the suites' Register functions and before RunSpecs.
func (e *Env) DefineSpecs() error {
	checks, err := e.Checks()
	if err != nil {
		return err
	}
	for _, c := range checks {
		if e.Only != nil && !e.Only[c.ID] {
			continue
		}
		e.defineSpec(c, e.bodies[c.ID], codeLocation(e.at[c.ID]))
	}
	return nil
}

// defineSpec is one check as a Ginkgo spec. Its body gets a T for this
// check alone: its own buckets, cleaned up when it ends however it ends.
func (e *Env) defineSpec(c check.Check, body func(*T), at types.CodeLocation) {
	decorations := []any{ginkgo.Label(c.Labels()...), at}
	if c.Serial {
		// Under ginkgo -p too: a serial check needs the target to itself.
		decorations = append(decorations, ginkgo.Serial)
	}
	ginkgo.It(c.SpecText(), append(decorations, func(ctx ginkgo.SpecContext) {
		if why := unsupportedBy(e.Target, c); why != "" {
			ginkgo.Skip(why)
		}
		t := e.begin(ctx, c, ginkgoFail, ginkgo.Skip)
		// finish takes a context so that Ginkgo gives it its grace period
		// after an interrupt; a cleanup node without one is abandoned at
		// once. It cleans up with the Env's context, not this one.
		ginkgo.DeferCleanup(func(ginkgo.SpecContext) {
			rec := t.finish(ginkgo.CurrentSpecReport().Failed())
			for _, l := range rec.Leftovers {
				fmt.Fprintf(ginkgo.GinkgoWriter, "could not clean up %s\n", l)
			}
			for _, n := range rec.Notes {
				fmt.Fprintln(ginkgo.GinkgoWriter, n)
			}
			ginkgo.AddReportEntry(CheckRecordEntry, rec, ginkgo.ReportEntryVisibilityNever)
		})
		body(t)
		if err := t.primaryProblem(); err != nil {
			ginkgo.Fail(err.Error())
		}
	})...)
}

// ginkgoFail fails the running spec; skip counts the frames between the
// failing assertion and this function.
func ginkgoFail(message string, skip int) { ginkgo.Fail(message, skip+1) }

// T is a check's view of the target: requests made as the check, fixtures
// that clean up after themselves, and the record of every exchange.
type T struct {
	Check check.Check
	ctx   context.Context
	env   *Env
	Requester
	// client and setup send the check's and its fixtures' requests; both
	// record them in transcript, for the reproduction script.
	client     *wire.Client
	setup      *wire.Client
	transcript *wire.Transcript
	tracker    *Tracker

	// g is the check's own Gomega: its failures go to fail, not to a
	// process-wide handler.
	g    gomega.Gomega
	fail func(message string, skip int)
	skip func(message string, skip ...int)

	mu     sync.Mutex
	judged []judge.Judgement
}

// begin starts check c: fail ends it as failed, skip as skipped (under
// Ginkgo, ginkgo.Fail and ginkgo.Skip).
func (e *Env) begin(ctx context.Context, c check.Check, fail func(string, int), skip func(string, ...int)) *T {
	t := &T{Check: c, ctx: ctx, env: e, fail: fail, skip: skip}
	// Gomega calls its handler with the caller offset of the failing
	// assertion counted from its own frames; the handler adds its own.
	t.g = gomega.NewGomega(func(message string, callerSkip ...int) {
		skip := 0
		if len(callerSkip) > 0 {
			skip = callerSkip[0]
		}
		fail(message, skip+1)
	})
	t.transcript = &wire.Transcript{}
	t.client = e.client.RecordingTo(t.transcript)
	t.setup = t.client.Retrying()
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

// finish cleans up and returns the check's record for the reports, with a
// reproduction script if it failed. It runs after the body, also when the
// check failed or the run was interrupted; it uses the Env's cleanup
// context, not the check's, so an interrupt still cleans up and only
// StopCleanup cuts it short.
func (t *T) finish(failed bool) check.CheckRecord {
	t.transcript.BeginCleanup()
	left := t.tracker.Cleanup(t.env.cleanup)
	t.env.mu.Lock()
	delete(t.env.active, t.tracker)
	t.env.mu.Unlock()
	rec := check.CheckRecord{Check: t.Check, Leftovers: left, Notes: t.tracker.Notes()}
	t.mu.Lock()
	primary := t.primaryIndex()
	for i, j := range t.judged {
		judged := judge.Record(j)
		judged.Primary = i == primary
		rec.Responses = append(rec.Responses, judged)
	}
	if failed {
		rec.Script = t.script(primary)
	}
	t.mu.Unlock()
	return rec
}

// script is the check's transcript as a shell script; primary is the
// index of the judgement it failed on, or -1. Call it with t.mu held.
func (t *T) script(primary int) string {
	info := wire.ScriptInfo{CheckID: t.Check.ID, Title: t.Check.Title, Target: t.env.Target.Name, Endpoint: t.env.Target.Endpoint}
	var failing *wire.Response
	if primary >= 0 {
		j := t.judged[primary]
		failing = j.Response
		for _, v := range judge.Record(j).Verdicts {
			if !v.Pass {
				info.Failing = append(info.Failing, strings.TrimSpace(v.String()))
			}
		}
	}
	return t.transcript.Script(info, failing)
}

// primaryIndex is the judgement the check is about: the first against its
// declared code, or for a check expecting success the first of all; -1
// when there is none.
func (t *T) primaryIndex() int {
	for i, j := range t.judged {
		if j.Code == t.Check.Code {
			return i
		}
	}
	if t.Check.Code == "" && len(t.judged) > 0 {
		return 0
	}
	return -1
}

// primaryProblem says what is wrong when a check that ran to its end
// judged error codes but not the one it declares: its Code and its body
// disagree, so its headline would be about something else.
func (t *T) primaryProblem() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.primaryIndex() >= 0 {
		return nil
	}
	// Judging only successes is a variant the target declared (e.g. SOAP
	// DeleteObject of a missing key under soap_delete_missing: success);
	// judging another error code is a check at odds with itself.
	var codes []string
	for _, j := range t.judged {
		if j.Code != "" {
			codes = append(codes, fmt.Sprintf("%q", j.Code))
		}
	}
	if len(codes) == 0 {
		return nil
	}
	return fmt.Errorf("check %s declares code %q but judged its responses against %s: fix the check's Code or its matcher", t.Check.ID, t.Check.Code, strings.Join(codes, ", "))
}

// Expect starts an assertion on actual with the check's own Gomega.
// Judgements of harness/judge matchers go into the check's record.
func (t *T) Expect(actual any, extra ...any) Assertion {
	return Assertion{t: t, a: t.g.Expect(actual, extra...)}
}

// Assertion is a Gomega assertion that records what judge matchers judged.
type Assertion struct {
	t *T
	a gomegatypes.Assertion
}

// To asserts that matcher succeeds.
func (a Assertion) To(matcher gomegatypes.GomegaMatcher, description ...any) bool {
	return a.a.WithOffset(1).To(a.t.observe(matcher), description...)
}

// NotTo asserts that matcher fails.
func (a Assertion) NotTo(matcher gomegatypes.GomegaMatcher, description ...any) bool {
	return a.a.WithOffset(1).NotTo(a.t.observe(matcher), description...)
}

// observe wraps matcher so that its judgement is recorded when it matches.
func (t *T) observe(matcher gomegatypes.GomegaMatcher) gomegatypes.GomegaMatcher {
	if _, ok := matcher.(judge.Judging); !ok {
		return matcher
	}
	return observed{GomegaMatcher: matcher, t: t}
}

type observed struct {
	gomegatypes.GomegaMatcher
	t *T
}

func (o observed) Match(actual any) (bool, error) {
	ok, err := o.GomegaMatcher.Match(actual)
	if j := o.GomegaMatcher.(judge.Judging).Judgement(); j.Response != nil && err == nil {
		o.t.mu.Lock()
		o.t.judged = append(o.t.judged, j)
		o.t.mu.Unlock()
	}
	return ok, err
}

// Skip ends the check as skipped, saying why.
func (t *T) Skip(why string) { t.skip(why, 1) }

// Fail ends the check as failed with message.
func (t *T) Fail(message string) { t.fail(message, 1) }

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
	t.Setup(wire.Request{Method: http.MethodPut, Bucket: bucket, Key: key, Body: body}, http.StatusOK)
}

// Setup sends a setup request (retried on 500/503) and fails the check
// as a setup error unless the status is one of ok.
func (t *T) Setup(req wire.Request, ok ...int) *wire.Response {
	return t.setupThrough(t.setup, "setup", req, ok...)
}

// setupThrough sends a setup request through client; what names the
// setup in the failure. The failure points at the caller of its caller.
func (t *T) setupThrough(client *wire.Client, what string, req wire.Request, ok ...int) *wire.Response {
	r := client.Do(t.ctx, req)
	for _, s := range ok {
		if r.Status == s {
			return r
		}
	}
	got := fmt.Sprintf("got %d", r.Status)
	if r.Err != nil {
		got = "got " + wire.TransportProblem(r.Exchange)
	}
	t.fail(fmt.Sprintf("%s failed, so the check could not run: expected status %v, %s\n%s", what, ok, got, r.Exchange), 3)
	return r
}

// Requester sends a check's requests, unretried, with one way of
// authenticating.
type Requester struct {
	t    *T
	auth wire.Auth
}

// With returns a requester authenticating the way auth says (mode,
// signing time, region, expiry) with r's keys, whatever auth.Credentials
// holds: check bodies never choose keys, they pick a requester, e.g.
// t.WrongSecret().With(wire.Auth{Mode: wire.AuthPresignV4}).
func (r Requester) With(auth wire.Auth) Requester {
	auth.Credentials = r.auth.Credentials
	return Requester{t: r.t, auth: auth}
}

// Anonymous returns a requester sending no credentials.
func (t *T) Anonymous() Requester { return t.With(wire.Auth{Mode: wire.AuthAnonymous}) }

// WrongSecret returns a requester signing with the right access key and a
// wrong secret.
func (t *T) WrongSecret() Requester { return t.signingAs(t.env.wrongSecret()) }

// UnknownAccessKey returns a requester signing with an access key no
// account has.
func (t *T) UnknownAccessKey() Requester { return t.signingAs(t.env.unknownAccessKey()) }

// SecondIdentity returns a requester signing as the target's second
// identity; checks using it need the "second-identity" capability.
func (t *T) SecondIdentity() Requester { return t.signingAs(t.env.Target.SecondIdentity) }

// ExpiredSession returns a requester signing with the target's expired
// temporary credentials, token included; checks using it need the
// "expired-session" capability.
func (t *T) ExpiredSession() Requester { return t.signingAs(t.env.Target.ExpiredSession) }

func (t *T) signingAs(creds targets.Credentials) Requester {
	return Requester{t: t, auth: wire.Auth{Credentials: &creds}}
}

// wrongSecret is the main identity's access key with a secret that is not
// its own, for REST and SOAP alike.
func (e *Env) wrongSecret() targets.Credentials {
	creds := e.Target.Identity
	creds.SecretKey = "s3errconform-wrong-" + strings.Repeat("x", 20)
	return creds
}

// unknownAccessKey is an access key no account has, this run's own.
func (e *Env) unknownAccessKey() targets.Credentials {
	creds := e.Target.Identity
	creds.AccessKey = "S3ECUNKNOWN" + strings.ToUpper(e.Names.RunID())
	return creds
}

// Do sends one request of the check. A bucket it creates successfully is
// tracked for cleanup, so a server that wrongly accepts a request leaves
// nothing behind.
func (r Requester) Do(req wire.Request) *wire.Response {
	if req.Auth == (wire.Auth{}) {
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
	resp := r.t.client.Do(r.t.ctx, req)
	if !ours && resp.Status == http.StatusOK {
		track()
	}
	return resp
}

// GetObject is GET /bucket/key.
func (r Requester) GetObject(bucket, key string) *wire.Response {
	return r.Do(wire.Request{Method: http.MethodGet, Bucket: bucket, Key: key})
}

// HeadObject is HEAD /bucket/key.
func (r Requester) HeadObject(bucket, key string) *wire.Response {
	return r.Do(wire.Request{Method: http.MethodHead, Bucket: bucket, Key: key})
}

// PutObject is PUT /bucket/key with body.
func (r Requester) PutObject(bucket, key string, body []byte) *wire.Response {
	return r.Do(wire.Request{Method: http.MethodPut, Bucket: bucket, Key: key, Body: body})
}

// DeleteObject is DELETE /bucket/key.
func (r Requester) DeleteObject(bucket, key string) *wire.Response {
	return r.Do(wire.Request{Method: http.MethodDelete, Bucket: bucket, Key: key})
}

// CreateBucket is PUT /bucket, naming the target's region as SDKs do.
func (r Requester) CreateBucket(bucket string) *wire.Response {
	return r.Do(wire.Request{Method: http.MethodPut, Bucket: bucket, Body: r.t.LocationBody()})
}

// DeleteBucket is DELETE /bucket.
func (r Requester) DeleteBucket(bucket string) *wire.Response {
	return r.Do(wire.Request{Method: http.MethodDelete, Bucket: bucket})
}

// HeadBucket is HEAD /bucket.
func (r Requester) HeadBucket(bucket string) *wire.Response {
	return r.Do(wire.Request{Method: http.MethodHead, Bucket: bucket})
}

// ListObjectsV2 is GET /bucket?list-type=2.
func (r Requester) ListObjectsV2(bucket string) *wire.Response {
	return r.Do(wire.Request{Method: http.MethodGet, Bucket: bucket, Query: url.Values{"list-type": {"2"}}})
}

// ListBuckets is GET /.
func (r Requester) ListBuckets() *wire.Response {
	return r.Do(wire.Request{Method: http.MethodGet})
}

// AccessKey is the access key this requester signs with ("" if anonymous),
// never its secret: for the AWSAccessKeyId an error names. t.AccessKey()
// is the main identity's.
func (r Requester) AccessKey() string {
	switch {
	case r.auth.Mode == wire.AuthAnonymous:
		return ""
	case r.auth.Credentials != nil:
		return r.auth.Credentials.AccessKey
	}
	return r.t.env.Target.Identity.AccessKey
}
