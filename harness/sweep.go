package harness

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/beevik/etree"

	"github.com/s3errconform/s3errconform/harness/wire"
)

// SweptBucket is a bucket of an earlier run that Sweep found.
type SweptBucket struct {
	Name string
	// RunStarted is when the run that created it started.
	RunStarted time.Time
	Deleted    bool
	Error      string
}

// runOf returns the run ID and start time encoded in a bucket name this
// suite made (see Namer), or ok false for any other name.
func runOf(name string) (runID string, started time.Time, ok bool) {
	rest, found := strings.CutPrefix(name, NamePrefix)
	if !found {
		return "", time.Time{}, false
	}
	runID, _, found = strings.Cut(rest, "-")
	if !found || len(runID) <= 6 {
		return "", time.Time{}, false
	}
	secs, err := strconv.ParseInt(runID[:len(runID)-6], 36, 64)
	if err != nil {
		return "", time.Time{}, false
	}
	return runID, time.Unix(secs, 0), true
}

// Sweep deletes the buckets earlier runs left behind: those whose name this
// suite made (NamePrefix and a run ID) and whose run started more than
// olderThan ago, with every object, version and multipart upload in them.
// With dryRun it only reports them. It never touches any other bucket.
func Sweep(ctx context.Context, client *wire.Client, olderThan time.Duration, dryRun bool) ([]SweptBucket, error) {
	r := client.Retrying().Do(ctx, wire.Request{Method: http.MethodGet})
	if err := cleanupError(r, http.StatusOK); err != nil {
		return nil, fmt.Errorf("listing buckets: %w", err)
	}
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(r.Body); err != nil {
		return nil, fmt.Errorf("listing buckets: unreadable ListAllMyBucketsResult: %s", wire.FirstBytes(r.Body))
	}
	var swept []SweptBucket
	for _, el := range doc.FindElements("//Bucket/Name") {
		name := el.Text()
		runID, started, ok := runOf(name)
		if !ok || time.Since(started) < olderThan {
			continue
		}
		b := SweptBucket{Name: name, RunStarted: started}
		if !dryRun {
			tr := NewTracker(client.Retrying(), &Namer{runID: runID})
			// An earlier run's bucket may hold anything a check made.
			tr.objects.versioned = map[string]bool{name: true}
			tr.objects.multipart = map[string]bool{name: true}
			if err := tr.deleteBucket(ctx, name); err != nil {
				b.Error = err.Error()
			} else {
				b.Deleted = true
			}
		}
		swept = append(swept, b)
	}
	sort.Slice(swept, func(i, j int) bool { return swept[i].Name < swept[j].Name })
	return swept, nil
}
