// Package hostile is a test fixture: an S3 target that misbehaves on
// purpose, the way products under test and the proxies in front of them
// do. It is a reverse proxy in front of a behaving S3 (the reference
// target) that, for one selected misbehaviour, corrupts the answers to the
// requests of one check, or breaks the connection itself.
//
// It is test code: only _test.go files import it, so it never ends up in
// the s3errconform binary (TestNothingButTestsImportsHostile holds that).
package hostile

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Misbehaviour names one way a target goes wrong.
type Misbehaviour string

// The misbehaviours. Unless its description says otherwise, each corrupts
// only the answer to a REST GET of a missing key that the real server
// answers with NoSuchKey (check rest-get-object-missing-key).
const (
	// None proxies everything faithfully.
	None Misbehaviour = ""

	HTMLErrorPage         Misbehaviour = "html-error-page"
	PlainTextBody         Misbehaviour = "plain-text-body"
	JSONBody              Misbehaviour = "json-body"
	EmptyErrorBody        Misbehaviour = "empty-error-body"
	TruncatedXML          Misbehaviour = "truncated-xml"
	BillionLaughs         Misbehaviour = "billion-laughs"
	ExternalEntity        Misbehaviour = "external-entity"
	HugeBody              Misbehaviour = "huge-body"
	EndlessBody           Misbehaviour = "endless-body"
	TrickleBody           Misbehaviour = "trickle-body"
	NeverAnswers          Misbehaviour = "never-answers"
	ResetMidBody          Misbehaviour = "reset-mid-body"
	WrongContentLength    Misbehaviour = "wrong-content-length"
	RedirectLoop          Misbehaviour = "redirect-loop"
	SuccessInsteadOfError Misbehaviour = "success-instead-of-error"
	DuplicateHeaders      Misbehaviour = "duplicate-headers"
	NonUTF8Message        Misbehaviour = "non-utf8-message"
	DeepNesting           Misbehaviour = "deep-nesting"
	NotHTTP               Misbehaviour = "not-http"
	SOAPHTML              Misbehaviour = "soap-html"
	SOAPUnboundPrefix     Misbehaviour = "soap-unbound-prefix"
	TLSUntrusted          Misbehaviour = "tls-untrusted"
	TLSWrongHost          Misbehaviour = "tls-wrong-host"
	TLSExpired            Misbehaviour = "tls-expired"
	SOAPSilent            Misbehaviour = "soap-silent"
	HangAfterProbe        Misbehaviour = "hang-after-probe"
	Silent                Misbehaviour = "silent"
)

// scope says which requests a misbehaviour affects.
type scope int

const (
	scopeNone scope = iota
	// scopeRESTMissingKey: a REST GET of a missing key answered NoSuchKey.
	scopeRESTMissingKey
	// scopeSOAPMissingKey: a SOAP GetObject answered with the NoSuchKey
	// fault (check soap-get-object-missing-key).
	scopeSOAPMissingKey
	// scopeTLS: every connection to a TLS listener (the SOAP endpoint,
	// and REST when Options.RESTOverTLS).
	scopeTLS
	// scopeAllButProbe: every REST request but GET / (the ListBuckets a
	// run starts with to see the target answers).
	scopeAllButProbe
	// scopeSOAPListener: every connection to the SOAP endpoint.
	scopeSOAPListener
	// scopeAll: every connection to every listener.
	scopeAll
)

// Description is what a misbehaviour does, for test names and messages.
type Description struct {
	Name Misbehaviour
	What string
	// Scope is "rest-missing-key", "soap-missing-key", "tls",
	// "soap-endpoint", "rest-after-probe" or "all".
	Scope string
	scope scope
}

