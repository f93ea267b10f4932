package reftarget

import (
	"errors"
	"io"
	"net/http"
	"os"
	"time"
)

// defaultStalledBodyTimeout is how long the reference target waits for
// the next byte of a request body before answering 400 RequestTimeout.
// S3 waits about 20 s (an AWS SDK maintainer in aws/aws-sdk-php#885); the
// reference target waits less so that a run does not, and declares what it
// waits in its targets entry.
const defaultStalledBodyTimeout = 2 * time.Second

// idleBody is a request body whose every read must make progress within
// timeout: S3 closes a request whose body goes silent (RequestTimeout),
// however long the whole body takes.
type idleBody struct {
	io.ReadCloser
	rc      *http.ResponseController
	timeout time.Duration
	dev     deviationSet
}

func (b *idleBody) Read(p []byte) (int, error) {
	// A connection that cannot take deadlines (httptest's recorder) is
	// read without one.
	_ = b.rc.SetReadDeadline(time.Now().Add(b.timeout))
	n, err := b.ReadCloser.Read(p)
	if bodyStalled(err) && b.dev.has(devStalledBodyIncomplete) {
		return n, io.ErrUnexpectedEOF
	}
	return n, err
}

// bodyStalled tells a read that failed because the body went silent.
func bodyStalled(err error) bool { return errors.Is(err, os.ErrDeadlineExceeded) }
