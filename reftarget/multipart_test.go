package reftarget

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"strings"
	"testing"
)

// createUpload starts a multipart upload of key in bkt and returns its ID.
func createUpload(t *testing.T, s *Server, path string) string {
	t.Helper()
	r := do(t, s, "POST", path+"?uploads", nil)
	wantStatus(t, r, 200)
	var result struct{ UploadId string }
	if err := xml.Unmarshal(r.body, &result); err != nil || result.UploadId == "" {
		t.Fatalf("CreateMultipartUpload: %v %s", err, r.body)
	}
	return result.UploadId
}

func uploadPart(t *testing.T, s *Server, path, id string, n int, body []byte) string {
	t.Helper()
	r := do(t, s, "PUT", fmt.Sprintf("%s?partNumber=%d&uploadId=%s", path, n, id), body)
	wantStatus(t, r, 200)
	return r.header.Get("ETag")
}

func completeBody(parts ...any) []byte {
	var b bytes.Buffer
	b.WriteString("<CompleteMultipartUpload>")
	for i := 0; i+1 < len(parts); i += 2 {
		fmt.Fprintf(&b, "<Part><PartNumber>%d</PartNumber><ETag>%s</ETag></Part>", parts[i], parts[i+1])
	}
	b.WriteString("</CompleteMultipartUpload>")
	return b.Bytes()
}

func TestMultipartUpload(t *testing.T) {
	s := startServer(t, Options{})
	wantStatus(t, do(t, s, "PUT", "/bkt", nil), 200)
	big := bytes.Repeat([]byte("a"), minPartSize)
	id := createUpload(t, s, "/bkt/mp")
	e1 := uploadPart(t, s, "/bkt/mp", id, 1, big)
	e2 := uploadPart(t, s, "/bkt/mp", id, 2, []byte("tail"))
	r := do(t, s, "GET", "/bkt/mp?uploadId="+id, nil)
	wantStatus(t, r, 200)
	if !strings.Contains(string(r.body), "<PartNumber>2</PartNumber>") || !strings.Contains(string(r.body), "<Size>4</Size>") {
		t.Errorf("ListParts: %s", r.body)
	}
	r = do(t, s, "GET", "/bkt?uploads", nil)
	if !strings.Contains(string(r.body), "<UploadId>"+id+"</UploadId>") {
		t.Errorf("ListMultipartUploads: %s", r.body)
	}
	r = do(t, s, "POST", "/bkt/mp?uploadId="+id, completeBody(1, e1, 2, e2))
	wantStatus(t, r, 200)
	s1, s2 := md5.Sum(big), md5.Sum([]byte("tail"))
	final := md5.Sum(append(s1[:], s2[:]...))
	if want := fmt.Sprintf("<ETag>&#34;%s-2&#34;</ETag>", hex.EncodeToString(final[:])); !strings.Contains(string(r.body), want) {
		t.Errorf("CompleteMultipartUpload: %s, want %s", r.body, want)
	}
	if got := do(t, s, "GET", "/bkt/mp", nil); len(got.body) != minPartSize+4 {
		t.Errorf("assembled object has %d bytes", len(got.body))
	}
	wantError(t, do(t, s, "GET", "/bkt/mp?uploadId="+id, nil), "NoSuchUpload", "/bkt/mp", detail{"UploadId", id})

	// A single part may be small: it is the last.
	id = createUpload(t, s, "/bkt/small")
	e1 = uploadPart(t, s, "/bkt/small", id, 1, []byte("tiny"))
	wantStatus(t, do(t, s, "POST", "/bkt/small?uploadId="+id, completeBody(1, e1)), 200)
}