var descriptions = []Description{
	{HTMLErrorPage, "a proxy's HTML error page (502, text/html) instead of the XML error", "", scopeRESTMissingKey},
	{PlainTextBody, "the error as plain text (text/plain)", "", scopeRESTMissingKey},
	{JSONBody, "the error as JSON (application/json)", "", scopeRESTMissingKey},
	{EmptyErrorBody, "the error status with an empty body", "", scopeRESTMissingKey},
	{TruncatedXML, "the XML error cut in half (Content-Length matching the cut)", "", scopeRESTMissingKey},
	{BillionLaughs, "an XML body with a DOCTYPE declaring nested entities (billion laughs)", "", scopeRESTMissingKey},
	{ExternalEntity, "an XML body referencing an external entity (XXE) on this server", "", scopeRESTMissingKey},
	{HugeBody, "a 1 GiB body (Content-Length: 1073741824)", "", scopeRESTMissingKey},
	{EndlessBody, "the right XML error followed by endless whitespace, chunked", "", scopeRESTMissingKey},
	{TrickleBody, "the right XML error, one byte per second", "", scopeRESTMissingKey},
	{NeverAnswers, "reads the request and never answers", "", scopeRESTMissingKey},
	{ResetMidBody, "resets the connection (RST) halfway through the body", "", scopeRESTMissingKey},
	{WrongContentLength, "a Content-Length 1000 bytes longer than the body, then closes", "", scopeRESTMissingKey},
	{RedirectLoop, "a 307 redirect to the very same URL", "", scopeRESTMissingKey},
	{SuccessInsteadOfError, "200 OK with an empty body where an error was expected", "", scopeRESTMissingKey},
	{DuplicateHeaders, "two different x-amz-request-id and two Content-Type headers", "", scopeRESTMissingKey},
	{NonUTF8Message, "bytes that are not UTF-8 in the error's Message", "", scopeRESTMissingKey},
	{DeepNesting, "an XML body nested 100,000 levels deep", "", scopeRESTMissingKey},
	{NotHTTP, "answers with bytes that are not HTTP (an SSH banner), then closes", "", scopeRESTMissingKey},
	{SOAPHTML, "the SOAP endpoint answers the NoSuchKey fault with an HTML page", "", scopeSOAPMissingKey},
	{SOAPUnboundPrefix, "the SOAP NoSuchKey fault's faultcode QName has a prefix no declaration binds", "", scopeSOAPMissingKey},
	{TLSUntrusted, "TLS with a self-signed certificate the client does not trust", "", scopeTLS},
	{TLSWrongHost, "TLS with a trusted certificate for another host name", "", scopeTLS},
	{TLSExpired, "TLS with a trusted certificate that expired", "", scopeTLS},
	{SOAPSilent, "the SOAP endpoint accepts every connection and never sends a byte", "", scopeSOAPListener},
	{HangAfterProbe, "answers the first ListBuckets, then never answers a REST request again", "", scopeAllButProbe},
	{Silent, "accepts every connection and never sends a byte", "", scopeAll},
}

func init() {
	names := map[scope]string{scopeRESTMissingKey: "rest-missing-key", scopeSOAPMissingKey: "soap-missing-key", scopeTLS: "tls", scopeSOAPListener: "soap-endpoint", scopeAllButProbe: "rest-after-probe", scopeAll: "all"}
	for i := range descriptions {
		descriptions[i].Scope = names[descriptions[i].scope]
	}
}

// Misbehaviours lists every misbehaviour, in a stable order.
func Misbehaviours() []Description { return slices.Concat(descriptions, protocolDescriptions) }

func describe(m Misbehaviour) (Description, bool) {
	for _, d := range Misbehaviours() {
		if d.Name == m {
			return d, true
		}
	}
	return Description{}, m == None
}

// Options configure a Server.
type Options struct {
	// REST is the behaving server's REST base URL (http://host:port).
	REST string
	// SOAP is its SOAP URL (https://host:port/soap); empty for none.
	SOAP string
	// UpstreamCA is the PEM certificate the behaving SOAP endpoint uses.
	UpstreamCA []byte
	Misbehaviour
	// RESTOverTLS serves the REST endpoint over TLS too, with the same
	// certificate as the SOAP endpoint (so TLS misbehaviours hit it).
	RESTOverTLS bool
	// Echo makes every answer the misbehaviour leaves alone repeat the
	// request's signatures back, the ways proxies and debugging servers
	// do (see echo).
	Echo bool
}

// Exchange is what the server saw of one request.
type Exchange struct {
	Method, Path, RawQuery string
	SOAP                   bool
	Header                 http.Header
	Body                   []byte
}

// Server is a running hostile target.
type Server struct {
	opts     Options
	desc     Description
	upstream *http.Client
	ca       *authority
	rest     *listener
	soap     *listener

	mu        sync.Mutex
	seen      []Exchange
	corrupted []Exchange
	xxeHits   int
	probed    bool
	// streamed counts the body bytes HugeBody and EndlessBody wrote.
	streamed  int
	closing   chan struct{}
	closeOnce sync.Once
	conns     sync.WaitGroup
}

