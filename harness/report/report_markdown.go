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
				fmt.Fprintf(w, "| `%s` | %s | %s | %s | `%s` |\n", c.ID, mdCell(v.Field), mdCell(v.Expected), mdCell(v.Observed), mdCell(j.RequestID))
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

func mdCell(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	return strings.ReplaceAll(s, "\n", " ")
}
