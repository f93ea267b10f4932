package soap

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/s3errconform/s3errconform/harness/targets"
	"github.com/s3errconform/s3errconform/harness/wire"
)

// soapActionHeader is SOAP 1.1's header, spelt as the SOAP note spells it
// (HTTP header names are case-insensitive).
const ActionHeader = "SOAPAction"

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
	// Attachment, when not nil, is sent with the envelope as a DIME
	// attachment (PutObject's data).
	Attachment []byte
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
type Client struct {
	target       *targets.Target
	url          string
	PlainURL     string
	PlainWhyNot  string
	secure       *http.Client
	plain        *http.Client
	constructErr error
	// secrets are the run's: every signature sent is registered there.
	secrets *wire.Secrets
}

func NewClient(target *targets.Target, secrets *wire.Secrets) *Client {
	c := &Client{target: target, url: target.SOAPURL, secrets: secrets}
	c.PlainURL, c.PlainWhyNot = SOAPPlainHTTPURL(target)
	endpoint, err := url.Parse(target.SOAPURL)
	if err != nil {
		c.constructErr = fmt.Errorf("target %q: soap_url: %w", target.Name, err)
		return c
	}
	tlsConfig, err := wire.TLSConfig(target.TLS)
	if err != nil {
		c.constructErr = fmt.Errorf("target %q: %w", target.Name, err)
		return c
	}
	c.secure = &http.Client{Transport: wire.NewTransport(endpoint, wire.EndpointDialer(endpoint, c.timeout()), tlsConfig, c.timeout(), false), CheckRedirect: wire.DoNotFollow}
	if c.PlainURL != "" {
		plainEndpoint, err := url.Parse(c.PlainURL)
		if err != nil {
			c.PlainURL, c.PlainWhyNot = "", fmt.Sprintf("plain-HTTP SOAP URL %q does not parse: %v", c.PlainURL, err)
		} else {
			c.plain = &http.Client{Transport: wire.NewTransport(plainEndpoint, wire.EndpointDialer(plainEndpoint, c.timeout()), tlsConfig, c.timeout(), false), CheckRedirect: wire.DoNotFollow}
		}
	}
	return c
}

func (c *Client) timeout() time.Duration {
	if c.target.Timeout > 0 {
		return c.target.Timeout
	}
	return targets.DefaultTimeout
}

// do POSTs body to the SOAP endpoint (its plain-HTTP address when plain)
// and returns what came back; a transport failure is in the response's
// Err, never a panic.
func (c *Client) Do(ctx context.Context, req SOAPRequest, body []byte, plain bool) *wire.Response {
	ctx, cancel := context.WithTimeout(ctx, c.timeout())
	defer cancel()
	target, client := c.url, c.secure
	if plain {
		target, client = c.PlainURL, c.plain
	}
	c.secrets.AddRequest(nil, "", body)
	contentType := SOAPContentType
	if req.Attachment != nil {
		body, contentType = EncodeDIME(body, req.Attachment), DIMEContentType
	}
	x := &wire.Exchange{Method: http.MethodPost, URL: target, RequestBody: body}
	resp := wire.NewResponse(x, wire.Request{Method: http.MethodPost, Bucket: req.Bucket, Key: req.Key}, c.target.Profile, c.secrets, reproLine)
	if c.constructErr != nil {
		x.Err = c.constructErr
		return resp
	}
	httpReq, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		x.Err = err
		return resp
	}
	httpReq.Header.Set("Content-Type", contentType)
	// The WSDL declares soapAction="" for every operation (SOAP.md §3).
	httpReq.Header[ActionHeader] = []string{`""`}
	x.RequestHeader = wire.SentHeader(httpReq, body)
	start := time.Now()
	httpResp, err := client.Do(httpReq)
	if err != nil {
		x.Duration, x.Err = time.Since(start), err
		return resp
	}
	defer httpResp.Body.Close()
	x.Status, x.Proto, x.ResponseHeader = httpResp.StatusCode, httpResp.Proto, wire.ReceivedHeader(httpResp)
	x.Body, x.BodyTruncated, x.Err = wire.ReadCapped(httpResp.Body)
	x.Duration = time.Since(start)
	return resp
}

// reproLine is soapRepro as a Response's Repro.
func reproLine(r *wire.Response) string {
	line, _ := Repro(r)
	return line
}

// maxReproBody bounds the request body a curl line quotes: the
// InlineDataTooLarge check sends over 1 MiB, too much for a report line.
const maxReproBody = 64 << 10

// soapRepro renders a SOAP request as a curl command line; ok is false for
// anything but a SOAP exchange, for a DIME message, which is binary, and for
// a body over maxReproBody. A signed request must be signed again, since its
// signature is redacted and its Timestamp stale.
func Repro(r *wire.Response) (line string, ok bool) {
	if r.Exchange == nil || r.URL == "" || r.RequestHeader[ActionHeader] == nil ||
		r.RequestHeader.Get("Content-Type") == DIMEContentType || len(r.RequestBody) > maxReproBody {
		return "", false
	}
	line = strings.Join([]string{"curl", "-sS", "-i", "-X", "POST",
		"-H", wire.ShellQuote("Content-Type: " + SOAPContentType), "-H", wire.ShellQuote(ActionHeader + `: ""`),
		"--data-binary", wire.ShellQuote(r.Exchange.Redact(string(r.RequestBody))), wire.ShellQuote(r.Exchange.RedactURL(r.URL))}, " ")
	if bytes.Contains(r.RequestBody, []byte("<Signature>")) {
		line += "  # sign it again: <Timestamp> now, <Signature> = base64(HMAC-SHA1($" + wire.ReproSecretKeyVar + `, "AmazonS3" + operation + Timestamp))`
	}
	return r.Exchange.Redact(line), true
}
