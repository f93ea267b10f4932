package harness

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/s3errconform/s3errconform/harness/targets"
)

// soapActionHeader is SOAP 1.1's header, spelt as the SOAP note spells it
// (HTTP header names are case-insensitive).
const soapActionHeader = "SOAPAction"

// SOAPContentType is the Content-Type of SOAP 1.1 requests over HTTP.
const SOAPContentType = "text/xml; charset=utf-8"

// SOAPRequest is one SOAP request as a check describes it.
type SOAPRequest struct {
	// Operation names the operation element, e.g. "GetObject"; it is also
	// signed.
	Operation string
	// Fields are the operation's children before the authorization
	// elements, in schema order.
	Fields []SOAPField
	// Bucket and Key are what the request acts on, for matchers, reports
	// and cleanup.
	Bucket string
	Key    string
	// Raw, when not nil, is sent as the body instead of a built envelope:
	// for malformed requests.
	Raw []byte
}

// SOAPPlainHTTPURL returns the plain-HTTP address of a target's SOAP
// endpoint, or why there is none: the target's soap_plain_http_url; else
// the SOAP URL itself when it is http://; else http:// with the SOAP URL's
// host and path when it has no explicit port.
func SOAPPlainHTTPURL(t *targets.Target) (plainURL, whyNot string) {
	if t.SOAPURL == "" {
		return "", "target declares no SOAP endpoint"
	}
	if t.SOAPPlainHTTPURL != "" {
		return t.SOAPPlainHTTPURL, ""
	}
	u, err := url.Parse(t.SOAPURL)
	if err != nil {
		return "", fmt.Sprintf("soap_url %q does not parse: %v", t.SOAPURL, err)
	}
	if u.Scheme == "http" {
		return t.SOAPURL, ""
	}
	if u.Port() != "" {
		return "", "soap_url has an explicit port, so its plain-HTTP address cannot be derived; set soap_plain_http_url to check that SOAP over HTTP is refused"
	}
	plain := *u
	plain.Scheme = "http"
	return plain.String(), ""
}

// soapClient sends SOAP requests to one target's SOAP endpoint, over
// HTTPS, or plain HTTP to check that it is refused. Like Client, it never
// retries and bounds every read and wait.
type soapClient struct {
	target       *targets.Target
	url          string
	plainURL     string
	plainWhyNot  string
	secure       *http.Client
	plain        *http.Client
	constructErr error
	// secrets are the run's: every signature sent is registered there.
	secrets *Secrets
}

func newSOAPClient(target *targets.Target, secrets *Secrets) *soapClient {
	c := &soapClient{target: target, url: target.SOAPURL, secrets: secrets}
	c.plainURL, c.plainWhyNot = SOAPPlainHTTPURL(target)
	endpoint, err := url.Parse(target.SOAPURL)
	if err != nil {
		c.constructErr = fmt.Errorf("target %q: soap_url: %w", target.Name, err)
		return c
	}
	tlsConfig, err := TLSConfig(target.TLS)
	if err != nil {
		c.constructErr = fmt.Errorf("target %q: %w", target.Name, err)
		return c
	}
	c.secure = &http.Client{Transport: newTransport(endpoint, endpointDialer(endpoint, c.timeout()), tlsConfig, c.timeout(), false), CheckRedirect: doNotFollow}
	if c.plainURL != "" {
		plainEndpoint, err := url.Parse(c.plainURL)
		if err != nil {
			c.plainURL, c.plainWhyNot = "", fmt.Sprintf("plain-HTTP SOAP URL %q does not parse: %v", c.plainURL, err)
		} else {
			c.plain = &http.Client{Transport: newTransport(plainEndpoint, endpointDialer(plainEndpoint, c.timeout()), tlsConfig, c.timeout(), false), CheckRedirect: doNotFollow}
		}
	}
	return c
}

func (c *soapClient) timeout() time.Duration {
	if c.target.Timeout > 0 {
		return c.target.Timeout
	}
	return targets.DefaultTimeout
}

// do POSTs body to the SOAP endpoint (its plain-HTTP address when plain)
// and returns what came back; a transport failure is in the response's
// Err, never a panic.
func (c *soapClient) do(ctx context.Context, req SOAPRequest, body []byte, plain bool) *Response {
	ctx, cancel := context.WithTimeout(ctx, c.timeout())
	defer cancel()
	target, client := c.url, c.secure
	if plain {
		target, client = c.plainURL, c.plain
	}
	c.secrets.AddRequest(nil, "", body)
	x := &Exchange{Method: http.MethodPost, URL: target, RequestBody: body}
	resp := NewResponse(x, Request{Method: http.MethodPost, Bucket: req.Bucket, Key: req.Key}, c.target.Profile, c.secrets, reproLine)
	if c.constructErr != nil {
		x.Err = c.constructErr
		return resp
	}
	httpReq, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		x.Err = err
		return resp
	}
	httpReq.Header.Set("Content-Type", SOAPContentType)
	// The WSDL declares soapAction="" for every operation (SOAP.md §3).
	httpReq.Header[soapActionHeader] = []string{`""`}
	x.RequestHeader = httpReq.Header.Clone()
	start := time.Now()
	httpResp, err := client.Do(httpReq)
	if err != nil {
		x.Duration, x.Err = time.Since(start), err
		return resp
	}
	defer httpResp.Body.Close()
	x.Status, x.Proto, x.ResponseHeader = httpResp.StatusCode, httpResp.Proto, httpResp.Header
	x.Body, x.BodyTruncated, x.Err = readCapped(httpResp.Body)
	x.Duration = time.Since(start)
	return resp
}

// reproLine is soapRepro as a Response's Repro.
func reproLine(r *Response) string {
	line, _ := soapRepro(r)
	return line
}

// soapRepro renders a SOAP request as a curl command line; ok is false for
// anything but a SOAP exchange. A signed request must be signed again, since
// its signature is redacted and its Timestamp stale.
func soapRepro(r *Response) (line string, ok bool) {
	if r.Exchange == nil || r.URL == "" || r.RequestHeader[soapActionHeader] == nil {
		return "", false
	}
	line = strings.Join([]string{"curl", "-sS", "-i", "-X", "POST",
		"-H", shellQuote("Content-Type: " + SOAPContentType), "-H", shellQuote(soapActionHeader + `: ""`),
		"--data-binary", shellQuote(r.Exchange.redact(string(r.RequestBody))), shellQuote(r.Exchange.RedactURL(r.URL))}, " ")
	if bytes.Contains(r.RequestBody, []byte("<Signature>")) {
		line += "  # sign it again: <Timestamp> now, <Signature> = base64(HMAC-SHA1($" + ReproSecretKeyVar + `, "AmazonS3" + operation + Timestamp))`
	}
	return r.Exchange.redact(line), true
}