type listener struct {
	net.Listener
	tls    bool
	server *http.Server
}

// Start starts the hostile target in front of the behaving server.
func Start(opts Options) (*Server, error) {
	desc, ok := describe(opts.Misbehaviour)
	if !ok {
		return nil, fmt.Errorf("hostile: unknown misbehaviour %q", opts.Misbehaviour)
	}
	ca, err := newAuthority()
	if err != nil {
		return nil, err
	}
	roots := x509.NewCertPool()
	if len(opts.UpstreamCA) > 0 && !roots.AppendCertsFromPEM(opts.UpstreamCA) {
		return nil, errors.New("hostile: UpstreamCA holds no PEM certificate")
	}
	s := &Server{
		opts: opts, desc: desc, ca: ca, closing: make(chan struct{}),
		upstream: &http.Client{
			Transport: &http.Transport{
				Proxy:               nil,
				TLSClientConfig:     &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12},
				DisableCompression:  true,
				MaxIdleConnsPerHost: 16,
			},
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
			Timeout:       30 * time.Second,
		},
	}
	if s.rest, err = s.listen(opts.RESTOverTLS, false); err != nil {
		return nil, err
	}
	if opts.SOAP != "" {
		if s.soap, err = s.listen(true, true); err != nil {
			s.rest.Close()
			return nil, err
		}
	}
	return s, nil
}

func (s *Server) listen(useTLS, soap bool) (*listener, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("hostile: %w", err)
	}
	l := &listener{Listener: ln, tls: useTLS}
	if s.desc.scope == scopeHTTP2 {
		if err := s.answerHTTP2(ln, useTLS); err != nil {
			ln.Close()
			return nil, err
		}
		return l, nil
	}
	if s.desc.scope == scopeAll || soap && s.desc.scope == scopeSOAPListener {
		go s.holdEveryConnection(ln)
		return l, nil
	}
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { s.serve(w, r, soap) })
	l.server = &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		// HTTP/1.1 only: misbehaviours hijack the connection.
		TLSNextProto: map[string]func(*http.Server, *tls.Conn, http.Handler){},
		ErrorLog:     log.New(io.Discard, "", 0),
	}
	served := ln
	if useTLS {
		cert, err := s.ca.certificate(s.desc.Name)
		if err != nil {
			ln.Close()
			return nil, err
		}
		served = tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12, NextProtos: []string{"http/1.1"}})
	}
	go l.server.Serve(served)
	return l, nil
}

// holdEveryConnection is Silent: accept, read nothing, answer nothing,
// until the server closes.
func (s *Server) holdEveryConnection(ln net.Listener) {
	s.serveEach(ln, func(net.Conn) { <-s.closing })
}

// serveEach accepts every connection on ln until it closes and hands each
// to handle on its own goroutine, closing it after; Close waits for them.
func (s *Server) serveEach(ln net.Listener, handle func(net.Conn)) {
	for {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		s.conns.Add(1)
		go func() {
			defer s.conns.Done()
			defer conn.Close()
			handle(conn)
		}()
	}
}

func (l *listener) url() string {
	scheme := "http"
	if l.tls {
		scheme = "https"
	}
	return scheme + "://" + l.Addr().String()
}

// RESTURL is the REST endpoint to put in a targets file.
func (s *Server) RESTURL() string { return s.rest.url() }

// SOAPURL is the SOAP endpoint; empty without Options.SOAP.
func (s *Server) SOAPURL() string {
	if s.soap == nil {
		return ""
	}
	return s.soap.url() + "/soap"
}

// SOAPPlainHTTPURL is the SOAP path over plain HTTP (on the REST listener);
// empty when REST is served over TLS or there is no SOAP.
func (s *Server) SOAPPlainHTTPURL() string {
	if s.soap == nil || s.rest.tls {
		return ""
	}
	return s.rest.url() + "/soap"
}

// CAPEM is the certificate authority a client should trust (tls.ca_file).
// Certificates of the TLS misbehaviours are not what it would accept.
func (s *Server) CAPEM() []byte { return slices.Clone(s.ca.pem) }

// Seen returns every request the server received, in order.
func (s *Server) Seen() []Exchange {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.seen)
}

// Corrupted returns the requests whose answers the misbehaviour corrupted.
func (s *Server) Corrupted() []Exchange {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.corrupted)
}

