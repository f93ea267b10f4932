package judge

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/onsi/gomega/types"

	"github.com/s3errconform/s3errconform/catalog"
	"github.com/s3errconform/s3errconform/harness/check"
	"github.com/s3errconform/s3errconform/harness/soap"
	"github.com/s3errconform/s3errconform/harness/targets"
	"github.com/s3errconform/s3errconform/harness/wire"
)

// soapResponse is a response to a signed SOAP request, as the SOAP client
// records it.
func soapResponse(status int, body, profile string) *wire.Response {
	req := soap.BuildSOAPEnvelope("DeleteObject", []soap.SOAPField{{Name: "Bucket", Value: "b"}, {Name: "Key", Value: "Fred"}},
		&soap.SOAPSecurity{AccessKey: "AKIAEXAMPLE", SecretKey: "soap-matcher-test-secret", Time: time.Now()})
	return &wire.Response{
		Exchange: &wire.Exchange{
			Method: http.MethodPost, URL: "https://127.0.0.1:8443/soap",
			RequestHeader: http.Header{"Content-Type": {soap.SOAPContentType}, soap.ActionHeader: {`""`}},
			RequestBody:   req,
			Status:        status, Proto: "HTTP/1.1",
			ResponseHeader: http.Header{"Content-Type": {"text/xml; charset=utf-8"}},
			Body:           []byte(body),
		},
		Request: wire.Request{Method: http.MethodPost, Bucket: "b", Key: "Fred"},
		Profile: profile,
	}
}

// judge runs m on r and returns whether it passed and its verdicts by field.
func judge(t *testing.T, m types.GomegaMatcher, r *wire.Response) (bool, map[string]check.Verdict) {
	t.Helper()
	ok, err := match(m, r)
	if err != nil {
		t.Fatal(err)
	}
	byField := map[string]check.Verdict{}
	for _, v := range verdictsOf(r) {
		byField[v.Field] = v
	}
	return ok, byField
}

// wantOnlyFailures checks that exactly the fields named fail.
func wantOnlyFailures(t *testing.T, ok bool, vs map[string]check.Verdict, fields ...string) {
	t.Helper()
	var failed []string
	for field, v := range vs {
		if !v.Pass {
			failed = append(failed, field)
		}
	}
	want := map[string]bool{}
	for _, f := range fields {
		want[f] = true
		if v, present := vs[f]; !present || v.Pass {
			t.Errorf("verdict %q should fail: %+v", f, v)
		}
	}
	for _, f := range failed {
		if !want[f] {
			t.Errorf("verdict %q fails unexpectedly: %+v", f, vs[f])
		}
	}
	if ok != (len(fields) == 0) {
		t.Errorf("matcher returned %v with failures %v", ok, failed)
	}
}

var guideDetail = Detail("Key", "Fred")

func TestHaveSOAPFaultAcceptsTheGuideExampleAndValidVariants(t *testing.T) {
	capitalised := guide
	capitalised.names = [3]string{"Faultcode", "Faultstring", "Detail"}
	prefixS := guide
	prefixS.prefix, prefixS.faultcode = "S", "S:Client.NoSuchKey"
	otherBinding := guide
	otherBinding.faultAttrs, otherBinding.faultcode = ` xmlns:env="`+soap.SOAPEnvelopeNS+`"`, "env:Client.NoSuchKey"
	for name, f := range map[string]fault{"lowercase": guide, "capitalised": capitalised, "prefix S": prefixS, "another prefix": otherBinding} {
		for _, profile := range []string{targets.ProfileStrict, targets.ProfileCompatible} {
			ok, vs := judge(t, HaveSOAPFault("NoSuchKey", guideDetail), soapResponse(500, f.String(), profile))
			wantOnlyFailures(t, ok, vs)
			for _, field := range []string{"status", "envelope", "fault", "faultcode namespace", "fault class", "faultcode composition", "code", "faultstring", "detail Key"} {
				if _, present := vs[field]; !present {
					t.Errorf("%s: no %q verdict", name, field)
				}
			}
		}
	}
}

