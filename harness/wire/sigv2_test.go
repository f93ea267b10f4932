package wire

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/s3errconform/s3errconform/harness/targets"
)

// The examples of the AWS document "Signing and authenticating REST
// requests (AWS signature version 2)", with its example credentials. The
// document's example table renamed the bucket "johnsmith" to
// "awsexamplebucket1" without recomputing the signatures, so the
// examples carry the original bucket name; the document's introduction
// shows the renamed bucket with its recomputed signature (qgk2...).
var docCreds = targets.Credentials{AccessKey: "AKIAIOSFODNN7EXAMPLE", SecretKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}

func TestSigV2DocumentExamples(t *testing.T) {
	for _, ex := range []struct {
		name, method, rawURL, bucket, date, sts, sig string
		header                                       http.Header
	}{
		{name: "object GET", method: "GET", rawURL: "http://johnsmith.s3.amazonaws.com/photos/puppy.jpg", bucket: "johnsmith",
			date: "Tue, 27 Mar 2007 19:36:42 +0000", sts: "GET\n\n\nTue, 27 Mar 2007 19:36:42 +0000\n/johnsmith/photos/puppy.jpg", sig: "bWq2s1WEIj+Ydj0vQ697zp+IXMU="},
		{name: "introduction, renamed bucket", method: "GET", rawURL: "http://awsexamplebucket1.us-west-1.s3.amazonaws.com/photos/puppy.jpg", bucket: "awsexamplebucket1",
			date: "Tue, 27 Mar 2007 19:36:42 +0000", sts: "GET\n\n\nTue, 27 Mar 2007 19:36:42 +0000\n/awsexamplebucket1/photos/puppy.jpg", sig: "qgk2+6Sv9/oM7G3qLEjTH1a1l1g="},
		{name: "object PUT", method: "PUT", rawURL: "http://johnsmith.s3.amazonaws.com/photos/puppy.jpg", bucket: "johnsmith",
			header: http.Header{"Content-Type": {"image/jpeg"}},
			date:   "Tue, 27 Mar 2007 21:15:45 +0000", sts: "PUT\n\nimage/jpeg\nTue, 27 Mar 2007 21:15:45 +0000\n/johnsmith/photos/puppy.jpg", sig: "MyyxeRY7whkBe+bq8fHCL/2kKUg="},
		{name: "list", method: "GET", rawURL: "http://johnsmith.s3.amazonaws.com/?prefix=photos&max-keys=50&marker=puppy", bucket: "johnsmith",
			date: "Tue, 27 Mar 2007 19:42:41 +0000", sts: "GET\n\n\nTue, 27 Mar 2007 19:42:41 +0000\n/johnsmith/", sig: "htDYFYduRNen8P9ZfE/s9SuKy0U="},
		{name: "fetch acl", method: "GET", rawURL: "http://johnsmith.s3.amazonaws.com/?acl", bucket: "johnsmith",
			date: "Tue, 27 Mar 2007 19:44:46 +0000", sts: "GET\n\n\nTue, 27 Mar 2007 19:44:46 +0000\n/johnsmith/?acl", sig: "c2WLPFtWHVgbEmeEG93a4cG37dM="},
		{name: "upload with amz headers", method: "PUT", rawURL: "http://static.johnsmith.net:8080/db-backup.dat.gz", bucket: "static.johnsmith.net",
			header: http.Header{
				"X-Amz-Acl": {"public-read"}, "Content-Type": {"application/x-download"}, "Content-Md5": {"4gJE4saaMU4BqNR0kLY+lw=="},
				"X-Amz-Meta-Reviewedby": {"joe@johnsmith.net", "jane@johnsmith.net"}, "X-Amz-Meta-Filechecksum": {"0x02661779"},
				"X-Amz-Meta-Checksumalgorithm": {"crc32"}, "Content-Disposition": {"attachment; filename=database.dat"}, "Content-Encoding": {"gzip"},
			},
			date: "Tue, 27 Mar 2007 21:06:08 +0000",
			sts: "PUT\n4gJE4saaMU4BqNR0kLY+lw==\napplication/x-download\nTue, 27 Mar 2007 21:06:08 +0000\nx-amz-acl:public-read\nx-amz-meta-checksumalgorithm:crc32\n" +
				"x-amz-meta-filechecksum:0x02661779\nx-amz-meta-reviewedby:joe@johnsmith.net,jane@johnsmith.net\n/static.johnsmith.net/db-backup.dat.gz",
			sig: "ilyl83RwaSoYIEdixDQcA4OnAnc="},
		{name: "list all my buckets", method: "GET", rawURL: "http://s3.us-west-1.amazonaws.com/",
			date: "Wed, 28 Mar 2007 01:29:59 +0000", sts: "GET\n\n\nWed, 28 Mar 2007 01:29:59 +0000\n/", sig: "qGdzdERIC03wnaRNKh6OqZehG9s="},
		{name: "unicode keys, path style", method: "GET", rawURL: "http://s3.us-west-1.amazonaws.com/dictionary/fran%C3%A7ais/pr%c3%a9f%c3%a8re",
			date: "Wed, 28 Mar 2007 01:49:49 +0000", sts: "GET\n\n\nWed, 28 Mar 2007 01:49:49 +0000\n/dictionary/fran%C3%A7ais/pr%c3%a9f%c3%a8re", sig: "DNEZGsoieTZ92F3bUfSPQcbGmlM="},
	} {
		t.Run(ex.name, func(t *testing.T) {
			u, err := url.Parse(ex.rawURL)
			if err != nil {
				t.Fatal(err)
			}
			header := ex.header
			if header == nil {
				header = http.Header{}
			}
			sts := SigV2StringToSign(ex.method, header, ex.date, SigV2CanonicalResource(ex.bucket, u.EscapedPath(), u.Query()))
			if sts != ex.sts {
				t.Fatalf("StringToSign\n%q\nwant\n%q", sts, ex.sts)
			}
			if sig := SigV2Signature(docCreds.SecretKey, sts); sig != ex.sig {
				t.Fatalf("signature %s, want %s", sig, ex.sig)
			}
		})
	}
}

