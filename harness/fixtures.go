package harness

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/beevik/etree"

	"github.com/s3errconform/s3errconform/harness/check"
	"github.com/s3errconform/s3errconform/harness/targets"
	"github.com/s3errconform/s3errconform/harness/wire"
)

// NamePrefix starts every bucket name the suite creates, so that cleanup
// can tell the suite's buckets from everybody else's.
const NamePrefix = "s3ec-"

// A run ID is the run's start time (Unix seconds in base 36), a random
// part and a checksum of both, all lowercase base 36: cleanup deletes a
// bucket only when the checksum holds, so that no name a person picks (say
// s3ec-production-data) can pass for one of the suite's by accident.
const (
	runRandomLen = 5
	runSumLen    = 5
	// runSumDomain keeps the checksum apart from any other SHA-256 use.
	runSumDomain = "s3errconform bucket run id v1\x00"
)

// Namer hands out bucket names unique to one run: the prefix, the run ID
// and a counter, e.g. s3ec-tpj5dqfg038x3bmh-12 (at most 42 characters,
// which leaves checks room to append to a name).
type Namer struct {
	runID string
	next  atomic.Int64
}

// NewNamer starts a run's names.
func NewNamer() *Namer { return NewNamerStartedAt(time.Now()) }

// NewNamerStartedAt starts the names of a run that started at start, the
// time cleanup reads back to tell a stale run from one under way.
func NewNamerStartedAt(start time.Time) *Namer {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err)
	}
	body := strconv.FormatInt(start.Unix(), 36) + base36(binary.BigEndian.Uint64(b[:]), runRandomLen)
	return &Namer{runID: body + runChecksum(body)}
}

// runChecksum is the checksum part of the run ID that starts with body.
func runChecksum(body string) string {
	sum := sha256.Sum256([]byte(runSumDomain + body))
	return base36(binary.BigEndian.Uint64(sum[:8]), runSumLen)
}

// base36 writes the low digits of v in base 36, exactly n of them.
func base36(v uint64, n int) string {
	digits := make([]byte, n)
	for i := n - 1; i >= 0; i-- {
		digits[i] = "0123456789abcdefghijklmnopqrstuvwxyz"[v%36]
		v /= 36
	}
	return string(digits)
}

// RunID identifies the run in every name it creates.
func (n *Namer) RunID() string { return n.runID }

// Owns reports whether name was made by this run (whatever its case).
func (n *Namer) Owns(name string) bool {
	return strings.HasPrefix(strings.ToLower(name), NamePrefix+n.runID+"-")
}

// Bucket returns a fresh bucket name of this run.
func (n *Namer) Bucket() string {
	return fmt.Sprintf("%s%s-%d", NamePrefix, n.runID, n.next.Add(1))
}

// Tracker records what a check created and deletes it, last created first.
// It deletes nothing it did not record, apart from the contents of a bucket
// it created itself, and no bucket whose name is not unique to this run: a
// server that wrongly accepts a request for a name like "192.168.5.4" may
// have answered for somebody else's bucket. The one exception is a name
// the check claimed (T.ClaimBucketName): no bucket had it when the check
// looked, so one the server then created is the run's.
type Tracker struct {
	mu      sync.Mutex
	client  *wire.Client
	names   *Namer
	created []created
	// claimed are the names of Claim; notes say what became of them.
	claimed map[string]bool
	notes   []string
	// objects knows the buckets holding versions or multipart uploads
	// (fixtures_objects.go).
	objects trackedObjects
}

// created is a bucket, an object, or (with uploadID) a multipart upload.
// via, when set, is the client of the region the bucket lives in (another
// region's endpoint), which cleanup must go through.
type created struct {
	bucket, key, uploadID string
	via                   *wire.Client
}

// NewTracker deletes through client, which should retry, the buckets
// named by names that it is told about.
func NewTracker(client *wire.Client, names *Namer) *Tracker {
	return &Tracker{client: client, names: names}
}

// Bucket records a bucket the run created.
func (tr *Tracker) Bucket(name string) { tr.add(created{bucket: name}) }

// BucketVia records a bucket the run created through client, another
// region's endpoint: cleanup deletes it there, where it lives. As with
// Bucket, only a name unique to the run is ever deleted.
func (tr *Tracker) BucketVia(name string, client *wire.Client) {
	tr.add(created{bucket: name, via: client})
}

