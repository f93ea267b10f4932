package judge

import (
	"strings"
	"testing"

	"github.com/onsi/gomega/types"

	"github.com/s3errconform/s3errconform/harness/targets"
	"github.com/s3errconform/s3errconform/harness/wire"
)

func judgeObject(t *testing.T, m types.GomegaMatcher, r *wire.Response) []string {
	t.Helper()
	if _, err := match(m, r); err != nil {
		t.Fatal(err)
	}
	return failing(verdictsOf(r))
}

func TestHavePartialContent(t *testing.T) {
	ok := func() *wire.Response {
		r := synthetic(targets.ProfileStrict, "GET", 206, "0123")
		r.ResponseHeader.Set("Content-Range", "bytes 0-3/10")
		return r
	}
	if f := judgeObject(t, HavePartialContent("bytes 0-3/10", []byte("0123")), ok()); len(f) != 0 {
		t.Errorf("exact 206 fails %v", f)
	}
	r := ok()
	r.Status = 200
	r.ResponseHeader.Del("Content-Range")
	r.Body = []byte("0123456789")
	if f := strings.Join(judgeObject(t, HavePartialContent("bytes 0-3/10", []byte("0123")), r), ","); f != "body,header Content-Range,status" {
		t.Errorf("ignored range: failing %s", f)
	}
	head := ok()
	head.Exchange.Method, head.Body = "HEAD", nil
	if f := judgeObject(t, HavePartialContent("bytes 0-3/10", []byte("0123")), head); len(f) != 0 {
		t.Errorf("HEAD 206 is judged on its body: %v", f)
	}
}

func TestHaveFullContent(t *testing.T) {
	r := synthetic(targets.ProfileStrict, "GET", 200, "0123456789")
	if f := judgeObject(t, HaveFullContent([]byte("0123456789")), r); len(f) != 0 {
		t.Errorf("full content fails %v", f)
	}
	r = synthetic(targets.ProfileStrict, "GET", 206, "5678")
	r.ResponseHeader.Set("Content-Range", "bytes 5-8/10")
	if f := strings.Join(judgeObject(t, HaveFullContent([]byte("0123456789")), r), ","); f != "body,header Content-Range,status" {
		t.Errorf("honoured range: failing %s", f)
	}
}

func TestHaveNotModified(t *testing.T) {
	r := synthetic(targets.ProfileStrict, "GET", 304, "")
	r.ResponseHeader.Set("ETag", `"abc"`)
	if f := judgeObject(t, HaveNotModified(`"abc"`), r); len(f) != 0 {
		t.Errorf("304 fails %v", f)
	}
	r = synthetic(targets.ProfileStrict, "GET", 304, "<x/>")
	r.ResponseHeader.Del("X-Amz-Request-Id")
	if f := strings.Join(judgeObject(t, HaveNotModified(`"abc"`), r), ","); f != "body,header ETag,header x-amz-request-id" {
		t.Errorf("bad 304: failing %s", f)
	}
}

func TestHeaderExpectations(t *testing.T) {
	r := synthetic(targets.ProfileStrict, "DELETE", 204, "")
	r.ResponseHeader.Set("X-Amz-Delete-Marker", "true")
	r.ResponseHeader["X-Amz-Version-Id"] = []string{"a", "b"}
	f := judgeObject(t, HaveStatusWithHeaders(204, Header("x-amz-delete-marker", "true"), HeaderPresent("x-amz-version-id"), HeaderPresent("Allow")), r)
	if strings.Join(f, ",") != "header Allow,header x-amz-version-id" {
		t.Errorf("failing %v", f)
	}
	v := fields(verdictsOf(r))["header x-amz-version-id"]
	if !strings.Contains(v.Observed, "2 values") {
		t.Errorf("duplicate header reported as %q", v.Observed)
	}
}

func TestHaveDocument(t *testing.T) {
	r := synthetic(targets.ProfileStrict, "POST", 200, `<?xml version="1.0"?><CompleteMultipartUploadResult><ETag>x</ETag></CompleteMultipartUploadResult>`)
	if f := judgeObject(t, HaveDocument(200, "CompleteMultipartUploadResult"), r); len(f) != 0 {
		t.Errorf("failing %v", f)
	}
	r = synthetic(targets.ProfileStrict, "POST", 200, `<Error><Code>InternalError</Code></Error>`)
	if f := strings.Join(judgeObject(t, HaveDocument(200, "CompleteMultipartUploadResult"), r), ","); f != "body" {
		t.Errorf("error in a 200: failing %s", f)
	}
}