// ExternalEntityFetches counts requests for the external entity of
// ExternalEntity: a client that expands entities fetches it.
func (s *Server) ExternalEntityFetches() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.xxeHits
}

var (
	sigV4Auth  = regexp.MustCompile(`Signature=([0-9a-fA-F]+)`)
	sigV2Auth  = regexp.MustCompile(`^AWS [^:\s]+:(\S+)`)
	soapSigEl  = regexp.MustCompile(`<(?:[\w.-]+:)?Signature(?:\s[^>]*)?>([^<]+)</`)
	queryParam = regexp.MustCompile(`(?i)(?:^|&)(?:X-Amz-Signature|Signature)=([^&]+)`)
	// formField is a POST form's signature, or the policy it signs.
	formField = regexp.MustCompile(`(?i)name="(?:x-amz-signature|signature|policy)"\r?\n(?:[^\r\n]+\r?\n)*\r?\n([^\r\n]+)`)
)

// Signatures returns every signature value the server received: SigV4 and
// SigV2 Authorization signatures, X-Amz-Signature and Signature query
// parameters (URL-decoded as well as raw), SOAP Signature elements, POST
// form signatures and the policies they sign.
func (s *Server) Signatures() []string {
	set := map[string]bool{}
	for _, x := range s.Seen() {
		for _, sig := range signaturesOf(x.Header, x.RawQuery, x.Body) {
			set[sig] = true
		}
		for _, m := range queryParam.FindAllStringSubmatch(x.RawQuery, -1) {
			if decoded, err := url.QueryUnescape(m[1]); err == nil {
				set[decoded] = true
			}
		}
	}
	out := make([]string, 0, len(set))
	for v := range set {
		out = append(out, v)
	}
	sort.Strings(out)
	return out
}

// Authorizations returns every Authorization header value the server
// received.
func (s *Server) Authorizations() []string {
	var out []string
	for _, x := range s.Seen() {
		out = append(out, x.Header.Values("Authorization")...)
	}
	return out
}

// signaturesOf are the signatures one request carries, as sent.
func signaturesOf(h http.Header, rawQuery string, body []byte) []string {
	var out []string
	for _, v := range h.Values("Authorization") {
		if m := sigV4Auth.FindStringSubmatch(v); m != nil {
			out = append(out, m[1])
		}
		if m := sigV2Auth.FindStringSubmatch(v); m != nil {
			out = append(out, m[1])
		}
	}
	for _, m := range queryParam.FindAllStringSubmatch(rawQuery, -1) {
		out = append(out, m[1])
	}
	for _, re := range []*regexp.Regexp{soapSigEl, formField} {
		for _, m := range re.FindAllSubmatch(body, -1) {
			out = append(out, string(m[1]))
		}
	}
	return out
}

// maxEchoedBody bounds the request bodies echo repeats.
const maxEchoedBody = 8 << 10

