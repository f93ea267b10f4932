// Command s3errconform checks where an S3-compatible server's error
// behaviour departs from Amazon S3.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"runtime/debug"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/s3errconform/s3errconform/internal/shard"
	"github.com/s3errconform/s3errconform/runner"
)

// version is stamped at build time with -ldflags "-X main.version=...".
var version = ""

// Exit codes.
const (
	exitPassed      = 0
	exitFailed      = 1
	exitUsage       = 2
	exitUnreachable = 3
)

const usage = `s3errconform checks where an S3-compatible server's error behaviour departs
from Amazon S3.

Usage:
  s3errconform run [flags]      run the checks (no --config: against the embedded reference target)
  s3errconform list [flags]     list the checks a run would run (ID, code, operation, title)
  s3errconform explain ID       run one check and print all it sent and received, and its reproduction
  s3errconform catalog          list the S3 error catalog and the checks covering each code
  s3errconform targets check    validate a targets file and probe each target, creating nothing
  s3errconform cleanup [flags]  list buckets earlier runs left behind (only the suite's own); --yes deletes them
  s3errconform matrix FILES...  render a compatibility matrix from runs' results.json files
  s3errconform serve [flags]    start the reference target on its own
  s3errconform version          print the version

Run "s3errconform COMMAND --help" for a command's flags.
Commands taking --config default to $S3ERRCONFORM_CONFIG and --target to
$S3ERRCONFORM_TARGET; without a targets file, run, explain and targets check
use the embedded reference target.

Exit codes: 0 all checks passed (or failed only as the baseline allows),
1 a check failed or none ran, 2 usage or configuration error (credentials
rejected included), 3 target unreachable, 130/143 interrupted by
SIGINT/SIGTERM.
`

func main() {
	os.Exit(realMain(os.Args[1:], os.Stdout, os.Stderr))
}

func realMain(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	switch args[0] {
	case "run":
		return runCommand(args[1:], stdout, stderr)
	case shard.Command:
		return shard.Main(args[1:], stderr, currentVersion())
	case "targets":
		return targetsCommand(args[1:], stdout, stderr)
	case "cleanup":
		return cleanupCommand(args[1:], stdout, stderr)
	case "matrix":
		return matrixCommand(args[1:], stdout, stderr)
	case "list":
		return listCommand(args[1:], stdout, stderr)
	case "catalog":
		return catalogCommand(args[1:], stdout, stderr)
	case "serve":
		return serveCommand(args[1:], stdout, stderr)
	case "explain":
		return explainCommand(args[1:], stdout, stderr)
	case "version":
		fmt.Fprintln(stdout, "s3errconform", currentVersion())
		return exitPassed
	case "-h", "--help", "help":
		fmt.Fprint(stdout, usage)
		return exitPassed
	}
	fmt.Fprintf(stderr, "s3errconform: unknown command %q\n\n%s", args[0], usage)
	return exitUsage
}

func currentVersion() string {
	if version != "" {
		return version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return "devel"
}

// listFlag collects a repeatable flag.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error {
	*l = append(*l, v)
	return nil
}

func newFlagSet(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	// Every command takes it, so that it can be set once for all; only
	// run's progress display has colour to turn off.
	fs.Bool(noColorFlag, false, "no colour in the output (also when $NO_COLOR is set, or the output is no terminal)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: s3errconform %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags maps --help to exit 0 and any other flag error to exit 2.
func parseFlags(fs *flag.FlagSet, args []string) (int, bool) {
	if err := fs.Parse(args); err != nil {
		return flagExit(err), false
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "unexpected argument %q\n", fs.Arg(0))
		return exitUsage, false
	}
	return 0, true
}

// configUsage is the --config flag's help, the same for every command:
// they all default to $S3ERRCONFORM_CONFIG and, without it, to the
// embedded reference target.
const configUsage = "targets file (default $" + runner.EnvConfig + "; none: the embedded reference target)"

func defaultConfig() string { return os.Getenv(runner.EnvConfig) }

func defaultTarget() string { return os.Getenv(runner.EnvTarget) }

const noColorFlag = "no-color"

// noColor reports whether --no-color was given to fs.
func noColor(fs *flag.FlagSet) bool {
	f := fs.Lookup(noColorFlag)
	return f != nil && f.Value.String() == "true"
}

// flagExit maps a flag parse error: --help is exit 0, anything else 2.
func flagExit(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return exitPassed
	}
	return exitUsage
}

// configFailure reports a configuration error (the file, target and field
// are in its text) with exit code 2.
func configFailure(stderr io.Writer, err error) int {
	fmt.Fprintf(stderr, "s3errconform: %s\n", plainText(err.Error()))
	return exitUsage
}

// ansiEscape matches a terminal escape sequence (colour, bold, ...).
var ansiEscape = regexp.MustCompile(`\x1b\[[0-9;?]*[A-Za-z]`)

// plainText removes terminal escapes from a message made by a library
// that colours its own (Ginkgo's label filter errors): the CLI writes
// messages without colour, to a terminal or not.
func plainText(s string) string { return ansiEscape.ReplaceAllString(s, "") }

// terminalWidth is w's width in columns if it is a terminal, else 0.
func terminalWidth(w io.Writer) int {
	f, ok := w.(*os.File)
	if !ok {
		return 0
	}
	size, err := unix.IoctlGetWinsize(int(f.Fd()), unix.TIOCGWINSZ)
	if err != nil {
		return 0
	}
	return int(size.Col)
}

// colorOn reports whether output to w may be coloured: a terminal, no
// --no-color, no NO_COLOR (https://no-color.org).
func colorOn(noColor bool, w io.Writer) bool {
	return !noColor && os.Getenv("NO_COLOR") == "" && isTerminal(w)
}
