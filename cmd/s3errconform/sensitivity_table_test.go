package main

import (
	"testing"

	"fmt"
	"slices"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/s3errconform/s3errconform/harness/check"
	"github.com/s3errconform/s3errconform/reftarget"
)

// expectedFailures resolves a deviation's row against the registered
// checks: the IDs of the checks that must fail with it on, sorted. A row
// whose labels select no check, whose IDs name no check or add nothing,
// or that selects nothing without saying it is a valid variant is stale,
// and an error.
func expectedFailures(d reftarget.Deviation, checks []check.Check) ([]string, error) {
	s := d.Fails
	known := map[string]bool{}
	for _, c := range checks {
		known[c.ID] = true
	}
	selected := map[string]bool{}
	if s.Labels != "" {
		match, err := types.ParseLabelFilter(s.Labels)
		if err != nil {
			return nil, fmt.Errorf("labels %q: %w", s.Labels, err)
		}
		for _, c := range checks {
			if match(c.Labels()) {
				selected[c.ID] = true
			}
		}
		if len(selected) == 0 {
			return nil, fmt.Errorf("labels %q select no check", s.Labels)
		}
	}
	for _, id := range s.Also {
		switch {
		case !known[id]:
			return nil, fmt.Errorf("also %s: no such check", id)
		case selected[id]:
			return nil, fmt.Errorf("also %s: the labels select it already", id)
		}
		selected[id] = true
	}
	for _, id := range s.Except {
		switch {
		case !known[id]:
			return nil, fmt.Errorf("except %s: no such check", id)
		case !selected[id]:
			return nil, fmt.Errorf("except %s: the labels do not select it", id)
		}
		delete(selected, id)
	}
	switch {
	case s.Nothing && (s.Labels != "" || len(s.Also) > 0 || len(s.Except) > 0):
		return nil, fmt.Errorf("says it fails nothing and selects checks")
	case !s.Nothing && len(selected) == 0:
		return nil, fmt.Errorf("selects no check; a valid variant says it fails nothing")
	}
	ids := make([]string, 0, len(selected))
	for id := range selected {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids, nil
}

// allExpectedFailures is every deviation's resolved row, by name; it
// panics on a stale row, which TestDeviationTable reports one by one.
func allExpectedFailures() map[string][]string {
	checks := mustRegisteredChecks()
	all := map[string][]string{}
	for _, d := range reftarget.Deviations() {
		ids, err := expectedFailures(d, checks)
		if err != nil {
			panic(fmt.Sprintf("deviation %s: %v", d.Name, err))
		}
		all[d.Name] = ids
	}
	return all
}

// TestDeviationTable validates every row of the reference target's
// deviation table without running the suite: its selector parses and names
// checks that exist, and it fails some check unless it is a valid variant.
func TestDeviationTable(t *testing.T) {
	checks := mustRegisteredChecks()
	seen := map[string]bool{}
	for _, d := range reftarget.Deviations() {
		if seen[d.Name] {
			t.Errorf("deviation %s has two rows", d.Name)
		}
		seen[d.Name] = true
		if _, err := expectedFailures(d, checks); err != nil {
			t.Errorf("deviation %s: %v", d.Name, err)
		}
	}
}