func TestMultipartErrors(t *testing.T) {
	s := startServer(t, Options{})
	wantStatus(t, do(t, s, "PUT", "/bkt", nil), 200)
	const bogus = "s3errconform-no-such-upload"
	for _, tc := range []struct{ method, path string }{
		{"PUT", "/bkt/k?partNumber=1&uploadId=" + bogus},
		{"GET", "/bkt/k?uploadId=" + bogus},
		{"POST", "/bkt/k?uploadId=" + bogus},
		{"DELETE", "/bkt/k?uploadId=" + bogus},
	} {
		var body []byte
		if tc.method == "POST" {
			body = completeBody(1, `"0123"`)
		}
		wantError(t, do(t, s, tc.method, tc.path, body), "NoSuchUpload", "/bkt/k", detail{"UploadId", bogus})
	}
	id := createUpload(t, s, "/bkt/k")
	// An upload ID belongs to its key.
	wantError(t, do(t, s, "GET", "/bkt/other?uploadId="+id, nil), "NoSuchUpload", "/bkt/other", detail{"UploadId", id})
	for _, n := range []string{"0", "10001", "x"} {
		wantError(t, do(t, s, "PUT", "/bkt/k?partNumber="+n+"&uploadId="+id, []byte("x")), "InvalidArgument", "/bkt/k",
			detail{"ArgumentName", "partNumber"}, detail{"ArgumentValue", n})
	}
	small1 := uploadPart(t, s, "/bkt/k", id, 1, []byte("one"))
	small2 := uploadPart(t, s, "/bkt/k", id, 2, []byte("two"))
	sum := md5.Sum([]byte("one"))
	wantError(t, do(t, s, "POST", "/bkt/k?uploadId="+id, completeBody(1, small1, 2, small2)), "EntityTooSmall", "/bkt/k",
		detail{"ProposedSize", "3"}, detail{"MinSizeAllowed", "5242880"}, detail{"PartNumber", "1"}, detail{"ETag", hex.EncodeToString(sum[:])})
	wantError(t, do(t, s, "POST", "/bkt/k?uploadId="+id, completeBody(1, "0123456789abcdef0123456789abcdef")), "InvalidPart", "/bkt/k",
		detail{"UploadId", id}, detail{"PartNumber", "1"}, detail{"ETag", "0123456789abcdef0123456789abcdef"})
	wantError(t, do(t, s, "POST", "/bkt/k?uploadId="+id, completeBody(1, small1, 3, small2)), "InvalidPart", "/bkt/k",
		detail{"UploadId", id}, detail{"PartNumber", "3"}, detail{"ETag", small2})
	wantError(t, do(t, s, "POST", "/bkt/k?uploadId="+id, completeBody(2, small2, 1, small1)), "InvalidPartOrder", "/bkt/k")
	wantError(t, do(t, s, "POST", "/bkt/k?uploadId="+id, nil), "InvalidRequest", "/bkt/k")
	wantError(t, do(t, s, "POST", "/bkt/k?uploadId="+id, []byte("<CompleteMultipartUpload><Part>")), "MalformedXML", "/bkt/k")
	wantError(t, send(t, s, request{method: "PUT", path: "/bkt/k?partNumber=3&uploadId=" + id, body: []byte("x"), as: &alice,
		header: map[string][]string{"Content-Md5": {"1B2M2Y8AsgTpgAmY7PhCfg=="}}}), "BadDigest", "/bkt/k",
		detail{"ExpectedDigest", "1B2M2Y8AsgTpgAmY7PhCfg=="}, detail{"CalculatedDigest", "ndTkYSaMgDT1yFZOFVxnpg=="})
	wantError(t, send(t, s, request{method: "POST", path: "/bkt/big?uploads", as: &alice,
		header: map[string][]string{"X-Amz-Meta-A": {strings.Repeat("v", 3000)}}}), "MetadataTooLarge", "/bkt/big",
		detail{"Size", "3001"}, detail{"MaxSizeAllowed", "2048"})
	wantStatus(t, do(t, s, "DELETE", "/bkt/k?uploadId="+id, nil), 204)
	wantError(t, do(t, s, "PUT", "/bkt/k?partNumber=1&uploadId="+id, []byte("x")), "NoSuchUpload", "/bkt/k", detail{"UploadId", id})
	for _, path := range []string{"/nobucket?uploads", "/nobucket/k?uploadId=" + bogus} {
		wantError(t, do(t, s, "GET", path, nil), "NoSuchBucket", strings.Split(path, "?")[0], detail{"BucketName", "nobucket"})
	}
	wantError(t, do(t, s, "POST", "/nobucket/k?uploads", nil), "NoSuchBucket", "/nobucket/k", detail{"BucketName", "nobucket"})
}