func TestPresignV2DocumentExample(t *testing.T) {
	req, _ := http.NewRequest("GET", "http://johnsmith.s3.amazonaws.com/photos/puppy.jpg", nil)
	PresignV2(req, docCreds, "johnsmith", time.Unix(1175139620, 0))
	q := req.URL.Query()
	if q.Get("AWSAccessKeyId") != docCreds.AccessKey || q.Get("Expires") != "1175139620" || q.Get("Signature") != "NpgCjnDzrM+WFzoENXmpNDUsSn8=" {
		t.Fatalf("query %v", q)
	}
	if !strings.Contains(req.URL.RawQuery, "Signature=NpgCjnDzrM%2BWFzoENXmpNDUsSn8%3D") {
		t.Fatalf("signature not URL-encoded: %s", req.URL.RawQuery)
	}
}

func TestSignV2SetsDateAndAuthorization(t *testing.T) {
	req, _ := http.NewRequest("GET", "http://127.0.0.1:9000/bkt/key?acl&list-type=2", nil)
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	SignV2(req, docCreds, "", at)
	if got := req.Header.Get("Date"); got != "Fri, 02 Jan 2026 03:04:05 GMT" {
		t.Fatalf("Date %q", got)
	}
	want := "AWS " + docCreds.AccessKey + ":" + SigV2Signature(docCreds.SecretKey, "GET\n\n\nFri, 02 Jan 2026 03:04:05 GMT\n/bkt/key?acl")
	if got := req.Header.Get("Authorization"); got != want {
		t.Fatalf("Authorization %q, want %q", got, want)
	}
	// An x-amz-date header replaces Date and is signed among the amz headers.
	req, _ = http.NewRequest("GET", "http://127.0.0.1:9000/", nil)
	req.Header.Set("X-Amz-Date", "Fri, 02 Jan 2026 03:04:05 GMT")
	SignV2(req, docCreds, "", at)
	if req.Header.Get("Date") != "" {
		t.Fatal("Date set although x-amz-date is present")
	}
	want = "AWS " + docCreds.AccessKey + ":" + SigV2Signature(docCreds.SecretKey, "GET\n\n\n\nx-amz-date:Fri, 02 Jan 2026 03:04:05 GMT\n/")
	if got := req.Header.Get("Authorization"); got != want {
		t.Fatalf("Authorization %q, want %q", got, want)
	}
}

func TestSigV2IsRedacted(t *testing.T) {
	secrets := NewSecrets()
	secrets.Add(docCreds.SecretKey)
	h := secrets.Header(http.Header{"Authorization": {"AWS AKIAIOSFODNN7EXAMPLE:bWq2s1WEIj+Ydj0vQ697zp+IXMU="}})
	if got := h.Get("Authorization"); got != "AWS AKIAIOSFODNN7EXAMPLE:"+Redacted {
		t.Fatalf("redacted header %q", got)
	}
	u := RedactURL("http://h/b/k?AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Expires=1&Signature=vjbyPxybdZaNmGa%2ByT272YEAiv4%3D")
	if strings.Contains(u, "vjby") {
		t.Fatalf("presigned V2 URL not redacted: %s", u)
	}
	u = RedactURL("http://h/b/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=abcdef0123&X-Amz-SignedHeaders=host")
	if strings.Contains(u, "abcdef0123") {
		t.Fatalf("presigned V4 URL not redacted: %s", u)
	}
}
