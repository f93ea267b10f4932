package judge

import (
	"fmt"
	"mime"
	"net/http"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/onsi/gomega/types"

	"github.com/s3errconform/s3errconform/catalog"
	"github.com/s3errconform/s3errconform/harness/check"
	"github.com/s3errconform/s3errconform/harness/targets"
	"github.com/s3errconform/s3errconform/harness/wire"
)

// ElementExpectation is a code-specific element a check requires in an
// error body, e.g. Key for NoSuchKey; or, made by About, what the error is
// about.
type ElementExpectation struct {
	Name string
	// Value is compared exactly unless AnyValue is set.
	Value    string
	AnyValue bool
	// about, when set, is no element but a bucket or object the error is
	// about besides the request's own (About).
	about *subject
}

// subject is a bucket, or an object when key is set.
type subject struct{ bucket, key string }

// About says that the error is about bucket (and key, when not empty)
// rather than, or as well as, the request's own bucket and object: the
// source of a copy. Resource may then name either.
func About(bucket, key string) ElementExpectation {
	return ElementExpectation{about: &subject{bucket: bucket, key: key}}
}

// Element requires element name with exactly value.
func Element(name, value string) ElementExpectation {
	return ElementExpectation{Name: name, Value: value}
}

// ElementPresent requires element name with any non-empty value.
func ElementPresent(name string) ElementExpectation {
	return ElementExpectation{Name: name, AnyValue: true}
}

// HaveS3Error succeeds when a response is the S3 error code as the catalog
// and REST.md define it: status, Code, Message (per profile), the
// request-id pair, Content-Type, Resource when present, and the
// code-specific elements given. A HEAD response is judged on status and the
// request-id headers only, and must have no body.
func HaveS3Error(code string, elements ...ElementExpectation) types.GomegaMatcher {
	return &responseMatcher{
		code:  code,
		title: "S3 error " + code,
		judge: func(r *wire.Response) []check.Verdict { return judgeS3Error(r, catalog.MustLookup(code), elements) },
	}
}

// HaveStatus succeeds when a response has HTTP status code; for the
// non-errors users trip on, such as DELETE of a missing key.
func HaveStatus(code int) types.GomegaMatcher {
	return &responseMatcher{
		title: fmt.Sprintf("HTTP status %d", code),
		judge: func(r *wire.Response) []check.Verdict { return []check.Verdict{statusVerdict(r, code)} },
	}
}

// HaveEmptyBody succeeds when a response carries no body bytes.
func HaveEmptyBody() types.GomegaMatcher {
	return &responseMatcher{
		title: "an empty body",
		judge: func(r *wire.Response) []check.Verdict { return []check.Verdict{emptyBodyVerdict(r)} },
	}
}

type responseMatcher struct {
	title string
	// code is the S3 error code judged against; "" for a success.
	code     string
	judge    func(*wire.Response) []check.Verdict
	response *wire.Response
	verdicts []check.Verdict
}

// Judgement is what a matcher of this package judged in its last Match:
// the response, the error code it judged it against ("" for a success)
// and the verdicts. The DSL records it in the check's record.
type Judgement struct {
	Response *wire.Response
	Code     string
	Verdicts []check.Verdict
}

// Judging is a matcher that can say what it judged.
type Judging interface{ Judgement() Judgement }

// Judgement returns what the last Match judged.
func (m *responseMatcher) Judgement() Judgement {
	return Judgement{Response: m.response, Code: m.code, Verdicts: m.verdicts}
}