func TestHaveSOAPFaultVerdicts(t *testing.T) {
	mod := func(change func(*fault)) string {
		f := guide
		change(&f)
		return f.String()
	}
	for _, c := range []struct {
		name   string
		status int
		body   string
		fails  []string
	}{
		{"status 200", 200, guide.String(), []string{"status"}},
		{"HTML body", 500, "<html><body><h1>Internal Server Error</h1></body></html>", []string{"envelope"}},
		{"REST error document", 500, "<Error><Code>NoSuchKey</Code></Error>", []string{"envelope"}},
		{"SOAP 1.2 envelope", 500, strings.ReplaceAll(guide.String(), soap.SOAPEnvelopeNS, "http://www.w3.org/2003/05/soap-envelope"), []string{"envelope"}},
		{"no fault", 500, `<soapenv:Envelope xmlns:soapenv="` + soap.SOAPEnvelopeNS + `"><soapenv:Body><DeleteObjectResponse xmlns="` + soap.S3SOAPNS + `"/></soapenv:Body></soapenv:Envelope>`, []string{"fault"}},
		{"Server class", 500, mod(func(f *fault) { f.faultcode = "soapenv:Server.NoSuchKey" }), []string{"fault class"}},
		{"colon separator", 500, mod(func(f *fault) { f.faultcode = "Client:NoSuchKey" }), []string{"faultcode namespace", "fault class", "faultcode composition"}},
		{"no class", 500, mod(func(f *fault) { f.faultcode = "soapenv:NoSuchKey" }), []string{"fault class", "faultcode composition"}},
		{"unbound prefix", 500, mod(func(f *fault) { f.faultcode = "soap:Client.NoSuchKey" }), []string{"faultcode namespace"}},
		{"prefix bound to another namespace", 500, mod(func(f *fault) {
			f.faultAttrs, f.faultcode = ` xmlns:soap="http://www.w3.org/2003/05/soap-envelope"`, "soap:Client.NoSuchKey"
		}), []string{"faultcode namespace"}},
		{"no prefix", 500, mod(func(f *fault) { f.faultcode = "Client.NoSuchKey" }), []string{"faultcode namespace"}},
		{"other code", 500, mod(func(f *fault) { f.faultcode = "soapenv:Client.NoSuchBucket" }), []string{"code"}},
		{"no faultcode", 500, mod(func(f *fault) { f.names = [3]string{"code", "faultstring", "detail"} }),
			[]string{"faultcode namespace", "fault class", "faultcode composition", "code"}},
		{"wrong faultstring", 500, mod(func(f *fault) { f.faultstring = "Object not found" }), []string{"faultstring"}},
		{"empty faultstring", 500, mod(func(f *fault) { f.faultstring = "" }), []string{"faultstring"}},
		{"no detail", 500, mod(func(f *fault) { f.detail = "-" }), []string{"detail Key"}},
		{"detail naming another key", 500, mod(func(f *fault) { f.detail = "<Key>b/Fred</Key>" }), []string{"detail Key"}},
		{"detail without Key", 500, mod(func(f *fault) { f.detail = "<BucketName>b</BucketName>" }), []string{"detail Key"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			ok, vs := judge(t, HaveSOAPFault("NoSuchKey", guideDetail), soapResponse(c.status, c.body, targets.ProfileStrict))
			wantOnlyFailures(t, ok, vs, c.fails...)
		})
	}
}

func TestFaultstringFollowsProfileAndCatalog(t *testing.T) {
	wrong := guide
	wrong.faultstring = "Object not found"
	ok, vs := judge(t, HaveSOAPFault("NoSuchKey", guideDetail), soapResponse(500, wrong.String(), targets.ProfileCompatible))
	wantOnlyFailures(t, ok, vs)
	if vs["faultstring"].Note == "" {
		t.Error("compatible profile does not report the differing faultstring")
	}

	// InvalidBucketName's text is doc+minio: any non-empty faultstring.
	f := fault{faultcode: "soapenv:Client.InvalidBucketName", faultstring: "Bad name", detail: "-"}
	ok, vs = judge(t, HaveSOAPFault("InvalidBucketName"), soapResponse(500, f.String(), targets.ProfileStrict))
	wantOnlyFailures(t, ok, vs)

	// NoSuchBucket's REST text is wire, but its SOAP faultstring is unknown.
	f = fault{faultcode: "soapenv:Client.NoSuchBucket", faultstring: "The specified bucket does not exist.", detail: "<Bucket>b</Bucket>"}
	ok, vs = judge(t, HaveSOAPFault("NoSuchBucket", DetailNaming("b", "BucketName", "Bucket")), soapResponse(500, f.String(), targets.ProfileStrict))
	wantOnlyFailures(t, ok, vs)
	if !strings.Contains(vs["faultstring"].Note, "unknown") {
		t.Errorf("note %q does not say why the text is not compared", vs["faultstring"].Note)
	}
	f.faultstring = ""
	ok, vs = judge(t, HaveSOAPFault("NoSuchBucket"), soapResponse(500, f.String(), targets.ProfileStrict))
	wantOnlyFailures(t, ok, vs, "faultstring")

	// SignatureDoesNotMatch's wire text is compared in the strict profile.
	f = fault{faultcode: "soapenv:Client.SignatureDoesNotMatch", faultstring: "Signature mismatch", detail: "-"}
	ok, vs = judge(t, HaveSOAPFault("SignatureDoesNotMatch"), soapResponse(500, f.String(), targets.ProfileStrict))
	wantOnlyFailures(t, ok, vs, "faultstring")
}

