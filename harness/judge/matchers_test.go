package judge

import (
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/s3errconform/s3errconform/catalog"
	"github.com/s3errconform/s3errconform/harness/check"
	"github.com/s3errconform/s3errconform/harness/targets"
	"github.com/s3errconform/s3errconform/harness/wire"
)

// errorDoc is the parts of a synthetic error body; empty fields are left
// out, and extra is inserted verbatim before RequestId.
type errorDoc struct {
	root, code, message, resource, requestID, hostID, extra string
	noMessage                                               bool
}

func (d errorDoc) String() string {
	root := d.root
	if root == "" {
		root = "Error"
	}
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n<" + root + ">")
	if d.code != "" {
		b.WriteString("<Code>" + d.code + "</Code>")
	}
	if !d.noMessage {
		b.WriteString("<Message>" + d.message + "</Message>")
	}
	if d.resource != "" {
		b.WriteString("<Resource>" + d.resource + "</Resource>")
	}
	b.WriteString(d.extra)
	if d.requestID != "" {
		b.WriteString("<RequestId>" + d.requestID + "</RequestId>")
	}
	if d.hostID != "" {
		b.WriteString("<HostId>" + d.hostID + "</HostId>")
	}
	closing := root
	if i := strings.IndexByte(root, ' '); i >= 0 {
		closing = root[:i]
	}
	b.WriteString("</" + closing + ">")
	return b.String()
}

const (
	testReqID  = "4442587FB7D0A2F9"
	testHostID = "IOWQ4fDEXAMPLEQM+ey7N9WgVhSnQ6JEXAMPLEZb7hSQDASK+Jd1vEXAMPLEa3Km"
)

// exactNoSuchKey is an S3 NoSuchKey answer to GET /b/k, as AWS sends it.
func exactNoSuchKey(profile string) *wire.Response {
	doc := errorDoc{code: "NoSuchKey", message: "The specified key does not exist.", extra: "<Key>k</Key>", requestID: testReqID, hostID: testHostID}
	return synthetic(profile, "GET", 404, doc.String())
}

func synthetic(profile, method string, status int, body string) *wire.Response {
	return &wire.Response{
		Exchange: &wire.Exchange{
			Method: method,
			URL:    "http://127.0.0.1:9000/b/k",
			RequestHeader: http.Header{
				"Authorization": {"AWS4-HMAC-SHA256 Credential=AK/20130524/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0badc0ffee0badc0ffee"},
			},
			Status: status,
			Proto:  "HTTP/1.1",
			ResponseHeader: http.Header{
				"Content-Type":     {"application/xml"},
				"X-Amz-Request-Id": {testReqID},
				"X-Amz-Id-2":       {testHostID},
			},
			Body: []byte(body),
		},
		Request: wire.Request{Method: method, Bucket: "b", Key: "k"},
		Profile: profile,
	}
}

func failing(vs []check.Verdict) []string {
	var out []string
	for _, v := range vs {
		if !v.Pass {
			out = append(out, v.Field)
		}
	}
	sort.Strings(out)
	return out
}

func fields(vs []check.Verdict) map[string]check.Verdict {
	m := map[string]check.Verdict{}
	for _, v := range vs {
		m[v.Field] = v
	}
	return m
}

func TestHaveS3ErrorExactPasses(t *testing.T) {
	for _, profile := range []string{targets.ProfileStrict, targets.ProfileCompatible} {
		r := exactNoSuchKey(profile)
		m := HaveS3Error("NoSuchKey", Element("Key", "k"), ElementPresent("Key"))
		ok, err := match(m, r)
		if err != nil || !ok {
			t.Errorf("%s: exact NoSuchKey failed: %v\n%s", profile, err, m.FailureMessage(r))
		}
		if !checked(r) || len(verdictsOf(r)) == 0 {
			t.Errorf("%s: Checked %v, %d verdicts", profile, checked(r), len(verdictsOf(r)))
		}
		want := []string{"status", "header x-amz-request-id", "header x-amz-id-2", "Content-Type", "root element", "code", "message", "RequestId", "HostId", "element Key"}
		got := fields(verdictsOf(r))
		for _, f := range want {
			if _, ok := got[f]; !ok {
				t.Errorf("%s: no verdict on %s: %+v", profile, f, verdictsOf(r))
			}
		}
		if _, ok := got["Resource"]; ok {
			t.Errorf("%s: a verdict on an absent Resource: %+v", profile, got["Resource"])
		}
	}
}