// echo returns up with the request's signatures repeated in it, every way
// the issue saw a target do it: the bare signature (hex or base64) and the
// base64 of the whole Authorization header in a custom header; for an
// error, also URL-encoded ("Signature%3D...") in a Location header and in
// the body's text, those and the presigned URL in elements of the error,
// and the request body (a POST form, a SOAP envelope) in its message or
// faultstring, XML-escaped, so that the text a client parses holds the
// form's CR and LF and the envelope's <Signature> element.
func echo(r *http.Request, body []byte, up *upstreamResponse, soap bool) *upstreamResponse {
	sigs := signaturesOf(r.Header, r.URL.RawQuery, body)
	auth := r.Header.Get("Authorization")
	if len(sigs) == 0 && auth == "" {
		return up
	}
	out := &upstreamResponse{status: up.status, header: up.header.Clone(), body: up.body}
	if len(sigs) > 0 {
		out.header.Set("X-Echo-Signature", sigs[0])
	}
	if auth != "" {
		out.header.Set("X-Echo-Authorization", base64.StdEncoding.EncodeToString([]byte(auth)))
	}
	if up.status < 300 {
		return out
	}
	var encoded []string
	for _, sig := range sigs {
		encoded = append(encoded, url.QueryEscape("Signature="+sig))
	}
	if auth != "" {
		encoded = append(encoded, url.QueryEscape(auth))
	}
	presigned := "http://" + r.Host + r.RequestURI
	out.header.Set("Location", presigned+"&echo="+strings.Join(encoded, ","))
	var extra strings.Builder
	for _, sig := range sigs {
		fmt.Fprintf(&extra, "<EchoSignature>%s</EchoSignature>", xmlEscape(sig))
	}
	if auth != "" {
		fmt.Fprintf(&extra, "<EchoAuthorization>%s</EchoAuthorization>", base64.StdEncoding.EncodeToString([]byte(auth)))
	}
	fmt.Fprintf(&extra, "<EchoURL>%s</EchoURL><EchoEncoded>%s</EchoEncoded>", xmlEscape(presigned), xmlEscape(strings.Join(encoded, " ")))
	said := " echo: " + strings.Join(encoded, " ")
	if len(body) <= maxEchoedBody {
		said += " " + string(body)
	}
	text := "</Message>"
	if soap {
		text = "</faultstring>"
	}
	b := bytes.Replace(up.body, []byte(text), []byte(xmlEscape(said)+text), 1)
	if i := bytes.LastIndex(b, []byte("</Error>")); !soap && i >= 0 {
		b = append(b[:i:i], append([]byte(extra.String()), b[i:]...)...)
	}
	if soap {
		if i := bytes.Index(b, []byte("<detail>")); i >= 0 {
			end := i + len("<detail>")
			b = append(b[:end:end], append([]byte(extra.String()), b[end:]...)...)
		} else if i := bytes.Index(b, []byte("</faultstring>")); i >= 0 {
			end := i + len("</faultstring>")
			b = append(b[:end:end], append([]byte("<detail>"+extra.String()+"</detail>"), b[end:]...)...)
		}
	}
	out.body = b
	return out
}

func xmlEscape(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// Close stops the server and drops every connection, held ones included.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		close(s.closing)
		for _, l := range []*listener{s.rest, s.soap} {
			if l == nil {
				continue
			}
			if l.server != nil {
				l.server.Close()
			}
			l.Close()
		}
		s.conns.Wait()
	})
}

// xxePath is where ExternalEntity's external entity points.
const xxePath = "/hostile-external-entity"

func (s *Server) serve(w http.ResponseWriter, r *http.Request, soap bool) {
	if r.URL.Path == xxePath {
		s.mu.Lock()
		s.xxeHits++
		s.mu.Unlock()
		w.Write([]byte("fetched"))
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 64<<20))
	cutShort := errors.Is(err, io.ErrUnexpectedEOF) && !soap
	if err != nil && !cutShort {
		http.Error(w, "hostile: reading the request: "+err.Error(), http.StatusBadRequest)
		return
	}
	x := Exchange{Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery, SOAP: soap, Header: r.Header.Clone(), Body: body}
	s.mu.Lock()
	s.seen = append(s.seen, x)
	hang := s.desc.scope == scopeAllButProbe && !soap && (r.Method != http.MethodGet || r.URL.Path != "/" || s.probed)
	s.probed = s.probed || s.desc.scope == scopeAllButProbe && !hang
	if hang {
		s.corrupted = append(s.corrupted, x)
	}
	s.mu.Unlock()
	if hang {
		select {
		case <-r.Context().Done():
		case <-s.closing:
		}
		return
	}

	r = r.WithContext(context.WithValue(r.Context(), bodyKey{}, body))
	forward := s.forward
	if cutShort {
		forward = s.forwardCutShort
	}
	up, err := forward(r, body, soap)
	if err != nil {
		http.Error(w, "hostile: upstream: "+err.Error(), http.StatusBadGateway)
		return
	}
	if !s.selected(r, up, soap) {
		if s.opts.Echo {
			up = echo(r, body, up, soap)
		}
		s.relay(w, up)
		return
	}
	s.mu.Lock()
	s.corrupted = append(s.corrupted, x)
	s.mu.Unlock()
	s.misbehave(w, r, up)
}

type bodyKey struct{}

// soapOperation is the request body serve read, where a SOAP request names
// its operation.
func soapOperation(r *http.Request) []byte {
	body, _ := r.Context().Value(bodyKey{}).([]byte)
	return body
}

// upstreamResponse is the behaving server's complete answer.
type upstreamResponse struct {
	status int
	header http.Header
	body   []byte
}

