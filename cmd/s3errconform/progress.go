package main

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/s3errconform/s3errconform/internal/shard"
)

// progress renders a run's checks as they finish. On a terminal it keeps
// one status line (counts, elapsed time, an estimate of what is left, the
// last check) and prints each failure above it as it happens; otherwise it
// prints one plain line per check.
type progress struct {
	out      io.Writer
	terminal bool
	color    bool
	now      func() time.Time
	// width is the terminal's, in columns: the status line is cut to fit,
	// since a line that wraps cannot be redrawn in place.
	width int
	// onFailure, when set, is called with each failed check (--fail-fast).
	onFailure func(shard.CheckDone)

	mu    sync.Mutex
	state progressState
	// drawn is set while a status line is on screen.
	drawn bool
}

// progressState is what the status line shows.
type progressState struct {
	total, passed, failed, skipped, other int
	start                                 time.Time
	last                                  string
}

func (s progressState) done() int { return s.passed + s.failed + s.skipped + s.other }

func newProgress(out io.Writer, terminal, color bool, total int, now func() time.Time) *progress {
	return &progress{out: out, terminal: terminal, color: color, now: now, state: progressState{total: total, start: now()}}
}

// CheckDone is shard.Progress's.
func (p *progress) CheckDone(d shard.CheckDone) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch d.State {
	case "passed":
		p.state.passed++
	case "failed", "panicked", "timedout", "aborted":
		p.state.failed++
	case "skipped", "pending":
		p.state.skipped++
	default:
		p.state.other++
	}
	p.state.last = d.Target + " " + d.ID
	if p.onFailure != nil && isFailure(d.State) {
		p.onFailure(d)
	}
	if !p.terminal {
		fmt.Fprintln(p.out, plainProgressLine(p.state, d))
		return
	}
	p.clear()
	if isFailure(d.State) {
		fmt.Fprintln(p.out, failureLine(d, p.color))
	}
	fmt.Fprint(p.out, fitLine(statusLine(p.state, p.now()), p.width))
	p.drawn = true
}

// finish removes the status line, before the summary is printed.
func (p *progress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clear()
}

func (p *progress) clear() {
	if p.drawn {
		fmt.Fprint(p.out, "\r\033[K")
		p.drawn = false
	}
}

func isFailure(state string) bool {
	switch state {
	case "failed", "panicked", "timedout", "aborted":
		return true
	}
	return false
}

// plainProgressLine is one finished check for a log: its number, state,
// target, ID, duration and, for a failure or skip, why.
func plainProgressLine(s progressState, d shard.CheckDone) string {
	line := fmt.Sprintf("[%d/%d] %-7s %s %s (%.2fs)", s.done(), s.total, d.State, d.Target, d.ID, d.Seconds)
	if d.Reason != "" && d.State != "passed" {
		line += ": " + d.Reason
	}
	return line
}

// failureLine is a failed check as it happens, on a terminal.
func failureLine(d shard.CheckDone, color bool) string {
	mark := "FAIL"
	if color {
		mark = "\033[31mFAIL\033[0m"
	}
	line := fmt.Sprintf("%s %s %s", mark, d.Target, d.ID)
	if d.Reason != "" {
		line += ": " + strings.TrimPrefix(d.Reason, "FAIL ")
	}
	return line
}

// statusLine is the terminal's status line at now: counts, elapsed time,
// an estimate of the time left from the pace so far, the last check.
func statusLine(s progressState, now time.Time) string {
	elapsed := now.Sub(s.start)
	line := fmt.Sprintf("[%d/%d] %d passed, %d failed, %d skipped", s.done(), s.total, s.passed, s.failed, s.skipped)
	if s.other > 0 {
		line += fmt.Sprintf(", %d interrupted", s.other)
	}
	line += ", " + roundDuration(elapsed) + " elapsed"
	if done := s.done(); done > 0 && done < s.total {
		left := time.Duration(float64(elapsed) / float64(done) * float64(s.total-done))
		line += ", about " + roundDuration(left) + " left"
	}
	if s.last != "" {
		line += " · " + s.last
	}
	return line
}

// fitLine cuts line to less than width columns (runes); width 0 leaves it.
func fitLine(line string, width int) string {
	runes := []rune(line)
	if width <= 0 || len(runes) < width {
		return line
	}
	return string(runes[:width-1])
}

// roundDuration shows a duration to the second ("0s", "1m5s").
func roundDuration(d time.Duration) string { return d.Round(time.Second).String() }