func TestHaveS3ErrorDeviations(t *testing.T) {
	strict, compat := targets.ProfileStrict, targets.ProfileCompatible
	base := errorDoc{code: "NoSuchKey", message: "The specified key does not exist.", extra: "<Key>k</Key>", requestID: testReqID, hostID: testHostID}
	with := func(f func(*errorDoc)) string { d := base; f(&d); return d.String() }

	tests := []struct {
		name     string
		profiles []string
		code     string // default NoSuchKey
		elements []ElementExpectation
		status   int // default 404
		body     string
		header   func(http.Header)
		request  *wire.Request
		// wantFail is the sorted fields that must fail; nil means pass.
		wantFail []string
	}{
		{name: "status", profiles: []string{strict, compat}, status: 400, wantFail: []string{"status"}},
		{name: "code", profiles: []string{strict, compat}, body: with(func(d *errorDoc) { d.code = "NoSuchBucket" }), wantFail: []string{"code"}},
		{name: "code absent", profiles: []string{strict, compat}, body: with(func(d *errorDoc) { d.code = "" }), wantFail: []string{"code"}},
		{name: "code case", profiles: []string{strict, compat}, body: with(func(d *errorDoc) { d.code = "nosuchkey" }), wantFail: []string{"code"}},
		{name: "message of a wire code, strict", profiles: []string{strict}, body: with(func(d *errorDoc) { d.message = "Key not found" }), wantFail: []string{"message"}},
		{name: "message of a wire code, compatible", profiles: []string{compat}, body: with(func(d *errorDoc) { d.message = "Key not found" })},
		{name: "message absent, strict", profiles: []string{strict}, body: with(func(d *errorDoc) { d.noMessage = true }), wantFail: []string{"message"}},
		{name: "message absent, compatible", profiles: []string{compat}, body: with(func(d *errorDoc) { d.noMessage = true })},
		{name: "message trailing period", profiles: []string{strict}, body: with(func(d *errorDoc) { d.message = "The specified key does not exist" }), wantFail: []string{"message"}},
		{
			name: "empty message of a non-exact code, strict", profiles: []string{strict}, code: "AccountProblem", status: 403,
			body:     errorDoc{code: "AccountProblem", message: "", requestID: testReqID, hostID: testHostID}.String(),
			wantFail: []string{"message"},
		},
		{
			name: "blank message of a non-exact code, strict", profiles: []string{strict}, code: "AccountProblem", status: 403,
			body:     errorDoc{code: "AccountProblem", message: "  ", requestID: testReqID, hostID: testHostID}.String(),
			wantFail: []string{"message"},
		},
		{
			name: "other message of a non-exact code", profiles: []string{strict, compat}, code: "AccountProblem", status: 403,
			body: errorDoc{code: "AccountProblem", message: "Your account is suspended.", requestID: testReqID, hostID: testHostID}.String(),
		},
		{
			name: "empty message of a non-exact code, compatible", profiles: []string{compat}, code: "AccountProblem", status: 403,
			body: errorDoc{code: "AccountProblem", message: "", requestID: testReqID, hostID: testHostID}.String(),
		},
		{name: "x-amz-request-id missing", profiles: []string{strict, compat}, header: func(h http.Header) { h.Del("X-Amz-Request-Id") }, wantFail: []string{"header x-amz-request-id"}},
		{name: "x-amz-request-id twice", profiles: []string{strict, compat}, header: func(h http.Header) { h.Add("X-Amz-Request-Id", "OTHER") }, wantFail: []string{"header x-amz-request-id"}},
		{name: "x-amz-request-id missing and no RequestId", profiles: []string{strict, compat}, header: func(h http.Header) { h.Del("X-Amz-Request-Id") }, body: with(func(d *errorDoc) { d.requestID = "" }), wantFail: []string{"RequestId", "header x-amz-request-id"}},
		{name: "x-amz-request-id empty", profiles: []string{strict, compat}, header: func(h http.Header) { h.Set("X-Amz-Request-Id", "") }, wantFail: []string{"header x-amz-request-id"}},
		{name: "x-amz-id-2 missing (HostId not compared again)", profiles: []string{strict, compat}, header: func(h http.Header) { h.Del("X-Amz-Id-2") }, wantFail: []string{"header x-amz-id-2"}},
		{name: "x-amz-id-2 missing, no HostId, strict", profiles: []string{strict}, header: func(h http.Header) { h.Del("X-Amz-Id-2") }, body: with(func(d *errorDoc) { d.hostID = "" }), wantFail: []string{"HostId", "header x-amz-id-2"}},
		{name: "x-amz-id-2 missing, no HostId, compatible", profiles: []string{compat}, header: func(h http.Header) { h.Del("X-Amz-Id-2") }, body: with(func(d *errorDoc) { d.hostID = "" }), wantFail: []string{"header x-amz-id-2"}},
		{name: "RequestId differs from header", profiles: []string{strict, compat}, body: with(func(d *errorDoc) { d.requestID = "DIFFERENT" }), wantFail: []string{"RequestId"}},
		{name: "RequestId absent", profiles: []string{strict, compat}, body: with(func(d *errorDoc) { d.requestID = "" }), wantFail: []string{"RequestId"}},
		{name: "HostId differs from x-amz-id-2", profiles: []string{strict, compat}, body: with(func(d *errorDoc) { d.hostID = "DIFFERENT" }), wantFail: []string{"HostId"}},
		// Every captured AWS error body has HostId (REST.md §2).
		{name: "HostId absent, strict", profiles: []string{strict}, body: with(func(d *errorDoc) { d.hostID = "" }), wantFail: []string{"HostId"}},
		{name: "HostId absent, compatible", profiles: []string{compat}, body: with(func(d *errorDoc) { d.hostID = "" })},
		{name: "Content-Type with charset", profiles: []string{strict, compat}, header: func(h http.Header) { h.Set("Content-Type", "application/xml; charset=utf-8") }},
		{name: "Content-Type text/xml, strict", profiles: []string{strict}, header: func(h http.Header) { h.Set("Content-Type", "text/xml") }, wantFail: []string{"Content-Type"}},
		{name: "Content-Type text/xml, compatible", profiles: []string{compat}, header: func(h http.Header) { h.Set("Content-Type", "text/xml") }},
		{name: "Content-Type text/plain", profiles: []string{strict, compat}, header: func(h http.Header) { h.Set("Content-Type", "text/plain") }, wantFail: []string{"Content-Type"}},
		{name: "Content-Type absent", profiles: []string{strict, compat}, header: func(h http.Header) { h.Del("Content-Type") }, wantFail: []string{"Content-Type"}},
		{name: "root not Error", profiles: []string{strict, compat}, body: with(func(d *errorDoc) { d.root = "ErrorResponse" }), wantFail: []string{"root element"}},
		{name: "namespaced Error, strict", profiles: []string{strict}, body: with(func(d *errorDoc) { d.root = `Error xmlns="http://s3.amazonaws.com/doc/2006-03-01/"` }), wantFail: []string{"root element"}},
		{name: "namespaced Error, compatible", profiles: []string{compat}, body: with(func(d *errorDoc) { d.root = `Error xmlns="http://s3.amazonaws.com/doc/2006-03-01/"` })},
		{name: "Resource names the object", profiles: []string{strict, compat}, body: with(func(d *errorDoc) { d.resource = "/b/k" })},
		{name: "Resource names the key", profiles: []string{strict, compat}, body: with(func(d *errorDoc) { d.resource = "k" })},
		{name: "Resource names the bucket", profiles: []string{strict, compat}, body: with(func(d *errorDoc) { d.resource = "/b" })},
		{name: "Resource names another bucket", profiles: []string{strict, compat}, body: with(func(d *errorDoc) { d.resource = "/other-bucket/k" }), wantFail: []string{"Resource"}},
		{name: "Resource names another key", profiles: []string{strict, compat}, body: with(func(d *errorDoc) { d.resource = "/b/other" }), wantFail: []string{"Resource"}},
		{name: "Resource empty", profiles: []string{strict, compat}, body: with(func(d *errorDoc) { d.resource = "" })},
		{
			name: "Resource names the copy source", profiles: []string{strict, compat}, elements: []ElementExpectation{Element("Key", "k"), About("src", "missing")},
			body: with(func(d *errorDoc) { d.resource = "/src/missing" }),
		},
		{
			name: "Resource names the source bucket", profiles: []string{strict, compat}, elements: []ElementExpectation{Element("Key", "k"), About("src", "missing")},
			body: with(func(d *errorDoc) { d.resource = "/src" }),
		},
		{
			name: "Resource names the destination of a copy", profiles: []string{strict, compat}, elements: []ElementExpectation{Element("Key", "k"), About("src", "missing")},
			body: with(func(d *errorDoc) { d.resource = "/b/k" }),
		},
		{
			name: "Resource names neither copy source nor destination", profiles: []string{strict, compat}, elements: []ElementExpectation{Element("Key", "k"), About("src", "missing")},
			body: with(func(d *errorDoc) { d.resource = "/src/other" }), wantFail: []string{"Resource"},
		},
		{
			name: "Resource of a key that is not UTF-8, with U+FFFD", profiles: []string{strict, compat},
			body: with(func(d *errorDoc) { d.resource = "/b/\uFFFD\uFFFD-" }), request: &wire.Request{Method: "GET", Bucket: "b", Key: "\xae\x8a-"},
		},
		{
			name: "Resource of a key that is not UTF-8, escaped", profiles: []string{strict, compat},
			body: with(func(d *errorDoc) { d.resource = "/b/%AE%8A-" }), request: &wire.Request{Method: "GET", Bucket: "b", Key: "\xae\x8a-"},
		},
		{
			name: "Resource of a key that is not UTF-8, valid part differs", profiles: []string{strict, compat},
			body: with(func(d *errorDoc) { d.resource = "/b/\uFFFD\uFFFD+" }), request: &wire.Request{Method: "GET", Bucket: "b", Key: "\xae\x8a-"},
			wantFail: []string{"Resource"},
		},
		{
			name: "Resource of a key that is not UTF-8, another name", profiles: []string{strict, compat},
			body: with(func(d *errorDoc) { d.resource = "/c/zz-" }), request: &wire.Request{Method: "GET", Bucket: "b", Key: "\xae\x8a-"},
			wantFail: []string{"Resource"},
		},
		{
			name: "Resource on a request without bucket", profiles: []string{strict, compat},
			body: with(func(d *errorDoc) { d.resource = "/anything" }), request: &wire.Request{Method: "GET"},
		},
		{name: "code element missing", profiles: []string{strict, compat}, body: with(func(d *errorDoc) { d.extra = "" }), wantFail: []string{"element Key"}},
		{name: "code element wrong", profiles: []string{strict, compat}, body: with(func(d *errorDoc) { d.extra = "<Key>other</Key>" }), wantFail: []string{"element Key"}},
		{name: "code element empty", profiles: []string{strict, compat}, body: with(func(d *errorDoc) { d.extra = "<Key/>" }), wantFail: []string{"element Key"}},
		{name: "ElementPresent satisfied", profiles: []string{strict, compat}, elements: []ElementExpectation{ElementPresent("Key")}, body: with(func(d *errorDoc) { d.extra = "<Key>whatever</Key>" })},
		{name: "ElementPresent empty", profiles: []string{strict, compat}, elements: []ElementExpectation{ElementPresent("Key")}, body: with(func(d *errorDoc) { d.extra = "<Key></Key>" }), wantFail: []string{"element Key"}},
		{name: "ElementPresent absent", profiles: []string{strict, compat}, elements: []ElementExpectation{ElementPresent("Key")}, body: with(func(d *errorDoc) { d.extra = "" }), wantFail: []string{"element Key"}},
		{name: "Element with empty value", profiles: []string{strict, compat}, elements: []ElementExpectation{Element("Key", "")}, body: with(func(d *errorDoc) { d.extra = "<Key/>" })},
		{name: "Element with empty value, absent", profiles: []string{strict, compat}, elements: []ElementExpectation{Element("Key", "")}, body: with(func(d *errorDoc) { d.extra = "" }), wantFail: []string{"element Key"}},
		{name: "unknown elements and whitespace", profiles: []string{strict, compat}, body: with(func(d *errorDoc) { d.extra = "\n  <Key>k</Key>\n  <Extra>x</Extra>\n" })},
		{name: "body not XML", profiles: []string{strict, compat}, body: "<html><body>Not Found", wantFail: []string{"body"}},
		{name: "body empty", profiles: []string{strict, compat}, body: "", wantFail: []string{"body"}},
	}
	for _, tc := range tests {
		for _, profile := range tc.profiles {
			t.Run(tc.name+"/"+profile, func(t *testing.T) {
				r := exactNoSuchKey(profile)
				if tc.status != 0 {
					r.Status = tc.status
				}
				if tc.body != "" || strings.HasPrefix(tc.name, "body") {
					r.Body = []byte(tc.body)
				}
				if tc.header != nil {
					tc.header(r.ResponseHeader)
				}
				if tc.request != nil {
					r.Request = *tc.request
				}
				code := tc.code
				if code == "" {
					code = "NoSuchKey"
				}
				elements := tc.elements
				if elements == nil && code == "NoSuchKey" {
					elements = []ElementExpectation{Element("Key", "k")}
				}
				m := HaveS3Error(code, elements...)
				ok, err := match(m, r)
				if err != nil {
					t.Fatal(err)
				}
				got := failing(verdictsOf(r))
				if ok != (tc.wantFail == nil) || strings.Join(got, ",") != strings.Join(tc.wantFail, ",") {
					t.Errorf("Match = %v, failing %q; want failing %q\n%s", ok, got, tc.wantFail, m.FailureMessage(r))
				}
			})
		}
	}
}