// Claim makes a bucket of name, which is not unique to the run, deletable
// once recorded with Bucket: the caller saw that no bucket had the name.
func (tr *Tracker) Claim(name string) {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	if tr.claimed == nil {
		tr.claimed = map[string]bool{}
	}
	tr.claimed[name] = true
}

// Notes say what the tracker did beyond deleting the run's own buckets:
// which claimed names the server created a bucket for.
func (tr *Tracker) Notes() []string {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	return append([]string(nil), tr.notes...)
}

// Object records an object the run created. Objects in the run's own
// buckets need no record: deleting such a bucket empties it first, and
// deleting a key the server refused to create (a 1025-byte key) would
// only report a leftover that is not there.
func (tr *Tracker) Object(bucket, key string) {
	if tr.names.Owns(bucket) {
		return
	}
	tr.add(created{bucket: bucket, key: key})
}

func (tr *Tracker) add(c created) {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	tr.created = append(tr.created, c)
}

// Pending lists what the tracker holds and has not deleted yet.
func (tr *Tracker) Pending() []check.Leftover {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	out := make([]check.Leftover, 0, len(tr.created))
	for _, c := range tr.created {
		why := "not cleaned up: the run was interrupted"
		if c.via != nil {
			why += " (it is in region " + c.via.Target().Region + ", at " + c.via.Target().Endpoint + ")"
		}
		out = append(out, check.Leftover{Bucket: c.bucket, Key: c.key, Error: why})
	}
	return out
}

// Cleanup deletes everything recorded, last first, and returns what it
// could not delete. It runs at the end of each check, failed or not, and on
// interrupt.
func (tr *Tracker) Cleanup(ctx context.Context) []check.Leftover {
	var left []check.Leftover
	for {
		// Each entry leaves the record only once it is dealt with, so an
		// interrupt during cleanup still knows what is left.
		tr.mu.Lock()
		if len(tr.created) == 0 {
			tr.mu.Unlock()
			return left
		}
		c := tr.created[len(tr.created)-1]
		tr.mu.Unlock()

		var err error
		if c.uploadID != "" {
			err = tr.abortUpload(ctx, c.bucket, c.key, c.uploadID)
		} else if c.key != "" {
			err = tr.deleteObject(ctx, c.bucket, c.key)
		} else if c.via != nil {
			err = tr.via(c.via).deleteBucket(ctx, c.bucket)
		} else {
			err = tr.deleteBucket(ctx, c.bucket)
		}
		if err != nil {
			left = append(left, check.Leftover{Bucket: c.bucket, Key: c.key, Error: err.Error()})
		}
		tr.mu.Lock()
		tr.created = tr.created[:len(tr.created)-1]
		tr.mu.Unlock()
	}
}

// via is a tracker deleting through client, for a bucket of another
// region; it shares nothing with tr but the names and the claims.
func (tr *Tracker) via(client *wire.Client) *Tracker {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	return &Tracker{client: client, names: tr.names, claimed: maps.Clone(tr.claimed)}
}

func (tr *Tracker) deleteObject(ctx context.Context, bucket, key string) error {
	r := tr.client.Do(ctx, wire.Request{Method: http.MethodDelete, Bucket: bucket, Key: key})
	return cleanupError(r, http.StatusNoContent, http.StatusOK, http.StatusNotFound)
}

// deleteBucket empties a bucket the run created (objects a check put there
// by way of the server under test may not be recorded) and deletes it.
func (tr *Tracker) deleteBucket(ctx context.Context, bucket string) error {
	tr.mu.Lock()
	claimed := tr.claimed[bucket]
	tr.mu.Unlock()
	if !tr.names.Owns(bucket) && !claimed {
		return fmt.Errorf("not deleted: the name is not unique to run %s, so the bucket may not be the run's; delete it by hand if it is", tr.names.RunID())
	}
	if claimed {
		err := tr.emptyAndDelete(ctx, bucket)
		note := fmt.Sprintf("the server created bucket %q (no bucket had that name before the check); the run deleted it", bucket)
		if err != nil {
			note = fmt.Sprintf("the server created bucket %q (no bucket had that name before the check); the run could not delete it", bucket)
		}
		tr.mu.Lock()
		tr.notes = append(tr.notes, note)
		tr.mu.Unlock()
		return err
	}
	return tr.emptyAndDelete(ctx, bucket)
}

