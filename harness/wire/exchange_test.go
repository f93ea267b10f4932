package wire

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

const testSecretExchange = "eXcHaNgEtEsTsEcReT/abcdefghij0002"

func TestExchangeString(t *testing.T) {
	secrets := NewSecrets()
	secrets.Add(testSecretExchange)
	x := &Exchange{
		Secrets: secrets,
		Method:  "PUT",
		URL:     "http://127.0.0.1:9000/bucket/key?X-Amz-Signature=deadbeef&x=" + testSecretExchange,
		RequestHeader: http.Header{
			"X-Amz-Date":    {"20130524T000000Z"},
			"Authorization": {"AWS4-HMAC-SHA256 Credential=AK/20130524/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=cafebabe"},
			"Content-Type":  {"text/plain"},
		},
		RequestBody: []byte("request body"),
		Status:      404,
		Proto:       "HTTP/1.1",
		ResponseHeader: http.Header{
			"X-Amz-Request-Id": {"REQ1"},
			"Content-Type":     {"application/xml"},
			"X-Amz-Id-2":       {"HOST1"},
		},
		Body:     []byte("<Error><Code>NoSuchKey</Code><SignatureProvided>cafebabe</SignatureProvided><Message>" + testSecretExchange + "</Message></Error>"),
		Duration: 1234567 * time.Microsecond,
	}
	s := x.String()
	wantInOrder := []string{
		"--- request\n",
		"PUT http://127.0.0.1:9000/bucket/key?X-Amz-Signature=REDACTED&x=REDACTED\n",
		"Authorization: AWS4-HMAC-SHA256 Credential=AK/20130524/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=REDACTED\n",
		"Content-Type: text/plain\n",
		"X-Amz-Date: 20130524T000000Z\n",
		"\nrequest body\n",
		"--- response (after 1.235s)\n",
		"HTTP/1.1 404 Not Found\n",
		"Content-Type: application/xml\n",
		"X-Amz-Id-2: HOST1\n",
		"X-Amz-Request-Id: REQ1\n",
		"\n<Error><Code>NoSuchKey</Code><SignatureProvided>REDACTED</SignatureProvided><Message>REDACTED</Message></Error>\n",
	}
	rest := s
	for _, w := range wantInOrder {
		i := strings.Index(rest, w)
		if i < 0 {
			t.Fatalf("String() lacks %q (in order); got:\n%s", w, s)
		}
		rest = rest[i+len(w):]
	}
	for _, leak := range []string{"deadbeef", "cafebabe", testSecretExchange} {
		if strings.Contains(s, leak) {
			t.Errorf("String() shows %q:\n%s", leak, s)
		}
	}
	if strings.Contains(s, "transport error") {
		t.Errorf("String() reports a transport error that did not happen:\n%s", s)
	}
}

func TestExchangeStringTransportError(t *testing.T) {
	x := &Exchange{
		Method: "GET",
		URL:    "http://127.0.0.1:1/b",
		Err:    errors.New(`Get "http://127.0.0.1:1/b?X-Amz-Signature=abc": dial tcp 127.0.0.1:1: connect: connection refused`),
	}
	s := x.String()
	if !strings.Contains(s, "transport error: Get \"http://127.0.0.1:1/b?X-Amz-Signature=REDACTED\": dial tcp 127.0.0.1:1: connect: connection refused\n") {
		t.Errorf("String() lacks the redacted transport error:\n%s", s)
	}
	if strings.Contains(s, "HTTP/") || strings.Contains(s, " 0 ") {
		t.Errorf("String() shows a status line for an exchange with no response:\n%s", s)
	}
	if !strings.HasPrefix(s, "--- request\nGET http://127.0.0.1:1/b\n") {
		t.Errorf("String() does not start with the request line:\n%s", s)
	}

	// A body read error after a status: both are shown.
	x = &Exchange{Method: "GET", URL: "http://h/b", Status: 200, Proto: "HTTP/1.1", Body: []byte("partial"),
		Err: errors.New("reading the response body: unexpected EOF")}
	s = x.String()
	for _, w := range []string{"transport error: reading the response body: unexpected EOF", "HTTP/1.1 200 OK", "\npartial\n"} {
		if !strings.Contains(s, w) {
			t.Errorf("String() lacks %q:\n%s", w, s)
		}
	}
}

