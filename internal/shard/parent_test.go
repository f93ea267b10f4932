package shard

import (
	"errors"
	"os/exec"
	"syscall"
	"testing"
)

// TestChildSetNeverMissesASignal: a shard started before an interrupt gets
// it; one that would start after it does not start.
func TestChildSetNeverMissesASignal(t *testing.T) {
	var children childSet
	before := exec.Command("sleep", "60")
	if err := children.start(before); err != nil {
		t.Fatal(err)
	}
	children.signal(syscall.SIGINT)
	err := before.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGINT {
		t.Errorf("the running child ended with %v, want the interrupt", err)
	}
	after := exec.Command("sleep", "60")
	if err := children.start(after); !errors.Is(err, errNotStarted) {
		t.Errorf("a child starting after the interrupt: %v, want errNotStarted", err)
		if after.Process != nil {
			after.Process.Kill()
			after.Wait()
		}
	}
}
