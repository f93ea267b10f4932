package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/s3errconform/s3errconform/harness/wire"
)

// WriteMarkdown writes a run's failures as Markdown, for a CI page such as
// $GITHUB_STEP_SUMMARY: per failing field, expected against observed, with
// the request id a vendor needs to find the request in their logs, and a
// command reproducing it.
func WriteMarkdown(w io.Writer, res Results) {
	fmt.Fprintf(w, "### s3errconform against %s: %s\n\n", mdCell(res.Target), res.Counts())
	if res.Interrupted {
		fmt.Fprintln(w, "**Interrupted**: the checks stopped while running or never started are not counted as failed.")
	}
	for _, warning := range res.Warnings {
		fmt.Fprintf(w, "- **warning**: %s\n", mdCell(warning))
	}
	if res.Executed() == 0 {
		fmt.Fprintln(w, "**No check ran**: the filters matched nothing or every check was skipped.")
	}
	for _, p := range res.BaselineProblems {
		fmt.Fprintf(w, "- **baseline** `%s`: %s\n", p.Check, mdCell(p.Problem))
	}
	for _, l := range res.AllLeftovers() {
		fmt.Fprintf(w, "- **left behind**: %s\n", mdCell(l.String()))
	}
	writeMarkdownRootCauses(w, res.RootCauses)
	for _, c := range res.Checks {
		for _, note := range c.Notes {
			fmt.Fprintf(w, "- **note** `%s`: %s\n", c.ID, mdCell(note))
		}
	}
	if res.Failed == 0 {
		return
	}
	fmt.Fprintln(w, "\n| Check | Field | Expected | Observed | Request id |")
	fmt.Fprintln(w, "|---|---|---|---|---|")
	var repros []string
	for _, c := range res.Checks {
		if c.Verdict != VerdictFailed {
			continue
		}
		rows := 0
		for _, j := range c.Responses {
			for _, v := range j.Verdicts {
				if v.Pass {
					continue
				}
				observed := v.Observed
				if v.Note != "" {
					observed += " (" + v.Note + ")"
				}
				fmt.Fprintf(w, "| `%s` | %s | %s | %s | %s |\n", c.ID, mdCell(v.Field), mdCell(v.Expected), mdCell(observed), mdCode(j.RequestID))
				rows++
			}
			if j.Repro != "" {
				repros = append(repros, fmt.Sprintf("# %s\n%s", c.ID, j.Repro))
			}
		}
		if rows == 0 {
			fmt.Fprintf(w, "| `%s` | check | | %s | |\n", c.ID, mdCell(strings.SplitN(c.Failure, "\n", 2)[0]))
		}
	}
	if len(repros) > 0 {
		fmt.Fprintf(w, "\n<details><summary>Reproduce (keys in $%s / $%s)</summary>\n\n```sh\n%s\n```\n</details>\n",
			wire.ReproAccessKeyVar, wire.ReproSecretKeyVar, strings.Join(repros, "\n"))
	}
}

// writeMarkdownRootCauses lists the run's root causes, largest first,
// before the per-check detail.
func writeMarkdownRootCauses(w io.Writer, rcs []RootCause) {
	if len(rcs) == 0 {
		return
	}
	fmt.Fprintln(w, "\n#### Root causes, largest first (a check may show several)")
	fmt.Fprintln(w, "\n| Checks | Root cause | S3 answers | Checks showing it |")
	fmt.Fprintln(w, "|---:|---|---|---|")
	for _, rc := range rcs {
		count := fmt.Sprint(rc.Count)
		if rc.Waiver != "" {
			count += " (waived: " + mdCell(rc.Waiver) + ")"
		} else if rc.Failing < rc.Count {
			count += fmt.Sprintf(" (%d failing)", rc.Failing)
		}
		shown := rc.Checks[:min(3, len(rc.Checks))]
		ids := make([]string, len(shown))
		for i, id := range shown {
			ids[i] = mdCode(id)
		}
		list := strings.Join(ids, ", ")
		if len(rc.Checks) > len(shown) {
			list += fmt.Sprintf(" and %d more", len(rc.Checks)-len(shown))
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s |\n", count, mdCode(rc.Pattern), mdCell(rc.Expected), list)
	}
}

// mdCell makes s one table cell of text: pipes escaped, one line, and
// HTML's special characters as entities, so that an observed "<Error>"
// reads as text instead of vanishing into GitHub's HTML.
func mdCell(s string) string {
	s = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "|", `\|`, "\r", " ", "\n", " ").Replace(s)
	return s
}

// mdCode makes s a code span in a table cell: its text shown as is.
func mdCode(s string) string {
	if s == "" {
		return ""
	}
	s = strings.NewReplacer("`", "'", "|", `\|`, "\r", " ", "\n", " ").Replace(s)
	return "`" + s + "`"
}
