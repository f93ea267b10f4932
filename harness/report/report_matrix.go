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
	// RootCauses are the target's largest root causes (matrixRootCauses of
	// them), and MoreRootCauses how many more it has.
	RootCauses     []RootCause
	MoreRootCauses int
}

// matrixRootCauses is how many root causes the matrix shows per target.
const matrixRootCauses = 5

// Ran is how many checks ran on the target to a verdict.
func (c MatrixColumn) Ran() int { return c.Total - c.Skipped - c.Interrupted }

// MatrixFamily is the rows of one family of checks.
type MatrixFamily struct {
	Name string
	// Anchor is the id of the family's table in the HTML page.
	Anchor string
	Rows   []MatrixRow
	// Heat is the family's pass share on each target, for the heat map.
	Heat []HeatCell
}

// HeatCell is one family on one target: how many of its checks that ran
// passed.
type HeatCell struct {
	Passed, Failed, Waived, Skipped int
}

// Ran is how many of the family's checks ran to a verdict on the target.
func (h HeatCell) Ran() int { return h.Passed + h.Failed + h.Waived }

// Share is the pass share in percent, -1 when nothing ran.
func (h HeatCell) Share() int {
	if h.Ran() == 0 {
		return -1
	}
	return 100 * h.Passed / h.Ran()
}

// Hue colours a share from red (0) through yellow to green (120).
func (h HeatCell) Hue() int { return max(h.Share(), 0) * 120 / 100 }

// Square is the share as a coloured square, for Markdown.
func (h HeatCell) Square() string {
	switch s := h.Share(); {
	case s < 0:
		return "⬜"
	case s >= 90:
		return "🟩"
	case s >= 50:
		return "🟨"
	case s >= 20:
		return "🟧"
	default:
		return "🟥"
	}
}

