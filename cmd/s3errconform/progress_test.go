package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/s3errconform/s3errconform/internal/shard"
)

// fakeClock advances by step on every reading, so elapsed times are known
// without reading the wall clock.
func fakeClock(step time.Duration) func() time.Time {
	t := time.Date(2026, 12, 5, 7, 0, 0, 0, time.UTC)
	return func() time.Time {
		t = t.Add(step)
		return t
	}
}

var progressEvents = []shard.CheckDone{
	{Target: "ref", ID: "rest-a", State: "passed", Seconds: 0.01},
	{Target: "ref", ID: "rest-b", State: "failed", Seconds: 0.02, Reason: "FAIL status: expected 404, observed 403"},
	{Target: "ref", ID: "rest-c", State: "skipped", Reason: `target "ref" declares "versioning" unsupported`},
}

func TestProgressPlainLines(t *testing.T) {
	var out bytes.Buffer
	p := newProgress(&out, false, false, 4, fakeClock(time.Second))
	for _, d := range progressEvents {
		p.CheckDone(d)
	}
	p.finish()
	want := "[1/4] passed  ref rest-a (0.01s)\n" +
		"[2/4] failed  ref rest-b (0.02s): FAIL status: expected 404, observed 403\n" +
		"[3/4] skipped ref rest-c (0.00s): target \"ref\" declares \"versioning\" unsupported\n"
	if out.String() != want {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}
}

func TestProgressTerminal(t *testing.T) {
	for _, color := range []bool{false, true} {
		var out bytes.Buffer
		p := newProgress(&out, true, color, 4, fakeClock(10*time.Second))
		for _, d := range progressEvents {
			p.CheckDone(d)
		}
		p.finish()
		text := out.String()
		// The failure is printed on a line of its own as it happens, in
		// red only when colour is on.
		fail := "FAIL ref rest-b: status: expected 404, observed 403\n"
		if color {
			fail = "\033[31mFAIL\033[0m ref rest-b: status: expected 404, observed 403\n"
		}
		if !strings.Contains(text, "\r\033[K"+fail) {
			t.Errorf("color %v: no failure line %q in %q", color, fail, text)
		}
		if !color && strings.Contains(text, "\033[3") {
			t.Errorf("colour without color: %q", text)
		}
		if !strings.HasSuffix(text, "\r\033[K") {
			t.Errorf("the status line is not cleared at the end: %q", text)
		}
	}
}

func TestStatusLine(t *testing.T) {
	start := time.Date(2026, 12, 5, 7, 0, 0, 0, time.UTC)
	s := progressState{total: 10, passed: 3, failed: 1, skipped: 1, start: start, last: "ref rest-e"}
	got := statusLine(s, start.Add(50*time.Second))
	want := "[5/10] 3 passed, 1 failed, 1 skipped, 50s elapsed, about 50s left · ref rest-e"
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	s.passed, s.other = 7, 1
	if got := statusLine(s, start.Add(time.Minute)); strings.Contains(got, "left") || !strings.Contains(got, "1 interrupted") {
		t.Errorf("a finished run: %q", got)
	}
}

// The status line is cut to the terminal's width: a wrapped line could not
// be redrawn in place.
func TestStatusLineFitsTheTerminal(t *testing.T) {
	var out bytes.Buffer
	p := newProgress(&out, true, false, 4, fakeClock(time.Second))
	p.width = 30
	p.CheckDone(progressEvents[0])
	line := strings.TrimPrefix(out.String(), "\r\033[K")
	if n := len([]rune(line)); n != 29 || !strings.HasPrefix(line, "[1/4] 1 passed") {
		t.Errorf("%d columns: %q", n, line)
	}
}