func (m *responseMatcher) Match(actual any) (bool, error) {
	r, ok := actual.(*wire.Response)
	if !ok {
		return false, fmt.Errorf("expected a *harness.Response, got %T", actual)
	}
	if r.Err != nil && r.Status == 0 {
		m.verdicts = []check.Verdict{{Field: "transport", Expected: "a response", Observed: "no response: " + wire.TransportProblem(r.Exchange)}}
	} else {
		// problems.go: a cut or endless body, a broken connection, a body
		// that is not XML, a redirect.
		m.verdicts = append(m.judge(r), completeResponseVerdicts(r)...)
		explainBodyProblems(r, m.verdicts)
		redirectNote(r, m.verdicts)
	}
	// Verdicts quote what the server sent, which can echo a secret.
	for i := range m.verdicts {
		m.verdicts[i].Expected = r.Exchange.Redact(m.verdicts[i].Expected)
		m.verdicts[i].Observed = r.Exchange.Redact(m.verdicts[i].Observed)
	}
	m.response = r
	return allPass(m.verdicts), nil
}

func allPass(vs []check.Verdict) bool {
	for _, v := range vs {
		if !v.Pass {
			return false
		}
	}
	return true
}

func (m *responseMatcher) FailureMessage(actual any) string {
	return m.report(actual, "Expected "+m.title)
}

func (m *responseMatcher) NegatedFailureMessage(actual any) string {
	return m.report(actual, "Expected anything but "+m.title)
}

func (m *responseMatcher) report(actual any, headline string) string {
	var b strings.Builder
	b.WriteString(headline)
	if r, ok := actual.(*wire.Response); ok {
		fmt.Fprintf(&b, " (profile %s)\n", r.Profile)
		for _, v := range m.verdicts {
			b.WriteString(v.String() + "\n")
		}
		b.WriteString(r.Exchange.String())
	}
	return b.String()
}

func statusVerdict(r *wire.Response, want int) check.Verdict {
	return check.Verdict{
		Field:    "status",
		Expected: fmt.Sprint(want),
		Observed: fmt.Sprint(r.Status),
		Pass:     r.Status == want,
	}
}

func emptyBodyVerdict(r *wire.Response) check.Verdict {
	v := check.Verdict{Field: "body", Expected: "none", Observed: "none", Pass: len(r.Body) == 0}
	if !v.Pass {
		v.Observed = fmt.Sprintf("%d bytes: %s", len(r.Body), wire.FirstBytes(r.Body))
	}
	return v
}

// headerOnceVerdict requires exactly one non-empty value of header name:
// a request id a client cannot pick out is as useless as none.
func headerOnceVerdict(r *wire.Response, name string) check.Verdict {
	values := r.ResponseHeader.Values(name)
	v := check.Verdict{Field: "header " + name, Expected: "present once", Pass: len(values) == 1 && values[0] != ""}
	switch {
	case len(values) == 0:
		v.Observed = "absent"
	case len(values) > 1:
		v.Observed = fmt.Sprintf("%d values %q", len(values), values)
	case values[0] == "":
		v.Observed = "empty"
	default:
		v.Observed = fmt.Sprintf("%q", values[0])
	}
	return v
}

func judgeS3Error(r *wire.Response, e catalog.Entry, elements []ElementExpectation) []check.Verdict {
	vs := []check.Verdict{
		statusVerdict(r, e.HTTPStatus),
		headerOnceVerdict(r, "x-amz-request-id"),
		headerOnceVerdict(r, "x-amz-id-2"),
	}
	if r.Exchange.Method == http.MethodHead {
		// HEAD errors carry no body (spec README, decision 6).
		return append(vs, emptyBodyVerdict(r))
	}
	vs = append(vs, contentTypeVerdict(r))
	body, err := wire.ParseErrorBody(r.Body)
	if err != nil {
		return append(vs, check.Verdict{Field: "body", Expected: "an XML <Error> document", Observed: err.Error()})
	}
	vs = append(vs, rootVerdict(r, body))
	vs = append(vs,
		check.Verdict{Field: "code", Expected: e.OnWire(), Observed: quoteOrAbsent(body, "Code"), Pass: body.Code == e.OnWire()},
		messageVerdict(r.Profile, e, body),
		requestIDVerdict(r, body),
	)
	if v, ok := hostIDVerdict(r, body); ok {
		vs = append(vs, v)
	}
	subjects := []subject{{r.Request.Bucket, r.Request.Key}}
	for _, el := range elements {
		if el.about != nil {
			subjects = append(subjects, *el.about)
		}
	}
	if body.Has("Resource") {
		vs = append(vs, resourceVerdict(r, body, subjects))
	}
	for _, el := range elements {
		if el.about == nil {
			vs = append(vs, elementVerdict(body, el))
		}
	}
	return vs
}