// forward sends the request to the behaving server as the client sent it:
// same method, request target, headers (Host included, which signatures
// cover) and body framing.
func (s *Server) forward(r *http.Request, body []byte, soap bool) (*upstreamResponse, error) {
	base := s.opts.REST
	if soap {
		base = strings.TrimSuffix(s.opts.SOAP, "/soap")
	}
	out, err := http.NewRequestWithContext(r.Context(), r.Method, base+r.RequestURI, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	out.Header = r.Header.Clone()
	out.Host = r.Host
	switch {
	case slices.Contains(r.TransferEncoding, "chunked"):
		out.ContentLength = -1
		out.Body = io.NopCloser(bytes.NewReader(body))
		out.GetBody = nil
	case r.Header.Get("Content-Length") == "" && len(body) == 0:
		// Neither Content-Length nor Transfer-Encoding: send the same.
		out.ContentLength = -1
		out.Body = io.NopCloser(bytes.NewReader(nil))
		out.GetBody = nil
		out.TransferEncoding = []string{"identity"}
		out.Close = true
	}
	out.Header.Del("Content-Length")
	return upstreamAnswer(s.upstream.Do(out))
}

// upstreamAnswer reads the behaving server's whole answer.
func upstreamAnswer(resp *http.Response, err error) (*upstreamResponse, error) {
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	return &upstreamResponse{status: resp.StatusCode, header: resp.Header, body: body}, nil
}

// forwardCutShort relays a REST request whose body ended before its
// Content-Length the same way: the declared length, the bytes that came,
// then the end of the sending side. net/http will not send such a request,
// and the client's request context is already cancelled by its close.
func (s *Server) forwardCutShort(r *http.Request, body []byte, _ bool) (*upstreamResponse, error) {
	base, err := url.Parse(s.opts.REST)
	if err != nil {
		return nil, err
	}
	if base.Scheme != "http" {
		return nil, errors.New("a body cut short is relayed over plain HTTP only")
	}
	header := r.Header.Clone()
	header.Del("Connection")
	var wire bytes.Buffer
	fmt.Fprintf(&wire, "%s %s HTTP/1.1\r\nHost: %s\r\nContent-Length: %d\r\nConnection: close\r\n", r.Method, r.RequestURI, r.Host, r.ContentLength)
	header.Write(&wire)
	wire.WriteString("\r\n")
	wire.Write(body)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := (&net.Dialer{}).DialContext(ctx, "tcp", base.Host)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := conn.Write(wire.Bytes()); err != nil {
		return nil, err
	}
	conn.(*net.TCPConn).CloseWrite()
	return upstreamAnswer(http.ReadResponse(bufio.NewReader(conn), r))
}

func (s *Server) selected(r *http.Request, up *upstreamResponse, soap bool) bool {
	switch s.desc.scope {
	case scopeRESTMissingKey:
		return !soap && r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/s3errconform-no-such-key") &&
			up.status == http.StatusNotFound && bytes.Contains(up.body, []byte("<Code>NoSuchKey</Code>"))
	case scopeRESTCreateBucket:
		return isCreateBucket(r, soap)
	case scopeSOAPMissingKey:
		return soap && up.status == http.StatusInternalServerError && bytes.Contains(up.body, []byte("Client.NoSuchKey<")) &&
			bytes.Contains(soapOperation(r), []byte("<GetObject"))
	}
	return false
}

// relay writes the behaving server's answer unchanged.
func (s *Server) relay(w http.ResponseWriter, up *upstreamResponse) {
	h := w.Header()
	for name, values := range up.header {
		h[name] = slices.Clone(values)
	}
	h.Set("Content-Length", strconv.Itoa(len(up.body)))
	w.WriteHeader(up.status)
	w.Write(up.body)
}

func (s *Server) misbehave(w http.ResponseWriter, r *http.Request, up *upstreamResponse) {
	h := w.Header()
	copyIDs := func() {
		for _, name := range []string{"X-Amz-Request-Id", "X-Amz-Id-2", "Date", "Server"} {
			if v := up.header.Values(name); len(v) > 0 {
				h[name] = slices.Clone(v)
			}
		}
	}
	write := func(status int, contentType string, body []byte) {
		copyIDs()
		if contentType != "" {
			h.Set("Content-Type", contentType)
		}
		h.Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(status)
		w.Write(body)
	}
	switch s.desc.Name {
	case HTMLErrorPage:
		write(http.StatusBadGateway, "text/html", []byte(htmlErrorPage))
	case PlainTextBody:
		write(up.status, "text/plain; charset=utf-8", []byte("404 Not Found: The specified key does not exist.\n"))
	case JSONBody:
		write(up.status, "application/json", []byte(`{"Code":"NoSuchKey","Message":"The specified key does not exist.","Key":"s3errconform-no-such-key"}`+"\n"))
	case EmptyErrorBody:
		write(up.status, "application/xml", nil)
	case TruncatedXML:
		write(up.status, "application/xml", up.body[:len(up.body)/2])
	case BillionLaughs:
		write(up.status, "application/xml", []byte(billionLaughs))
	case ExternalEntity:
		doc := fmt.Sprintf(externalEntity, "http://"+r.Host+xxePath)
		write(up.status, "application/xml", []byte(doc))
	case HugeBody:
		copyIDs()
		h.Set("Content-Type", "application/xml")
		h.Set("Content-Length", strconv.Itoa(1<<30))
		w.WriteHeader(up.status)
		s.countStreamed(stream(w, []byte(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>`), 1<<30))
	case EndlessBody:
		copyIDs()
		h.Set("Content-Type", "application/xml")
		w.WriteHeader(up.status)
		w.Write(up.body)
		s.countStreamed(stream(w, nil, -1))
	case TrickleBody:
		copyIDs()
		h.Set("Content-Type", "application/xml")
		h.Set("Content-Length", strconv.Itoa(len(up.body)))
		w.WriteHeader(up.status)
		flusher, _ := w.(http.Flusher)
		for i := range up.body {
			if _, err := w.Write(up.body[i : i+1]); err != nil {
				return
			}
			if flusher != nil {
				flusher.Flush()
			}
			select {
			case <-time.After(time.Second):
			case <-r.Context().Done():
				return
			case <-s.closing:
				return
			}
		}
	case NeverAnswers:
		select {
		case <-r.Context().Done():
		case <-s.closing:
		}
	case ResetMidBody:
		s.raw(w, func(conn net.Conn) {
			writeHead(conn, up, len(up.body))
			conn.Write(up.body[:len(up.body)/2])
			time.Sleep(20 * time.Millisecond)
			if tcp, ok := conn.(*net.TCPConn); ok {
				tcp.SetLinger(0) // close with RST
			}
		})
	case WrongContentLength:
		s.raw(w, func(conn net.Conn) {
			writeHead(conn, up, len(up.body)+1000)
			conn.Write(up.body)
		})
	case RedirectLoop:
		copyIDs()
		h.Set("Location", "http://"+r.Host+r.RequestURI)
		h.Set("Content-Length", "0")
		w.WriteHeader(http.StatusTemporaryRedirect)
	case SuccessInsteadOfError:
		write(http.StatusOK, "application/octet-stream", nil)
	case DuplicateHeaders:
		for name, values := range up.header {
			h[name] = slices.Clone(values)
		}
		h["Content-Type"] = []string{"application/xml", "text/html"}
		h.Add("X-Amz-Request-Id", "0000DUPLICATE0000")
		h.Set("Content-Length", strconv.Itoa(len(up.body)))
		w.WriteHeader(up.status)
		w.Write(up.body)
	case NonUTF8Message:
		body := regexp.MustCompile(`<Message>[^<]*</Message>`).ReplaceAll(up.body, []byte("<Message>The specified key \xff\xfe does not exist \xc3\x28</Message>"))
		write(up.status, "application/xml", body)
	case DeepNesting:
		const depth = 100_000
		var b bytes.Buffer
		b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code>`)
		b.WriteString(strings.Repeat("<a>", depth))
		b.WriteString(strings.Repeat("</a>", depth))
		b.WriteString("</Error>")
		write(up.status, "application/xml", b.Bytes())
	case SetupHugeHeader:
		s.raw(w, hugeHeader)
	case NotHTTP:
		s.raw(w, func(conn net.Conn) {
			io.WriteString(conn, "SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13\r\n")
		})
	case SOAPHTML:
		write(http.StatusInternalServerError, "text/html; charset=iso-8859-1", []byte(soapHTMLPage))
	case SOAPUnboundPrefix:
		body := regexp.MustCompile(`>[\w.-]+:Client\.NoSuchKey<`).ReplaceAll(up.body, []byte(">unbound:Client.NoSuchKey<"))
		for name, values := range up.header {
			h[name] = slices.Clone(values)
		}
		h.Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(up.status)
		w.Write(body)
	default:
		s.relay(w, up)
	}
}

// raw hands the connection to write, then closes it.
func (s *Server) raw(w http.ResponseWriter, write func(net.Conn)) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		http.Error(w, "hostile: cannot hijack", http.StatusInternalServerError)
		return
	}
	conn, buf, err := hj.Hijack()
	if err != nil {
		return
	}
	buf.Flush()
	write(conn)
	conn.Close()
}

// writeHead writes a status line and up's headers with Content-Length n.
func writeHead(conn net.Conn, up *upstreamResponse, n int) {
	var b strings.Builder
	fmt.Fprintf(&b, "HTTP/1.1 %d %s\r\n", up.status, http.StatusText(up.status))
	for name, values := range up.header {
		if strings.EqualFold(name, "Content-Length") || strings.EqualFold(name, "Connection") {
			continue
		}
		for _, v := range values {
			fmt.Fprintf(&b, "%s: %s\r\n", name, v)
		}
	}
	fmt.Fprintf(&b, "Content-Length: %d\r\nConnection: close\r\n\r\n", n)
	io.WriteString(conn, b.String())
}

// stream writes prefix and then filler until n bytes in all (forever when
// n < 0) or until the client goes away, and returns how many it wrote.
func stream(w http.ResponseWriter, prefix []byte, n int) int {
	filler := bytes.Repeat([]byte(" "), 64<<10)
	if n >= 0 {
		filler = bytes.Repeat([]byte("x"), 64<<10)
	}
	written := 0
	if len(prefix) > 0 {
		if _, err := w.Write(prefix); err != nil {
			return written
		}
		written += len(prefix)
	}
	for n < 0 || written < n {
		chunk := filler
		if n >= 0 && n-written < len(chunk) {
			chunk = chunk[:n-written]
		}
		m, err := w.Write(chunk)
		written += m
		if err != nil {
			return written
		}
	}
	return written
}

// Body is what a misbehaviour's response body would be, for in-process
// tests of the parsers: the hostile documents without a server.
func Body(m Misbehaviour) []byte {
	switch m {
	case BillionLaughs:
		return []byte(billionLaughs)
	case ExternalEntity:
		return []byte(fmt.Sprintf(externalEntity, "file:///etc/passwd"))
	case DeepNesting:
		const depth = 100_000
		return []byte(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code>` + strings.Repeat("<a>", depth) + strings.Repeat("</a>", depth) + "</Error>")
	case HTMLErrorPage:
		return []byte(htmlErrorPage)
	case SOAPHTML:
		return []byte(soapHTMLPage)
	}
	return nil
}

// ServeBody starts a plain HTTP server answering every request with status
// 404 and an endless body (n < 0) or one of n bytes, for in-process memory
// tests of the client. It returns the URL and a stop function.
func ServeBody(n int) (string, func()) {
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		if n >= 0 {
			w.Header().Set("Content-Length", strconv.Itoa(n))
		}
		w.WriteHeader(http.StatusNotFound)
		stream(w, []byte("<Error><Code>NoSuchKey</Code><Message>"), n)
	}), ErrorLog: log.New(io.Discard, "", 0)}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String(), func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		srv.Shutdown(ctx)
		srv.Close()
	}
}

const htmlErrorPage = `<html>
<head><title>502 Bad Gateway</title></head>
<body>
<center><h1>502 Bad Gateway</h1></center>
<hr><center>nginx/1.24.0</center>
</body>
</html>
`

const soapHTMLPage = `<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">
<html><head>
<title>500 Internal Server Error</title>
</head><body>
<h1>Internal Server Error</h1>
<p>The server encountered an internal error or
misconfiguration and was unable to complete
your request.</p>
<hr>
<address>Apache/2.4.58 (Ubuntu) Server at 127.0.0.1 Port 443</address>
</body></html>
`

const billionLaughs = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE Error [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<Error><Code>NoSuchKey</Code><Message>&lol9;</Message><Key>s3errconform-no-such-key</Key></Error>
`

const externalEntity = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE Error [
  <!ENTITY xxe SYSTEM "%s">
]>
<Error><Code>NoSuchKey</Code><Message>&xxe;</Message><Key>s3errconform-no-such-key</Key></Error>
`