// A name XML cannot carry is judged on its valid part, and the verdict
// says so.
func TestResourceNotUTF8Noted(t *testing.T) {
	r := exactNoSuchKey(targets.ProfileStrict)
	r.Request = wire.Request{Method: "GET", Bucket: "b", Key: "\xae\x8a-"}
	r.Body = []byte(errorDoc{code: "InvalidURI", message: "Couldn't parse the specified URI.", resource: "/b/\uFFFD\uFFFD-", requestID: testReqID, hostID: testHostID}.String())
	r.Status = 400
	match(HaveS3Error("InvalidURI"), r)
	if v := fields(verdictsOf(r))["Resource"]; !v.Pass || !strings.Contains(v.Note, "not valid UTF-8") {
		t.Errorf("Resource verdict %+v", v)
	}
}

func TestHaveS3ErrorReportsWithoutJudging(t *testing.T) {
	r := exactNoSuchKey(targets.ProfileCompatible)
	r.Body = []byte(errorDoc{code: "NoSuchKey", message: "Object missing", extra: "<Key>k</Key>", requestID: testReqID, hostID: testHostID}.String())
	match(HaveS3Error("NoSuchKey", Element("Key", "k")), r)
	v := fields(verdictsOf(r))["message"]
	if !v.Pass || v.Observed != `"Object missing"` || v.Expected != `"The specified key does not exist."` || v.Note == "" {
		t.Errorf("compatible message verdict %+v", v)
	}

	r = exactNoSuchKey(targets.ProfileStrict)
	r.Body = []byte(errorDoc{code: "AccountProblem", message: "Something", requestID: testReqID, hostID: testHostID}.String())
	r.Status = 403
	match(HaveS3Error("AccountProblem"), r)
	v = fields(verdictsOf(r))["message"]
	e := catalog.MustLookup("AccountProblem")
	if !v.Pass || !strings.Contains(v.Note, string(e.MessageKind)) {
		t.Errorf("strict non-exact message verdict %+v", v)
	}
}

