package report

import (
	"fmt"
	"html/template"
	"io"
	"sort"
	"strings"
)

// htmlView is what the report page is rendered from: the results and what
// the page derives from them.
type htmlView struct {
	Results
	Families []familyBar
	// Causes maps a check ID to the root causes it belongs to.
	Causes map[string][]causeRef
	// Labels are every label of the run, for the label filter's choices.
	Labels []string
	// LeadCauses are the root causes the page opens on; MoreCauses the
	// rest that are not waived, WaivedCauses those the baseline waives as
	// a whole.
	LeadCauses, MoreCauses, WaivedCauses []indexedCause
}

// indexedCause is a root cause with its place in Results.RootCauses, which
// names its anchor (cause-N) and the filter that shows its checks.
type indexedCause struct {
	Index int
	RootCause
}

// leadCauses is how many root causes the page shows before "more".
const leadCauses = 8

type causeRef struct {
	Index   int
	Pattern string
}

// familyBar is one family's pass bar: the share of each verdict.
type familyBar struct {
	Name                                        string
	Passed, Failed, Waived, Skipped, Total, Ran int
	PassedPct, FailedPct, WaivedPct, SkippedPct string
	PassShare                                   string
}

func newHTMLView(res Results) htmlView {
	v := htmlView{Results: res, Causes: map[string][]causeRef{}}
	for i, rc := range res.RootCauses {
		for _, id := range rc.Checks {
			v.Causes[id] = append(v.Causes[id], causeRef{i, rc.Pattern})
		}
		switch {
		case rc.Waiver != "":
			v.WaivedCauses = append(v.WaivedCauses, indexedCause{i, rc})
		case len(v.LeadCauses) < leadCauses:
			v.LeadCauses = append(v.LeadCauses, indexedCause{i, rc})
		default:
			v.MoreCauses = append(v.MoreCauses, indexedCause{i, rc})
		}
	}
	pct := func(n, total int) string { return fmt.Sprintf("%.2f%%", 100*float64(n)/float64(max(total, 1))) }
	for _, f := range familyCounts(res) {
		skipped := f.skipped + f.interrupted + f.notRun
		total := f.passed + f.failed + f.waived + skipped
		ran := f.passed + f.failed + f.waived
		b := familyBar{Name: f.name, Passed: f.passed, Failed: f.failed, Waived: f.waived, Skipped: skipped, Total: total, Ran: ran,
			PassedPct: pct(f.passed, total), FailedPct: pct(f.failed, total), WaivedPct: pct(f.waived, total), SkippedPct: pct(skipped, total)}
		b.PassShare = "–"
		if ran > 0 {
			b.PassShare = fmt.Sprintf("%d%%", 100*f.passed/ran)
		}
		v.Families = append(v.Families, b)
	}
	seen := map[string]bool{}
	for _, c := range res.Checks {
		for _, l := range c.Labels {
			if !seen[l] {
				seen[l] = true
				v.Labels = append(v.Labels, l)
			}
		}
	}
	sort.Strings(v.Labels)
	return v
}

// exchangeLine is one line of a failure message, classed so the page can
// highlight FAIL verdicts and the request/response separators.
type exchangeLine struct{ Class, Text string }

func exchangeLines(s string) []exchangeLine {
	var out []exchangeLine
	for _, line := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		class := ""
		switch t := strings.TrimSpace(line); {
		case strings.HasPrefix(t, "FAIL "):
			class = "fail"
		case strings.HasPrefix(t, "PASS "):
			class = "pass"
		case strings.HasPrefix(t, "--- "):
			class = "sep"
		}
		out = append(out, exchangeLine{class, line})
	}
	return out
}