func TestSOAPFaultstringIsExact(t *testing.T) {
	for code, want := range map[string]bool{"NoSuchKey": true, "SignatureDoesNotMatch": true, "NoSuchBucket": false, "InvalidBucketName": false, "InvalidRequest": false} {
		if got := soapFaultstringIsExact(catalog.MustLookup(code)); got != want {
			t.Errorf("%s: %v, want %v", code, got, want)
		}
	}
}

func TestDetailNamingAcceptsEitherName(t *testing.T) {
	for _, detail := range []string{"<BucketName>b</BucketName>", "<Bucket>b</Bucket>"} {
		f := fault{faultcode: "soapenv:Client.NoSuchBucket", faultstring: "x", detail: detail}
		ok, vs := judge(t, HaveSOAPFault("NoSuchBucket", DetailNaming("b", "BucketName", "Bucket")), soapResponse(500, f.String(), targets.ProfileStrict))
		wantOnlyFailures(t, ok, vs)
	}
	f := fault{faultcode: "soapenv:Client.NoSuchBucket", faultstring: "x", detail: "<BucketName>other</BucketName>"}
	ok, vs := judge(t, HaveSOAPFault("NoSuchBucket", DetailNaming("b", "BucketName", "Bucket")), soapResponse(500, f.String(), targets.ProfileStrict))
	wantOnlyFailures(t, ok, vs, "detail BucketName or Bucket")
}

func TestHaveSOAPFaultRefusesCodesWithoutFaultClass(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("HaveSOAPFault accepted a code whose SOAP class is N/A")
		}
	}()
	HaveSOAPFault("AuthorizationHeaderMalformed")
}

func TestHaveSOAPFaultOfClass(t *testing.T) {
	f := fault{faultcode: "soapenv:Client.InvalidSOAPRequest", faultstring: "The SOAP request body is not valid.", detail: "-"}
	ok, vs := judge(t, HaveSOAPFaultOfClass(catalog.FaultClient), soapResponse(500, f.String(), targets.ProfileStrict))
	wantOnlyFailures(t, ok, vs)
	if vs["code"].Observed != `"InvalidSOAPRequest"` {
		t.Errorf("code not reported: %+v", vs["code"])
	}
	f.faultcode = "soapenv:Client.MadeUp"
	ok, vs = judge(t, HaveSOAPFaultOfClass(catalog.FaultClient), soapResponse(500, f.String(), targets.ProfileStrict))
	wantOnlyFailures(t, ok, vs)
	if vs["code"].Note == "" {
		t.Error("a code outside the catalog is not pointed out")
	}
	f.faultcode = "soapenv:Server.InternalError"
	ok, vs = judge(t, HaveSOAPFaultOfClass(catalog.FaultClient), soapResponse(500, f.String(), targets.ProfileStrict))
	wantOnlyFailures(t, ok, vs, "fault class")
	f.faultcode = "soapenv:Client"
	ok, vs = judge(t, HaveSOAPFaultOfClass(catalog.FaultClient), soapResponse(500, f.String(), targets.ProfileStrict))
	wantOnlyFailures(t, ok, vs, "faultcode composition", "code")
}

func success(op, inner, ns string) string {
	return `<soapenv:Envelope xmlns:soapenv="` + soap.SOAPEnvelopeNS + `"><soapenv:Header/><soapenv:Body><` + op + `Response xmlns="` + ns + `">` +
		inner + `</` + op + `Response></soapenv:Body></soapenv:Envelope>`
}

