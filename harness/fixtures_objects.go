package harness

import (
	"context"
	"fmt"
	"net/http"
	"net/url"

	"github.com/beevik/etree"

	"github.com/s3errconform/s3errconform/harness/wire"
)

// trackedObjects is what a Tracker knows beyond plain objects: buckets the
// run turned versioning on in, and buckets it started multipart uploads
// in. Deleting such a bucket first deletes every version and delete marker
// in it, or aborts every upload in it; the tracker lists only buckets the
// run created.
type trackedObjects struct {
	versioned map[string]bool
	multipart map[string]bool
}

// Versioned records that versioning was turned on in a bucket the run
// created: cleanup deletes all its versions before the bucket.
func (tr *Tracker) Versioned(bucket string) {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	if tr.objects.versioned == nil {
		tr.objects.versioned = map[string]bool{}
	}
	tr.objects.versioned[bucket] = true
}

// Upload records a multipart upload the run started: cleanup aborts it,
// and aborts any other upload in the bucket before deleting it.
func (tr *Tracker) Upload(bucket, key, uploadID string) {
	tr.Uploading(bucket)
	tr.add(created{bucket: bucket, key: key, uploadID: uploadID})
}

// Uploading records that a multipart upload may be started in a bucket,
// before its ID is known: deleting the bucket then aborts every upload in
// it, including one an interrupted request started.
func (tr *Tracker) Uploading(bucket string) {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	if tr.objects.multipart == nil {
		tr.objects.multipart = map[string]bool{}
	}
	tr.objects.multipart[bucket] = true
}

func (tr *Tracker) abortUpload(ctx context.Context, bucket, key, uploadID string) error {
	r := tr.client.Do(ctx, wire.Request{Method: http.MethodDelete, Bucket: bucket, Key: key, Query: url.Values{"uploadId": {uploadID}}})
	if err := cleanupError(r, http.StatusNoContent, http.StatusOK, http.StatusNotFound); err != nil {
		return fmt.Errorf("aborting multipart upload %s: %w", uploadID, err)
	}
	return nil
}

// purge empties a bucket the run created of versions and uploads, where
// the tracker knows there may be some. The caller has checked the bucket
// is the run's.
func (tr *Tracker) purge(ctx context.Context, bucket string) error {
	tr.mu.Lock()
	versioned, multipart := tr.objects.versioned[bucket], tr.objects.multipart[bucket]
	tr.mu.Unlock()
	if multipart {
		if err := tr.abortAllUploads(ctx, bucket); err != nil {
			return err
		}
	}
	if versioned {
		return tr.deleteAllVersions(ctx, bucket)
	}
	return nil
}

// deleteAllVersions deletes every version and delete marker of a bucket,
// page by page with ListObjectVersions, bounded like listKeys.
func (tr *Tracker) deleteAllVersions(ctx context.Context, bucket string) error {
	for page := 0; page < 100; page++ {
		r := tr.client.Do(ctx, wire.Request{Method: http.MethodGet, Bucket: bucket, Query: url.Values{"versions": {""}}})
		if r.Status == http.StatusNotFound {
			return nil
		}
		if err := cleanupError(r, http.StatusOK); err != nil {
			return fmt.Errorf("listing its versions: %w", err)
		}
		doc := etree.NewDocument()
		if err := doc.ReadFromBytes(r.Body); err != nil || doc.Root() == nil {
			return fmt.Errorf("listing its versions: unreadable ListVersionsResult: %s", wire.FirstBytes(r.Body))
		}
		var entries []*etree.Element
		for _, e := range doc.Root().ChildElements() {
			if e.Tag == "Version" || e.Tag == "DeleteMarker" {
				entries = append(entries, e)
			}
		}
		if len(entries) == 0 {
			return nil
		}
		for _, e := range entries {
			key, id := childText(e, "Key"), childText(e, "VersionId")
			d := tr.client.Do(ctx, wire.Request{Method: http.MethodDelete, Bucket: bucket, Key: key, Query: url.Values{"versionId": {id}}})
			if err := cleanupError(d, http.StatusNoContent, http.StatusOK, http.StatusNotFound); err != nil {
				return fmt.Errorf("deleting version %s of %s: %w", id, key, err)
			}
		}
		// Deleted versions leave the listing, so the next page is the
		// first again.
	}
	return fmt.Errorf("listing its versions: more than 100 pages")
}

// abortAllUploads aborts every multipart upload in a bucket.
func (tr *Tracker) abortAllUploads(ctx context.Context, bucket string) error {
	for page := 0; page < 100; page++ {
		r := tr.client.Do(ctx, wire.Request{Method: http.MethodGet, Bucket: bucket, Query: url.Values{"uploads": {""}}})
		if r.Status == http.StatusNotFound {
			return nil
		}
		if err := cleanupError(r, http.StatusOK); err != nil {
			return fmt.Errorf("listing its multipart uploads: %w", err)
		}
		doc := etree.NewDocument()
		if err := doc.ReadFromBytes(r.Body); err != nil || doc.Root() == nil {
			return fmt.Errorf("listing its multipart uploads: unreadable ListMultipartUploadsResult: %s", wire.FirstBytes(r.Body))
		}
		uploads := doc.Root().SelectElements("Upload")
		if len(uploads) == 0 {
			return nil
		}
		for _, u := range uploads {
			if err := tr.abortUpload(ctx, bucket, childText(u, "Key"), childText(u, "UploadId")); err != nil {
				return err
			}
		}
	}
	return fmt.Errorf("listing its multipart uploads: more than 100 pages")
}

func childText(e *etree.Element, name string) string {
	if c := e.SelectElement(name); c != nil {
		return c.Text()
	}
	return ""
}
