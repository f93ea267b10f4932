package reftarget

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/sha1"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/beevik/etree"
)

// soapRequest describes one test SOAP request; zero values are the usual
// choice.
type soapRequest struct {
	op     string
	fields [][2]string // children of the operation element, in order
	as     *Identity   // signer; nil sends it anonymously
	at     time.Time   // Timestamp; default now
	raw    string      // sent as the body instead of an envelope
	plain  bool        // to the plain-HTTP listener
	// attachment, when not nil, is sent with the envelope as a DIME
	// message.
	attachment []byte
}

// soapFault is a parsed fault: faultcode's resolved namespace, its text,
// faultstring and the detail children.
type soapFault struct {
	codeNS, faultcode, faultstring string
	detail                         map[string]string
	names                          []string
}

type soapReply struct {
	response
	root    *etree.Element
	fault   *soapFault
	payload *etree.Element
}

func soapEnvelope(r soapRequest) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="` + soapEnvelopeNS + `"><soapenv:Body>`)
	b.WriteString("<" + r.op + ` xmlns="` + s3XMLNS + `">`)
	for _, f := range r.fields {
		b.WriteString("<" + f[0] + ">" + f[1] + "</" + f[0] + ">")
	}
	if r.as != nil {
		at := r.at
		if at.IsZero() {
			at = time.Now()
		}
		ts := at.UTC().Format("2006-01-02T15:04:05.000Z")
		mac := hmac.New(sha1.New, []byte(r.as.SecretKey))
		mac.Write([]byte("AmazonS3" + r.op + ts))
		b.WriteString("<AWSAccessKeyId>" + r.as.AccessKey + "</AWSAccessKeyId><Timestamp>" + ts + "</Timestamp><Signature>" +
			base64.StdEncoding.EncodeToString(mac.Sum(nil)) + "</Signature>")
	}
	b.WriteString("</" + r.op + "></soapenv:Body></soapenv:Envelope>")
	return b.String()
}

// soapClient trusts the server's certificate and nothing else.
func soapClient(t *testing.T, s *Server) *http.Client {
	t.Helper()
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(s.CACertPEM()) {
		t.Fatal("CACertPEM holds no certificate")
	}
	return &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}, Timeout: 10 * time.Second}
}

func postSOAP(t *testing.T, s *Server, r soapRequest) soapReply {
	t.Helper()
	body, url := r.raw, s.SOAPURL()
	if body == "" {
		body = soapEnvelope(r)
	}
	if r.plain {
		url = s.SOAPPlainHTTPURL()
	}
	contentType := "text/xml; charset=utf-8"
	if r.attachment != nil {
		body, contentType = string(dimeMessage([]byte(body), r.attachment)), dimeContentType
	}
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	req.Header["SOAPAction"] = []string{`""`}
	resp, err := soapClient(t, s).Do(req)
	if err != nil {
		t.Fatalf("POST %s: %v", url, err)
	}
	reply := soapReply{response: readResponse(t, resp)}
	doc := etree.NewDocument()
	if doc.ReadFromBytes(reply.body) != nil || doc.Root() == nil {
		return reply
	}
	reply.root = doc.Root()
	b := reply.root.SelectElement("Body")
	if b == nil || len(b.ChildElements()) == 0 {
		return reply
	}
	first := b.ChildElements()[0]
	if first.Tag != "Fault" {
		reply.payload = first
		return reply
	}
	f := &soapFault{detail: map[string]string{}}
	for _, c := range first.ChildElements() {
		f.names = append(f.names, c.Tag)
		switch strings.ToLower(c.Tag) {
		case "faultcode":
			f.faultcode = c.Text()
			prefix, _, _ := strings.Cut(f.faultcode, ":")
			for e := c; e != nil && f.codeNS == ""; e = e.Parent() {
				f.codeNS = e.SelectAttrValue("xmlns:"+prefix, "")
			}
		case "faultstring":
			f.faultstring = c.Text()
		case "detail":
			for _, d := range c.ChildElements() {
				f.detail[d.Tag] = d.Text()
			}
		}
	}
	reply.fault = f
	return reply
}

// wantFault checks a fault as SOAP.md §6 and the catalog describe it.
func wantFault(t *testing.T, r soapReply, faultcode string, detail ...[2]string) {
	t.Helper()
	if r.status != 500 || r.fault == nil {
		t.Fatalf("want fault %s: status %d, body %s", faultcode, r.status, r.body)
	}
	if got := r.fault.faultcode; got != "soapenv:"+faultcode || r.fault.codeNS != soapEnvelopeNS {
		t.Errorf("faultcode %q in %q, want soapenv:%s", got, r.fault.codeNS, faultcode)
	}
	if r.fault.faultstring == "" {
		t.Errorf("%s: empty faultstring", faultcode)
	}
	for _, d := range detail {
		if r.fault.detail[d[0]] != d[1] {
			t.Errorf("%s: detail %s %q, want %q", faultcode, d[0], r.fault.detail[d[0]], d[1])
		}
	}
	if ct := r.header.Get("Content-Type"); ct != "text/xml; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	wantIDHeaders(t, r.response)
}

func wantSuccess(t *testing.T, r soapReply, op string) *etree.Element {
	t.Helper()
	if r.status != 200 || r.payload == nil || r.payload.Tag != op+"Response" || r.payload.NamespaceURI() != s3XMLNS {
		t.Fatalf("want %sResponse: status %d, body %s", op, r.status, r.body)
	}
	return r.payload
}

func startSOAPServer(t *testing.T, deviations ...string) *Server {
	t.Helper()
	return startServer(t, Options{SOAP: true, Deviations: deviations})
}

func TestSOAPCertificate(t *testing.T) {
	s := startSOAPServer(t)
	if !strings.HasPrefix(s.SOAPURL(), "https://127.0.0.1:") || !strings.HasSuffix(s.SOAPURL(), "/soap") {
		t.Errorf("SOAPURL %q", s.SOAPURL())
	}
	if s.SOAPPlainHTTPURL() != s.URL()+"/soap" {
		t.Errorf("SOAPPlainHTTPURL %q", s.SOAPPlainHTTPURL())
	}
	block, _ := pem.Decode(s.CACertPEM())
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	key, ok := cert.PublicKey.(*ecdsa.PublicKey)
	if !ok || key.Curve != elliptic.P256() {
		t.Errorf("key %T, want ECDSA P-256", cert.PublicKey)
	}
	if cert.VerifyHostname("127.0.0.1") != nil || cert.VerifyHostname("localhost") != nil {
		t.Errorf("SANs %v %v", cert.IPAddresses, cert.DNSNames)
	}
	if life := cert.NotAfter.Sub(time.Now()); life <= 0 || life > 25*time.Hour {
		t.Errorf("certificate valid until %s", cert.NotAfter)
	}
	// A client that does not trust the certificate is refused.
	if _, err := http.Post(s.SOAPURL(), "text/xml", strings.NewReader("<x/>")); err == nil {
		t.Error("the SOAP endpoint answered a client that does not trust its certificate")
	}
}

func TestWithoutSOAPTheSOAPPathIsREST(t *testing.T) {
	s := startServer(t, Options{})
	if s.SOAPURL() != "" || s.CACertPEM() != nil || s.SOAPPlainHTTPURL() != "" {
		t.Error("SOAP accessors are set without Options.SOAP")
	}
	r := do(t, s, "GET", "/soap", nil)
	wantError(t, r, "NoSuchBucket", "/soap", detail{"BucketName", "soap"})
}

func TestSOAPOperationsShareTheStoreWithREST(t *testing.T) {
	s := startSOAPServer(t)
	wantSuccess(t, postSOAP(t, s, soapRequest{op: "CreateBucket", fields: [][2]string{{"Bucket", "soapbucket"}}, as: &alice}), "CreateBucket")
	wantStatus(t, do(t, s, "HEAD", "/soapbucket", nil), 200)

	data := base64.StdEncoding.EncodeToString([]byte("inline data"))
	put := wantSuccess(t, postSOAP(t, s, soapRequest{op: "PutObjectInline", as: &alice, fields: [][2]string{
		{"Bucket", "soapbucket"}, {"Key", "k"}, {"Data", data}, {"ContentLength", "11"}}}), "PutObjectInline")
	if etag := put.FindElement("PutObjectInlineResponse/ETag"); etag == nil || etag.Text() != `"0d87bfea7f8c74c9c67eefde4fddaa32"` {
		t.Errorf("PutObjectInline ETag: %v", etag)
	}
	if r := do(t, s, "GET", "/soapbucket/k", nil); r.status != 200 || string(r.body) != "inline data" {
		t.Errorf("REST GET of the SOAP object: %d %q", r.status, r.body)
	}

	wantStatus(t, do(t, s, "PUT", "/soapbucket/rest", []byte("rest data")), 200)
	get := wantSuccess(t, postSOAP(t, s, soapRequest{op: "GetObject", as: &alice, fields: [][2]string{
		{"Bucket", "soapbucket"}, {"Key", "rest"}, {"GetMetadata", "true"}, {"GetData", "true"}, {"InlineData", "true"}}}), "GetObject")
	if d := get.FindElement("GetObjectResponse/Data"); d == nil || d.Text() != base64.StdEncoding.EncodeToString([]byte("rest data")) {
		t.Errorf("GetObject Data: %s", postSOAP(t, s, soapRequest{op: "GetObject", as: &alice, fields: [][2]string{{"Bucket", "soapbucket"}, {"Key", "rest"}}}).body)
	}

	list := wantSuccess(t, postSOAP(t, s, soapRequest{op: "ListBucket", as: &alice, fields: [][2]string{{"Bucket", "soapbucket"}}}), "ListBucket")
	var keys []string
	for _, k := range list.FindElements("ListBucketResponse/Contents/Key") {
		keys = append(keys, k.Text())
	}
	if strings.Join(keys, ",") != "k,rest" {
		t.Errorf("ListBucket keys %v", keys)
	}
	all := wantSuccess(t, postSOAP(t, s, soapRequest{op: "ListAllMyBuckets", as: &alice}), "ListAllMyBuckets")
	if b := all.FindElement("ListAllMyBucketsResponse/Buckets/Bucket/Name"); b == nil || b.Text() != "soapbucket" {
		t.Errorf("ListAllMyBuckets: %s", all.Text())
	}

	del := wantSuccess(t, postSOAP(t, s, soapRequest{op: "DeleteObject", as: &alice, fields: [][2]string{{"Bucket", "soapbucket"}, {"Key", "k"}}}), "DeleteObject")
	if c := del.FindElement("DeleteObjectResponse/Code"); c == nil || c.Text() != "200" {
		t.Errorf("DeleteObject Code: %v", c)
	}
	wantStatus(t, do(t, s, "GET", "/soapbucket/k", nil), 404)

	wantFault(t, postSOAP(t, s, soapRequest{op: "DeleteBucket", as: &alice, fields: [][2]string{{"Bucket", "soapbucket"}}}), "Client.BucketNotEmpty")
	wantStatus(t, do(t, s, "DELETE", "/soapbucket/rest", nil), 204)
	wantSuccess(t, postSOAP(t, s, soapRequest{op: "DeleteBucket", as: &alice, fields: [][2]string{{"Bucket", "soapbucket"}}}), "DeleteBucket")
	wantStatus(t, do(t, s, "HEAD", "/soapbucket", nil), 404)
}

func TestSOAPFaults(t *testing.T) {
	s := startSOAPServer(t)
	wantStatus(t, do(t, s, "PUT", "/dev", nil), 200)
	bk := func(b string) [2]string { return [2]string{"Bucket", b} }
	key := func(k string) [2]string { return [2]string{"Key", k} }

	r := postSOAP(t, s, soapRequest{op: "DeleteObject", as: &alice, fields: [][2]string{bk("dev"), key("Fred")}})
	wantFault(t, r, "Client.NoSuchKey", [2]string{"Key", "Fred"})
	if r.fault.faultstring != "The specified key does not exist." || strings.Join(r.fault.names, ",") != "faultcode,faultstring,detail" {
		t.Errorf("not the guide's example: %s", r.body)
	}
	wantFault(t, postSOAP(t, s, soapRequest{op: "GetObject", as: &alice, fields: [][2]string{bk("dev"), key("k")}}), "Client.NoSuchKey", [2]string{"Key", "k"})
	for _, op := range []string{"GetObject", "DeleteObject", "ListBucket", "DeleteBucket", "PutObjectInline"} {
		wantFault(t, postSOAP(t, s, soapRequest{op: op, as: &alice, fields: [][2]string{bk("nobucket"), key("k")}}), "Client.NoSuchBucket", [2]string{"BucketName", "nobucket"})
	}
	for _, name := range []string{"Bad_Name", "ab", "192.168.5.4"} {
		wantFault(t, postSOAP(t, s, soapRequest{op: "CreateBucket", as: &alice, fields: [][2]string{bk(name)}}), "Client.InvalidBucketName")
	}

	wantFault(t, postSOAP(t, s, soapRequest{op: "ListAllMyBuckets", as: &Identity{alice.AccessKey, "wrong"}}), "Client.SignatureDoesNotMatch",
		[2]string{"AWSAccessKeyId", alice.AccessKey})
	wantFault(t, postSOAP(t, s, soapRequest{op: "ListAllMyBuckets", as: &Identity{"AKIAUNKNOWN", "x"}}), "Client.InvalidAccessKeyId",
		[2]string{"AWSAccessKeyId", "AKIAUNKNOWN"})
	wantFault(t, postSOAP(t, s, soapRequest{op: "ListAllMyBuckets", as: &alice, at: time.Now().Add(-16 * time.Minute)}), "Client.RequestTimeTooSkewed",
		[2]string{"MaxAllowedSkewMilliseconds", "900000"})
	wantSuccess(t, postSOAP(t, s, soapRequest{op: "ListAllMyBuckets", as: &alice, at: time.Now().Add(-14 * time.Minute)}), "ListAllMyBuckets")
	wantFault(t, postSOAP(t, s, soapRequest{op: "ListBucket", fields: [][2]string{bk("dev")}}), "Client.AccessDenied")
	wantFault(t, postSOAP(t, s, soapRequest{op: "ListBucket", as: &bob, fields: [][2]string{bk("dev")}}), "Client.AccessDenied")
	wantFault(t, postSOAP(t, s, soapRequest{op: "ListAllMyBuckets", fields: [][2]string{{"AWSAccessKeyId", alice.AccessKey}}}), "Client.MissingSecurityElement")

	wantFault(t, postSOAP(t, s, soapRequest{raw: "<soapenv:Envelope"}), "Client.InvalidSOAPRequest")
	wantFault(t, postSOAP(t, s, soapRequest{raw: `<ListAllMyBuckets xmlns="` + s3XMLNS + `"/>`}), "Client.InvalidSOAPRequest")
	wantFault(t, postSOAP(t, s, soapRequest{op: "NoSuchOperation", as: &alice}), "Client.InvalidSOAPRequest")

	r = postSOAP(t, s, soapRequest{op: "ListAllMyBuckets", as: &alice, plain: true})
	wantFault(t, r, "Client.InvalidRequest")
	if r.fault.faultstring != "SOAP requests must be made over an HTTPS connection." {
		t.Errorf("plain-HTTP faultstring %q", r.fault.faultstring)
	}
}

func TestSOAPServesRESTOverHTTPS(t *testing.T) {
	s := startSOAPServer(t)
	req, _ := http.NewRequest("GET", strings.Replace(s.SOAPURL(), "/soap", "/", 1), nil)
	sign(t, req, alice, nil, s.region, time.Time{})
	resp, err := soapClient(t, s).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if r := readResponse(t, resp); r.status != 200 || !bytes.Contains(r.body, []byte("ListAllMyBucketsResult")) {
		t.Errorf("REST over HTTPS: %d %s", r.status, r.body)
	}
}

func TestSOAPHandlerRefusesPlainHTTPUnderRecorder(t *testing.T) {
	s := startSOAPServer(t)
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest("POST", "/soap", strings.NewReader(soapEnvelope(soapRequest{op: "ListAllMyBuckets"}))))
	if rec.Code != 500 || !strings.Contains(rec.Body.String(), "soapenv:Client.InvalidRequest") {
		t.Errorf("%d %s", rec.Code, rec.Body)
	}
}

func TestCloseStopsTheSOAPEndpoint(t *testing.T) {
	s, err := Start(Options{SOAP: true, Identities: []Identity{alice}})
	if err != nil {
		t.Fatal(err)
	}
	addr := strings.TrimSuffix(strings.TrimPrefix(s.SOAPURL(), "https://"), "/soap")
	s.Close()
	if conn, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		conn.Close()
		t.Error("the SOAP listener still accepts connections after Close")
	}
}

// soapProbe is a deviation probe on a SOAP server: bucket dev (with
// object obj) exists, owned by alice.
func soapProbe(r soapRequest, deviates func(t *testing.T, r soapReply) bool) deviationProbe {
	var last soapReply
	return deviationProbe{
		opts: Options{SOAP: true},
		probe: func(t *testing.T, s *Server) response {
			last = postSOAP(t, s, r)
			return last.response
		},
		deviates: func(t *testing.T, _ response) bool { return deviates(t, last) },
	}
}

var soapGetMissingKey = soapRequest{op: "GetObject", as: &alice, fields: [][2]string{{"Bucket", "dev"}, {"Key", "missing"}}}

func init() {
	probes := map[string]deviationProbe{
		devSOAPNoSuchKeyStatus200: soapProbe(soapGetMissingKey, func(t *testing.T, r soapReply) bool {
			return r.status == 200 && r.fault != nil
		}),
		devSOAPNoSuchKeyServerClass: soapProbe(soapGetMissingKey, func(t *testing.T, r soapReply) bool {
			return r.fault != nil && r.fault.faultcode == "soapenv:Server.NoSuchKey"
		}),
		devSOAPNoSuchKeyColonSeparator: soapProbe(soapGetMissingKey, func(t *testing.T, r soapReply) bool {
			return r.fault != nil && r.fault.faultcode == "Client:NoSuchKey"
		}),
		devSOAPNoSuchKeyNoClass: soapProbe(soapGetMissingKey, func(t *testing.T, r soapReply) bool {
			return r.fault != nil && r.fault.faultcode == "soapenv:NoSuchKey"
		}),
		devSOAPNoSuchKeyWrongNamespace: soapProbe(soapGetMissingKey, func(t *testing.T, r soapReply) bool {
			return r.fault != nil && r.fault.faultcode == "soap:Client.NoSuchKey" && r.fault.codeNS == soap12EnvelopeNS
		}),
		devSOAPNoSuchKeyUnboundPrefix: soapProbe(soapGetMissingKey, func(t *testing.T, r soapReply) bool {
			return r.fault != nil && r.fault.faultcode == "soap:Client.NoSuchKey" && r.fault.codeNS == ""
		}),
		devSOAPNoSuchKeyEmptyFaultstring: soapProbe(soapGetMissingKey, func(t *testing.T, r soapReply) bool {
			return r.fault != nil && r.fault.faultstring == ""
		}),
		devSOAPNoSuchKeyNoDetail: soapProbe(soapGetMissingKey, func(t *testing.T, r soapReply) bool {
			return r.fault != nil && !strings.Contains(strings.Join(r.fault.names, ","), "detail")
		}),
		devSOAPNoSuchKeyDetailWrongKey: soapProbe(soapGetMissingKey, func(t *testing.T, r soapReply) bool {
			return r.fault != nil && r.fault.detail["Key"] == "dev/missing"
		}),
		devSOAPDeleteMissingKeySuccess: soapProbe(soapRequest{op: "DeleteObject", as: &alice, fields: [][2]string{{"Bucket", "dev"}, {"Key", "Fred"}}},
			func(t *testing.T, r soapReply) bool {
				return r.status == 200 && r.payload != nil && r.payload.Tag == "DeleteObjectResponse"
			}),
		devSOAPMalformedAsHTML: soapProbe(soapRequest{raw: "<soapenv:Envelope"}, func(t *testing.T, r soapReply) bool {
			return r.status == 400 && strings.HasPrefix(r.header.Get("Content-Type"), "text/html")
		}),
		devSOAPUnknownOperationServer: soapProbe(soapRequest{op: "NoSuchOperation", as: &alice}, func(t *testing.T, r soapReply) bool {
			return r.fault != nil && r.fault.faultcode == "soapenv:Server.NotImplemented"
		}),
		devSOAPResponseUnwrapped: soapProbe(soapRequest{op: "ListBucket", as: &alice, fields: [][2]string{{"Bucket", "dev"}}}, func(t *testing.T, r soapReply) bool {
			return r.payload != nil && r.payload.Tag == "ListBucketResult" && r.payload.SelectElement("Contents") != nil
		}),
		devSOAPOverHTTP: soapProbe(soapRequest{op: "ListAllMyBuckets", as: &alice, plain: true}, func(t *testing.T, r soapReply) bool {
			return r.status == 200 && r.payload != nil
		}),
		devSOAPCapitalisedFaultElements: soapProbe(soapGetMissingKey, func(t *testing.T, r soapReply) bool {
			return r.fault != nil && strings.Join(r.fault.names, ",") == "Faultcode,Faultstring,Detail"
		}),
		devSOAPEnvelopePrefixS: soapProbe(soapGetMissingKey, func(t *testing.T, r soapReply) bool {
			return r.root != nil && r.fault != nil && r.root.Space == "S" && r.fault.faultcode == "S:Client.NoSuchKey" && r.fault.codeNS == soapEnvelopeNS
		}),
		devSOAPPartialAuthAnonymous: soapProbe(soapRequest{op: "ListAllMyBuckets", fields: [][2]string{{"AWSAccessKeyId", alice.AccessKey}}},
			func(t *testing.T, r soapReply) bool {
				return r.fault != nil && r.fault.faultcode == "soapenv:Client.AccessDenied"
			}),
		devSOAPInvalidAccessKeyNoDetail: soapProbe(soapRequest{op: "ListAllMyBuckets", as: &Identity{"AKIAUNKNOWN", "x"}}, func(t *testing.T, r soapReply) bool {
			_, has := r.fault.detail["AWSAccessKeyId"]
			return r.fault != nil && r.fault.faultcode == "soapenv:Client.InvalidAccessKeyId" && !has
		}),
		devSOAPStringToSignWithoutTimestamp: soapProbe(soapRequest{op: "ListAllMyBuckets", as: &Identity{alice.AccessKey, "wrong"}}, func(t *testing.T, r soapReply) bool {
			return r.fault != nil && r.fault.detail["StringToSign"] == "AmazonS3ListAllMyBuckets"
		}),
		devSOAPSignatureProvidedExpected: soapProbe(soapRequest{op: "ListAllMyBuckets", as: &Identity{alice.AccessKey, "wrong"}}, func(t *testing.T, r soapReply) bool {
			mac := hmac.New(sha1.New, []byte(alice.SecretKey))
			mac.Write([]byte(r.fault.detail["StringToSign"]))
			return r.fault.detail["SignatureProvided"] == base64.StdEncoding.EncodeToString(mac.Sum(nil))
		}),
		devSOAPInlineDataUnbounded: soapProbe(soapRequest{op: "PutObjectInline", as: &alice, fields: [][2]string{{"Bucket", "dev"}, {"Key", "big"},
			{"Data", base64.StdEncoding.EncodeToString(make([]byte, maxInlineData+1))}}}, func(t *testing.T, r soapReply) bool {
			return r.status == 200 && r.payload != nil
		}),
		devSOAPMissingAttachmentInvalid: soapProbe(soapRequest{op: "PutObject", as: &alice, fields: [][2]string{{"Bucket", "dev"}, {"Key", "k"}, {"ContentLength", "4"}}},
			func(t *testing.T, r soapReply) bool {
				return r.fault != nil && r.fault.faultcode == "soapenv:Client.InvalidSOAPRequest"
			}),
		devSOAPDeleteNoStatusCode: soapProbe(soapRequest{op: "DeleteObject", as: &alice, fields: [][2]string{{"Bucket", "dev"}, {"Key", "obj"}}},
			func(t *testing.T, r soapReply) bool {
				return r.payload != nil && r.payload.FindElement("DeleteObjectResponse/Code") == nil
			}),
		devSOAPDeleteObjectCode204: soapProbe(soapRequest{op: "DeleteObject", as: &alice, fields: [][2]string{{"Bucket", "dev"}, {"Key", "obj"}}},
			func(t *testing.T, r soapReply) bool {
				return r.payload != nil && r.payload.FindElement("DeleteObjectResponse/Code").NotNil().Text() == "204"
			}),
	}
	for name, p := range probes {
		deviationProbes[name] = p
	}
}

// dimeMessage is a DIME message (draft-nielsen-dime-02) of the envelope and
// one attachment, the attachment's data in two chunks to exercise joining.
func dimeMessage(envelope, attachment []byte) []byte {
	var b bytes.Buffer
	record := func(flags, typeFormat byte, typ string, data []byte) {
		b.Write([]byte{1<<3 | flags, typeFormat << 4, 0, 0, 0, 0, 0, byte(len(typ))})
		b.Write([]byte{byte(len(data) >> 24), byte(len(data) >> 16), byte(len(data) >> 8), byte(len(data))})
		for _, f := range [][]byte{[]byte(typ), data} {
			b.Write(f)
			b.Write(make([]byte, (4-len(f)%4)%4))
		}
	}
	half := len(attachment) / 2
	record(0x04, 0x2, soapEnvelopeNS, envelope)                      // MB
	record(0x01, 0x1, "application/octet-stream", attachment[:half]) // CF
	record(0x02, 0x0, "", attachment[half:])                         // ME, unchanged type
	return b.Bytes()
}

func TestDecodeDIME(t *testing.T) {
	msg := dimeMessage([]byte("<e/>"), []byte("attached data"))
	env, att, ok := decodeDIME(msg)
	if !ok || string(env) != "<e/>" || len(att) != 1 || string(att[0]) != "attached data" {
		t.Fatalf("decodeDIME = %q %q %v", env, att, ok)
	}
	for name, bad := range map[string][]byte{
		"empty": nil, "truncated": msg[:len(msg)-4], "trailing bytes": append(append([]byte(nil), msg...), 0, 0, 0, 0),
		"version 2": append([]byte{2<<3 | msg[0]&7}, msg[1:]...), "not first": append([]byte{msg[0] &^ 0x04}, msg[1:]...),
	} {
		if _, _, ok := decodeDIME(bad); ok {
			t.Errorf("%s: decoded", name)
		}
	}
}

// TestSOAPOperations: the operations beyond the first seven, each answered
// as SOAP.md §5 describes, with the REST rules for conditions, ranges,
// copies and ACLs.
func TestSOAPOperations(t *testing.T) {
	s := startSOAPServer(t)
	wantSuccess(t, postSOAP(t, s, soapRequest{op: "CreateBucket", as: &alice, fields: [][2]string{{"Bucket", "ops"}}}), "CreateBucket")
	obj := [][2]string{{"Bucket", "ops"}, {"Key", "k"}}
	put := soapRequest{op: "PutObject", as: &alice, fields: append(obj, [2]string{"ContentLength", "10"}), attachment: []byte("0123456789")}
	etag := wantSuccess(t, postSOAP(t, s, put), "PutObject").FindElement("PutObjectResponse/ETag").NotNil().Text()
	if etag != `"781e5e245d69b566979b86e28d23f2c7"` {
		t.Errorf("PutObject ETag %q", etag)
	}
	put.attachment = nil
	wantFault(t, postSOAP(t, s, put), "Client.MissingAttachment")

	get := func(extra ...[2]string) soapRequest {
		return soapRequest{op: "GetObjectExtended", as: &alice, fields: append(append(obj[:2:2],
			[2]string{"GetMetadata", "false"}, [2]string{"GetData", "true"}, [2]string{"InlineData", "true"}), extra...)}
	}
	data := wantSuccess(t, postSOAP(t, s, get([2]string{"ByteRangeStart", "2"}, [2]string{"ByteRangeEnd", "4"}, [2]string{"IfMatch", etag})), "GetObjectExtended")
	if got := data.FindElement("GetObjectResponse/Data").NotNil().Text(); got != base64.StdEncoding.EncodeToString([]byte("234")) {
		t.Errorf("ranged Data %q", got)
	}
	wantFault(t, postSOAP(t, s, get([2]string{"ByteRangeStart", "20"}, [2]string{"ByteRangeEnd", "30"})), "Client.InvalidRange")
	wantFault(t, postSOAP(t, s, get([2]string{"IfMatch", `"0"`})), "Client.PreconditionFailed", [2]string{"Condition", "If-Match"})

	copyFields := [][2]string{{"SourceBucket", "ops"}, {"SourceKey", "k"}, {"DestinationBucket", "ops"}, {"DestinationKey", "copy"}}
	wantSuccess(t, postSOAP(t, s, soapRequest{op: "CopyObject", as: &alice, fields: copyFields}), "CopyObject")
	wantFault(t, postSOAP(t, s, soapRequest{op: "CopyObject", as: &alice, fields: append(copyFields, [2]string{"CopySourceIfMatch", `"0"`})}),
		"Client.PreconditionFailed")
	copyFields[1][1] = "missing"
	wantFault(t, postSOAP(t, s, soapRequest{op: "CopyObject", as: &alice, fields: copyFields}), "Client.NoSuchKey", [2]string{"Key", "missing"})

	acp := wantSuccess(t, postSOAP(t, s, soapRequest{op: "GetBucketAccessControlPolicy", as: &alice, fields: obj[:1]}), "GetBucketAccessControlPolicy")
	if id := acp.FindElement("GetBucketAccessControlPolicyResponse/AccessControlList/Grant/Grantee/ID").NotNil().Text(); id != canonicalUserID(alice.AccessKey) {
		t.Errorf("grantee %q", id)
	}
	wantSuccess(t, postSOAP(t, s, soapRequest{op: "GetObjectAccessControlPolicy", as: &alice, fields: obj}), "GetObjectAccessControlPolicy")
	grant := func(permission string) [2]string {
		return [2]string{"AccessControlList", `<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><ID>` +
			canonicalUserID(alice.AccessKey) + `</ID></Grantee><Permission>` + permission + `</Permission></Grant>`}
	}
	wantSuccess(t, postSOAP(t, s, soapRequest{op: "SetBucketAccessControlPolicy", as: &alice, fields: [][2]string{obj[0], grant("FULL_CONTROL")}}), "SetBucketAccessControlPolicy")
	wantFault(t, postSOAP(t, s, soapRequest{op: "SetBucketAccessControlPolicy", as: &alice, fields: [][2]string{obj[0], grant("FULL_CONTROLL")}}), "Client.MalformedACLError")
	wantSuccess(t, postSOAP(t, s, soapRequest{op: "SetObjectAccessControlPolicy", as: &alice, fields: append(obj, grant("READ"))}), "SetObjectAccessControlPolicy")
	wantFault(t, postSOAP(t, s, soapRequest{op: "SetObjectAccessControlPolicy", as: &alice, fields: [][2]string{obj[0], {"Key", "missing"}, grant("READ")}}),
		"Client.NoSuchKey", [2]string{"Key", "missing"})

	wantSuccess(t, postSOAP(t, s, soapRequest{op: "GetBucketLoggingStatus", as: &alice, fields: obj[:1]}), "GetBucketLoggingStatus")
	wantSuccess(t, postSOAP(t, s, soapRequest{op: "SetBucketLoggingStatus", as: &alice, fields: [][2]string{obj[0], {"BucketLoggingStatus", ""}}}), "SetBucketLoggingStatus")
	wantFault(t, postSOAP(t, s, soapRequest{op: "SetBucketLoggingStatus", as: &alice, fields: [][2]string{obj[0],
		{"BucketLoggingStatus", "<LoggingEnabled><TargetBucket>ops</TargetBucket><TargetPrefix>l/</TargetPrefix></LoggingEnabled>"}}}), "Server.NotImplemented")
	for _, op := range []string{"GetBucketAccessControlPolicy", "SetBucketAccessControlPolicy", "GetBucketLoggingStatus", "SetBucketLoggingStatus",
		"GetObjectAccessControlPolicy", "SetObjectAccessControlPolicy", "GetObjectExtended"} {
		wantFault(t, postSOAP(t, s, soapRequest{op: op, as: &alice, fields: [][2]string{{"Bucket", "nobucket"}, {"Key", "k"}}}),
			"Client.NoSuchBucket", [2]string{"BucketName", "nobucket"})
	}
	wantFault(t, postSOAP(t, s, soapRequest{op: "CreateBucket", fields: [][2]string{{"Bucket", "anon"}}}), "Client.AccessDenied")
	wantFault(t, postSOAP(t, s, soapRequest{op: "ListAllMyBuckets"}), "Client.AccessDenied")
}

// TestSOAPUnwrappedEmptyResponse: the unwrapped deviation also shapes the
// empty responses of the Set* operations (it once panicked on them).
func TestSOAPUnwrappedEmptyResponse(t *testing.T) {
	s := startSOAPServer(t, devSOAPResponseUnwrapped)
	wantStatus(t, do(t, s, "PUT", "/dev", nil), 200)
	r := postSOAP(t, s, soapRequest{op: "SetBucketLoggingStatus", as: &alice, fields: [][2]string{{"Bucket", "dev"}, {"BucketLoggingStatus", ""}}})
	if r.status != 200 || r.payload == nil || r.payload.Tag != "SetBucketLoggingStatusResult" {
		t.Errorf("status %d, body %s", r.status, r.body)
	}
}
