package wire

import (
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestParseErrorBody(t *testing.T) {
	tests := []struct {
		name string
		body string
		want ErrorBody
	}{
		{
			name: "AWS order, no whitespace",
			body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>k</Key><RequestId>R1</RequestId><HostId>H1</HostId></Error>`,
			want: ErrorBody{Root: "Error", Code: "NoSuchKey", Message: "The specified key does not exist.", RawMessage: "The specified key does not exist.", RequestID: "R1", HostID: "H1"},
		},
		{
			name: "indented, any order, unknown elements",
			body: "\n\n  <Error>\n\t<HostId>\n H1 \n</HostId>\n  <Unknown a=\"b\"><Nested>x</Nested></Unknown>\n  <RequestId>R1</RequestId>\n  <Resource>/b/k</Resource>\n  <Message>  The specified key does not exist.  </Message>\n  <Code>NoSuchKey</Code>\n</Error>\n\n",
			want: ErrorBody{Root: "Error", Code: "NoSuchKey", Message: "The specified key does not exist.", RawMessage: "  The specified key does not exist.  ", Resource: "/b/k", RequestID: "R1", HostID: "H1"},
		},
		{
			name: "default namespace recorded",
			body: `<Error xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Code>NoSuchKey</Code></Error>`,
			want: ErrorBody{Root: "Error", Namespace: "http://s3.amazonaws.com/doc/2006-03-01/", Code: "NoSuchKey"},
		},
		{
			name: "prefixed namespace recorded, local names used",
			body: `<s3:Error xmlns:s3="http://s3.amazonaws.com/doc/2006-03-01/"><s3:Code>NoSuchKey</s3:Code><s3:Message>m</s3:Message></s3:Error>`,
			want: ErrorBody{Root: "Error", Namespace: "http://s3.amazonaws.com/doc/2006-03-01/", Code: "NoSuchKey", Message: "m", RawMessage: "m"},
		},
		{
			name: "another root",
			body: `<ErrorResponse><Error><Code>NoSuchKey</Code></Error><RequestId>R</RequestId></ErrorResponse>`,
			want: ErrorBody{Root: "ErrorResponse", RequestID: "R"},
		},
		{
			name: "well-formed XHTML parses; the matcher judges the root",
			body: `<html><head><title>404</title></head><body>not found</body></html>`,
			want: ErrorBody{Root: "html"},
		},
		{
			name: "empty elements",
			body: `<Error><Code/><Message></Message></Error>`,
			want: ErrorBody{Root: "Error"},
		},
		{
			name: "CDATA and entities",
			body: `<Error><Code><![CDATA[NoSuchKey]]></Code><Message>a &amp; b &lt;c&gt;</Message></Error>`,
			want: ErrorBody{Root: "Error", Code: "NoSuchKey", Message: "a & b <c>", RawMessage: "a & b <c>"},
		},
		{
			name: "declared non-UTF-8 encoding passes through",
			body: `<?xml version="1.0" encoding="ISO-8859-1"?><Error><Code>NoSuchKey</Code></Error>`,
			want: ErrorBody{Root: "Error", Code: "NoSuchKey"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := ParseErrorBody([]byte(tc.body))
			if err != nil {
				t.Fatalf("ParseErrorBody: %v", err)
			}
			got := *b
			got.Elements = nil
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestErrorBodyElements(t *testing.T) {
	b, err := ParseErrorBody([]byte(`<Error><Code>C</Code><Key>k1</Key><Key>k2</Key><Empty/><Unknown>u</Unknown></Error>`))
	if err != nil {
		t.Fatal(err)
	}
	if got := b.Elements["Key"]; len(got) != 2 || got[0] != "k1" || got[1] != "k2" {
		t.Errorf("Elements[Key] = %q", got)
	}
	if !b.Has("Key") || !b.Has("Empty") || !b.Has("Unknown") || !b.Has("Code") || b.Has("Missing") {
		t.Errorf("Has wrong: %+v", b.Elements)
	}
	if b.Element("Key") != "k1" || b.Element("Empty") != "" || b.Element("Missing") != "" || b.Element("Unknown") != "u" {
		t.Errorf("Element wrong: %+v", b.Elements)
	}
}

func TestParseErrorBodyNotXML(t *testing.T) {
	long := "<Error><Code>" + strings.Repeat(strings.Repeat("Z", 100)+" ", 5)
	tests := []struct {
		name string
		body string
		want []string // substrings of the error
	}{
		{"empty", "", []string{"empty"}},
		{"whitespace only", " \n\t ", []string{"empty"}},
		{"HTML", "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>502 Bad Gateway</title></head><body><h1>502</h1><hr></body></html>",
			[]string{"not XML", `"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">`}},
		{"JSON", `{"code":"NoSuchKey","message":"The specified key does not exist."}`, []string{"no XML root element", `"{\"code\":\"NoSuchKey\"`}},
		{"plain text", "Not Found", []string{"no XML root element", `"Not Found"`}},
		{"truncated", "<Error><Code>NoSuchKey</Code><Mess", []string{"not XML", `"<Error><Code>NoSuchKey</Code><Mess"`}},
		{"binary", "\x00\x01\x02\xff", []string{"first bytes", `\x00\x01\x02\xff`}},
		{"long body quoted only in part", long, []string{"not XML", strings.Repeat("Z", 100), `"...`}},
		{"two roots", "<Error><Code>A</Code></Error><Error><Code>B</Code></Error>", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := ParseErrorBody([]byte(tc.body))
			if tc.want == nil {
				return // not required to fail, but must not panic
			}
			if err == nil {
				t.Fatalf("ParseErrorBody(%q) = %+v, want an error", tc.body, b)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if len(err.Error()) > 1000 {
				t.Errorf("error is %d bytes long: the whole body is quoted", len(err.Error()))
			}
		})
	}
}

func TestParseErrorBodyDoesNotExpandEntities(t *testing.T) {
	var sb strings.Builder
	sb.WriteString(`<?xml version="1.0"?>` + "\n" + `<!DOCTYPE Error [` + "\n" + `<!ENTITY lol "lol">` + "\n")
	prev := "lol"
	for i := 1; i <= 9; i++ {
		name := "lol" + string(rune('0'+i))
		sb.WriteString(`<!ENTITY ` + name + ` "`)
		for j := 0; j < 10; j++ {
			sb.WriteString("&" + prev + ";")
		}
		sb.WriteString(`">` + "\n")
		prev = name
	}
	sb.WriteString("]>\n<Error><Code>&lol9;</Code><Message>m</Message></Error>")

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	b, err := ParseErrorBody([]byte(sb.String()))
	elapsed := time.Since(start)
	runtime.ReadMemStats(&after)

	if elapsed > 5*time.Second {
		t.Errorf("parsing took %s", elapsed)
	}
	if grown := after.TotalAlloc - before.TotalAlloc; grown > 100<<20 {
		t.Errorf("parsing allocated %d MiB", grown>>20)
	}
	if err == nil && len(b.Code) > 1000 {
		t.Errorf("entity expanded into a %d-byte code", len(b.Code))
	}
	if err != nil && len(err.Error()) > 1000 {
		t.Errorf("error is %d bytes", len(err.Error()))
	}

	// An external entity is not fetched or expanded either.
	xxe := `<?xml version="1.0"?><!DOCTYPE Error [<!ENTITY x SYSTEM "file:///etc/passwd">]><Error><Code>&x;</Code></Error>`
	b, err = ParseErrorBody([]byte(xxe))
	if err == nil && strings.Contains(b.Code, "root:") {
		t.Errorf("external entity expanded: %q", b.Code)
	}
}

func TestParseErrorBodyRejectsTwoRoots(t *testing.T) {
	_, err := ParseErrorBody([]byte(`<Error><Code>A</Code></Error><Error><Code>B</Code></Error>`))
	if err == nil || !strings.Contains(err.Error(), "2 root elements") {
		t.Fatalf("err = %v", err)
	}
}
