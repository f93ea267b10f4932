package harness

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
)

// frame sets how httpReq conveys its body's length (Request.Framing).
func frame(httpReq *http.Request, req Request) {
	switch req.Framing {
	case FramingChunked:
		// A reader of unknown length makes net/http send the body chunked.
		httpReq.Body = io.NopCloser(bytes.NewReader(req.Body))
		httpReq.GetBody = nil
		httpReq.ContentLength = -1
	case FramingNone:
		// An empty body of unknown length with the identity coding: net/http
		// then writes neither Content-Length nor Transfer-Encoding. The
		// connection is not reused, its framing being unknown to the server.
		httpReq.Body = io.NopCloser(bytes.NewReader(nil))
		httpReq.GetBody = nil
		httpReq.ContentLength = -1
		httpReq.TransferEncoding = []string{"identity"}
		httpReq.Close = true
	}
}

// sentBody is the body the request actually carries, whose hash a SigV4
// signature covers.
func sentBody(req Request) []byte {
	if req.Framing == FramingNone {
		return nil
	}
	return req.Body
}

// exchangeURL renders the URL a request was sent to, also when its path
// was sent verbatim (Request.RawPath, carried in URL.Opaque).
func exchangeURL(u *url.URL) string {
	if u.Opaque == "" {
		return u.String()
	}
	s := u.Scheme + "://" + u.Host + u.Opaque
	if u.RawQuery != "" {
		s += "?" + u.RawQuery
	}
	return s
}
