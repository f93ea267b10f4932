package harness

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/beevik/etree"

	"github.com/s3errconform/s3errconform/harness/wire"
)

// The window a run's start time must fall in for cleanup to take its
// buckets for the suite's: not before the name format existed, and not
// later than now plus a day of clock skew between this machine and the one
// that ran the suite.
var firstRunStart = time.Date(2026, time.January, 1, 0, 0, 0, 0, time.UTC)

const runClockSkew = 24 * time.Hour

// SweptBucket is a bucket of an earlier run that cleanup found.
type SweptBucket struct {
	Name string
	// RunStarted is when the run that created it started.
	RunStarted time.Time
	// Contents is what it held when it was found.
	Contents Contents
	// Region is the other region the bucket lives in ("" for the
	// target's own): the home endpoint redirected it there, and it is
	// counted and deleted through that region's endpoint.
	Region  string
	Deleted bool
	Error   string
	// via is the client of Region's endpoint; nil for the home one.
	via *wire.Client
}

// Contents counts what a bucket holds from the first page of each listing
// (up to 1000 entries each), so that finding buckets stays cheap; -1 is a
// listing the server refused or answered unreadably.
type Contents struct {
	// Objects are the current objects (ListObjects).
	Objects int
	// Versions are object versions and delete markers
	// (ListObjectVersions); a server without versioning may refuse it.
	Versions int
	// Uploads are unfinished multipart uploads (ListMultipartUploads).
	Uploads int
	// More reports that a listing had further pages, so a count is a
	// lower bound.
	More bool
}

func (c Contents) String() string {
	count := func(n int, what string) string {
		if n < 0 {
			return what + " not countable"
		}
		return strconv.Itoa(n) + " " + what
	}
	s := count(c.Objects, "objects") + ", " + count(c.Versions, "versions and delete markers") + ", " + count(c.Uploads, "multipart uploads")
	if c.More {
		s += " (first page of each listing; there are more)"
	}
	return s
}

// LeftBucket is a bucket with NamePrefix that cleanup leaves alone, and why.
type LeftBucket struct {
	Name   string
	Reason string
}

// SweepPlan is what cleanup found: the buckets of earlier runs it would
// delete, and the buckets that look like the suite's but that it leaves
// alone.
type SweepPlan struct {
	Stale     []SweptBucket
	LeftAlone []LeftBucket
}

// runOf returns the run ID and start time of a bucket name exactly as a
// Namer makes them, or why the name is not one: only such names, with a
// checksum that holds and a start time in the window, are the suite's.
func runOf(name string, now time.Time) (runID string, started time.Time, notOurs string) {
	const notGenerated = "not a name the suite generates"
	rest, found := strings.CutPrefix(name, NamePrefix)
	if !found {
		return "", time.Time{}, notGenerated
	}
	runID, counter, found := strings.Cut(rest, "-")
	if !found || !isCounter(counter) {
		return "", time.Time{}, notGenerated
	}
	// The start time takes 6 base-36 digits until 2038, 7 after.
	timeLen := len(runID) - runRandomLen - runSumLen
	if timeLen < 6 || timeLen > 7 || !isBase36(runID) || runID[0] == '0' {
		return "", time.Time{}, notGenerated
	}
	body := runID[:len(runID)-runSumLen]
	if runChecksum(body) != runID[len(body):] {
		return "", time.Time{}, "its run ID's checksum does not match"
	}
	secs, err := strconv.ParseInt(runID[:timeLen], 36, 64)
	if err != nil {
		return "", time.Time{}, notGenerated
	}
	started = time.Unix(secs, 0).UTC()
	switch {
	case started.Before(firstRunStart):
		return "", time.Time{}, fmt.Sprintf("its run start %s is before %s, when the suite began to name buckets so", started.Format(time.RFC3339), firstRunStart.Format("2006-01-02"))
	case started.After(now.Add(runClockSkew)):
		return "", time.Time{}, fmt.Sprintf("its run start %s is in the future", started.Format(time.RFC3339))
	}
	return runID, started, ""
}

// isCounter reports whether s is a Namer's counter: a decimal number from
// 1, written without leading zeros.
func isCounter(s string) bool {
	n, err := strconv.ParseUint(s, 10, 63)
	return err == nil && n > 0 && strconv.FormatUint(n, 10) == s
}

func isBase36(s string) bool {
	for _, c := range []byte(s) {
		if (c < '0' || c > '9') && (c < 'a' || c > 'z') {
			return false
		}
	}
	return s != ""
}

// PlanSweep lists the buckets earlier runs left behind: those whose name
// a Namer made (see runOf) and whose run started more than olderThan ago,
// with what each holds. Every other bucket named with NamePrefix is in
// LeftAlone with the reason. It changes nothing.
func PlanSweep(ctx context.Context, client *wire.Client, olderThan time.Duration) (*SweepPlan, error) {
	return PlanSweepRegions(ctx, client, nil, olderThan)
}