func TestHaveS3ErrorHead(t *testing.T) {
	for _, profile := range []string{targets.ProfileStrict, targets.ProfileCompatible} {
		r := synthetic(profile, "HEAD", 404, "")
		r.ResponseHeader.Del("Content-Type") // not judged on HEAD
		ok, _ := match(HaveS3Error("NoSuchKey", Element("Key", "k")), r)
		if !ok {
			t.Errorf("%s: bodiless HEAD 404 failed: %+v", profile, verdictsOf(r))
		}
		got := map[string]bool{}
		for _, v := range verdictsOf(r) {
			got[v.Field] = true
		}
		want := map[string]bool{"status": true, "header x-amz-request-id": true, "header x-amz-id-2": true, "body": true}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: HEAD judged on %v, want %v", profile, got, want)
		}

		r = synthetic(profile, "HEAD", 404, "<Error><Code>NoSuchKey</Code></Error>")
		if ok, _ := match(HaveS3Error("NoSuchKey"), r); ok || strings.Join(failing(verdictsOf(r)), ",") != "body" {
			t.Errorf("%s: HEAD with a body: failing %q", profile, failing(verdictsOf(r)))
		}
		if v := fields(verdictsOf(r))["body"]; !strings.Contains(v.Observed, "NoSuchKey") || !strings.Contains(v.Observed, "bytes") {
			t.Errorf("%s: body verdict %+v", profile, v)
		}

		r = synthetic(profile, "HEAD", 403, "")
		r.ResponseHeader.Del("X-Amz-Request-Id")
		match(HaveS3Error("NoSuchKey"), r)
		if got := strings.Join(failing(verdictsOf(r)), ","); got != "header x-amz-request-id,status" {
			t.Errorf("%s: HEAD 403 without request id: failing %q", profile, got)
		}
	}
}

