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

// Correction is a documented difference between the AWS table and the wire:
// its HTTP status, the spelling of its <Code>, or its <Message>, each
// optional but at least one given.
type Correction struct {
	Code string
	// TableStatus is what the AWS table says; WireStatus what AWS sends
	// (0: the table's status holds).
	TableStatus, WireStatus int
	// WireCode is the <Code> AWS sends for Code ("": Code itself), e.g. a
	// misspelling the table corrected. Checks keep declaring Code, the
	// catalog's name, so coverage is counted by it; expectations and the
	// reference target read the spelling from here.
	WireCode string
	// TableMessage is the table's text; WireMessage the <Message> AWS
	// sends ("": the table's text holds). A wire message makes the entry's
	// message exact (KindWire), so the strict profile compares it.
	TableMessage, WireMessage string
	Evidence                  string
}

// WireCorrection returns the correction recorded for code, if any.
func WireCorrection(code string) (Correction, bool) {
	_, byCode := embedded()
	c, ok := byCode[code]
	return c, ok
}

var correctionHeader = []string{"code", "http_status", "wire_code", "wire_message", "evidence"}

// ParseCorrections reads wire-corrections.csv. Every row needs a code, at
// least one of a status, a wire code and a wire message, and its evidence:
// a correction without a source is a guess. A wire message is taken
// exactly as quoted, trailing spaces included (AWS sends some).
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
		c := Correction{Code: r[0], WireCode: strings.TrimSpace(r[2]), WireMessage: r[3], Evidence: strings.TrimSpace(r[4])}
		if c.Code == "" || seen[c.Code] {
			return nil, fmt.Errorf("wire corrections line %d: empty or repeated code %q", line, c.Code)
		}
		seen[c.Code] = true
		if r[1] != "" {
			if c.WireStatus, err = strconv.Atoi(r[1]); err != nil || c.WireStatus < 100 || c.WireStatus > 599 {
				return nil, fmt.Errorf("wire corrections line %d (%s): http_status %q is not an HTTP status", line, c.Code, r[1])
			}
		}
		if c.WireStatus == 0 && c.WireCode == "" && c.WireMessage == "" {
			return nil, fmt.Errorf("wire corrections line %d (%s): corrects nothing: give http_status, wire_code or wire_message", line, c.Code)
		}
		if c.WireCode == c.Code {
			return nil, fmt.Errorf("wire corrections line %d (%s): wire_code is the code itself; leave it empty", line, c.Code)
		}
		if c.Evidence == "" {
			return nil, fmt.Errorf("wire corrections line %d (%s): no evidence", line, c.Code)
		}
		out = append(out, c)
	}
	return out, nil
}

// apply sets each corrected entry's status, wire code and message to the
// wire's and records the table's values and the evidence in its notes.
func (c *Catalog) apply(cs []Correction) error {
	for i, corr := range cs {
		e, ok := c.entries[corr.Code]
		if !ok {
			return fmt.Errorf("wire corrections: %s is not in the catalog", corr.Code)
		}
		if corr.WireStatus != 0 {
			if e.HTTPStatus == corr.WireStatus {
				return fmt.Errorf("wire corrections: %s already has status %d; the correction corrects nothing", corr.Code, e.HTTPStatus)
			}
			cs[i].TableStatus = e.HTTPStatus
			e.Notes = strings.TrimSpace(e.Notes + fmt.Sprintf(" Wire correction: the AWS table says %d, the wire %d (%s).", e.HTTPStatus, corr.WireStatus, corr.Evidence))
			e.HTTPStatus = corr.WireStatus
		}
		if corr.WireCode != "" {
			e.WireCode = corr.WireCode
			e.Notes = strings.TrimSpace(e.Notes + fmt.Sprintf(" Wire correction: the AWS table says %s, the wire spells it %s (%s).", e.Code, corr.WireCode, corr.Evidence))
		}
		if corr.WireMessage != "" {
			if e.Message == corr.WireMessage {
				return fmt.Errorf("wire corrections: %s already has message %q; the correction corrects nothing", corr.Code, e.Message)
			}
			cs[i].TableMessage = e.Message
			e.Notes = strings.TrimSpace(e.Notes + fmt.Sprintf(" Wire correction: the AWS table says %q, the wire %q (%s).", e.Message, corr.WireMessage, corr.Evidence))
			e.Message, e.MessageKind, e.MessageSource = corr.WireMessage, KindWire, "wire-correction"
		}
		c.entries[corr.Code] = e
	}
	return nil
}