// emptyAndDelete empties a bucket of the run and deletes it.
func (tr *Tracker) emptyAndDelete(ctx context.Context, bucket string) error {
	if err := tr.purge(ctx, bucket); err != nil {
		return err
	}
	keys, err := tr.listKeys(ctx, bucket)
	if err != nil {
		return err
	}
	for _, key := range keys {
		if err := tr.deleteObject(ctx, bucket, key); err != nil {
			return fmt.Errorf("emptying it: %s: %w", key, err)
		}
	}
	r := tr.client.Do(ctx, wire.Request{Method: http.MethodDelete, Bucket: bucket})
	return cleanupError(r, http.StatusNoContent, http.StatusOK, http.StatusNotFound)
}

// listKeys lists a bucket's keys with ListObjects (v1, the oldest form every
// implementation has), following markers, bounded to keep a runaway
// server from holding cleanup forever.
func (tr *Tracker) listKeys(ctx context.Context, bucket string) ([]string, error) {
	var keys []string
	marker := ""
	for page := 0; page < 100; page++ {
		q := url.Values{}
		if marker != "" {
			q.Set("marker", marker)
		}
		r := tr.client.Do(ctx, wire.Request{Method: http.MethodGet, Bucket: bucket, Query: q})
		if r.Status == http.StatusNotFound {
			return nil, nil
		}
		if err := cleanupError(r, http.StatusOK); err != nil {
			return nil, fmt.Errorf("listing it: %w", err)
		}
		doc := etree.NewDocument()
		if err := doc.ReadFromBytes(r.Body); err != nil || doc.Root() == nil {
			return nil, fmt.Errorf("listing it: unreadable ListBucketResult: %s", wire.FirstBytes(r.Body))
		}
		for _, k := range doc.Root().FindElements("Contents/Key") {
			keys = append(keys, k.Text())
		}
		truncated := doc.Root().SelectElement("IsTruncated")
		if truncated == nil || truncated.Text() != "true" || len(keys) == 0 {
			return keys, nil
		}
		marker = keys[len(keys)-1]
	}
	return keys, fmt.Errorf("listing it: more than 100 pages")
}

func cleanupError(r *wire.Response, ok ...int) error {
	if r.Err != nil && r.Status == 0 {
		return r.Err
	}
	for _, s := range ok {
		if r.Status == s {
			return nil
		}
	}
	return fmt.Errorf("%s answered %d: %s", r.RequestLine(), r.Status, wire.FirstBytes(r.Body))
}

// unsupportedBy returns why target cannot run check c, or "" when it can.
func unsupportedBy(target *targets.Target, c check.Check) string {
	if c.Suite == check.LabelSOAP && target.SOAPURL == "" {
		return "target declares no SOAP endpoint"
	}
	if c.Suite == check.LabelSOAP && !target.Supports("soap") {
		return fmt.Sprintf("target %q declares %q unsupported", target.Name, "soap")
	}
	for _, c := range c.Capabilities {
		if !target.Supports(c) {
			return fmt.Sprintf("target %q declares %q unsupported", target.Name, c)
		}
		if c == "second-identity" && target.SecondIdentity.Empty() {
			return fmt.Sprintf("target %q configures no second_identity", target.Name)
		}
		if c == "bucket-limit" && target.BucketLimit == 0 {
			return fmt.Sprintf("target %q declares no bucket_limit", target.Name)
		}
		if c == "expired-session" && target.ExpiredSession.Empty() {
			return fmt.Sprintf("target %q configures no expired_session", target.Name)
		}
		if c == "other-region" && target.OtherRegion.Empty() {
			return fmt.Sprintf("target %q configures no other_region (a second region and its endpoint)", target.Name)
		}
	}
	return ""
}

// UnsupportedBy says why target cannot run c, or "" if it can: what a dry
// run (s3errconform list --target) reports.
func UnsupportedBy(target *targets.Target, c check.Check) string { return unsupportedBy(target, c) }