func TestMatchersTransportError(t *testing.T) {
	for _, m := range []interface {
		Match(any) (bool, error)
		FailureMessage(any) string
	}{HaveS3Error("NoSuchKey"), HaveStatus(404), HaveEmptyBody()} {
		r := &wire.Response{
			Exchange: &wire.Exchange{Method: "GET", URL: "http://127.0.0.1:1/b/k", Err: errors.New(`Get "http://127.0.0.1:1/b/k?X-Amz-Signature=feedface": connection refused`)},
			Request:  wire.Request{Method: "GET", Bucket: "b", Key: "k"},
			Profile:  targets.ProfileStrict,
		}
		ok, err := match(m, r)
		if ok || err != nil {
			t.Errorf("Match = %v, %v", ok, err)
		}
		if len(verdictsOf(r)) != 1 || verdictsOf(r)[0].Field != "transport" || verdictsOf(r)[0].Pass || !strings.Contains(verdictsOf(r)[0].Observed, "connection refused") {
			t.Errorf("verdicts %+v", verdictsOf(r))
		}
		msg := m.FailureMessage(r)
		if strings.Contains(msg, "feedface") || !strings.Contains(msg, "FAIL transport") {
			t.Errorf("failure message:\n%s", msg)
		}
	}

	// A response whose body could not be read to the end is judged, and
	// the read error fails it.
	r := exactNoSuchKey(targets.ProfileStrict)
	r.Err = errors.New("reading the response body: unexpected EOF")
	ok, _ := match(HaveS3Error("NoSuchKey", Element("Key", "k")), r)
	if ok || strings.Join(failing(verdictsOf(r)), ",") != "transport" {
		t.Errorf("Match = %v, failing %q", ok, failing(verdictsOf(r)))
	}
}

