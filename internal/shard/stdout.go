package shard

import (
	"io"
	"os"

	"golang.org/x/sys/unix"

	"github.com/s3errconform/s3errconform/harness/wire"
)

// redactStdout passes everything this process writes to its standard
// output through secrets on its way to where it went before: Ginkgo's
// report writes to the file itself, not to a writer we could wrap, and it
// quotes failures that hold what a server echoed. The returned function
// puts the standard output back and waits until all of it is written.
func redactStdout(secrets *wire.Secrets) (restore func(), err error) {
	saved, err := unix.Dup(1)
	if err != nil {
		return nil, err
	}
	original := os.NewFile(uintptr(saved), "stdout")
	r, w, err := os.Pipe()
	if err != nil {
		original.Close()
		return nil, err
	}
	if err := unix.Dup2(int(w.Fd()), 1); err != nil {
		original.Close()
		r.Close()
		w.Close()
		return nil, err
	}
	w.Close() // the pipe's write end is now descriptor 1 alone
	done := make(chan struct{})
	go func() {
		defer close(done)
		out := secrets.Writer(original)
		io.Copy(out, r)
		out.Close()
	}()
	return func() {
		// Descriptor 1 back on the original closes the pipe's write end:
		// the copy reads to its end.
		unix.Dup2(saved, 1)
		<-done
		r.Close()
		original.Close()
	}, nil
}
