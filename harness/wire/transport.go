package wire

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/s3errconform/s3errconform/harness/targets"
)

// A check judges the redirect the server sent, not where it leads.
func DoNotFollow(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// TLSConfig builds the client TLS settings of a target: system roots plus
// its CA file or PEM, or no verification when it asks for none explicitly.
func TLSConfig(t targets.TLS) (*tls.Config, error) {
	// Offering HTTP/1.1 by ALPN makes a server that speaks only HTTP/2
	// refuse the handshake, a clear error, instead of sending frames the
	// client would wait on until the timeout.
	cfg := &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: t.InsecureSkipVerify, NextProtos: []string{"http/1.1"}}
	if t.CAFile == "" && len(t.CAPEM) == 0 {
		return cfg, nil
	}
	pool, err := x509.SystemCertPool()
	if err != nil {
		pool = x509.NewCertPool()
	}
	pem := t.CAPEM
	if t.CAFile != "" {
		if pem, err = os.ReadFile(t.CAFile); err != nil {
			return nil, fmt.Errorf("tls ca_file: %w", err)
		}
	}
	if !pool.AppendCertsFromPEM(pem) {
		return nil, errors.New("tls: CA bundle holds no PEM certificate")
	}
	cfg.RootCAs = pool
	return cfg, nil
}

type dialFunc func(ctx context.Context, network, addr string) (net.Conn, error)

// EndpointDialer dials the endpoint's own address for every host name
// under it, so virtual-hosted requests need no wildcard DNS on the test
// machine.
func EndpointDialer(endpoint *url.URL, timeout time.Duration) dialFunc {
	dialer := &net.Dialer{Timeout: timeout}
	endpointAddr := hostPort(endpoint)
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		host, _, _ := net.SplitHostPort(addr)
		if strings.HasSuffix(host, "."+endpoint.Hostname()) {
			addr = endpointAddr
		}
		return dialer.DialContext(ctx, network, addr)
	}
}

// hostPort is u's host with the scheme's default port when it names none.
func hostPort(u *url.URL) string {
	if u.Port() != "" {
		return u.Host
	}
	port := "80"
	if u.Scheme == "https" {
		port = "443"
	}
	return net.JoinHostPort(u.Hostname(), port)
}

// NewTransport sends requests over dial's connections, each keeping the
// first bytes it reads (what a server that does not speak HTTP/1.1 sent
// instead, prefixconn.go). The head transport keeps no connection alive and taps
// what it reads, so a body a server wrongly sends after a HEAD response can
// be seen.
func NewTransport(endpoint *url.URL, dial dialFunc, tlsConfig *tls.Config, timeout time.Duration, head bool) *http.Transport {
	t := &http.Transport{
		Proxy:                  proxyFor(endpoint),
		DialContext:            dial,
		TLSClientConfig:        tlsConfig,
		TLSHandshakeTimeout:    timeout,
		ResponseHeaderTimeout:  timeout,
		ExpectContinueTimeout:  time.Second,
		DisableCompression:     true,
		DisableKeepAlives:      head,
		MaxIdleConnsPerHost:    16,
		MaxResponseHeaderBytes: 1 << 20,
	}
	wrap := func(conn net.Conn) net.Conn { return &prefixConn{Conn: conn} }
	if head {
		wrap = func(conn net.Conn) net.Conn { return &tapConn{Conn: conn} }
	}
	t.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		conn, err := dial(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		return wrap(conn), nil
	}
	t.DialTLSContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		conn, err := dial(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		cfg := tlsConfig.Clone()
		if cfg.ServerName == "" {
			cfg.ServerName, _, _ = net.SplitHostPort(addr)
		}
		tlsConn := tls.Client(conn, cfg)
		if err := tlsConn.HandshakeContext(ctx); err != nil {
			conn.Close()
			return nil, err
		}
		return wrap(tlsConn), nil
	}
	return t
}

// proxyFor applies the environment's proxy settings as for the endpoint
// itself to virtual-hosted names under it, so NO_PROXY for the endpoint
// covers them too.
func proxyFor(endpoint *url.URL) func(*http.Request) (*url.URL, error) {
	return func(r *http.Request) (*url.URL, error) {
		if strings.HasSuffix(r.URL.Hostname(), "."+endpoint.Hostname()) {
			asEndpoint := *r
			u := *r.URL
			u.Host = endpoint.Host
			asEndpoint.URL = &u
			return http.ProxyFromEnvironment(&asEndpoint)
		}
		return http.ProxyFromEnvironment(r)
	}
}
