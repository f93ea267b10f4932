package report

import (
	"html/template"
	"io"
	"strings"
)

// htmlReport is one self-contained page per run: no external assets, so it
// opens offline from a CI artifact.
var htmlReport = template.Must(template.New("report").Funcs(template.FuncMap{
	"join":    strings.Join,
	"failing": failingLines,
}).Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>s3errconform: {{.Target}}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}
table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}
tr.passed td.v{color:#17692b} tr.failed td.v{color:#b00020;font-weight:bold}
tr.waived td.v{color:#8a6d00} tr.skipped td.v,tr.interrupted td.v,tr.not-run td.v{color:#777}
pre{white-space:pre-wrap;background:#f6f6f6;padding:6px;margin:4px 0;max-height:30em;overflow:auto}
.labels{color:#555;font-size:12px} .filters{margin:1em 0} .filters input{margin-right:1em}
</style></head><body>
<h1>s3errconform against {{.Target}}</h1>
<p>{{.Endpoint}} · profile {{.Profile}} · {{.Tool}} · {{.StartTime.UTC.Format "2006-01-02 15:04:05 UTC"}}<br>
<b>{{.Counts}}</b>{{if .Interrupted}}<br>interrupted: checks stopped while running or never started are not counted as failed{{end}}</p>
{{range .Warnings}}<p>warning: {{.}}</p>{{end}}
{{range .BaselineProblems}}<p><b>baseline:</b> {{.Check}}: {{.Problem}}</p>{{end}}
{{range .AllLeftovers}}<p><b>left behind:</b> {{.}}</p>{{end}}
<div class="filters">
<label>verdict <select id="verdict"><option value="">all</option><option>failed</option><option>waived</option><option>passed</option><option>skipped</option><option>interrupted</option><option value="not-run">not run (interrupted)</option></select></label>
<label>label <input id="label" placeholder="e.g. NoSuchKey"></label>
</div>
<table><thead><tr><th>verdict</th><th>check</th><th>labels</th><th>details</th></tr></thead><tbody>
{{range .Checks}}<tr class="{{.Verdict}}" data-verdict="{{.Verdict}}" data-labels=" {{join .Labels " "}} ">
<td class="v">{{.Verdict}}</td>
<td><code>{{.ID}}</code><br>{{.Title}}<br><small>{{.Source}}</small></td>
<td class="labels">{{join .Labels ", "}}</td>
<td>{{if eq .Verdict "failed"}}{{range failing .}}<div>{{.}}</div>{{end}}<details><summary>exchange</summary><pre>{{.Failure}}</pre></details>
{{else if eq .Verdict "waived"}}waived: {{.Waiver}}{{range failing .}}<div>{{.}}</div>{{end}}
{{else}}{{.Skip}}{{end}}</td></tr>
{{end}}</tbody></table>
<script>
function apply(){var v=document.getElementById('verdict').value,l=document.getElementById('label').value.trim();
document.querySelectorAll('tbody tr').forEach(function(r){
var ok=(!v||r.dataset.verdict===v)&&(!l||r.dataset.labels.indexOf(' '+l+' ')>=0);r.style.display=ok?'':'none';});}
document.getElementById('verdict').onchange=apply;document.getElementById('label').oninput=apply;
</script></body></html>
`))

// WriteHTML writes the run's static HTML report.
func WriteHTML(w io.Writer, res Results) error { return htmlReport.Execute(w, res) }