func TestFailureMessage(t *testing.T) {
	r := exactNoSuchKey(targets.ProfileStrict)
	r.Status = 500
	r.Body = []byte(errorDoc{code: "InternalError", message: "boom", requestID: testReqID, hostID: testHostID, extra: "<SignatureProvided>0badc0ffee0badc0ffee</SignatureProvided>"}.String())
	m := HaveS3Error("NoSuchKey", Element("Key", "k"))
	if ok, _ := match(m, r); ok {
		t.Fatal("matched")
	}
	msg := m.FailureMessage(r)
	if !strings.HasPrefix(msg, "Expected S3 error NoSuchKey (profile strict)\n") {
		t.Errorf("headline: %q", strings.SplitN(msg, "\n", 2)[0])
	}
	for _, v := range verdictsOf(r) {
		if !strings.Contains(msg, v.String()+"\n") {
			t.Errorf("no line for verdict %q in:\n%s", v.String(), msg)
		}
	}
	for _, w := range []string{
		"  FAIL status: expected 404, observed 500",
		`  FAIL code: expected NoSuchKey, observed "InternalError"`,
		`  FAIL element Key: expected "k", observed absent`,
		"  PASS header x-amz-request-id",
		"--- request\nGET http://127.0.0.1:9000/b/k\n",
		"Signature=REDACTED",
		"<SignatureProvided>REDACTED</SignatureProvided>",
		"HTTP/1.1 500 Internal Server Error",
	} {
		if !strings.Contains(msg, w) {
			t.Errorf("failure message lacks %q:\n%s", w, msg)
		}
	}
	if strings.Contains(msg, "0badc0ffee") {
		t.Errorf("failure message shows a signature:\n%s", msg)
	}
	if neg := m.NegatedFailureMessage(r); !strings.HasPrefix(neg, "Expected anything but S3 error NoSuchKey") {
		t.Errorf("negated message %q", neg)
	}
}