// PlanSweepRegions is PlanSweep for a target with an other region, whose
// endpoint other reaches (nil: none). S3 lists every region's buckets
// everywhere; a bucket the home endpoint redirects (301 naming other's
// region in x-amz-bucket-region) is counted, and later deleted, there.
func PlanSweepRegions(ctx context.Context, client, other *wire.Client, olderThan time.Duration) (*SweepPlan, error) {
	client = client.Retrying()
	if other != nil {
		other = other.Retrying()
	}
	r := client.Do(ctx, wire.Request{Method: http.MethodGet})
	if err := cleanupError(r, http.StatusOK); err != nil {
		return nil, fmt.Errorf("listing buckets: %w", err)
	}
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(r.Body); err != nil {
		return nil, fmt.Errorf("listing buckets: unreadable ListAllMyBucketsResult: %s", wire.FirstBytes(r.Body))
	}
	now := time.Now()
	plan := &SweepPlan{}
	for _, el := range doc.FindElements("//Bucket/Name") {
		name := el.Text()
		if !strings.HasPrefix(name, NamePrefix) {
			continue
		}
		_, started, notOurs := runOf(name, now)
		switch {
		case notOurs != "":
			plan.LeftAlone = append(plan.LeftAlone, LeftBucket{Name: name, Reason: "not ours, left alone (" + notOurs + ")"})
		case now.Sub(started) < olderThan:
			plan.LeftAlone = append(plan.LeftAlone, LeftBucket{Name: name,
				Reason: fmt.Sprintf("left alone: its run started %s, less than %s ago, and may still be going on", started.Format(time.RFC3339), olderThan)})
		default:
			b := SweptBucket{Name: name, RunStarted: started}
			where := client
			if region := elsewhere(ctx, client, other, name); region != "" {
				b.Region, b.via, where = region, other, other
			}
			b.Contents = countContents(ctx, where, name)
			plan.Stale = append(plan.Stale, b)
		}
	}
	sort.Slice(plan.Stale, func(i, j int) bool { return plan.Stale[i].Name < plan.Stale[j].Name })
	sort.Slice(plan.LeftAlone, func(i, j int) bool { return plan.LeftAlone[i].Name < plan.LeftAlone[j].Name })
	return plan, nil
}

// elsewhere is other's region when the home endpoint redirects bucket
// there, else "".
func elsewhere(ctx context.Context, home, other *wire.Client, bucket string) string {
	if other == nil {
		return ""
	}
	r := home.Do(ctx, wire.Request{Method: http.MethodHead, Bucket: bucket})
	region := other.Target().Region
	if r.Status == http.StatusMovedPermanently && r.ResponseHeader.Get("X-Amz-Bucket-Region") == region {
		return region
	}
	return ""
}

// countContents counts the first page of each of a bucket's listings.
func countContents(ctx context.Context, client *wire.Client, bucket string) Contents {
	var c Contents
	count := func(sub string, entries ...string) int {
		var q url.Values
		if sub != "" {
			q = url.Values{sub: {""}}
		}
		r := client.Do(ctx, wire.Request{Method: http.MethodGet, Bucket: bucket, Query: q})
		doc := etree.NewDocument()
		if r.Status != http.StatusOK || doc.ReadFromBytes(r.Body) != nil || doc.Root() == nil {
			return -1
		}
		if t := doc.Root().SelectElement("IsTruncated"); t != nil && t.Text() == "true" {
			c.More = true
		}
		n := 0
		for _, e := range doc.Root().ChildElements() {
			for _, tag := range entries {
				if e.Tag == tag {
					n++
				}
			}
		}
		return n
	}
	c.Objects = count("", "Contents")
	c.Versions = count("versions", "Version", "DeleteMarker")
	c.Uploads = count("uploads", "Upload")
	return c
}

// DeleteStale deletes a bucket PlanSweep found, with every object, version
// and multipart upload in it, and records the outcome in b.
func DeleteStale(ctx context.Context, client *wire.Client, b *SweptBucket) {
	// Checked again here, so that nothing but a name of the suite's can
	// reach the deletion, whatever the caller passes.
	runID, _, notOurs := runOf(b.Name, time.Now())
	if notOurs != "" {
		b.Error = "not deleted: " + notOurs
		return
	}
	if b.via != nil {
		client = b.via
	}
	tr := NewTracker(client.Retrying(), &Namer{runID: runID})
	// An earlier run's bucket may hold anything a check made.
	tr.objects.versioned = map[string]bool{b.Name: true}
	tr.objects.multipart = map[string]bool{b.Name: true}
	if err := tr.deleteBucket(ctx, b.Name); err != nil {
		b.Error = err.Error()
		return
	}
	b.Deleted = true
}
