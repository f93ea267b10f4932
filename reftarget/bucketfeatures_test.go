package reftarget

import (
	"strings"
	"testing"
)

func TestBucketFeatureSettings(t *testing.T) {
	s := startServer(t, Options{})
	wantStatus(t, do(t, s, "PUT", "/bkt", nil), 200)
	for path, want := range map[string]string{
		"/bkt?accelerate":        "<AccelerateConfiguration",
		"/bkt?requestPayment":    "<Payer>BucketOwner</Payer>",
		"/bkt?publicAccessBlock": "<BlockPublicAcls>true</BlockPublicAcls>",
	} {
		if r := do(t, s, "GET", path, nil); r.status != 200 || !strings.Contains(string(r.body), want) {
			t.Errorf("GET %s: %d %s, want %s", path, r.status, r.body, want)
		}
	}
	put := func(path, body string) response {
		return send(t, s, request{method: "PUT", path: path, body: []byte(body), header: withMD5([]byte(body)), as: &alice})
	}
	wantStatus(t, put("/bkt?accelerate", "<AccelerateConfiguration><Status>Suspended</Status></AccelerateConfiguration>"), 200)
	wantStatus(t, put("/bkt?requestPayment", "<RequestPaymentConfiguration><Payer>Requester</Payer></RequestPaymentConfiguration>"), 200)
	if r := do(t, s, "GET", "/bkt?requestPayment", nil); !strings.Contains(string(r.body), "<Payer>Requester</Payer>") {
		t.Errorf("GetBucketRequestPayment after PUT: %s", r.body)
	}
	for path, body := range map[string]string{
		"/bkt?accelerate":        "<AccelerateConfiguration><Status>enabled</Status></AccelerateConfiguration>",
		"/bkt?requestPayment":    "<RequestPaymentConfiguration/>",
		"/bkt?publicAccessBlock": "<PublicAccessBlock/>",
	} {
		wantError(t, put(path, body), "MalformedXML", "/bkt")
	}
	wantStatus(t, do(t, s, "PUT", "/dotted.bkt", nil), 200)
	wantWordedError(t, put("/dotted.bkt?accelerate", "<AccelerateConfiguration><Status>Enabled</Status></AccelerateConfiguration>"), "InvalidRequest", "/dotted.bkt")

	wantStatus(t, do(t, s, "DELETE", "/bkt?publicAccessBlock", nil), 204)
	r := do(t, s, "GET", "/bkt?publicAccessBlock", nil)
	if doc := parseErrorDoc(t, r.body); r.status != 404 || doc.values["Code"] != "NoSuchPublicAccessBlockConfiguration" || doc.values["BucketName"] != "bkt" {
		t.Errorf("GetPublicAccessBlock after delete: %d %s", r.status, r.body)
	}
	wantStatus(t, put("/bkt?publicAccessBlock", "<PublicAccessBlockConfiguration><BlockPublicAcls>false</BlockPublicAcls></PublicAccessBlockConfiguration>"), 200)
	wantStatus(t, do(t, s, "GET", "/bkt?publicAccessBlock", nil), 200)
}

func TestBucketPolicyStatus(t *testing.T) {
	s := startServer(t, Options{})
	wantStatus(t, do(t, s, "PUT", "/bkt", nil), 200)
	wantError(t, do(t, s, "GET", "/bkt?policyStatus", nil), "NoSuchBucketPolicy", "/bkt", detail{"BucketName", "bkt"})
	for policy, public := range map[string]bool{
		`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::bkt/*"}]}`:                                                         true,
		`{"Statement":{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::123456789012:root","*"]},"Action":"s3:GetObject","Resource":"arn:aws:s3:::bkt/*"}}`:                true,
		`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::bkt/*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}]}`: false,
		`{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::bkt/*"}]}`:                    false,
	} {
		wantStatus(t, do(t, s, "PUT", "/bkt?policy", []byte(policy)), 204)
		r := do(t, s, "GET", "/bkt?policyStatus", nil)
		if want := "<IsPublic>" + map[bool]string{true: "true", false: "false"}[public] + "</IsPublic>"; !strings.Contains(string(r.body), want) {
			t.Errorf("policy %s: %s, want %s", policy, r.body, want)
		}
	}
}
