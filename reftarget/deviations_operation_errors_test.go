package reftarget

import (
	"bytes"
	"net/http"
	"testing"
)

// Probes for the deviations of issue 12's operations. Each starts from
// bucket "dev" holding "obj" ("content"), owned by alice.

// partCopyProbe copies part 1 of a new upload of "dev/part" from dev/obj
// with extra headers.
func partCopyProbe(h http.Header) func(t *testing.T, s *Server) response {
	return func(t *testing.T, s *Server) response {
		id := createUpload(t, s, "/dev/part")
		h := h.Clone()
		h.Set("X-Amz-Copy-Source", "dev/obj")
		return withHeader("PUT", "/dev/part?partNumber=1&uploadId="+id, nil, h)(t, s)
	}
}

func bodyHas(text string) func(t *testing.T, r response) bool {
	return func(t *testing.T, r response) bool { return bytes.Contains(r.body, []byte(text)) }
}

func init() {
	probes := map[string]deviationProbe{
		devPartCopyRangeUnchecked: {
			probe:    partCopyProbe(http.Header{"X-Amz-Copy-Source-Range": {"bytes=0-100"}}),
			deviates: statusIs(200),
		},
		devDeleteObjectsMissingVersionDeleted: {
			probe:    sendMD5("POST", "/dev?delete", []byte(`<Delete><Object><Key>obj</Key><VersionId>HPniJFCxqTsMuIH9KX8K8wEjNUgmABCD</VersionId></Object></Delete>`)),
			deviates: bodyHas("<Deleted>"),
		},
		devDeleteObjectsAnyDocument: {
			probe:    sendMD5("POST", "/dev?delete", []byte(`<Remove><Object><Key>obj</Key></Object></Remove>`)),
			deviates: statusIs(200),
		},
		devRestoreAnyStorageClass: {
			probe:    sendMD5("POST", "/dev/obj?restore", []byte(`<RestoreRequest><Days>1</Days></RestoreRequest>`)),
			deviates: statusIs(200),
		},
		devObjectAttributesUnchecked: {
			probe:    do2("GET", "/dev/obj?attributes", nil),
			deviates: statusIs(200),
		},
		devAccelerateDottedBucketAccepted: {
			probe: func(t *testing.T, s *Server) response {
				wantStatus(t, do(t, s, "PUT", "/dotted.bucket", nil), 200)
				return sendMD5("PUT", "/dotted.bucket?accelerate", []byte("<AccelerateConfiguration><Status>Enabled</Status></AccelerateConfiguration>"))(t, s)
			},
			deviates: statusIs(200),
		},
	}
	for name, p := range probes {
		if _, dup := deviationProbes[name]; dup {
			panic("two probes for " + name)
		}
		deviationProbes[name] = p
	}
}
