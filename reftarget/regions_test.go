package reftarget

import (
	"bytes"
	"net/http"
	"testing"

	"github.com/s3errconform/s3errconform/harness"
)

// twoRegions starts a reference target in region with us-west-2 as its
// other region, and creates bucket west there.
func twoRegions(t *testing.T, region string, deviations ...string) (main, west *Server) {
	t.Helper()
	s := startServer(t, Options{Region: region, OtherRegion: "us-west-2", Deviations: deviations})
	if s.OtherRegion() != "us-west-2" || s.OtherRegionURL() == "" || s.OtherRegionURL() == s.URL() {
		t.Fatalf("other region %q at %q", s.OtherRegion(), s.OtherRegionURL())
	}
	wantStatus(t, do(t, s.peer, "PUT", "/west", harness.CreateBucketConfiguration("us-west-2")), 200)
	return s, s.peer
}

func TestBucketOfAnotherRegionIsRedirected(t *testing.T) {
	s, west := twoRegions(t, "eu-central-1")
	host := west.listener.Addr().String()
	for name, r := range map[string]request{
		"signed for this region":  {method: "GET", path: "/west?list-type=2", as: &alice},
		"signed for the bucket's": {method: "GET", path: "/west?list-type=2", as: &alice, region: "us-west-2"},
		"anonymous":               {method: "GET", path: "/west/key"},
	} {
		resource := "/west"
		if r.as == nil {
			resource = "/west/key"
		}
		resp := send(t, s, r)
		wantError(t, resp, "PermanentRedirect", resource, detail{"Endpoint", host}, detail{"Bucket", "west"})
		if got := resp.header.Get("X-Amz-Bucket-Region"); got != "us-west-2" {
			t.Errorf("%s: x-amz-bucket-region %q", name, got)
		}
		if resp.header.Get("Location") != "" {
			t.Errorf("%s: a Location header", name)
		}
	}
	head := send(t, s, request{method: "HEAD", path: "/west", as: &alice})
	if head.status != http.StatusMovedPermanently || len(head.body) != 0 || head.header.Get("X-Amz-Bucket-Region") != "us-west-2" {
		t.Errorf("HEAD: %d, %d bytes, region %q", head.status, len(head.body), head.header.Get("X-Amz-Bucket-Region"))
	}
	// Its own region serves it, and says where it lives.
	wantStatus(t, do(t, west, "GET", "/west?list-type=2", nil), 200)
	if r := do(t, west, "GET", "/west?location", nil); r.status != 200 || !bytes.Contains(r.body, []byte(">us-west-2</LocationConstraint>")) {
		t.Errorf("GetBucketLocation: %d %s", r.status, r.body)
	}
	// Creating the name from the other region is answered, not redirected.
	wantError(t, do(t, s, "PUT", "/west", harness.CreateBucketConfiguration("eu-central-1")), "BucketAlreadyOwnedByYou", "/west", detail{"BucketName", "west"})
	// A missing bucket is missing everywhere.
	wantError(t, do(t, s, "GET", "/nowhere?list-type=2", nil), "NoSuchBucket", "/nowhere", detail{"BucketName", "nowhere"})
}

func TestLoggingAcrossRegionsIsRefused(t *testing.T) {
	for _, tc := range []struct {
		region string
		want   []detail
	}{
		{"eu-central-1", []detail{{"SourceBucketLocation", "eu-central-1"}, {"TargetBucketLocation", "us-west-2"}}},
		{"us-east-1", []detail{{"TargetBucketLocation", "us-west-2"}}},
	} {
		s, _ := twoRegions(t, tc.region)
		var config []byte
		if tc.region != "us-east-1" {
			config = harness.CreateBucketConfiguration(tc.region)
		}
		wantStatus(t, do(t, s, "PUT", "/source", config), 200)
		body := harness.LoggingTo("west")
		r := send(t, s, request{method: "PUT", path: "/source?logging", body: body, header: withMD5(body), as: &alice})
		doc := wantError(t, r, "CrossLocationLoggingProhibited", "/source", tc.want...)
		if doc.values["Code"] != "CrossLocationLoggingProhibitted" || doc.values["Message"] != "Cross S3 location logging not allowed. " {
			t.Errorf("%s: code %q message %q, want AWS's wire spelling", tc.region, doc.values["Code"], doc.values["Message"])
		}
	}
}

func TestDeletedNameIsHeldForItsRegion(t *testing.T) {
	s, west := twoRegions(t, "eu-central-1")
	wantStatus(t, do(t, west, "DELETE", "/west", nil), 204)
	r := do(t, s, "PUT", "/west", harness.CreateBucketConfiguration("eu-central-1"))
	doc := wantError(t, r, "OperationAborted", "/west")
	if doc.values["Message"] != "A conflicting conditional operation is currently in progress against this resource. Please try again." {
		t.Errorf("message %q", doc.values["Message"])
	}
	// Its own region may have it back at once.
	wantStatus(t, do(t, west, "PUT", "/west", harness.CreateBucketConfiguration("us-west-2")), 200)
}

func init() {
	// Each probe runs on a target in us-east-1 with us-west-2 beside it,
	// where it first creates bucket west.
	inTwoRegions := func(probe func(t *testing.T, s *Server) response) func(t *testing.T, s *Server) response {
		return func(t *testing.T, s *Server) response {
			wantStatus(t, do(t, s.peer, "PUT", "/west", harness.CreateBucketConfiguration("us-west-2")), 200)
			return probe(t, s)
		}
	}
	listWest := inTwoRegions(func(t *testing.T, s *Server) response { return do(t, s, "GET", "/west?list-type=2", nil) })
	logToWest := inTwoRegions(func(t *testing.T, s *Server) response {
		body := harness.LoggingTo("west")
		return send(t, s, request{method: "PUT", path: "/dev?logging", body: body, header: withMD5(body), as: &alice})
	})
	two := Options{OtherRegion: "us-west-2"}
	for name, p := range map[string]deviationProbe{
		devRegionBucketServedAnywhere:   {opts: two, probe: listWest, deviates: statusIsNow(200)},
		devRegionRedirectAsNoSuchBucket: {opts: two, probe: listWest, deviates: codeIs("NoSuchBucket")},
		devRegionRedirectNoRegionHeader: {opts: two, probe: listWest, deviates: func(t *testing.T, r response) bool {
			return r.status == 301 && r.header.Get("X-Amz-Bucket-Region") == ""
		}},
		devCrossRegionLoggingAccepted:  {opts: two, probe: logToWest, deviates: statusIsNow(200)},
		devCrossRegionLoggingTableCode: {opts: two, probe: logToWest, deviates: codeIs("CrossLocationLoggingProhibited")},
		devDeletedNameReusable: {opts: two, probe: inTwoRegions(func(t *testing.T, s *Server) response {
			wantStatus(t, do(t, s.peer, "DELETE", "/west", nil), 204)
			return do(t, s, "PUT", "/west", nil)
		}), deviates: statusIsNow(200)},
	} {
		if _, dup := deviationProbes[name]; dup {
			panic("probe for " + name + " given twice")
		}
		deviationProbes[name] = p
	}
}

func TestOtherRegionMustDiffer(t *testing.T) {
	if s, err := Start(Options{Region: "eu-central-1", OtherRegion: "eu-central-1"}); err == nil {
		s.Close()
		t.Fatal("started with the same region twice")
	}
	s := startServer(t, Options{})
	if s.OtherRegionURL() != "" || s.OtherRegion() != "" {
		t.Fatalf("one region, yet other region %q at %q", s.OtherRegion(), s.OtherRegionURL())
	}
}