// hostIDVerdict: every captured AWS error body carries HostId, equal to
// the x-amz-id-2 header (REST.md §2). The strict profile requires it; the
// compatible profile reports its absence. A HostId present is compared
// only when the header is there: a missing header is its own failing
// verdict.
func hostIDVerdict(r *wire.Response, body *wire.ErrorBody) (check.Verdict, bool) {
	expected := "present (no x-amz-id-2 header to compare it with)"
	if r.HostID() != "" {
		expected = fmt.Sprintf("%q (the x-amz-id-2 header)", r.HostID())
	}
	v := check.Verdict{Field: "HostId", Expected: expected, Observed: quoteOrAbsent(body, "HostId")}
	switch {
	case !body.Has("HostId"):
		v.Pass = r.Profile == targets.ProfileCompatible
		if v.Pass {
			v.Note = "compatible profile: reported, not judged"
		}
	case r.HostID() == "":
		return v, false
	default:
		v.Pass = body.HostID == r.HostID()
	}
	return v, true
}

func quoteOrAbsent(body *wire.ErrorBody, name string) string {
	if !body.Has(name) {
		return "absent"
	}
	return fmt.Sprintf("%q", body.Element(name))
}

func contentTypeVerdict(r *wire.Response) check.Verdict {
	ct := r.ResponseHeader.Get("Content-Type")
	media, _, _ := mime.ParseMediaType(ct)
	v := check.Verdict{Field: "Content-Type", Expected: "application/xml", Observed: fmt.Sprintf("%q", ct)}
	if r.Profile == targets.ProfileCompatible {
		v.Expected = "an XML media type"
		v.Pass = media == "application/xml" || media == "text/xml" || strings.HasSuffix(media, "+xml")
		return v
	}
	v.Pass = media == "application/xml"
	return v
}

// rootVerdict requires the <Error> root, without a namespace: no AWS sample
// or capture has one (REST.md §2). The compatible profile reports a
// namespace without failing on it.
func rootVerdict(r *wire.Response, body *wire.ErrorBody) check.Verdict {
	v := check.Verdict{Field: "root element", Expected: "<Error> without namespace"}
	switch {
	case body.Root != "Error":
		v.Observed = "<" + body.Root + ">"
	case body.Namespace != "":
		v.Observed = fmt.Sprintf("<Error> in namespace %q", body.Namespace)
		v.Pass = r.Profile == targets.ProfileCompatible
		if v.Pass {
			v.Note = "compatible profile: reported, not judged"
		}
	default:
		v.Observed = "<Error>"
		v.Pass = true
	}
	return v
}

// messageVerdict follows spec README decision 1.
func messageVerdict(profile string, e catalog.Entry, body *wire.ErrorBody) check.Verdict {
	v := check.Verdict{Field: "message", Observed: quoteOrAbsent(body, "Message")}
	switch {
	case profile == targets.ProfileCompatible:
		v.Expected = fmt.Sprintf("%q", e.Message)
		v.Pass = true
		if body.Message != e.Message {
			v.Note = "compatible profile: reported, not judged"
		}
	case e.MessageIsExact() && strings.TrimSpace(e.Message) != e.Message:
		// AWS sends this message with surrounding whitespace (a trailing
		// space: catalog/wire-corrections.csv), so it is part of the text.
		v.Expected = fmt.Sprintf("%q", e.Message)
		v.Observed = fmt.Sprintf("%q", body.RawMessage)
		v.Pass = body.RawMessage == e.Message
	case e.MessageIsExact():
		v.Expected = fmt.Sprintf("%q", e.Message)
		v.Pass = body.Message == e.Message
	default:
		v.Expected = "a non-empty English message"
		v.Pass = strings.TrimSpace(body.Message) != ""
		v.Note = fmt.Sprintf("catalog text %q is %s, so not compared", e.Message, e.MessageKind)
	}
	return v
}

