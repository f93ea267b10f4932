package reftarget

import (
	"net/http"
	"testing"
	"time"
)

// Probes for the deviations of the retention, legal-hold, conditional-write
// and partNumber checks. Each starts from bucket "dev" holding "obj"
// ("content"), owned by alice.

func init() {
	future := time.Now().Add(24 * time.Hour)
	probes := map[string]deviationProbe{
		devObjectLockWritesUnlockedOK: {
			probe: func(t *testing.T, s *Server) response {
				return putLock(t, s, "/dev/obj", "legal-hold", legalHoldDoc("ON"), false)
			},
			deviates: statusIs(200),
		},
		devObjectLockBodiesUnchecked: {
			probe: func(t *testing.T, s *Server) response {
				lockedBucket(t, s)
				wantStatus(t, do(t, s, "PUT", "/locked/obj", []byte("x")), 200)
				return putLock(t, s, "/locked/obj", "retention", retentionDoc("BAD-VALUE", future), false)
			},
			deviates: statusIs(200),
		},
		devObjectLockNotEnforced: {
			probe: func(t *testing.T, s *Server) response {
				lockedBucket(t, s)
				id := newVersion(t, s, "/locked/obj")
				wantStatus(t, putLock(t, s, "/locked/obj", "legal-hold", legalHoldDoc("ON"), false), 200)
				return deleteVersion(t, s, "/locked/obj", id, false)
			},
			deviates: statusIs(204),
		},
		devWriteIfNoneMatchETagUsed: {
			probe:    withHeader("PUT", "/dev/obj", []byte("new"), http.Header{"If-None-Match": {`"0123456789abcdef0123456789abcdef"`}}),
			deviates: statusIs(200),
		},
		devPartNumberIgnored: {
			probe:    do2("GET", "/dev/obj?partNumber=2", nil),
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
