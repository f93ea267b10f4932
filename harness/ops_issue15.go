package harness

import "net/http"

// NewMultipartUploadWith starts a multipart upload with CreateMultipartUpload
// headers (e.g. x-amz-checksum-algorithm), aborted when the check ends, and
// returns its ID.
func (t *T) NewMultipartUploadWith(bucket, key string, header http.Header) string {
	t.tracker.Uploading(bucket)
	r := t.Setup(Request{Method: http.MethodPost, Bucket: bucket, Key: key, Query: query("uploads", ""), Header: header}, http.StatusOK)
	id := uploadIDOf(r.Body)
	if id == "" {
		setupFail(r, "CreateMultipartUpload returned no UploadId")
	}
	t.tracker.Upload(bucket, key, id)
	return id
}