func requestIDVerdict(r *wire.Response, body *wire.ErrorBody) check.Verdict {
	header := r.RequestID()
	if header == "" {
		// The missing header is its own failing verdict; here only the
		// element's presence can be judged.
		return check.Verdict{
			Field:    "RequestId",
			Expected: "present (no x-amz-request-id header to compare it with)",
			Observed: quoteOrAbsent(body, "RequestId"),
			Pass:     body.RequestID != "",
		}
	}
	return check.Verdict{
		Field:    "RequestId",
		Expected: fmt.Sprintf("%q (the x-amz-request-id header)", header),
		Observed: quoteOrAbsent(body, "RequestId"),
		Pass:     body.RequestID == header,
	}
}

// resourceVerdict: Resource is optional, but when present it must name the
// bucket or object involved (spec README, decision 7): the request's own,
// or another the check says the error is about (About).
func resourceVerdict(r *wire.Response, body *wire.ErrorBody, subjects []subject) check.Verdict {
	v := check.Verdict{Field: "Resource", Expected: "absent, or naming the bucket or object", Observed: fmt.Sprintf("%q", body.Resource)}
	if r.Request.Bucket == "" {
		v.Pass = true
		v.Note = "request names no bucket; reported, not judged"
		return v
	}
	for _, s := range subjects {
		if s.bucket == "" {
			continue
		}
		for _, a := range resourceForms(s) {
			if utf8.ValidString(a) {
				if body.Resource == a {
					v.Pass, v.Note = true, ""
					return v
				}
			} else if validPartsMatch(body.Resource, a) {
				// XML cannot carry bytes that are not UTF-8: a server writes
				// them somehow (U+FFFD, percent-escapes) or not at all.
				v.Pass = true
				v.Note = "the name is not valid UTF-8, which XML cannot carry: only its valid part was compared"
			}
		}
	}
	return v
}

// resourceForms are the ways a Resource names s.
func resourceForms(s subject) []string {
	b, k := s.bucket, s.key
	forms := []string{b, "/" + b, "/" + b + "/"}
	if k != "" {
		forms = append(forms, k, "/"+k, b+"/"+k, "/"+b+"/"+k)
	}
	return forms
}

// validPartsMatch reports whether observed is want with each run of bytes
// that are not UTF-8 written as a server may write them: replacement
// characters or other non-ASCII characters (a Latin-1 reading), percent
// escapes, or nothing.
func validPartsMatch(observed, want string) bool {
	var parts []string
	for _, part := range strings.Split(strings.ToValidUTF8(want, "\x00"), "\x00") {
		parts = append(parts, regexp.QuoteMeta(part))
	}
	const gap = `(?:[^\x00-\x7F]*|(?:%[0-9A-Fa-f]{2})*)`
	re, err := regexp.Compile("^" + strings.Join(parts, gap) + "$")
	return err == nil && re.MatchString(observed)
}

func elementVerdict(body *wire.ErrorBody, el ElementExpectation) check.Verdict {
	v := check.Verdict{Field: "element " + el.Name, Observed: quoteOrAbsent(body, el.Name)}
	if el.AnyValue {
		v.Expected = "present, non-empty"
		v.Pass = body.Element(el.Name) != ""
		return v
	}
	v.Expected = fmt.Sprintf("%q", el.Value)
	v.Pass = body.Has(el.Name) && body.Element(el.Name) == el.Value
	return v
}
