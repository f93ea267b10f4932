package report

import (
	"fmt"
	"html/template"
	"io"
	"sort"
	"strings"
	"time"
)

// Matrix is a compatibility matrix: every check against every target.
type Matrix struct {
	Title string
	Date  time.Time
	// Columns are the targets, in the order given.
	Columns []MatrixColumn
	// Families group the rows.
	Families []MatrixFamily
}

// MatrixColumn is one target of the matrix.
type MatrixColumn struct {
	Target string
	// Note describes the target, e.g. the server's version.
	Note    string
	Passed  int
	Total   int
	Skipped int
	// Interrupted counts the checks an interrupt stopped or kept from
	// running: they did not run to a verdict.
	Interrupted int
}

// Ran is how many checks ran on the target to a verdict.
func (c MatrixColumn) Ran() int { return c.Total - c.Skipped - c.Interrupted }

// MatrixFamily is the rows of one family of checks.
type MatrixFamily struct {
	Name string
	Rows []MatrixRow
}

// MatrixRow is one check across the targets.
type MatrixRow struct {
	ID    string
	Title string
	Cells []MatrixCell
}

// MatrixCell is one check's outcome on one target.
type MatrixCell struct {
	Verdict string
	// Text is "pass", "403 AccessDenied" (what a failure observed), or the
	// skip reason.
	Text string
}

// BuildMatrix lays out results of several targets side by side; notes
// maps a target to its column's note.
func BuildMatrix(title string, date time.Time, runs []Results, notes map[string]string) Matrix {
	m := Matrix{Title: title, Date: date}
	type key struct{ family, id string }
	cells := map[key][]MatrixCell{}
	titles := map[string]string{}
	for col, res := range runs {
		column := MatrixColumn{Target: res.Target, Note: notes[res.Target]}
		for _, c := range res.Checks {
			k := key{strings.TrimSpace(c.Suite + " " + c.Family), c.ID}
			if cells[k] == nil {
				cells[k] = make([]MatrixCell, len(runs))
			}
			cells[k][col] = matrixCell(c)
			titles[c.ID] = c.Title
			column.Total++
			switch c.Verdict {
			case VerdictPassed:
				column.Passed++
			case VerdictSkipped:
				column.Skipped++
			case VerdictInterrupted, VerdictNotRun:
				column.Interrupted++
			}
		}
		m.Columns = append(m.Columns, column)
	}
	byFamily := map[string][]MatrixRow{}
	for k, cs := range cells {
		for i := range cs {
			if cs[i].Verdict == "" {
				cs[i] = MatrixCell{Verdict: "absent", Text: "not run"}
			}
		}
		byFamily[k.family] = append(byFamily[k.family], MatrixRow{ID: k.id, Title: titles[k.id], Cells: cs})
	}
	names := make([]string, 0, len(byFamily))
	for name := range byFamily {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		rows := byFamily[name]
		sort.Slice(rows, func(i, j int) bool { return rows[i].ID < rows[j].ID })
		m.Families = append(m.Families, MatrixFamily{Name: name, Rows: rows})
	}
	return m
}

func matrixCell(c Result) MatrixCell {
	switch c.Verdict {
	case VerdictPassed:
		return MatrixCell{Verdict: c.Verdict, Text: "pass"}
	case VerdictSkipped:
		return MatrixCell{Verdict: c.Verdict, Text: "skip: " + c.Skip}
	case VerdictInterrupted, VerdictNotRun:
		return MatrixCell{Verdict: c.Verdict, Text: strings.SplitN(c.Skip, ":", 2)[0]}
	}
	text := "fail"
	if c.Observed != nil {
		text = strings.TrimSpace(fmt.Sprintf("fail: %s %s", c.Observed.Status, c.Observed.Code))
		if c.Observed.Status == "0" {
			text = "fail: no response"
		}
	}
	// Which fields differ: a server that answers the right status and code
	// but drops a header should not read like a wrong answer.
	if fields := failingFields(c); len(fields) > 0 {
		for i, f := range fields {
			fields[i] = strings.TrimPrefix(strings.TrimPrefix(f, "header "), "element ")
		}
		if len(fields) > 3 {
			fields = append(fields[:3], "…")
		}
		text += " (" + strings.Join(fields, ", ") + ")"
	}
	if c.Verdict == VerdictWaived {
		text = "waived " + strings.TrimPrefix(text, "fail")
	}
	return MatrixCell{Verdict: c.Verdict, Text: text}
}

// WriteMarkdown renders the matrix as Markdown.
func (m Matrix) WriteMarkdown(w io.Writer) {
	fmt.Fprintf(w, "# %s\n\n", m.Title)
	fmt.Fprintf(w, "Generated on %s. A cell is `pass`, `fail:` with the status and code the server answered, or `skip:` with the reason.\n\n", m.Date.UTC().Format("2006-01-02"))
	for _, c := range m.Columns {
		fmt.Fprintf(w, "- **%s**: %s — passes %d of %d checks (%d skipped)\n", c.Target, c.Note, c.Passed, c.Ran(), c.Skipped)
	}
	header := "| Check |"
	rule := "|---|"
	for _, c := range m.Columns {
		header += " " + mdCell(c.Target) + " |"
		rule += "---|"
	}
	for _, f := range m.Families {
		fmt.Fprintf(w, "\n## %s\n\n%s\n%s\n", f.Name, header, rule)
		for _, r := range f.Rows {
			line := fmt.Sprintf("| `%s` |", r.ID)
			for _, cell := range r.Cells {
				line += " " + mdCell(cell.Text) + " |"
			}
			fmt.Fprintln(w, line)
		}
	}
}

var matrixHTML = template.Must(template.New("matrix").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{.Title}}</title>
<style>
body{font:13px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}
table{border-collapse:collapse} th,td{border:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#f3f3f3;position:sticky;top:0}
td.passed{background:#e6f4ea} td.failed{background:#fce8e6} td.waived{background:#fef7e0} td.skipped,td.absent{background:#f1f3f4;color:#666}
h2{margin-top:1.5em} code{font-size:12px}
</style></head><body>
<h1>{{.Title}}</h1>
<p>Generated on {{.Date.UTC.Format "2006-01-02"}}. A cell is <b>pass</b>, <b>fail</b> with the status and code the server answered, or <b>skip</b> with the reason.</p>
<ul>{{range .Columns}}<li><b>{{.Target}}</b>: {{.Note}} — passes {{.Passed}} of {{.Ran}} checks ({{.Skipped}} skipped)</li>{{end}}</ul>
{{$cols := .Columns}}
{{range .Families}}<h2>{{.Name}}</h2>
<table><tr><th>check</th>{{range $cols}}<th>{{.Target}}</th>{{end}}</tr>
{{range .Rows}}<tr><td><code>{{.ID}}</code><br><small>{{.Title}}</small></td>{{range .Cells}}<td class="{{.Verdict}}">{{.Text}}</td>{{end}}</tr>
{{end}}</table>
{{end}}</body></html>
`))

// WriteHTML renders the matrix as a self-contained HTML page.
func (m Matrix) WriteHTML(w io.Writer) error { return matrixHTML.Execute(w, m) }