func TestMatcherVerdictsAccumulate(t *testing.T) {
	r := exactNoSuchKey(targets.ProfileStrict)
	match(HaveStatus(404), r)
	match(HaveS3Error("NoSuchKey", Element("Key", "k")), r)
	if !checked(r) || verdictsOf(r)[0].Field != "status" || len(verdictsOf(r)) < 2 {
		t.Errorf("verdicts %+v", verdictsOf(r))
	}
	if _, err := HaveStatus(404).Match("not a response"); err == nil {
		t.Error("Match accepted a string")
	}
	if _, err := HaveS3Error("NoSuchKey").Match(r.Exchange); err == nil {
		t.Error("Match accepted an *Exchange")
	}
}

func TestHaveS3ErrorUnknownCodePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic for an unknown code")
		}
	}()
	match(HaveS3Error("NoSuchThingAtAll"), exactNoSuchKey(targets.ProfileStrict))
}

func TestHaveStatusAndEmptyBody(t *testing.T) {
	r := synthetic(targets.ProfileStrict, "DELETE", 204, "")
	if ok, _ := match(HaveStatus(204), r); !ok {
		t.Errorf("HaveStatus(204) failed: %+v", verdictsOf(r))
	}
	if ok, _ := match(HaveEmptyBody(), r); !ok {
		t.Errorf("HaveEmptyBody failed: %+v", verdictsOf(r))
	}
	m := HaveStatus(200)
	if ok, _ := match(m, r); ok {
		t.Error("HaveStatus(200) passed a 204")
	}
	if msg := m.FailureMessage(r); !strings.Contains(msg, "Expected HTTP status 200") || !strings.Contains(msg, "FAIL status: expected 200, observed 204") {
		t.Errorf("failure message:\n%s", msg)
	}
	r = synthetic(targets.ProfileStrict, "GET", 200, "hello")
	m = HaveEmptyBody()
	if ok, _ := match(m, r); ok {
		t.Error("HaveEmptyBody passed a body")
	}
	if v := verdictsOf(r)[len(verdictsOf(r))-1]; v.Field != "body" || v.Observed != `5 bytes: "hello"` {
		t.Errorf("body verdict %+v", v)
	}
	if msg := m.FailureMessage(r); !strings.Contains(msg, "Expected an empty body") {
		t.Errorf("failure message:\n%s", msg)
	}
}

// A server may echo anything, a registered secret included, in the fields a
// verdict quotes; no verdict, and so no failure message or report, may show
// it.
func TestVerdictsDoNotShowSecrets(t *testing.T) {
	const secret = "vErDiCtTeStSeCrEt/K7MDENGbPxRfiCY0006"
	r := exactNoSuchKey(targets.ProfileStrict)
	r.Secrets = wire.NewSecrets()
	r.Secrets.Add(secret)
	r.Body = []byte(errorDoc{
		code: "NoSuchKey", message: "bad secret " + secret, resource: "/b/" + secret,
		extra: "<Key>" + secret + "</Key>", requestID: secret, hostID: testHostID,
	}.String())
	m := HaveS3Error("NoSuchKey", Element("Key", "k"))
	if ok, _ := match(m, r); ok {
		t.Fatal("matched")
	}
	for _, v := range verdictsOf(r) {
		if strings.Contains(v.Observed, secret) || strings.Contains(v.Expected, secret) {
			t.Errorf("verdict shows the secret: %s", v)
		}
	}
	if msg := m.FailureMessage(r); strings.Contains(msg, secret) {
		t.Errorf("failure message shows the secret:\n%s", msg)
	}
}
