package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/s3errconform/s3errconform/harness/report"
)

// matrixCommand renders a compatibility matrix from several runs'
// results.json files.
func matrixCommand(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("matrix", "matrix [--title T] [--note TARGET=TEXT]... [--markdown FILE] [--html FILE] reports/*/results.json", stderr)
	title := fs.String("title", "S3 error conformance matrix", "the matrix's title")
	markdown := fs.String("markdown", "", "write the Markdown matrix here (default: standard output)")
	html := fs.String("html", "", "also write a self-contained HTML page here")
	var notes listFlag
	fs.Var(&notes, "note", "TARGET=TEXT describing a column, e.g. the server version (repeatable)")
	if err := fs.Parse(args); err != nil {
		return flagExit(err)
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "s3errconform matrix: give one or more results.json files")
		return exitUsage
	}
	columnNotes := map[string]string{}
	for _, n := range notes {
		target, text, ok := strings.Cut(n, "=")
		if !ok {
			fmt.Fprintf(stderr, "s3errconform matrix: --note %q: want TARGET=TEXT\n", n)
			return exitUsage
		}
		columnNotes[target] = text
	}
	var runs []report.Results
	for _, path := range fs.Args() {
		res, err := report.ReadResults(path)
		if err != nil {
			fmt.Fprintf(stderr, "s3errconform matrix: %v\n", err)
			return exitUsage
		}
		runs = append(runs, res)
	}
	m := report.BuildMatrix(*title, time.Now(), runs, columnNotes)
	out := stdout
	if *markdown != "" {
		f, err := os.Create(*markdown)
		if err != nil {
			fmt.Fprintf(stderr, "s3errconform matrix: %v\n", err)
			return exitUsage
		}
		defer f.Close()
		out = f
	}
	m.WriteMarkdown(out)
	if *html != "" {
		f, err := os.Create(*html)
		if err != nil {
			fmt.Fprintf(stderr, "s3errconform matrix: %v\n", err)
			return exitUsage
		}
		defer f.Close()
		if err := m.WriteHTML(f); err != nil {
			fmt.Fprintf(stderr, "s3errconform matrix: %v\n", err)
			return exitUsage
		}
	}
	return exitPassed
}
