package reftarget

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
)

// Probes for the deviations of the object, conditional, range, tagging,
// ACL, copy, multipart and versioning families. Each starts from bucket
// "dev" holding "obj" ("content"), owned by alice.

func code(t *testing.T, r response) string {
	if len(r.body) == 0 || r.status < 300 {
		return ""
	}
	c, _ := errorField(t, r, "Code")
	return c
}

func withHeader(method, path string, body []byte, h http.Header) func(t *testing.T, s *Server) response {
	return func(t *testing.T, s *Server) response {
		return send(t, s, request{method: method, path: path, body: body, as: &alice, header: h})
	}
}

func statusIs(status int) func(t *testing.T, r response) bool {
	return func(t *testing.T, r response) bool { return r.status == status }
}

func lacksElement(name string) func(t *testing.T, r response) bool {
	return func(t *testing.T, r response) bool {
		_, ok := errorField(t, r, name)
		return r.status >= 400 && !ok
	}
}

// versionedDev makes bucket dev versioned with obj deleted under a marker
// and returns the marker's version ID.
func versionedDev(t *testing.T, s *Server) string {
	enableVersioning(t, s, "dev", "Enabled")
	r := do(t, s, "DELETE", "/dev/obj", nil)
	wantStatus(t, r, 204)
	return r.header.Get("X-Amz-Version-Id")
}

// twoSmallParts starts an upload of dev/mp with two 3-byte parts and
// returns its ID and the parts' ETags.
func twoSmallParts(t *testing.T, s *Server) (id, e1, e2 string) {
	id = createUpload(t, s, "/dev/mp")
	return id, uploadPart(t, s, "/dev/mp", id, 1, []byte("one")), uploadPart(t, s, "/dev/mp", id, 2, []byte("two"))
}