// searchText is what free-text search looks in, lower-cased: the ID,
// title, codes, labels, family and failing verdicts.
func searchText(c Result) string {
	parts := []string{c.ID, c.Title, c.Code, c.Operation, c.Suite + " " + c.Family, c.Verdict, strings.Join(c.Labels, " "), c.Skip, c.Waiver}
	if c.Observed != nil {
		parts = append(parts, c.Observed.Status, c.Observed.Code)
	}
	parts = append(parts, failingLines(c)...)
	return strings.ToLower(strings.Join(parts, " "))
}

func causeIndexes(refs []causeRef) string {
	var s []string
	for _, r := range refs {
		s = append(s, fmt.Sprint(r.Index))
	}
	return " " + strings.Join(s, " ") + " "
}

// htmlReport is one self-contained page per run: no external assets, so it
// opens offline from a CI artifact. It opens on the failures, root causes
// first; every check has a stable anchor, its ID.
var htmlReport = template.Must(template.New("report").Funcs(template.FuncMap{
	"join":    strings.Join,
	"lower":   strings.ToLower,
	"failing": failingLines,
	"lines":   exchangeLines,
	"search":  searchText,
	"indexes": causeIndexes,
	"sub":     func(a, b int) int { return a - b },
	"firstN":  func(n int, s []string) []string { return s[:min(n, len(s))] },
	"afterN":  func(n int, s []string) []string { return s[min(n, len(s)):] },
	"plural":  plural,
}).Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>s3errconform: {{.Target}}</title>
<style>
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1f2328;background:#fff}
main{max-width:1360px;margin:0 auto;padding:16px 20px 40px}
h1{font-size:22px;margin:0 0 4px} h2{font-size:17px;margin:22px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
a{color:#0550ae} code{font:12.5px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.meta{color:#57606a;margin:0 0 8px}
.totals span{display:inline-block;padding:2px 9px;border-radius:10px;margin-right:6px;font-weight:600}
.t-passed{background:#dafbe1;color:#116329}.t-failed{background:#ffebe9;color:#a40e26}.t-waived{background:#fff8c5;color:#7d4e00}.t-skipped{background:#eaeef2;color:#57606a}
.notice{background:#fff8c5;border:1px solid #d4a72c;padding:6px 10px;border-radius:6px;margin:6px 0}
.fams{display:grid;grid-template-columns:minmax(180px,260px) 1fr 210px;gap:3px 12px;align-items:center;font-size:13px}
.fams a{text-decoration:none;color:inherit} .fams a:hover{text-decoration:underline}
.bar{display:flex;height:14px;border-radius:3px;overflow:hidden;background:#eaeef2}
.bar i{display:block;height:100%} .bar .p{background:#2da44e}.bar .f{background:#cf222e}.bar .w{background:#d4a72c}.bar .s{background:#afb8c1}
.fams .n{color:#57606a;font-variant-numeric:tabular-nums}
.cause{border:1px solid #d0d7de;border-left:5px solid #cf222e;border-radius:6px;padding:5px 12px;margin:6px 0}
.cause.waived{border-left-color:#d4a72c} .cause.settled{border-left-color:#afb8c1}
.cause h3{margin:0;font-size:15px;font-weight:600;display:flex;gap:12px;align-items:baseline}
.cause h3 code{font-size:14px;font-weight:600}
.cause .count{font-size:17px;color:#a40e26;min-width:2.6em;text-align:right;font-variant-numeric:tabular-nums}
.cause.waived .count,.cause.settled .count{color:#7d4e00}
.cause .sub{color:#57606a;margin:1px 0 0 calc(2.6em + 14px);font-size:13px}
.cause .acts{margin:3px 0 0 calc(2.6em + 14px);display:flex;gap:16px;align-items:flex-start;flex-wrap:wrap;font-size:13px}
.cause .acts details[open]{flex-basis:100%}
.cause .ids{margin:4px 0 0;font-size:12.5px}
.cause .ids a{margin-right:6px;white-space:nowrap}
details.more>summary{margin:8px 0;font-weight:600}
button{font:inherit;font-size:12.5px;padding:2px 9px;border:1px solid #d0d7de;border-radius:6px;background:#f6f8fa;cursor:pointer}
button:hover{background:#eaeef2}
.filters{position:sticky;top:0;background:#fff;z-index:2;padding:8px 0;border-bottom:1px solid #d0d7de;display:flex;gap:14px;flex-wrap:wrap;align-items:center}
.filters input[type=search]{width:320px;padding:4px 8px;font:inherit;border:1px solid #d0d7de;border-radius:6px}
.filters input.lbl{width:220px} .filters select{font:inherit;padding:3px}
#causefilter{display:none;background:#ffebe9;border-radius:6px;padding:2px 8px}
#shown{color:#57606a;margin-left:auto}
table.checks{border-collapse:collapse;width:100%;table-layout:fixed;margin-top:6px}
table.checks th,table.checks td{border-bottom:1px solid #eaeef2;padding:6px 8px;text-align:left;vertical-align:top;word-wrap:break-word;overflow-wrap:anywhere}
table.checks th{background:#f6f8fa;font-size:12.5px}
col.v{width:88px} col.c{width:36%}
td.v{font-weight:600} tr.passed td.v{color:#116329} tr.failed td.v{color:#a40e26} tr.waived td.v{color:#7d4e00}
tr.skipped td.v,tr.interrupted td.v,tr.not-run td.v{color:#6e7781}
tr:target td{background:#fff8c5}
.title{margin:2px 0} .src,.labels{color:#57606a;font-size:12px}
.fl{font:12.5px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:#a40e26;white-space:pre-wrap}
.tags a{display:inline-block;font-size:12px;background:#ffebe9;color:#82071e;border-radius:10px;padding:0 8px;margin:2px 4px 0 0;text-decoration:none}
.note{color:#57606a;font-size:12.5px}
pre.ex{white-space:pre-wrap;overflow-wrap:anywhere;background:#f6f8fa;border:1px solid #eaeef2;padding:8px;margin:6px 0;max-height:34em;overflow:auto;font-size:12px}
pre.ex .fail{background:#ffebe9;color:#a40e26;font-weight:600;display:inline-block;width:100%}
pre.ex .pass{color:#57606a} pre.ex .sep{color:#0550ae;font-weight:600}
summary{cursor:pointer;color:#0550ae}
</style></head><body><main>
<h1>s3errconform against {{.Target}}</h1>
<p class="meta">{{.Endpoint}} · profile {{.Profile}} · {{.Tool}}{{if not .StartTime.IsZero}} · {{.StartTime.UTC.Format "2006-01-02 15:04:05 UTC"}}{{end}}</p>
<p class="totals"><span class="t-passed">{{.Passed}} passed</span><span class="t-failed">{{.Failed}} failed</span><span class="t-waived">{{.Waived}} waived</span><span class="t-skipped">{{.Skipped}} skipped</span>{{if or .InterruptedChecks .NotRun}}<span class="t-skipped">{{if .InterruptedChecks}}{{.InterruptedChecks}} interrupted, {{end}}{{.NotRun}} not run (interrupted)</span>{{end}}</p>
{{if .Interrupted}}<p class="notice">Interrupted: checks stopped while running or never started are not counted as failed.</p>{{end}}
{{if eq .Executed 0}}<p class="notice">No check ran: the filters matched nothing or every check was skipped; that is not a pass.</p>{{end}}
{{range .Warnings}}<p class="notice">warning: {{.}}</p>{{end}}
{{range .BaselineProblems}}<p class="notice"><b>baseline:</b> {{.Check}}: {{.Problem}}</p>{{end}}
{{range .AllLeftovers}}<p class="notice"><b>left behind:</b> {{.}}</p>{{end}}

{{if .RootCauses}}<h2 id="root-causes">Root causes, largest first <small class="note">— a field deviating the same way across checks; a check may show several</small></h2>
{{range .LeadCauses}}{{template "cause" .}}{{end}}
{{with .MoreCauses}}<details class="more"><summary>{{len .}} more root causes</summary>{{range .}}{{template "cause" .}}{{end}}</details>{{end}}
{{with .WaivedCauses}}<details class="more"><summary>{{len .}} root {{plural (len .) "cause" "causes"}} waived by the baseline</summary>{{range .}}{{template "cause" .}}{{end}}</details>{{end}}{{end}}

<h2 id="families">Families</h2>
<div class="fams">{{range .Families}}<a href="#" data-family="{{.Name}}">{{.Name}}</a><div class="bar" title="{{.Passed}} passed, {{.Failed}} failed, {{.Waived}} waived, {{.Skipped}} skipped"><i class="p" style="width:{{.PassedPct}}"></i><i class="f" style="width:{{.FailedPct}}"></i><i class="w" style="width:{{.WaivedPct}}"></i><i class="s" style="width:{{.SkippedPct}}"></i></div><span class="n">{{.PassShare}} · {{.Passed}}/{{.Ran}} passed{{if .Skipped}}, {{.Skipped}} skipped{{end}}</span>
{{end}}</div>

<h2 id="checks">Checks</h2>
<div class="filters">
<input type="search" id="q" placeholder="search: check ID, code, text" aria-label="search">
<label>verdict <select id="verdict"><option value="">all</option><option{{if .Failed}} selected{{end}}>failed</option><option>waived</option><option>passed</option><option>skipped</option><option>interrupted</option><option value="not-run">not run (interrupted)</option></select></label>
<label>labels <input type="search" class="lbl" id="label" list="labels" placeholder="e.g. nosuchkey headobject" aria-label="labels"></label>
<datalist id="labels">{{range .Labels}}<option value="{{.}}">{{end}}</datalist>
<span id="causefilter">root cause: <code id="causename"></code> <button type="button" id="clearcause">×</button></span>
<span id="shown"></span>
</div>
<table class="checks"><colgroup><col class="v"><col class="c"><col></colgroup>
<thead><tr><th>verdict</th><th>check</th><th>details</th></tr></thead><tbody>
{{range .Checks}}<tr id="{{.ID}}" class="{{.Verdict}}" data-verdict="{{.Verdict}}" data-labels=" {{lower (join .Labels " ")}} " data-text="{{search .}}" data-causes="{{indexes (index $.Causes .ID)}}">
<td class="v">{{.Verdict}}</td>
<td><a href="#{{.ID}}"><code>{{.ID}}</code></a><div class="title">{{.Title}}</div><div class="labels">{{join .Labels ", "}}</div><div class="src">{{.Source}}</div></td>
<td>{{if or (eq .Verdict "failed") (eq .Verdict "waived")}}{{if .Waiver}}<div class="note"><b>waived:</b> {{.Waiver}}</div>{{end}}{{range failing .}}<div class="fl">{{.}}</div>{{end}}
{{with index $.Causes .ID}}<div class="tags">{{range .}}<a href="#cause-{{.Index}}" title="root cause">{{.Pattern}}</a>{{end}}</div>{{end}}
{{range .Notes}}<div class="note">note: {{.}}</div>{{end}}
{{if .Failure}}<details><summary>exchange</summary><pre class="ex">{{range lines .Failure}}<span{{if .Class}} class="{{.Class}}"{{end}}>{{.Text}}</span>
{{end}}</pre></details>{{end}}
{{else}}{{.Skip}}{{range .Notes}}<div class="note">note: {{.}}</div>{{end}}{{end}}</td></tr>
{{end}}</tbody></table>
</main>
<script>
(function(){
var q=document.getElementById('q'),verdict=document.getElementById('verdict'),label=document.getElementById('label'),
 shown=document.getElementById('shown'),cf=document.getElementById('causefilter'),cn=document.getElementById('causename'),
 rows=Array.prototype.slice.call(document.querySelectorAll('tbody tr')),cause='';
function apply(){
 var text=q.value.trim().toLowerCase(),v=verdict.value,
  labels=label.value.toLowerCase().split(/[\s,]+/).filter(Boolean),n=0;
 rows.forEach(function(r){
  var ok=(!v||r.dataset.verdict===v)&&(!text||r.dataset.text.indexOf(text)>=0)&&
   labels.every(function(l){return r.dataset.labels.indexOf(' '+l+' ')>=0;})&&
   (!cause||r.dataset.causes.indexOf(' '+cause+' ')>=0);
  r.style.display=ok?'':'none';if(ok)n++;});
 shown.textContent=n+' of '+rows.length+' checks shown';
}
function setCause(i){
 cause=i;cf.style.display=i?'inline':'none';
 if(i){var s=document.getElementById('cause-'+i);cn.textContent=s?s.querySelector('code').textContent:i;}
}
function reveal(){
 var id=decodeURIComponent(location.hash.slice(1)),r=id&&document.getElementById(id);
 if(r&&r.tagName==='SECTION'){var m=r.closest('details');if(m&&!m.open){m.open=true;r.scrollIntoView();}return;}
 if(!r||r.tagName!=='TR')return;
 if(r.style.display==='none'){q.value='';label.value='';verdict.value='';setCause('');apply();}
 var d=r.querySelector('details');if(d)d.open=true;
 r.scrollIntoView({block:'center'});
}
document.querySelectorAll('button[data-cause]').forEach(function(b){b.onclick=function(){
 setCause(String(b.dataset.cause));verdict.value='';apply();document.getElementById('checks').scrollIntoView();};});
document.querySelectorAll('.fams a').forEach(function(a){a.onclick=function(e){
 e.preventDefault();q.value=a.dataset.family.toLowerCase();verdict.value='';apply();document.getElementById('checks').scrollIntoView();};});
document.getElementById('clearcause').onclick=function(){setCause('');apply();};
q.oninput=apply;label.oninput=apply;verdict.onchange=apply;
window.addEventListener('hashchange',reveal);
// report.html?q=nosuchkey&verdict=&labels=headobject: a link to a view.
var params=new URLSearchParams(location.search);
if(params.has('q'))q.value=params.get('q');
if(params.has('verdict'))verdict.value=params.get('verdict');
if(params.has('labels'))label.value=params.get('labels');
apply();reveal();
})();
</script></body></html>
{{define "cause"}}<section class="cause{{if .Waiver}} waived{{else if eq .Failing 0}} settled{{end}}" id="cause-{{.Index}}">
<h3><span class="count">{{.Count}}</span><code>{{.Pattern}}</code></h3>
<p class="sub">{{if .Expected}}S3 answers <code>{{.Expected}}</code>{{end}}{{if .Codes}} · in {{join (firstN 4 .Codes) ", "}}{{if gt (len .Codes) 4}} and {{sub (len .Codes) 4}} more codes{{end}}{{end}}{{if .Waiver}} · <b>waived:</b> {{.Waiver}}{{else if lt .Failing .Count}} · {{.Failing}} failing, {{sub .Count .Failing}} waived by check entries{{end}}</p>
<div class="acts"><button type="button" data-cause="{{.Index}}">show {{plural .Count "this check" (printf "these %d checks" .Count)}}</button>
<details><summary>check IDs</summary><p class="ids">{{range .Checks}}<a href="#{{.}}">{{.}}</a> {{end}}</p></details>
{{with .Example}}<details><summary>example: {{.Check}}</summary><pre class="ex">{{range lines .Exchange}}<span{{if .Class}} class="{{.Class}}"{{end}}>{{.Text}}</span>
{{end}}</pre></details>{{end}}</div>
</section>
{{end}}`))

// WriteHTML writes the run's static HTML report.
func WriteHTML(w io.Writer, res Results) error { return htmlReport.Execute(w, newHTMLView(res)) }
