// Package catalog holds the S3 error-code catalog that every expectation of
// the suite, and every answer of the reference target, is derived from.
//
// The data is a verbatim copy of ../shared/spec/s3-error-codes.csv, embedded
// so the binary is self-contained. catalog_test.go fails if the copy drifts
// from the shared file.
package catalog

import (
	_ "embed"
	"encoding/csv"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
)

//go:embed s3-error-codes.csv
var rawCSV string

// MessageKind says how sure the catalog is of an error's wire message.
type MessageKind string

// The message kinds of the catalog's message_kind column.
const (
	KindWire             MessageKind = "wire"
	KindS3Tests          MessageKind = "s3-tests"
	KindDocAndMinIO      MessageKind = "doc+minio"
	KindMinIOOnly        MessageKind = "minio-only"
	KindContextDependent MessageKind = "context-dependent"
	KindDocDescription   MessageKind = "doc-description"
)

// FaultClass is the SOAP 1.1 fault class an S3 error code is composed with.
type FaultClass string

// The SOAP fault classes of the catalog's soap_fault_prefix column.
const (
	FaultClient FaultClass = "Client"
	FaultServer FaultClass = "Server"
)

// Entry is one row of the catalog.
type Entry struct {
	Code string
	// HTTPStatus is 0 where the AWS table says N/A.
	HTTPStatus int
	// FaultClass is empty where the AWS table says N/A.
	FaultClass    FaultClass
	Message       string
	MessageSource string
	MessageKind   MessageKind
	Evidence      string
	Notes         string
	// WireCode is the <Code> AWS sends for Code where wire-corrections.csv
	// records another spelling; "" when the wire says Code.
	WireCode string
}

// OnWire is the <Code> AWS sends for the entry: its wire correction's
// spelling, or Code.
func (e Entry) OnWire() string {
	if e.WireCode != "" {
		return e.WireCode
	}
	return e.Code
}

// MessageIsExact reports whether the catalog's message is known well enough
// (seen on the wire, or asserted by ceph/s3-tests against AWS) that a strict
// profile compares it exactly (spec README, decision 1).
func (e Entry) MessageIsExact() bool {
	return e.MessageKind == KindWire || e.MessageKind == KindS3Tests
}

// Source is a one-line citation of where the entry's facts come from.
func (e Entry) Source() string {
	s := "s3-error-codes.csv: " + e.Code + " (message " + string(e.MessageKind)
	if e.Evidence != "" {
		s += "; " + e.Evidence
	}
	return s + ")"
}

// Catalog is the parsed error catalog, indexed by code.
type Catalog struct {
	entries map[string]Entry
	order   []string
}

// embedded is the embedded table with the wire corrections applied, and
// the corrections by code, parsed the first time either is asked for;
// they never change after that. Both files are part of the binary, so an
// error in them is a programming error.
var embedded = sync.OnceValues(func() (*Catalog, map[string]Correction) {
	c := mustParse(rawCSV)
	cs, err := ParseCorrections(rawCorrections)
	if err == nil {
		err = c.apply(cs)
	}
	if err != nil {
		panic(err)
	}
	byCode := map[string]Correction{}
	for _, corr := range cs {
		byCode[corr.Code] = corr
	}
	return c, byCode
})

func defaultCatalog() *Catalog {
	c, _ := embedded()
	return c
}

// Default returns the embedded catalog.
func Default() *Catalog { return defaultCatalog() }

// Lookup returns the entry for code.
func Lookup(code string) (Entry, bool) { return defaultCatalog().Lookup(code) }

// MustLookup returns the entry for code and panics if the catalog has no such
// code: a spec naming an unknown code is a programming error, found at start-up.
func MustLookup(code string) Entry { return defaultCatalog().MustLookup(code) }

// Lookup returns the entry for code.
func (c *Catalog) Lookup(code string) (Entry, bool) {
	e, ok := c.entries[code]
	return e, ok
}

// MustLookup returns the entry for code and panics if there is none.
func (c *Catalog) MustLookup(code string) Entry {
	e, ok := c.entries[code]
	if !ok {
		panic(fmt.Sprintf("catalog: unknown S3 error code %q", code))
	}
	return e
}

// Entries returns every entry, sorted by code.
func (c *Catalog) Entries() []Entry {
	out := make([]Entry, 0, len(c.order))
	for _, code := range c.order {
		out = append(out, c.entries[code])
	}
	return out
}

// Len is the number of codes in the catalog.
func (c *Catalog) Len() int { return len(c.order) }

func mustParse(data string) *Catalog {
	c, err := Parse(data)
	if err != nil {
		panic(err)
	}
	return c
}

var header = []string{"code", "http_status", "soap_fault_prefix", "message", "message_source", "message_kind", "evidence", "notes"}

// Parse reads a catalog in the CSV layout of ../shared/spec/s3-error-codes.csv.
func Parse(data string) (*Catalog, error) {
	rows, err := csv.NewReader(strings.NewReader(data)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("catalog: %w", err)
	}
	if len(rows) == 0 || strings.Join(rows[0], ",") != strings.Join(header, ",") {
		return nil, fmt.Errorf("catalog: header must be %q", strings.Join(header, ","))
	}
	c := &Catalog{entries: map[string]Entry{}}
	for i, r := range rows[1:] {
		line := i + 2
		e := Entry{
			Code:          r[0],
			FaultClass:    FaultClass(r[2]),
			Message:       r[3],
			MessageSource: r[4],
			MessageKind:   MessageKind(r[5]),
			Evidence:      r[6],
			Notes:         r[7],
		}
		if e.Code == "" {
			return nil, fmt.Errorf("catalog line %d: empty code", line)
		}
		if r[1] != "" {
			if e.HTTPStatus, err = strconv.Atoi(r[1]); err != nil {
				return nil, fmt.Errorf("catalog line %d (%s): http_status %q is not a number", line, e.Code, r[1])
			}
		}
		switch e.FaultClass {
		case "", FaultClient, FaultServer:
		default:
			return nil, fmt.Errorf("catalog line %d (%s): soap_fault_prefix %q must be Client, Server or empty", line, e.Code, r[2])
		}
		if _, dup := c.entries[e.Code]; dup {
			return nil, fmt.Errorf("catalog line %d: duplicate code %s", line, e.Code)
		}
		c.entries[e.Code] = e
		c.order = append(c.order, e.Code)
	}
	sort.Strings(c.order)
	return c, nil
}