func init() {
	objectProbes := map[string]deviationProbe{
		devKeyLengthUnchecked: {
			probe: func(t *testing.T, s *Server) response {
				return do(t, s, "PUT", "/dev/"+strings.Repeat("k", 1025), []byte("x"))
			},
			deviates: statusIs(200),
		},
		devKeyLengthInCharacters: {
			probe: func(t *testing.T, s *Server) response {
				return do(t, s, "PUT", "/dev/"+strings.Repeat("é", 513), []byte("x"))
			},
			deviates: statusIs(200),
		},
		devMetadataSizeUnlimited: {
			probe:    withHeader("PUT", "/dev/meta", []byte("x"), http.Header{"X-Amz-Meta-A": {strings.Repeat("v", 4000)}}),
			deviates: statusIs(200),
		},
		devStorageClassUnchecked: {
			probe:    withHeader("PUT", "/dev/class", []byte("x"), http.Header{"X-Amz-Storage-Class": {"FAST"}}),
			deviates: statusIs(200),
		},
		devArchivedObjectReadable: {
			probe: func(t *testing.T, s *Server) response {
				wantStatus(t, withHeader("PUT", "/dev/cold", []byte("x"), http.Header{"X-Amz-Storage-Class": {"GLACIER"}})(t, s), 200)
				return do(t, s, "GET", "/dev/cold", nil)
			},
			deviates: statusIs(200),
		},
		devRestoreRepeatAccepted: {
			probe: func(t *testing.T, s *Server) response {
				wantStatus(t, withHeader("PUT", "/dev/cold", []byte("x"), http.Header{"X-Amz-Storage-Class": {"GLACIER"}})(t, s), 200)
				restore := []byte(`<RestoreRequest><Days>1</Days></RestoreRequest>`)
				wantStatus(t, do(t, s, "POST", "/dev/cold?restore", restore), 202)
				return do(t, s, "POST", "/dev/cold?restore", restore)
			},
			deviates: statusIs(202),
		},
		devObjectMD5Unchecked: {
			probe:    withHeader("PUT", "/dev/md5", []byte("x"), http.Header{"Content-Md5": {"nope"}}),
			deviates: statusIs(200),
		},
		devBadDigestAsInvalidDigest: {
			probe:    withHeader("PUT", "/dev/md5", []byte("x"), http.Header{"Content-Md5": {"1B2M2Y8AsgTpgAmY7PhCfg=="}}),
			deviates: func(t *testing.T, r response) bool { return code(t, r) == "InvalidDigest" },
		},
		devConditionalWriteIgnored: {
			probe:    withHeader("PUT", "/dev/obj", []byte("x"), http.Header{"If-None-Match": {"*"}}),
			deviates: statusIs(200),
		},
		devPreconditionIgnored: {
			probe:    withHeader("GET", "/dev/obj", nil, http.Header{"If-Match": {`"0123"`}}),
			deviates: statusIs(200),
		},
		devNotModifiedIgnored: {
			probe: func(t *testing.T, s *Server) response {
				etag := do(t, s, "HEAD", "/dev/obj", nil).header.Get("ETag")
				return withHeader("GET", "/dev/obj", nil, http.Header{"If-None-Match": {etag}})(t, s)
			},
			deviates: statusIs(200),
		},
		devUnmodifiedSinceOverridesMatch: {
			probe: func(t *testing.T, s *Server) response {
				etag := do(t, s, "HEAD", "/dev/obj", nil).header.Get("ETag")
				return withHeader("GET", "/dev/obj", nil, http.Header{"If-Match": {etag}, "If-Unmodified-Since": {"Sat, 01 Jan 2000 00:00:00 GMT"}})(t, s)
			},
			deviates: statusIs(412),
		},
		devModifiedSinceOverridesNone: {
			probe: func(t *testing.T, s *Server) response {
				etag := do(t, s, "HEAD", "/dev/obj", nil).header.Get("ETag")
				return withHeader("GET", "/dev/obj", nil, http.Header{"If-None-Match": {etag}, "If-Modified-Since": {"Sat, 01 Jan 2000 00:00:00 GMT"}})(t, s)
			},
			deviates: statusIs(200),
		},
		devPreconditionNoCondition: {
			probe:    withHeader("GET", "/dev/obj", nil, http.Header{"If-Match": {`"0123"`}}),
			deviates: lacksElement("Condition"),
		},
		devCopySourceConditionsIgnored: {
			probe:    withHeader("PUT", "/dev/copy", nil, http.Header{"X-Amz-Copy-Source": {"/dev/obj"}, "X-Amz-Copy-Source-If-Match": {`"0123"`}}),
			deviates: statusIs(200),
		},
		devInvalidRangeStatus400: {
			probe:    withHeader("GET", "/dev/obj", nil, http.Header{"Range": {"bytes=20-30"}}),
			deviates: func(t *testing.T, r response) bool { return r.status == 400 && code(t, r) == "InvalidRange" },
		},
		devInvalidRangeNoElements: {
			probe:    withHeader("GET", "/dev/obj", nil, http.Header{"Range": {"bytes=20-30"}}),
			deviates: lacksElement("RangeRequested"),
		},
		devRangeIgnored: {
			probe:    withHeader("GET", "/dev/obj", nil, http.Header{"Range": {"bytes=0-1"}}),
			deviates: statusIs(200),
		},
		devRangePastEndUnsatisfiable: {
			probe:    withHeader("GET", "/dev/obj", nil, http.Header{"Range": {"bytes=2-100"}}),
			deviates: statusIs(416),
		},
		devInvalidRangeSyntaxRejected: {
			probe:    withHeader("GET", "/dev/obj", nil, http.Header{"Range": {"bytes=5-2"}}),
			deviates: statusIs(416),
		},
		devTaggingMissingKeyOK: {
			probe:    func(t *testing.T, s *Server) response { return do(t, s, "GET", "/dev/missing?tagging", nil) },
			deviates: statusIs(200),
		},
		devObjectTaggingNoSuchTagSet: {
			probe:    func(t *testing.T, s *Server) response { return do(t, s, "GET", "/dev/obj?tagging", nil) },
			deviates: func(t *testing.T, r response) bool { return r.status == 404 && code(t, r) == "NoSuchTagSet" },
		},
		devTagLimitsUnchecked: {
			probe: func(t *testing.T, s *Server) response {
				return do(t, s, "PUT", "/dev/obj?tagging", taggingBody(strings.Repeat("k", 129), "v"))
			},
			deviates: statusIs(200),
		},
		devTaggingMalformedAccepted: {
			probe: func(t *testing.T, s *Server) response {
				return do(t, s, "PUT", "/dev/obj?tagging", []byte("<Tagging>"))
			},
			deviates: statusIs(200),
		},
		devObjectLockUnsetEmpty: {
			probe: func(t *testing.T, s *Server) response {
				send(t, s, request{method: "PUT", path: "/locked", as: &alice, header: http.Header{"X-Amz-Bucket-Object-Lock-Enabled": {"true"}}})
				do(t, s, "PUT", "/locked/obj", []byte("content"))
				return do(t, s, "GET", "/locked/obj?retention", nil)
			},
			deviates: statusIs(200),
		},
		devObjectLockUnlockedNotFound: {
			probe:    func(t *testing.T, s *Server) response { return do(t, s, "GET", "/dev/obj?legal-hold", nil) },
			deviates: func(t *testing.T, r response) bool { return code(t, r) == "NoSuchObjectLockConfiguration" },
		},
		devACLMissingKeyOK: {
			probe:    func(t *testing.T, s *Server) response { return do(t, s, "GET", "/dev/missing?acl", nil) },
			deviates: statusIs(200),
		},
		devCopyOntoItselfAllowed: {
			probe:    withHeader("PUT", "/dev/obj", nil, http.Header{"X-Amz-Copy-Source": {"/dev/obj"}}),
			deviates: statusIs(200),
		},
		devCopyOntoItselfAlwaysRejected: {
			probe:    withHeader("PUT", "/dev/obj", nil, http.Header{"X-Amz-Copy-Source": {"/dev/obj"}, "X-Amz-Metadata-Directive": {"REPLACE"}}),
			deviates: func(t *testing.T, r response) bool { return code(t, r) == "InvalidRequest" },
		},
		devCopyMissingSourceKeyNoBucket: {
			probe:    withHeader("PUT", "/dev/copy", nil, http.Header{"X-Amz-Copy-Source": {"/dev/missing"}}),
			deviates: func(t *testing.T, r response) bool { return code(t, r) == "NoSuchBucket" },
		},
		devCopyMissingSourceBucketDenied: {
			probe:    withHeader("PUT", "/dev/copy", nil, http.Header{"X-Amz-Copy-Source": {"/nobucket/obj"}}),
			deviates: func(t *testing.T, r response) bool { return code(t, r) == "AccessDenied" },
		},
		devNoSuchUploadAsNoSuchKey: {
			probe:    func(t *testing.T, s *Server) response { return do(t, s, "GET", "/dev/obj?uploadId=bogus", nil) },
			deviates: func(t *testing.T, r response) bool { return code(t, r) == "NoSuchKey" },
		},
		devInvalidPartNoElements: {
			probe: func(t *testing.T, s *Server) response {
				id := createUpload(t, s, "/dev/mp")
				return do(t, s, "POST", "/dev/mp?uploadId="+id, completeBody(1, "0123456789abcdef0123456789abcdef"))
			},
			deviates: lacksElement("PartNumber"),
		},
		devInvalidPartOrderNotEnforced: {
			probe: func(t *testing.T, s *Server) response {
				id := createUpload(t, s, "/dev/mp")
				big := bytes.Repeat([]byte("a"), minPartSize)
				e1, e2 := uploadPart(t, s, "/dev/mp", id, 1, big), uploadPart(t, s, "/dev/mp", id, 2, big)
				return do(t, s, "POST", "/dev/mp?uploadId="+id, completeBody(2, e2, 1, e1))
			},
			deviates: statusIs(200),
		},
		devEntityTooSmallNotEnforced: {
			probe: func(t *testing.T, s *Server) response {
				id, e1, e2 := twoSmallParts(t, s)
				return do(t, s, "POST", "/dev/mp?uploadId="+id, completeBody(1, e1, 2, e2))
			},
			deviates: statusIs(200),
		},
		devEntityTooSmallOnLastPart: {
			probe: func(t *testing.T, s *Server) response {
				id := createUpload(t, s, "/dev/mp")
				e1 := uploadPart(t, s, "/dev/mp", id, 1, bytes.Repeat([]byte("a"), minPartSize))
				e2 := uploadPart(t, s, "/dev/mp", id, 2, []byte("tail"))
				return do(t, s, "POST", "/dev/mp?uploadId="+id, completeBody(1, e1, 2, e2))
			},
			deviates: func(t *testing.T, r response) bool { return code(t, r) == "EntityTooSmall" },
		},
		devCompleteMalformedAccepted: {
			probe: func(t *testing.T, s *Server) response {
				id := createUpload(t, s, "/dev/mp")
				uploadPart(t, s, "/dev/mp", id, 1, []byte("one"))
				return do(t, s, "POST", "/dev/mp?uploadId="+id, nil)
			},
			deviates: statusIs(200),
		},
		devPartNumberUnchecked: {
			probe: func(t *testing.T, s *Server) response {
				id := createUpload(t, s, "/dev/mp")
				return do(t, s, "PUT", "/dev/mp?partNumber=0&uploadId="+id, []byte("x"))
			},
			deviates: statusIs(200),
		},
		devNoSuchVersionNoVersionID: {
			probe: func(t *testing.T, s *Server) response {
				return do(t, s, "GET", "/dev/obj?versionId=01G65Z755AFWAKHE12NY0CQ9FH", nil)
			},
			deviates: lacksElement("VersionId"),
		},
		devUnknownVersionAsNoSuchKey: {
			probe: func(t *testing.T, s *Server) response {
				return do(t, s, "GET", "/dev/obj?versionId=01G65Z755AFWAKHE12NY0CQ9FH", nil)
			},
			deviates: func(t *testing.T, r response) bool { return code(t, r) == "NoSuchKey" },
		},
		devMalformedVersionIDAccepted: {
			probe:    func(t *testing.T, s *Server) response { return do(t, s, "GET", "/dev/obj?versionId=test_file", nil) },
			deviates: func(t *testing.T, r response) bool { return code(t, r) == "NoSuchVersion" },
		},
		devDeleteMarkerNoHeader: {
			probe: func(t *testing.T, s *Server) response {
				versionedDev(t, s)
				return do(t, s, "GET", "/dev/obj", nil)
			},
			deviates: func(t *testing.T, r response) bool {
				return r.status == 404 && r.header.Get("X-Amz-Delete-Marker") == ""
			},
		},
		devDeleteMarkerVersionGettable: {
			probe: func(t *testing.T, s *Server) response {
				marker := versionedDev(t, s)
				return do(t, s, "GET", "/dev/obj?versionId="+marker, nil)
			},
			deviates: statusIs(404),
		},
		devVersioningEmptyAccepted: {
			probe: func(t *testing.T, s *Server) response {
				return do(t, s, "PUT", "/dev?versioning", []byte(`<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"/>`))
			},
			deviates: statusIs(200),
		},
		devVersioningConfigUnchecked: {
			probe: func(t *testing.T, s *Server) response {
				return do(t, s, "PUT", "/dev?versioning", []byte("<VersioningConfiguration>"))
			},
			deviates: statusIs(200),
		},
	}
	for name, p := range objectProbes {
		if _, dup := deviationProbes[name]; dup {
			panic("two probes for " + name)
		}
		deviationProbes[name] = p
	}
}