func TestExchangeStringBodies(t *testing.T) {
	tests := []struct {
		name      string
		body      []byte
		truncated bool
		want      []string
		wantNot   []string
	}{
		{
			name:    "non-UTF-8 body is quoted",
			body:    []byte("\xff\xfe<Error>\x1b[31m"),
			want:    []string{`"\xff\xfe<Error>\x1b[31m"`},
			wantNot: []string{"\x1b"},
		},
		{
			name:    "long body is cut with a note",
			body:    []byte(strings.Repeat("a", shownBodyBytes) + strings.Repeat("b", 100)),
			want:    []string{strings.Repeat("a", shownBodyBytes) + "\n[... 100 more bytes not shown]"},
			wantNot: []string{"ab"},
		},
		{
			name:      "truncated by the reader",
			body:      []byte(strings.Repeat("c", MaxBodyBytes)),
			truncated: true,
			want:      []string{"[... body longer than 1048576 bytes; the suite stopped reading]"},
			wantNot:   []string{"more bytes not shown", strings.Repeat("c", shownBodyBytes+1)},
		},
		{
			name:      "short body truncated by the reader still says so",
			body:      []byte("short"),
			truncated: true,
			want:      []string{"short\n[... body longer than"},
		},
		{
			name: "empty body prints nothing",
			body: nil,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			x := &Exchange{Method: "GET", URL: "http://h/", Status: 500, Proto: "HTTP/1.1", Body: tc.body, BodyTruncated: tc.truncated}
			s := x.String()
			_, resp, _ := strings.Cut(s, "HTTP/1.1 500 Internal Server Error\n")
			for _, w := range tc.want {
				if !strings.Contains(resp, w) {
					t.Errorf("String() lacks %q:\n%.400s", w, s)
				}
			}
			for _, w := range tc.wantNot {
				if strings.Contains(resp, w) {
					t.Errorf("String() has %q:\n%.400s", w, s)
				}
			}
			if len(tc.body) == 0 && resp != "" {
				t.Errorf("String() shows a body for an empty one: %q", resp)
			}
		})
	}
}

func TestExchangeRequestAndHostID(t *testing.T) {
	x := &Exchange{ResponseHeader: http.Header{"X-Amz-Request-Id": {"A", "B"}, "X-Amz-Id-2": {"H"}}}
	if x.RequestID() != "A" || x.HostID() != "H" {
		t.Errorf("RequestID, HostID = %q, %q", x.RequestID(), x.HostID())
	}
	x = &Exchange{}
	if x.RequestID() != "" || x.HostID() != "" {
		t.Errorf("ids of an exchange without response: %q, %q", x.RequestID(), x.HostID())
	}
}

// Cutting a long body for display must neither make valid UTF-8 look like
// binary (cutting inside a rune) nor show part of a secret or signature that
// straddles the cut.
func TestShowBodyCutBoundary(t *testing.T) {
	t.Run("cut inside a rune", func(t *testing.T) {
		body := strings.Repeat("a", shownBodyBytes-1) + "é and more text"
		got := (&Exchange{}).showBody([]byte(body), false)
		if strings.HasPrefix(got, `"`) || strings.Contains(got, `\xc3`) {
			t.Errorf("valid UTF-8 shown as a quoted string: %.40s...%s", got, got[len(got)-60:])
		}
	})
	t.Run("secret straddling the cut", func(t *testing.T) {
		const secret = "sTrAdDlEtEsTsEcReT/K7MDENGbPxRfiCY0007"
		x := &Exchange{Secrets: NewSecrets()}
		x.Secrets.Add(secret)
		body := strings.Repeat("a", shownBodyBytes-12) + secret + strings.Repeat("b", 100)
		if got := x.showBody([]byte(body), false); strings.Contains(got, secret[:12]) {
			t.Errorf("the start of a secret is shown: ...%s", got[len(got)-80:])
		}
	})
	t.Run("signature straddling the cut", func(t *testing.T) {
		const sig = "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"
		body := strings.Repeat("a", shownBodyBytes-40) + "<SignatureProvided>" + sig + "</SignatureProvided>"
		if got := (&Exchange{}).showBody([]byte(body), false); strings.Contains(got, sig[:16]) {
			t.Errorf("the start of a signature is shown: ...%s", got[len(got)-80:])
		}
	})
}