func TestHaveNoSOAPFault(t *testing.T) {
	deleteOK := "<DeleteObjectResponse><Code>200</Code><Description>OK</Description></DeleteObjectResponse>"
	for _, c := range []struct {
		name, op string
		status   int
		body     string
		fails    []string
	}{
		{"create bucket", "CreateBucket", 200, success("CreateBucket", "<CreateBucketReturn><BucketName>b</BucketName></CreateBucketReturn>", soap.S3SOAPNS), nil},
		{"doc sample namespace", "ListBucket", 200, success("ListBucket", "", "http://s3.amazonaws.com/doc/2006-03-01"), nil},
		{"delete object", "DeleteObject", 200, success("DeleteObject", deleteOK, soap.S3SOAPNS), nil},
		{"delete object Code 204", "DeleteObject", 200, success("DeleteObject", "<DeleteObjectResponse><Code>204</Code></DeleteObjectResponse>", soap.S3SOAPNS), nil},
		{"delete object Code 404", "DeleteObject", 200, success("DeleteObject", "<DeleteObjectResponse><Code>404</Code></DeleteObjectResponse>", soap.S3SOAPNS), []string{"DeleteObjectResponse Code"}},
		{"delete bucket Code 204", "DeleteBucket", 200, success("DeleteBucket", "<DeleteBucketResponse><Code>204</Code><Description>No Content</Description></DeleteBucketResponse>", soap.S3SOAPNS), nil},
		{"delete bucket without Code", "DeleteBucket", 200, success("DeleteBucket", "<DeleteBucketResponse><Description>OK</Description></DeleteBucketResponse>", soap.S3SOAPNS), []string{"DeleteBucketResponse Code"}},
		{"status 500", "CreateBucket", 500, success("CreateBucket", "", soap.S3SOAPNS), []string{"status"}},
		{"a fault", "DeleteObject", 500, guide.String(), []string{"status", "fault", "response element"}},
		{"unwrapped result", "CreateBucket", 200, strings.ReplaceAll(success("CreateBucket", "", soap.S3SOAPNS), "CreateBucketResponse", "CreateBucketResult"), []string{"response element"}},
		{"no namespace", "CreateBucket", 200, success("CreateBucket", "", ""), []string{"response element"}},
		{"not an envelope", "CreateBucket", 200, `<CreateBucketResponse xmlns="` + soap.S3SOAPNS + `"/>`, []string{"envelope"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			ok, vs := judge(t, HaveNoSOAPFault(c.op), soapResponse(c.status, c.body, targets.ProfileStrict))
			wantOnlyFailures(t, ok, vs, c.fails...)
		})
	}
}

func TestRefuseSOAPOverHTTP(t *testing.T) {
	refusal := fault{faultcode: "soapenv:Client.InvalidRequest", faultstring: "SOAP requests must be made over an HTTPS connection.", detail: "-"}
	served := success("ListAllMyBuckets", "", soap.S3SOAPNS)
	ok, vs := judge(t, RefuseSOAPOverHTTP(), soapResponse(500, refusal.String(), targets.ProfileStrict))
	wantOnlyFailures(t, ok, vs)
	ok, vs = judge(t, RefuseSOAPOverHTTP(), soapResponse(200, served, targets.ProfileStrict))
	wantOnlyFailures(t, ok, vs, "status", "fault")

	m := RefuseSOAPOverHTTP()
	r := soapResponse(200, served, targets.ProfileCompatible)
	ok, vs = judge(t, m, r)
	wantOnlyFailures(t, ok, vs)
	if !strings.Contains(vs["status"].Note, "compatible profile") || !strings.Contains(m.FailureMessage(r), "reported, not judged") {
		t.Errorf("compatible profile does not report the served request: %+v", vs["status"])
	}
	r = soapResponse(0, "", targets.ProfileCompatible)
	r.Err = http.ErrHandlerTimeout
	if ok, _ := judge(t, RefuseSOAPOverHTTP(), r); !ok {
		t.Error("compatible profile fails on a transport error over plain HTTP")
	}
}

func TestSOAPFailureMessageShowsTheRedactedExchange(t *testing.T) {
	r := soapResponse(200, guide.String(), targets.ProfileStrict)
	m := HaveSOAPFault("NoSuchKey", guideDetail)
	if ok, _ := match(m, r); ok {
		t.Fatal("matched a 200 fault")
	}
	msg := m.FailureMessage(r)
	for _, want := range []string{"Expected SOAP fault Client.NoSuchKey (profile strict)", "FAIL status: expected 500, observed 200",
		"--- request", "POST https://127.0.0.1:8443/soap", "SOAPAction: \"\"", "<Signature>" + wire.Redacted + "</Signature>",
		"--- response", "soapenv:Client.NoSuchKey"} {
		if !strings.Contains(msg, want) {
			t.Errorf("failure message lacks %q:\n%s", want, msg)
		}
	}
}