// Text is the cell's share with its counts, e.g. "75% (6/8)".
func (h HeatCell) Text() string {
	if h.Ran() == 0 {
		if h.Skipped > 0 {
			return fmt.Sprintf("– (%d skipped)", h.Skipped)
		}
		return "–"
	}
	return fmt.Sprintf("%d%% (%d/%d)", h.Share(), h.Passed, h.Ran())
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
	heat := map[string][]HeatCell{}
	for col, res := range runs {
		column := MatrixColumn{Target: res.Target, Note: notes[res.Target]}
		// Derived from the checks rather than read from results.json, so
		// that every column groups alike, whichever version wrote it.
		rcs := FindRootCauses(res.Checks)
		column.RootCauses = rcs[:min(matrixRootCauses, len(rcs))]
		column.MoreRootCauses = len(rcs) - len(column.RootCauses)
		for _, c := range res.Checks {
			k := key{strings.TrimSpace(c.Suite + " " + c.Family), c.ID}
			if cells[k] == nil {
				cells[k] = make([]MatrixCell, len(runs))
			}
			if heat[k.family] == nil {
				heat[k.family] = make([]HeatCell, len(runs))
			}
			h := &heat[k.family][col]
			cells[k][col] = matrixCell(c)
			titles[c.ID] = c.Title
			column.Total++
			switch c.Verdict {
			case VerdictPassed:
				column.Passed++
				h.Passed++
			case VerdictFailed:
				h.Failed++
			case VerdictWaived:
				h.Waived++
			case VerdictSkipped:
				column.Skipped++
				h.Skipped++
			case VerdictInterrupted, VerdictNotRun:
				column.Interrupted++
				h.Skipped++
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
		m.Families = append(m.Families, MatrixFamily{Name: name, Anchor: "family-" + strings.ReplaceAll(name, " ", "-"), Rows: rows, Heat: heat[name]})
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
		fmt.Fprintf(w, "- **%s**: %s — passes %d of %d %s (%d skipped)\n", c.Target, c.Note, c.Passed, c.Ran(), plural(c.Ran(), "check", "checks"), c.Skipped)
	}
	fmt.Fprintln(w, "\n## Top root causes\n\nA root cause is a field deviating the same way across checks (a check may show several); the count is of checks.")
	for _, c := range m.Columns {
		if len(c.RootCauses) == 0 {
			continue
		}
		fmt.Fprintf(w, "\n**%s**\n\n", c.Target)
		for _, rc := range c.RootCauses {
			waived := ""
			if rc.Waiver != "" {
				waived = " (waived)"
			}
			expected := ""
			if rc.Expected != "" {
				expected = " — S3: " + mdCell(rc.Expected)
			}
			fmt.Fprintf(w, "- %d × %s%s%s\n", rc.Count, mdCode(rc.Pattern), waived, expected)
		}
		if c.MoreRootCauses > 0 {
			fmt.Fprintf(w, "- … and %d more\n", c.MoreRootCauses)
		}
	}
	heatHeader, heatRule := "| Family |", "|---|"
	for _, c := range m.Columns {
		heatHeader += " " + mdCell(c.Target) + " |"
		heatRule += "---|"
	}
	fmt.Fprintf(w, "\n## Pass share by family\n\n%s\n%s\n", heatHeader, heatRule)
	for _, f := range m.Families {
		line := fmt.Sprintf("| [%s](#%s) |", mdCell(f.Name), strings.ReplaceAll(f.Name, " ", "-"))
		for _, h := range f.Heat {
			line += " " + h.Square() + " " + h.Text() + " |"
		}
		fmt.Fprintln(w, line)
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

var matrixHTML = template.Must(template.New("matrix").Funcs(template.FuncMap{"join": strings.Join, "firstN": func(n int, s []string) []string { return s[:min(n, len(s))] }}).Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{.Title}}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
*{box-sizing:border-box}
body{font:13px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1f2328}
main{max-width:1380px;margin:0 auto;padding:14px 16px 40px}
h1{font-size:21px;margin:0 0 4px} h2{font-size:16px;margin:22px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:3px}
a{color:#0550ae} code{font:12px/1.35 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.servers{display:grid;grid-template-columns:repeat(auto-fill,minmax(420px,1fr));gap:10px}
.server{border:1px solid #d0d7de;border-radius:6px;padding:6px 10px}
.server h3{margin:0;font-size:14px} .server .note{color:#57606a;font-size:12px;margin:0 0 4px}
.server ol{margin:0;padding-left:0;list-style:none} .server li{display:flex;gap:8px;align-items:baseline;margin:1px 0}
.server li b{min-width:2.6em;text-align:right;color:#a40e26;font-variant-numeric:tabular-nums}
.server li.waived b{color:#7d4e00} .server li code{overflow-wrap:anywhere}
table{border-collapse:collapse;width:100%;table-layout:fixed}
th,td{border:1px solid #d0d7de;padding:3px 6px;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:#f6f8fa;position:sticky;top:0;z-index:1}
table.heat td{text-align:center;padding:0} table.heat td a{display:block;padding:4px 2px;color:#1f2328;text-decoration:none}
table.heat td a:hover{outline:2px solid #0550ae} table.heat td.fam{text-align:left;padding:3px 6px}
table.heat td.none{background:#f6f8fa;color:#6e7781}
table.checks{font-size:12px} table.checks col.id{width:24%}
td.passed{background:#dafbe1} td.failed{background:#ffebe9} td.waived{background:#fff8c5} td.skipped,td.absent,td.interrupted,td.not-run{background:#f6f8fa;color:#6e7781}
tr:target td{outline:2px solid #d4a72c}
.legend{color:#57606a}
</style></head><body><main>
<h1>{{.Title}}</h1>
<p class="legend">Generated on {{.Date.UTC.Format "2006-01-02"}}. Per server: its largest root causes (a field deviating the same way across checks, with how many checks show it), then the pass share of each family on each server, then every check. A check's cell is <b>pass</b>, <b>fail</b> with the status and code the server answered and the deviating fields, or <b>skip</b> with the reason.</p>
{{$cols := .Columns}}
<h2 id="root-causes">Top root causes</h2>
<div class="servers">{{range .Columns}}<div class="server"><h3>{{.Target}} — passes {{.Passed}} of {{.Ran}}</h3><p class="note">{{.Note}}{{if and .Note .Skipped}} · {{end}}{{if .Skipped}}{{.Skipped}} skipped{{end}}</p>
<ol>{{range .RootCauses}}<li{{if .Waiver}} class="waived" title="waived: {{.Waiver}}"{{end}}><b>{{.Count}}</b><span><code>{{.Pattern}}</code>{{if .Checks}} <a href="#check-{{index .Checks 0}}" title="e.g. {{join (firstN 3 .Checks) ", "}}">e.g.</a>{{end}}</span></li>{{else}}<li>no deviation</li>{{end}}{{if .MoreRootCauses}}<li><b></b><span>… and {{.MoreRootCauses}} more</span></li>{{end}}</ol></div>
{{end}}</div>
<h2 id="heat-map">Pass share by family</h2>
<table class="heat"><colgroup><col style="width:22%">{{range $cols}}<col>{{end}}</colgroup>
<tr><th>family</th>{{range $cols}}<th>{{.Target}}</th>{{end}}</tr>
{{range .Families}}{{$f := .}}<tr><td class="fam"><a href="#{{.Anchor}}">{{.Name}}</a></td>{{range .Heat}}{{if lt .Share 0}}<td class="none"><a href="#{{$f.Anchor}}">{{.Text}}</a></td>{{else}}<td style="background:hsl({{.Hue}},70%,84%)"><a href="#{{$f.Anchor}}" title="{{.Passed}} passed, {{.Failed}} failed, {{.Waived}} waived, {{.Skipped}} skipped">{{.Text}}</a></td>{{end}}{{end}}</tr>
{{end}}</table>
{{range .Families}}<h2 id="{{.Anchor}}">{{.Name}}</h2>
<table class="checks"><colgroup><col class="id">{{range $cols}}<col>{{end}}</colgroup>
<tr><th>check</th>{{range $cols}}<th>{{.Target}}</th>{{end}}</tr>
{{range .Rows}}<tr id="check-{{.ID}}"><td><code>{{.ID}}</code><br><small>{{.Title}}</small></td>{{range .Cells}}<td class="{{.Verdict}}">{{.Text}}</td>{{end}}</tr>
{{end}}</table>
{{end}}</main></body></html>
`))

// WriteHTML renders the matrix as a self-contained HTML page.
func (m Matrix) WriteHTML(w io.Writer) error { return matrixHTML.Execute(w, m) }
