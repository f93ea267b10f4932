package reftarget

import (
	"crypto/md5"
	"encoding/base64"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestBucketOperations(t *testing.T) {
	s := startServer(t, Options{})
	r := do(t, s, "PUT", "/alpha", nil)
	wantStatus(t, r, 200)
	wantIDHeaders(t, r)
	if r.header.Get("Location") != "/alpha" {
		t.Errorf("Location %q, want /alpha", r.header.Get("Location"))
	}
	wantStatus(t, do(t, s, "PUT", "/beta", []byte(`<CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"></CreateBucketConfiguration>`)), 200)
	wantStatus(t, send(t, s, request{method: "PUT", path: "/bobs", as: &bob}), 200)

	r = do(t, s, "GET", "/", nil)
	wantStatus(t, r, 200)
	wantIDHeaders(t, r)
	var list struct {
		Owner   struct{ ID string }
		Buckets []string `xml:"Buckets>Bucket>Name"`
	}
	if err := xml.Unmarshal(r.body, &list); err != nil {
		t.Fatalf("ListBuckets body: %v\n%s", err, r.body)
	}
	if !slices.Equal(list.Buckets, []string{"alpha", "beta"}) || len(list.Owner.ID) != 64 {
		t.Errorf("ListBuckets = %+v, want alice's alpha and beta under a 64-hex owner ID", list)
	}

	r = do(t, s, "HEAD", "/alpha", nil)
	wantStatus(t, r, 200)
	if r.header.Get("X-Amz-Bucket-Region") != "us-east-1" {
		t.Errorf("HeadBucket region header %q", r.header.Get("X-Amz-Bucket-Region"))
	}
	r = do(t, s, "DELETE", "/alpha", nil)
	wantStatus(t, r, 204)
	wantIDHeaders(t, r)
	wantStatus(t, do(t, s, "HEAD", "/alpha", nil), 404)
}

func TestObjectOperations(t *testing.T) {
	s := startServer(t, Options{})
	wantStatus(t, do(t, s, "PUT", "/bkt", nil), 200)
	body := []byte("hello, world")
	sum := md5.Sum(body)
	etag := fmt.Sprintf(`"%x"`, sum)
	r := send(t, s, request{method: "PUT", path: "/bkt/dir/file%20one.txt", body: body, as: &alice, header: http.Header{
		"Content-Type":     {"text/plain"},
		"X-Amz-Meta-Color": {"blue"},
		"Content-Md5":      {base64.StdEncoding.EncodeToString(sum[:])},
	}})
	wantStatus(t, r, 200)
	wantIDHeaders(t, r)
	if r.header.Get("ETag") != etag {
		t.Errorf("PutObject ETag %q, want %q", r.header.Get("ETag"), etag)
	}

	for _, method := range []string{"GET", "HEAD"} {
		r = do(t, s, method, "/bkt/dir/file%20one.txt", nil)
		wantStatus(t, r, 200)
		wantIDHeaders(t, r)
		for name, want := range map[string]string{
			"ETag": etag, "Content-Type": "text/plain", "Content-Length": strconv.Itoa(len(body)), "X-Amz-Meta-Color": "blue",
		} {
			if got := r.header.Get(name); got != want {
				t.Errorf("%s: %s %q, want %q", method, name, got, want)
			}
		}
		if _, err := http.ParseTime(r.header.Get("Last-Modified")); err != nil {
			t.Errorf("%s: Last-Modified %q: %v", method, r.header.Get("Last-Modified"), err)
		}
		if method == "GET" && string(r.body) != string(body) {
			t.Errorf("GET body %q, want %q", r.body, body)
		}
	}

	r = do(t, s, "DELETE", "/bkt/dir/file%20one.txt", nil)
	wantStatus(t, r, 204)
	wantIDHeaders(t, r)
	wantStatus(t, do(t, s, "GET", "/bkt/dir/file%20one.txt", nil), 404)
	// DELETE of a missing key succeeds (REST.md §4).
	wantStatus(t, do(t, s, "DELETE", "/bkt/never-existed", nil), 204)
}

func TestVirtualHostedStyle(t *testing.T) {
	s := startServer(t, Options{})
	port := s.URL()[strings.LastIndex(s.URL(), ":")+1:]
	host := "vhost.localhost:" + port
	wantStatus(t, send(t, s, request{method: "PUT", path: "/", host: host, as: &alice}), 200)
	wantStatus(t, send(t, s, request{method: "PUT", path: "/k", host: host, as: &alice, body: []byte("v")}), 200)
	r := do(t, s, "GET", "/vhost/k", nil)
	wantStatus(t, r, 200)
	if string(r.body) != "v" {
		t.Errorf("path-style GET of a virtual-hosted PUT: %q", r.body)
	}
	r = send(t, s, request{method: "GET", path: "/missing", host: host, as: &alice})
	wantError(t, r, "NoSuchKey", "/vhost/missing", detail{"Key", "missing"})
}

func TestListObjects(t *testing.T) {
	s := startServer(t, Options{})
	wantStatus(t, do(t, s, "PUT", "/bkt", nil), 200)
	for _, key := range []string{"a/1", "a/2", "b/1", "c", "d+e f"} {
		wantStatus(t, do(t, s, "PUT", "/bkt/"+strings.ReplaceAll(key, " ", "%20"), []byte(key)), 200)
	}
	type result struct {
		Name                  string
		Marker                *string
		NextMarker            string
		NextContinuationToken string
		KeyCount              int
		MaxKeys               int
		IsTruncated           bool
		Keys                  []string `xml:"Contents>Key"`
		Owners                []string `xml:"Contents>Owner>ID"`
		Prefixes              []string `xml:"CommonPrefixes>Prefix"`
	}
	list := func(query string) result {
		t.Helper()
		r := do(t, s, "GET", "/bkt?"+query, nil)
		wantStatus(t, r, 200)
		wantIDHeaders(t, r)
		var res result
		if err := xml.Unmarshal(r.body, &res); err != nil {
			t.Fatalf("%s: %v\n%s", query, err, r.body)
		}
		return res
	}

	all := list("")
	if !slices.Equal(all.Keys, []string{"a/1", "a/2", "b/1", "c", "d+e f"}) || all.Name != "bkt" || all.Marker == nil || all.MaxKeys != 1000 || len(all.Owners) != 5 {
		t.Errorf("v1 listing = %+v", all)
	}
	grouped := list("delimiter=/")
	if !slices.Equal(grouped.Keys, []string{"c", "d+e f"}) || !slices.Equal(grouped.Prefixes, []string{"a/", "b/"}) {
		t.Errorf("delimiter listing = %+v", grouped)
	}
	prefixed := list("list-type=2&prefix=a/")
	if !slices.Equal(prefixed.Keys, []string{"a/1", "a/2"}) || prefixed.KeyCount != 2 || len(prefixed.Owners) != 0 {
		t.Errorf("v2 prefix listing = %+v", prefixed)
	}
	encoded := list("list-type=2&encoding-type=url&prefix=d")
	if !slices.Equal(encoded.Keys, []string{"d%2Be+f"}) {
		t.Errorf("encoding-type=url keys = %q", encoded.Keys)
	}

	// Paging: v1 by NextMarker (with a delimiter), v2 by continuation token.
	page := list("delimiter=/&max-keys=2")
	if !page.IsTruncated || page.NextMarker != "b/" || !slices.Equal(page.Prefixes, []string{"a/", "b/"}) {
		t.Errorf("v1 page 1 = %+v", page)
	}
	page = list("delimiter=/&max-keys=2&marker=" + page.NextMarker)
	if page.IsTruncated || !slices.Equal(page.Keys, []string{"c", "d+e f"}) || len(page.Prefixes) != 0 {
		t.Errorf("v1 page 2 = %+v", page)
	}
	var keys []string
	query := "list-type=2&max-keys=2"
	for pages := 0; ; pages++ {
		if pages > 5 {
			t.Fatal("v2 paging does not end")
		}
		page := list(query)
		keys = append(keys, page.Keys...)
		if !page.IsTruncated {
			break
		}
		query = "list-type=2&max-keys=2&continuation-token=" + page.NextContinuationToken
	}
	if !slices.Equal(keys, all.Keys) {
		t.Errorf("v2 pages = %q, want %q", keys, all.Keys)
	}
	if after := list("list-type=2&start-after=b/1"); !slices.Equal(after.Keys, []string{"c", "d+e f"}) {
		t.Errorf("start-after listing = %q", after.Keys)
	}

	for query, arg := range map[string]string{
		"max-keys=ten":                     "max-keys",
		"encoding-type=base64":             "encoding-type",
		"list-type=3":                      "list-type",
		"list-type=2&continuation-token=!": "continuation-token",
	} {
		r := do(t, s, "GET", "/bkt?"+query, nil)
		wantError(t, r, "InvalidArgument", "/bkt", detail{"ArgumentName", arg}, detail{"ArgumentValue", "*"})
	}
}

func TestErrors(t *testing.T) {
	s := startServer(t, Options{})
	wantStatus(t, do(t, s, "PUT", "/full", nil), 200)
	wantStatus(t, do(t, s, "PUT", "/full/obj", []byte("x")), 200)
	longKey := strings.Repeat("k", maxKeyLength+1)
	tests := []struct {
		name     string
		req      request
		code     string
		resource string
		details  []detail
	}{
		{"GetObject on a missing bucket", request{method: "GET", path: "/nobucket/k"}, "NoSuchBucket", "/nobucket/k", []detail{{"BucketName", "nobucket"}}},
		{"ListObjects on a missing bucket", request{method: "GET", path: "/nobucket"}, "NoSuchBucket", "/nobucket", []detail{{"BucketName", "nobucket"}}},
		{"PutObject on a missing bucket", request{method: "PUT", path: "/nobucket/k", body: []byte("x")}, "NoSuchBucket", "/nobucket/k", []detail{{"BucketName", "nobucket"}}},
		{"DeleteObject on a missing bucket", request{method: "DELETE", path: "/nobucket/k"}, "NoSuchBucket", "/nobucket/k", []detail{{"BucketName", "nobucket"}}},
		{"DeleteBucket on a missing bucket", request{method: "DELETE", path: "/nobucket"}, "NoSuchBucket", "/nobucket", []detail{{"BucketName", "nobucket"}}},
		{"GetObject of a missing key", request{method: "GET", path: "/full/missing.txt"}, "NoSuchKey", "/full/missing.txt", []detail{{"Key", "missing.txt"}}},
		{"key with XML specials", request{method: "GET", path: "/full/a%3Cb%26c"}, "NoSuchKey", "/full/a<b&c", []detail{{"Key", "a<b&c"}}},
		{"DeleteBucket of a non-empty bucket", request{method: "DELETE", path: "/full"}, "BucketNotEmpty", "/full", nil},
		{"CreateBucket of another's bucket", request{method: "PUT", path: "/full", as: &bob}, "BucketAlreadyExists", "/full", nil},
		{"GetObject in another's bucket", request{method: "GET", path: "/full/obj", as: &bob}, "AccessDenied", "/full/obj", nil},
		{"ListObjects of another's bucket", request{method: "GET", path: "/full", as: &bob}, "AccessDenied", "/full", nil},
		{"anonymous GetObject", request{method: "GET", path: "/full/obj", as: &Identity{}}, "AccessDenied", "/full/obj", nil},
		{"anonymous ListBuckets", request{method: "GET", path: "/", as: &Identity{}}, "AccessDenied", "/", nil},
		{"anonymous CreateBucket", request{method: "PUT", path: "/anon", as: &Identity{}}, "AccessDenied", "/anon", nil},
		{"unimplemented subresource", request{method: "GET", path: "/full?metadataTable"}, "NotImplemented", "/full", nil},
		{"unimplemented object subresource", request{method: "GET", path: "/full/obj?torrent"}, "NotImplemented", "/full/obj", nil},
		{"unimplemented method", request{method: "PATCH", path: "/full/obj"}, "NotImplemented", "/full/obj", nil},
		{"POST on an object", request{method: "POST", path: "/full/obj"}, "MethodNotAllowed", "/full/obj", []detail{{"Method", "POST"}, {"ResourceType", "OBJECT"}}},
		{"POST on the service", request{method: "POST", path: "/"}, "MethodNotAllowed", "/", []detail{{"Method", "POST"}, {"ResourceType", "SERVICE"}}},
		{"bad Content-MD5", request{method: "PUT", path: "/full/md5", body: []byte("x"), header: http.Header{"Content-Md5": {"1B2M2Y8AsgTpgAmY7PhCfg=="}}},
			"BadDigest", "/full/md5", []detail{{"ExpectedDigest", "1B2M2Y8AsgTpgAmY7PhCfg=="}, {"CalculatedDigest", "ndTkYSaMgDT1yFZOFVxnpg=="}}},
		{"malformed Content-MD5", request{method: "PUT", path: "/full/md5", body: []byte("x"), header: http.Header{"Content-Md5": {"nope"}}},
			"InvalidDigest", "/full/md5", []detail{{"Content-MD5", "nope"}}},
		{"key too long", request{method: "PUT", path: "/full/" + longKey, body: []byte("x")}, "KeyTooLongError", "/full/" + longKey,
			[]detail{{"Size", strconv.Itoa(len(longKey))}, {"MaxSizeAllowed", "1024"}}},
		{"malformed CreateBucketConfiguration", request{method: "PUT", path: "/newbucket", body: []byte("<CreateBucketConfiguration>")}, "MalformedXML", "/newbucket", nil},
		{"location constraint of another region", request{method: "PUT", path: "/newbucket", body: []byte("<CreateBucketConfiguration><LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>")},
			"IllegalLocationConstraintException", "/newbucket", nil},
		{"us-east-1 named as location constraint", request{method: "PUT", path: "/newbucket", body: []byte("<CreateBucketConfiguration><LocationConstraint>us-east-1</LocationConstraint></CreateBucketConfiguration>")},
			"InvalidLocationConstraint", "/newbucket", []detail{{"LocationConstraint", "us-east-1"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			switch {
			case tc.req.as == nil:
				tc.req.as = &alice
			case tc.req.as.AccessKey == "":
				tc.req.as = nil
			}
			wantError(t, send(t, s, tc.req), tc.code, tc.resource, tc.details...)
		})
	}
	if r := do(t, s, "GET", "/full/obj", nil); r.status != 200 {
		t.Errorf("a failed request changed the store: GET /full/obj is %d", r.status)
	}
}

func TestMethodNotAllowedAllowHeader(t *testing.T) {
	s := startServer(t, Options{})
	if got := do(t, s, "POST", "/", nil).header.Get("Allow"); got != "GET" {
		t.Errorf("Allow %q, want GET", got)
	}
}

func TestBodyLimits(t *testing.T) {
	s := startServer(t, Options{})
	wantStatus(t, do(t, s, "PUT", "/bkt", nil), 200)
	req, err := http.NewRequest("PUT", s.URL()+"/bkt/big", strings.NewReader(""))
	if err != nil {
		t.Fatal(err)
	}
	req.ContentLength = maxObjectSize + 1
	req.Header.Set("X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD")
	sign(t, req, alice, nil, "us-east-1", time.Time{})
	// The body is never sent: the server answers from the declared length.
	resp := roundTripDeclared(t, req, nil)
	wantError(t, resp, "EntityTooLarge", "/bkt/big", detail{"ProposedSize", strconv.Itoa(maxObjectSize + 1)}, detail{"MaxSizeAllowed", strconv.Itoa(maxObjectSize)})

	req, _ = http.NewRequest("PUT", s.URL()+"/bkt/chunked", strings.NewReader("data"))
	req.ContentLength = -1 // sent chunked, without Content-Length
	req.Header.Set("X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD")
	sign(t, req, alice, nil, "us-east-1", time.Time{})
	// S3 takes aws-chunked uploads only (knox#43 quotes AWS; protocol.go).
	wantError(t, roundTrip(t, req), "NotImplemented", "/bkt/chunked", detail{"Header", "Transfer-Encoding"})

	req, _ = http.NewRequest("PUT", s.URL()+"/bkt/short", nil)
	req.ContentLength = 10
	req.Header.Set("X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD")
	sign(t, req, alice, nil, "us-east-1", time.Time{})
	wantError(t, roundTripDeclared(t, req, []byte("abc")), "IncompleteBody", "/bkt/short")
}

// A body that goes silent is not waited for: S3 answers RequestTimeout.
func TestStalledBodyIsRequestTimeout(t *testing.T) {
	s := startServer(t, Options{StalledBodyTimeout: 50 * time.Millisecond})
	wantStatus(t, do(t, s, "PUT", "/bkt", nil), 200)
	req, _ := http.NewRequest("PUT", s.URL()+"/bkt/stalled", nil)
	req.ContentLength = 10
	req.Header.Set("X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD")
	sign(t, req, alice, nil, s.region, time.Time{})
	wantError(t, roundTripStalled(t, req, []byte("abc")), "RequestTimeout", "/bkt/stalled")
}

func TestPanicAnswersInternalError(t *testing.T) {
	broken := &Server{} // no store: serving a request panics
	rec := httptest.NewRecorder()
	broken.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	wantError(t, response{rec.Code, rec.Header(), rec.Body.Bytes()}, "InternalError", "/")
}

func TestCreateBucketNames(t *testing.T) {
	s := startServer(t, Options{})
	valid := []string{"abc", "a-b.c", "0bucket9", strings.Repeat("a", 63), "my.bucket.name"}
	for _, name := range valid {
		if r := do(t, s, "PUT", "/"+name, nil); r.status != 200 {
			t.Errorf("CreateBucket %q: status %d, body %s", name, r.status, r.body)
		}
	}
	invalid := []string{
		"ab", strings.Repeat("a", 64), "Upper", "under_score", "-start", "end-", ".dot", "dot.", "a..b",
		"192.168.5.4", "xn--punycode", "sthree-bucket", "amzn-s3-demo-bucket", "name-s3alias", "name--ol-s3", "name.mrap", "name--x-s3", "name--table-s3",
	}
	for _, name := range invalid {
		t.Run(name, func(t *testing.T) {
			wantError(t, do(t, s, "PUT", "/"+name, nil), "InvalidBucketName", "/"+name, detail{"BucketName", name})
		})
	}
}

func TestBucketAlreadyOwnedByYou(t *testing.T) {
	// us-east-1 answers 200 for legacy compatibility (REST.md §4).
	east := startServer(t, Options{})
	wantStatus(t, do(t, east, "PUT", "/mine", nil), 200)
	wantStatus(t, do(t, east, "PUT", "/mine", nil), 200)

	west := startServer(t, Options{Region: "eu-west-1"})
	wantStatus(t, do(t, west, "PUT", "/mine", nil), 200)
	wantError(t, do(t, west, "PUT", "/mine", nil), "BucketAlreadyOwnedByYou", "/mine", detail{"BucketName", "mine"})
	wantStatus(t, do(t, west, "PUT", "/other", []byte("<CreateBucketConfiguration><LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>")), 200)
}

func TestHeadErrorsHaveNoBody(t *testing.T) {
	s := startServer(t, Options{})
	wantStatus(t, do(t, s, "PUT", "/bkt", nil), 200)
	for path, status := range map[string]int{"/nobucket": 404, "/nobucket/k": 404, "/bkt": 403, "/bkt/k": 403} {
		statusLine, header, rest := rawHead(t, s, path)
		if !strings.HasPrefix(statusLine, "HTTP/1.1 "+strconv.Itoa(status)+" ") {
			t.Errorf("HEAD %s: %q, want %d", path, statusLine, status)
		}
		if len(rest) != 0 {
			t.Errorf("HEAD %s: body %q", path, rest)
		}
		if cl := header.Get("Content-Length"); cl != "" && cl != "0" {
			t.Errorf("HEAD %s: Content-Length %s", path, cl)
		}
		wantIDHeaders(t, response{header: header})
	}
	r := do(t, s, "HEAD", "/bkt/missing", nil)
	wantStatus(t, r, 404)
	wantIDHeaders(t, r)
	if len(r.body) != 0 {
		t.Errorf("HEAD of a missing key has a body: %q", r.body)
	}
}

// An account has at most BucketLimit buckets; another account is not
// counted against it.
func TestBucketLimit(t *testing.T) {
	s := startServer(t, Options{BucketLimit: 2})
	wantStatus(t, do(t, s, "PUT", "/one", nil), 200)
	wantStatus(t, do(t, s, "PUT", "/two", nil), 200)
	wantError(t, do(t, s, "PUT", "/three", nil), "TooManyBuckets", "/three")
	wantStatus(t, send(t, s, request{method: "PUT", path: "/bobs", as: &bob}), 200)
	wantStatus(t, do(t, s, "DELETE", "/two", nil), 204)
	wantStatus(t, do(t, s, "PUT", "/three", nil), 200)
}