func TestJudgedReportsTheFaultCodeAndFaultstring(t *testing.T) {
	r := soapResponse(500, guide.String(), targets.ProfileStrict)
	m := HaveSOAPFault("NoSuchKey", guideDetail)
	match(m, r)
	j := Record(m.(Judging).Judgement())
	if j.Code != "NoSuchKey" || j.Message != guideFaultstring {
		t.Errorf("judged code %q message %q", j.Code, j.Message)
	}
}

// TestFaultcodeNamespaceFollowsProfile: a faultcode resolving to another
// namespace than the envelope's fails the strict profile and is reported by
// the compatible one (spec README decision 4); an unbound prefix fails both.
func TestFaultcodeNamespaceFollowsProfile(t *testing.T) {
	elsewhere := guide
	elsewhere.faultAttrs, elsewhere.faultcode = ` xmlns:ns1="`+soap.S3SOAPNS+`"`, "ns1:Client.NoSuchKey"
	noPrefix := guide
	noPrefix.faultcode = "Client.NoSuchKey"
	unbound := guide
	unbound.faultcode = "ns1:Client.NoSuchKey"
	for name, f := range map[string]fault{"bound elsewhere": elsewhere, "no prefix": noPrefix} {
		ok, vs := judge(t, HaveSOAPFault("NoSuchKey", guideDetail), soapResponse(500, f.String(), targets.ProfileStrict))
		wantOnlyFailures(t, ok, vs, "faultcode namespace")
		ok, vs = judge(t, HaveSOAPFault("NoSuchKey", guideDetail), soapResponse(500, f.String(), targets.ProfileCompatible))
		wantOnlyFailures(t, ok, vs)
		if !strings.Contains(vs["faultcode namespace"].Note, "reported, not judged") {
			t.Errorf("%s: compatible profile does not report it: %+v", name, vs["faultcode namespace"])
		}
	}
	for _, profile := range []string{targets.ProfileStrict, targets.ProfileCompatible} {
		ok, vs := judge(t, HaveSOAPFault("NoSuchKey", guideDetail), soapResponse(500, unbound.String(), profile))
		wantOnlyFailures(t, ok, vs, "faultcode namespace")
	}
}

// TestHaveSOAPSignatureMismatch: StringToSign must be "AmazonS3" +
// operation + the Timestamp sent, SignatureProvided the Signature sent, and
// no verdict or failure message shows the signature.
func TestHaveSOAPSignatureMismatch(t *testing.T) {
	base := soapResponse(500, "", targets.ProfileStrict)
	op, timestamp, signature, ok := soap.SentAuth(base.RequestBody)
	if !ok || op != "DeleteObject" {
		t.Fatalf("SentAuth = %q %q %v", op, timestamp, ok)
	}
	mismatch := func(detail string) fault {
		return fault{faultcode: "soapenv:Client.SignatureDoesNotMatch",
			faultstring: catalog.MustLookup("SignatureDoesNotMatch").Message, detail: detail}
	}
	toSign := "<StringToSign>AmazonS3DeleteObject" + timestamp + "</StringToSign>"
	for _, c := range []struct {
		name, detail string
		fails        []string
	}{
		{"as captured", "<AWSAccessKeyId>AKIAEXAMPLE</AWSAccessKeyId>" + toSign + "<SignatureProvided>" + signature + "</SignatureProvided>", nil},
		{"no StringToSign", "<SignatureProvided>" + signature + "</SignatureProvided>", []string{"detail StringToSign"}},
		{"StringToSign without the Timestamp", "<StringToSign>AmazonS3DeleteObject</StringToSign><SignatureProvided>" + signature + "</SignatureProvided>", []string{"detail StringToSign"}},
		{"no SignatureProvided", toSign, []string{"detail SignatureProvided"}},
		{"another SignatureProvided", toSign + "<SignatureProvided>c2VydmVyLWV4cGVjdGVkLXNpZ25hdHVyZQ==</SignatureProvided>", []string{"detail SignatureProvided"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := soapResponse(500, mismatch(c.detail).String(), targets.ProfileStrict)
			r.RequestBody = base.RequestBody
			m := HaveSOAPSignatureMismatch()
			ok, vs := judge(t, m, r)
			wantOnlyFailures(t, ok, vs, c.fails...)
			for _, v := range vs {
				if strings.Contains(v.Expected+v.Observed+v.Note, signature) {
					t.Errorf("verdict %q shows the signature", v.Field)
				}
			}
		})
	}
}
