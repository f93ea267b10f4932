package hostile

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The misbehaviours' answers, grouped by what they break: the document,
// the stream of the body, the connection, or the headers.

func (s *Server) misbehave(w http.ResponseWriter, r *http.Request, up *upstreamResponse) {
	if status, contentType, body, ok := wrongDocument(s.desc.Name, "http://"+r.Host+xxePath, up); ok {
		copyIDs(w.Header(), up)
		if contentType != "" {
			w.Header().Set("Content-Type", contentType)
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(status)
		w.Write(body)
		return
	}
	switch s.desc.Name {
	case HugeBody, EndlessBody, TrickleBody, NeverAnswers:
		s.breakStream(w, r, up)
	case ResetMidBody, WrongContentLength, SetupHugeHeader, NotHTTP:
		s.breakConnection(w, up)
	case RedirectLoop, DuplicateHeaders, SOAPUnboundPrefix:
		s.breakHeaders(w, r, up)
	default:
		s.relay(w, up)
	}
}

// copyIDs gives a misbehaving answer the request ids and date of the
// answer it replaces.
func copyIDs(h http.Header, up *upstreamResponse) {
	for _, name := range []string{"X-Amz-Request-Id", "X-Amz-Id-2", "Date", "Server"} {
		if v := up.header.Values(name); len(v) > 0 {
			h[name] = slices.Clone(v)
		}
	}
}

// wrongDocument is the whole answer of a misbehaviour that sends a wrong
// document in place of the error: ok is false for the others. entityURL
// is where ExternalEntity's entity points.
func wrongDocument(m Misbehaviour, entityURL string, up *upstreamResponse) (status int, contentType string, body []byte, ok bool) {
	switch m {
	case HTMLErrorPage:
		return http.StatusBadGateway, "text/html", []byte(htmlErrorPage), true
	case PlainTextBody:
		return up.status, "text/plain; charset=utf-8", []byte("404 Not Found: The specified key does not exist.\n"), true
	case JSONBody:
		return up.status, "application/json", []byte(`{"Code":"NoSuchKey","Message":"The specified key does not exist.","Key":"s3errconform-no-such-key"}` + "\n"), true
	case EmptyErrorBody:
		return up.status, "application/xml", nil, true
	case TruncatedXML:
		return up.status, "application/xml", up.body[:len(up.body)/2], true
	case BillionLaughs:
		return up.status, "application/xml", []byte(billionLaughs), true
	case ExternalEntity:
		return up.status, "application/xml", []byte(fmt.Sprintf(externalEntity, entityURL)), true
	case SuccessInsteadOfError:
		return http.StatusOK, "application/octet-stream", nil, true
	case NonUTF8Message:
		body := regexp.MustCompile(`<Message>[^<]*</Message>`).ReplaceAll(up.body, []byte("<Message>The specified key \xff\xfe does not exist \xc3\x28</Message>"))
		return up.status, "application/xml", body, true
	case DeepNesting:
		const depth = 100_000
		return up.status, "application/xml", []byte(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code>` + strings.Repeat("<a>", depth) + strings.Repeat("</a>", depth) + "</Error>"), true
	case SOAPHTML:
		return http.StatusInternalServerError, "text/html; charset=iso-8859-1", []byte(soapHTMLPage), true
	}
	return 0, "", nil, false
}

// Body is what a misbehaviour's response body would be, for in-process
// tests of the parsers: the hostile documents without a server.
func Body(m Misbehaviour) []byte {
	_, _, body, _ := wrongDocument(m, "file:///etc/passwd", &upstreamResponse{status: http.StatusNotFound})
	return body
}

// breakStream sends the right header and a body that is too long, never
// ends, trickles, or never comes.
func (s *Server) breakStream(w http.ResponseWriter, r *http.Request, up *upstreamResponse) {
	h := w.Header()
	copyIDs(h, up)
	h.Set("Content-Type", "application/xml")
	switch s.desc.Name {
	case HugeBody:
		h.Set("Content-Length", strconv.Itoa(1<<30))
		w.WriteHeader(up.status)
		s.countStreamed(stream(w, []byte(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>`), 1<<30))
	case EndlessBody:
		w.WriteHeader(up.status)
		w.Write(up.body)
		s.countStreamed(stream(w, nil, -1))
	case TrickleBody:
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
	}
}

// breakConnection takes the connection over and writes what HTTP cannot
// frame: a reset, a short body, a huge header line, or no HTTP at all.
func (s *Server) breakConnection(w http.ResponseWriter, up *upstreamResponse) {
	switch s.desc.Name {
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
	case SetupHugeHeader:
		s.raw(w, hugeHeader)
	case NotHTTP:
		s.raw(w, func(conn net.Conn) {
			io.WriteString(conn, "SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13\r\n")
		})
	}
}

// breakHeaders answers with headers no client should follow or trust: a
// redirect to itself, duplicated ids, or a faultcode with an unbound prefix.
func (s *Server) breakHeaders(w http.ResponseWriter, r *http.Request, up *upstreamResponse) {
	h := w.Header()
	switch s.desc.Name {
	case RedirectLoop:
		copyIDs(h, up)
		h.Set("Location", "http://"+r.Host+r.RequestURI)
		h.Set("Content-Length", "0")
		w.WriteHeader(http.StatusTemporaryRedirect)
	case DuplicateHeaders:
		for name, values := range up.header {
			h[name] = slices.Clone(values)
		}
		h["Content-Type"] = []string{"application/xml", "text/html"}
		h.Add("X-Amz-Request-Id", "0000DUPLICATE0000")
		h.Set("Content-Length", strconv.Itoa(len(up.body)))
		w.WriteHeader(up.status)
		w.Write(up.body)
	case SOAPUnboundPrefix:
		body := regexp.MustCompile(`>[\w.-]+:Client\.NoSuchKey<`).ReplaceAll(up.body, []byte(">unbound:Client.NoSuchKey<"))
		for name, values := range up.header {
			h[name] = slices.Clone(values)
		}
		h.Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(up.status)
		w.Write(body)
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
