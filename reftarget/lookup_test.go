package reftarget

import (
	"net/http"
	"testing"
)

// Probes of the feature-not-implemented deviations (deviations_operations.go).
func init() {
	probes := map[string]deviationProbe{
		devFeatureNotImplementedBeforeBucket: {probe: probeRequest("GET", "/nobucket?analytics&id=x", nil, nil), deviates: codeIs("NotImplemented")},
		devFeatureNotImplementedBeforeAccess: {probe: func(t *testing.T, s *Server) response {
			return send(t, s, request{method: "GET", path: "/dev?publicAccessBlock"})
		}, deviates: codeIs("NotImplemented")},
		devFeatureNotImplementedBeforeKey: {probe: probeRequest("POST", "/dev/nokey?restore", []byte("<RestoreRequest/>"), nil), deviates: codeIs("NotImplemented")},
	}
	for name, p := range probes {
		if _, dup := deviationProbes[name]; dup {
			panic("probe for " + name + " given twice")
		}
		deviationProbes[name] = p
	}
}

// TestNotImplementedAfterLookups: an operation this target does not
// implement answers what S3 decides before any operation (the bucket, the
// caller's access, the key), and 501 only on what exists.
func TestNotImplementedAfterLookups(t *testing.T) {
	s := startServer(t, Options{})
	wantStatus(t, do(t, s, "PUT", "/dev", nil), 200)
	wantStatus(t, do(t, s, "PUT", "/dev/obj", []byte("content")), 200)
	tests := []struct {
		name string
		req  request
		code string
	}{
		{"missing bucket", request{method: "GET", path: "/nobucket?inventory&id=x", as: &alice}, "NoSuchBucket"},
		{"missing bucket, object", request{method: "POST", path: "/nobucket/obj?select&select-type=2", as: &alice}, "NoSuchBucket"},
		{"anonymous", request{method: "GET", path: "/dev?accelerate"}, "AccessDenied"},
		{"another account", request{method: "PUT", path: "/dev?requestPayment", as: &bob}, "AccessDenied"},
		{"missing key", request{method: "GET", path: "/dev/nokey?attributes", header: http.Header{"X-Amz-Object-Attributes": {"ETag"}}, as: &alice}, "NoSuchKey"},
		{"missing version", request{method: "GET", path: "/dev/obj?attributes&versionId=01G65Z755AFWAKHE12NY0CQ9FH",
			header: http.Header{"X-Amz-Object-Attributes": {"ETag"}}, as: &alice}, "NoSuchVersion"},
		{"existing version", request{method: "POST", path: "/dev/obj?select&select-type=2&versionId=null", as: &alice}, "NotImplemented"},
		{"existing bucket", request{method: "GET", path: "/dev?metadataTable", as: &alice}, "NotImplemented"},
		{"existing key", request{method: "POST", path: "/dev/obj?select&select-type=2", as: &alice}, "NotImplemented"},
		{"UploadPartCopy, missing bucket", request{method: "PUT", path: "/nobucket/obj?partNumber=1&uploadId=x",
			header: http.Header{"X-Amz-Copy-Source": {"/dev/obj"}}, as: &alice}, "NoSuchBucket"},
		{"UploadPartCopy, missing upload", request{method: "PUT", path: "/dev/new?partNumber=1&uploadId=x",
			header: http.Header{"X-Amz-Copy-Source": {"/dev/obj"}}, as: &alice}, "NoSuchUpload"},
	}
	for _, tc := range tests {
		if got := codeOf(t, send(t, s, tc.req)); got != tc.code {
			t.Errorf("%s: %s %s answered %s, want %s", tc.name, tc.req.method, tc.req.path, got, tc.code)
		}
	}
}
