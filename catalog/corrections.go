package catalog

import (
	_ "embed"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
)

// The AWS "List of error codes" table is the catalog's source, and the
// catalog copies it verbatim. Where real AWS responses contradict the table
// on the wire, wire-corrections.csv records what the wire says and why; the
// correction is applied to the entries every expectation is read from, so a
// spec never carries the corrected value as a literal.

//go:embed wire-corrections.csv
var rawCorrections string

// Correction is a documented difference between the AWS table and the wire.
type Correction struct {
	Code string
	// TableStatus is what the AWS table says; WireStatus what AWS sends.
	TableStatus, WireStatus int
	Evidence                string
}

// WireCorrection returns the correction recorded for code, if any.
func WireCorrection(code string) (Correction, bool) {
	_, byCode := embedded()
	c, ok := byCode[code]
	return c, ok
}

var correctionHeader = []string{"code", "http_status", "evidence"}

// ParseCorrections reads wire-corrections.csv. Every row needs a code, a
// status and its evidence: a correction without a source is a guess.
func ParseCorrections(data string) ([]Correction, error) {
	rows, err := csv.NewReader(strings.NewReader(data)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("wire corrections: %w", err)
	}
	if len(rows) == 0 || strings.Join(rows[0], ",") != strings.Join(correctionHeader, ",") {
		return nil, fmt.Errorf("wire corrections: header must be %q", strings.Join(correctionHeader, ","))
	}
	var out []Correction
	seen := map[string]bool{}
	for i, r := range rows[1:] {
		line := i + 2
		c := Correction{Code: r[0], Evidence: strings.TrimSpace(r[2])}
		if c.Code == "" || seen[c.Code] {
			return nil, fmt.Errorf("wire corrections line %d: empty or repeated code %q", line, c.Code)
		}
		seen[c.Code] = true
		if c.WireStatus, err = strconv.Atoi(r[1]); err != nil || c.WireStatus < 100 || c.WireStatus > 599 {
			return nil, fmt.Errorf("wire corrections line %d (%s): http_status %q is not an HTTP status", line, c.Code, r[1])
		}
		if c.Evidence == "" {
			return nil, fmt.Errorf("wire corrections line %d (%s): no evidence", line, c.Code)
		}
		out = append(out, c)
	}
	return out, nil
}

// apply sets each corrected entry's status to the wire status and records
// the table's status and the evidence in its notes.
func (c *Catalog) apply(cs []Correction) error {
	for i, corr := range cs {
		e, ok := c.entries[corr.Code]
		if !ok {
			return fmt.Errorf("wire corrections: %s is not in the catalog", corr.Code)
		}
		if e.HTTPStatus == corr.WireStatus {
			return fmt.Errorf("wire corrections: %s already has status %d; the correction corrects nothing", corr.Code, e.HTTPStatus)
		}
		cs[i].TableStatus = e.HTTPStatus
		e.Notes = strings.TrimSpace(e.Notes + fmt.Sprintf(" Wire correction: the AWS table says %d, the wire %d (%s).", e.HTTPStatus, corr.WireStatus, corr.Evidence))
		e.HTTPStatus = corr.WireStatus
		c.entries[corr.Code] = e
	}
	return nil
}
