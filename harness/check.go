package harness

import (
	"fmt"
	"reflect"
	"regexp"
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

var checkID = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

func (c Check) validate() error {
	if !checkID.MatchString(c.ID) {
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

var registry = struct {
	sync.Mutex
	byID map[string]Check
}{byID: map[string]Check{}}

// register adds c to the catalog of checks; a malformed check or a reused
// ID is a programming error, reported when the suite is built.
func register(c Check) {
	if err := c.validate(); err != nil {
		panic(err)
	}
	registry.Lock()
	defer registry.Unlock()
	// Registering the same check again (the suite built for a second
	// target) is fine; two different checks sharing an ID is not.
	if prev, dup := registry.byID[c.ID]; dup && !reflect.DeepEqual(prev, c) {
		panic(fmt.Sprintf("check ID %s is used twice", c.ID))
	}
	registry.byID[c.ID] = c
}

// Checks returns every registered check, sorted by ID.
func Checks() []Check {
	registry.Lock()
	defer registry.Unlock()
	out := make([]Check, 0, len(registry.byID))
	for _, c := range registry.byID {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}
