package reftarget

import (
	"fmt"
	"net"
	"net/http"
	"time"
)

// Regions: with Options.OtherRegion the reference target is two regions of
// one S3, each a REST listener of its own over one store. A bucket lives in
// the region whose endpoint created it, and AWS's answers to crossing
// regions follow the captures cited below:
//
//   - any request but CreateBucket sent to one region's endpoint for a
//     bucket of the other: 301 PermanentRedirect, with x-amz-bucket-region
//     and the elements Endpoint and Bucket, no Location header
//     (mountpoint-s3 test_get_object_wrong_region,
//     test_head_bucket_wrong_region; opendal RFC 0057); HEAD without body;
//   - PutBucketLogging whose target bucket is in another region than the
//     source: 403 CrossLocationLoggingProhibitted (LocalStack snapshot
//     test_put_bucket_logging_cross_locations);
//   - a deleted bucket's name is held for the region it was deleted from:
//     CreateBucket of it in another region is 409 OperationAborted
//     (aws-cli#2411; nibrun PR#5: every retry for over 20 minutes).

// nameHold is how long a deleted bucket's name stays held for its region:
// AWS has been seen holding one for more than 20 minutes, and its
// Knowledge Center speaks of hours.
const nameHold = time.Hour

// heldName is a deleted bucket's name, held for region until until.
type heldName struct {
	region string
	until  time.Time
}

// startOtherRegion starts the listener of opts.OtherRegion, sharing s's
// store, keys and deviations.
func (s *Server) startOtherRegion(opts Options) error {
	if opts.OtherRegion == s.region {
		return fmt.Errorf("reftarget: the other region %q is the server's own region", opts.OtherRegion)
	}
	addr := opts.OtherRegionAddr
	if addr == "" {
		host, _, err := net.SplitHostPort(s.listener.Addr().String())
		if err != nil {
			return fmt.Errorf("reftarget: %w", err)
		}
		addr = net.JoinHostPort(host, "0")
	}
	listener, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("reftarget: other region: %w", err)
	}
	peer := &Server{
		region:            opts.OtherRegion,
		virtualHostSuffix: s.virtualHostSuffix,
		secrets:           s.secrets,
		dev:               s.dev,
		operations:        s.operations,
		store:             s.store,
		listener:          listener,
		peer:              s,
	}
	handler := peer.Handler()
	if opts.Latency > 0 {
		handler = delayed(opts.Latency, handler)
	}
	peer.http = &http.Server{Handler: handler, ReadHeaderTimeout: 30 * time.Second}
	s.peer = peer
	go peer.http.Serve(listener)
	return nil
}

// OtherRegionURL is the base URL of the other region's REST endpoint, e.g.
// "http://127.0.0.1:PORT"; "" without Options.OtherRegion.
func (s *Server) OtherRegionURL() string {
	if s.peer == nil {
		return ""
	}
	return s.peer.URL()
}

// OtherRegion is the other region's name; "" without Options.OtherRegion.
func (s *Server) OtherRegion() string {
	if s.peer == nil {
		return ""
	}
	return s.peer.region
}

// redirectElsewhere answers a request for a bucket of the other region:
// 301 PermanentRedirect naming the bucket and the endpoint of its region.
// CreateBucket is not redirected: creating a name that exists is answered
// by the store, wherever the bucket lives.
func (s *Server) redirectElsewhere(q *restRequest) *s3Error {
	if s.peer == nil || q.bucket == "" {
		return nil
	}
	if q.key == "" && q.r.Method == http.MethodPut && q.r.URL.RawQuery == "" {
		return nil
	}
	s.store.mu.RLock()
	b, ok := s.store.buckets[q.bucket]
	region := ""
	if ok {
		region = b.region
	}
	s.store.mu.RUnlock()
	if !ok || region == s.region {
		return nil
	}
	switch {
	case s.dev.has(devRegionBucketServedAnywhere):
		return nil
	case s.dev.has(devRegionRedirectAsNoSuchBucket):
		return errNoSuchBucket(q.bucket)
	}
	e := newError("PermanentRedirect", detail{"Endpoint", s.peer.listener.Addr().String()}, detail{"Bucket", q.bucket})
	if !s.dev.has(devRegionRedirectNoRegionHeader) {
		e.header = http.Header{"X-Amz-Bucket-Region": {region}}
	}
	return e
}

// crossRegionLogging refuses logging from source into target, a bucket of
// another region, as AWS does: SourceBucketLocation only when the source
// is not in us-east-1, then TargetBucketLocation. Call it with the store's
// lock held.
func (s *Server) crossRegionLogging(source, target *bucket) *s3Error {
	if source.region == target.region || s.dev.has(devCrossRegionLoggingAccepted) {
		return nil
	}
	var details []detail
	if source.region != "us-east-1" {
		details = append(details, detail{"SourceBucketLocation", source.region})
	}
	e := newError("CrossLocationLoggingProhibited", append(details, detail{"TargetBucketLocation", target.region})...)
	if s.dev.has(devCrossRegionLoggingTableCode) {
		e.code = "CrossLocationLoggingProhibited" // the AWS table's spelling, not the wire's
	}
	return e
}

// hold keeps the name of b, just deleted, for its region. Call it with the
// store's lock held.
func (s *store) hold(b *bucket) {
	now := time.Now()
	for name, h := range s.held {
		if now.After(h.until) {
			delete(s.held, name)
		}
	}
	s.held[b.name] = heldName{region: b.region, until: now.Add(nameHold)}
}

// heldElsewhere refuses to create name in region while another region
// holds it. Call it with the store's lock held.
func (s *store) heldElsewhere(region, name string) *s3Error {
	h, ok := s.held[name]
	if !ok || h.region == region || time.Now().After(h.until) || s.dev.has(devDeletedNameReusable) {
		return nil
	}
	return newError("OperationAborted")
}
