package reftarget

import (
	"fmt"
	"slices"
	"strings"
	"sync"
)

// Deviation is a named, deliberate departure from Amazon S3's behaviour. The
// suite's own tests switch one on to prove that the checks watching that
// behaviour fail, and only those.
//
// A deviation is one row of a table in deviations_*.go (its name const,
// description and the checks it fails) and one switch in the reference
// target, d.has(devName), where the behaviour is decided:
// error-shape deviations in reshape, header deviations in writeError,
// fault shapes in soapFault, the others in the store, authentication or
// the operation they change.
type Deviation struct {
	Name, Description string
	// Fails selects the checks that fail with the deviation on; every
	// other check passes.
	Fails Selector
}

// Selector names checks of the suites by their labels and IDs. The
// reference target knows no checks: the suite's own tests resolve a
// Selector against the registered ones, so a new check of a selected kind
// (a NoSuchKey check, a HEAD error) is covered without editing the table.
type Selector struct {
	// Labels is a Ginkgo label-filter expression over each check's labels:
	// its suite (rest or soap), its operation, the error code it expects
	// and its capabilities, e.g. "NoSuchKey && !HeadObject".
	Labels string
	// Also are checks, by ID, that no label tells apart from checks the
	// deviation leaves passing.
	Also []string
	// Except are checks, by ID, that Labels selects but that pass anyway.
	Except []string
	// Nothing marks a valid variant of S3's behaviour: every check must
	// accept it.
	Nothing bool
}

func fails(labels string) Selector    { return Selector{Labels: labels} }
func failsIDs(ids ...string) Selector { return Selector{Also: ids} }
func failsNothing() Selector          { return Selector{Nothing: true} }

func (s Selector) also(ids ...string) Selector {
	s.Also = append(slices.Clip(s.Also), ids...)
	return s
}

func (s Selector) except(ids ...string) Selector {
	s.Except = append(slices.Clip(s.Except), ids...)
	return s
}

// Deviations returns the named deviations a Server can be started with,
// sorted by name.
func Deviations() []Deviation {
	out := slices.Concat(restDeviations(), bucketDeviations(), regionDeviations(), objectDeviations(), operationDeviations(), operationErrorDeviations(), kmsDeviations(), soapDeviations())
	slices.SortFunc(out, func(a, b Deviation) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// deviationSet holds the deviations a server was started with, and, when
// asked to, the names of every switch the server consulted.
type deviationSet struct {
	on        map[string]bool
	consulted *consultLog
}

// consultLog records which deviation switches a server looked at. A
// switch never consulted in a run cannot have changed that run: the
// sensitivity sweep re-runs a check with a deviation on only when the
// check, run with none, reached that deviation's switch.
type consultLog struct {
	mu    sync.Mutex
	names map[string]bool
}

func newDeviationSet(names []string, record bool) (deviationSet, error) {
	var known []string
	for _, d := range Deviations() {
		known = append(known, d.Name)
	}
	set := deviationSet{on: map[string]bool{}}
	if record {
		set.consulted = &consultLog{names: map[string]bool{}}
	}
	for _, name := range names {
		if !slices.Contains(known, name) {
			return deviationSet{}, fmt.Errorf("reftarget: unknown deviation %q (known: %s)", name, strings.Join(known, ", "))
		}
		set.on[name] = true
	}
	return set, nil
}

func (d deviationSet) has(name string) bool {
	if d.consulted != nil {
		d.consulted.mu.Lock()
		d.consulted.names[name] = true
		d.consulted.mu.Unlock()
	}
	return d.on[name]
}

// sorted returns the consulted switches, sorted; nil when not recording.
func (c *consultLog) sorted() []string {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]string, 0, len(c.names))
	for name := range c.names {
		out = append(out, name)
	}
	slices.Sort(out)
	return out
}

// reshape applies the deviations that change an error's code, message,
// status or elements. Every protocol renders errors through it.
func (d deviationSet) reshape(e *s3Error) *s3Error {
	out := *e
	out.details = slices.Clone(e.details)
	switch e.code {
	case "NoSuchKey":
		if d.has(devNoSuchKeyStatus403) {
			out.status = 403
		}
		if d.has(devNoSuchKeyNoKeyElement) {
			out.details = withoutDetail(out.details, "Key")
		}
		if d.has(devNoSuchKeyWrongMessage) {
			out.message = "Object not found"
		}
		if d.has(devNoSuchKeyCodeRenamed) {
			out.code = "NotFound"
		}
	case "NoSuchBucket":
		if d.has(devNoSuchBucketNoBucketName) {
			out.details = withoutDetail(out.details, "BucketName")
		}
	case "BucketNotEmpty":
		if d.has(devBucketNotEmptyStatus400) {
			out.status = 400
		}
	case "AccessDenied":
		if d.has(devAccessDeniedStatus401) {
			out.status = 401
		}
	}
	return &out
}

func withoutDetail(details []detail, name string) []detail {
	return slices.DeleteFunc(details, func(d detail) bool { return d.name == name })
}
