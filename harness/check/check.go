package check

import (
	"fmt"
	"sort"
	"sync"

	"github.com/s3errconform/s3errconform/catalog"
	"github.com/s3errconform/s3errconform/harness/targets"
)

// Suite labels: every check carries exactly one.
const (
	LabelREST = "rest"
	LabelSOAP = "soap"
)

// Check describes one conformance check: what it verifies, where the
// expectation comes from, and how to select it. Its ID is stable across
// releases so baselines and reports can refer to it.
type Check struct {
	ID string `json:"id"`
	// Suite is LabelREST or LabelSOAP.
	Suite string `json:"suite"`
	// Family groups checks in reports, e.g. "object errors".
	Family string `json:"family"`
	// Title is a one-line description that reads like the fact checked.
	Title string `json:"description"`
	// Code is the S3 error code expected; empty when the check expects
	// success (e.g. DELETE of a missing key is 204).
	Code      string `json:"code,omitempty"`
	Operation string `json:"operation"`
	// Capabilities are optional features the check needs; a target that
	// declares one unsupported skips the check.
	Capabilities []string `json:"capabilities,omitempty"`
	// Source names the spec fact the expectation comes from.
	Source string `json:"source"`
	// Serial checks cannot share the target with other checks (they touch
	// account-wide state); a parallel run runs them on their own.
	Serial bool `json:"serial,omitempty"`
}

// Labels are the Ginkgo labels of the check: suite, error code, operation
// and capabilities.
func (c Check) Labels() []string {
	labels := []string{c.Suite, c.Operation}
	if c.Code != "" {
		labels = append(labels, c.Code)
	}
	return append(labels, c.Capabilities...)
}

// SpecText is the check's Ginkgo spec text; the ID in it lets --focus pick
// one check.
func (c Check) SpecText() string {
	return fmt.Sprintf("%s %s: %s [%s]", c.Suite, c.Family, c.Title, c.ID)
}

// isCheckID tells whether id is lowercase words joined by single hyphens
// (checked by hand: every run registers every check, and a regexp was a
// tenth of the sensitivity sweep's time).
func isCheckID(id string) bool {
	for i, r := range id {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
		case r == '-' && i > 0 && i < len(id)-1 && id[i-1] != '-':
		default:
			return false
		}
	}
	return id != ""
}

func (c Check) validate() error {
	if !isCheckID(c.ID) {
		return fmt.Errorf("check ID %q must be lowercase words joined by hyphens", c.ID)
	}
	if c.Suite != LabelREST && c.Suite != LabelSOAP {
		return fmt.Errorf("check %s: suite %q must be %s or %s", c.ID, c.Suite, LabelREST, LabelSOAP)
	}
	if c.Title == "" || c.Operation == "" || c.Source == "" {
		return fmt.Errorf("check %s: title, operation and source are required", c.ID)
	}
	if c.Code != "" {
		if _, ok := catalog.Lookup(c.Code); !ok {
			return fmt.Errorf("check %s: code %q is not in the error catalog", c.ID, c.Code)
		}
	}
	for _, capability := range c.Capabilities {
		if err := targets.ValidateCapability(capability); err != nil {
			return fmt.Errorf("check %s: %w", c.ID, err)
		}
	}
	return nil
}

// Registry is a set of checks in the order they were registered: a run's,
// or a listing's. Its zero value is empty and ready to use.
type Registry struct {
	mu     sync.Mutex
	checks []Check
	byID   map[string]int
}

// Add validates c and adds it; a malformed check or an ID already taken
// is an error, for the suite's author.
func (r *Registry) Add(c Check) error {
	if err := c.validate(); err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, dup := r.byID[c.ID]; dup {
		return fmt.Errorf("check ID %s is used twice", c.ID)
	}
	if r.byID == nil {
		r.byID = map[string]int{}
	}
	r.byID[c.ID] = len(r.checks)
	r.checks = append(r.checks, c)
	return nil
}

// Checks returns the checks in the order they were registered.
func (r *Registry) Checks() []Check {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Check(nil), r.checks...)
}

// Sorted returns the checks sorted by ID.
func (r *Registry) Sorted() []Check {
	out := r.Checks()
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Lookup returns the check with id.
func (r *Registry) Lookup(id string) (Check, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	i, ok := r.byID[id]
	if !ok {
		return Check{}, false
	}
	return r.checks[i], true
}
