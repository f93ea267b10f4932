package main

import (
	"slices"
	"strings"
	"testing"

	"github.com/s3errconform/s3errconform/reftarget"
)

// TestTableEqualsOldLists is a one-off proof that the table's selectors
// resolve to exactly what the hand-kept lists said.
func TestTableEqualsOldLists(t *testing.T) {
	old := oldExpectedFailures()
	checks := mustRegisteredChecks()
	n := 0
	for _, d := range reftarget.Deviations() {
		got, err := expectedFailures(d, checks)
		if err != nil {
			t.Errorf("%s: %v", d.Name, err)
			continue
		}
		want := slices.Clone(old[d.Name])
		slices.Sort(want)
		want = slices.Compact(want)
		if len(want) != len(old[d.Name]) {
			t.Logf("%s: the old lists named a check twice", d.Name)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s:\n got  %s\n want %s", d.Name, strings.Join(got, " "), strings.Join(want, " "))
		}
		n++
	}
	if n != len(old) {
		t.Errorf("compared %d deviations, the old lists have %d", n, len(old))
	}
	t.Logf("compared %d deviations", n)
}
