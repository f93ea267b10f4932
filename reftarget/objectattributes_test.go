package reftarget

import (
	"net/http"
	"strings"
	"testing"
)

func TestGetObjectAttributes(t *testing.T) {
	s := startServer(t, Options{})
	wantStatus(t, do(t, s, "PUT", "/bkt", nil), 200)
	wantStatus(t, do(t, s, "PUT", "/bkt/obj", []byte("content")), 200)
	attrs := func(value ...string) response {
		h := http.Header{}
		for _, v := range value {
			h.Add("X-Amz-Object-Attributes", v)
		}
		return send(t, s, request{method: "GET", path: "/bkt/obj?attributes", header: h, as: &alice})
	}
	r := attrs("ETag,ObjectSize", "StorageClass")
	wantStatus(t, r, 200)
	for _, want := range []string{"<GetObjectAttributesResponse", "<ObjectSize>7</ObjectSize>", "<StorageClass>STANDARD</StorageClass>", "<ETag>9a0364b9e99bb480dd25e1f0284c8555</ETag>"} {
		if !strings.Contains(string(r.body), want) {
			t.Errorf("GetObjectAttributes lacks %s: %s", want, r.body)
		}
	}
	wantWordedError(t, attrs(), "InvalidRequest", "/bkt/obj")
	wantWordedError(t, attrs(" , "), "InvalidRequest", "/bkt/obj")
	wantWordedError(t, attrs("ETag,Dummy"), "InvalidArgument", "/bkt/obj", detail{"ArgumentName", "x-amz-object-attributes"}, detail{"ArgumentValue", "Dummy"})
	wantError(t, send(t, s, request{method: "GET", path: "/bkt/missing?attributes", header: http.Header{"X-Amz-Object-Attributes": {"ETag"}}, as: &alice}),
		"NoSuchKey", "/bkt/missing", detail{"Key", "missing"})
}
