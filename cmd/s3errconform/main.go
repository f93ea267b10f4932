// Command s3errconform checks where an S3-compatible server's error
// behaviour departs from Amazon S3.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"

	"github.com/s3errconform/s3errconform/internal/runner"
	"github.com/s3errconform/s3errconform/reftarget"
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
  s3errconform list [flags]     list every check (ID, labels, code, operation, source)
  s3errconform catalog          list the S3 error catalog and the checks covering each code
  s3errconform targets check    validate a targets file and probe each target, creating nothing
  s3errconform cleanup [flags]  list buckets earlier runs left behind (only the suite's own); --yes deletes them
  s3errconform matrix FILES...  render a compatibility matrix from runs' results.json files
  s3errconform serve [flags]    start the reference target on its own
  s3errconform version          print the version

Run "s3errconform COMMAND --help" for a command's flags.
Exit codes: 0 all checks passed, 1 a check failed, 2 usage or configuration
error, 3 target unreachable.
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
	case "shard":
		return shardCommand(args[1:], stderr)
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
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: s3errconform %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags maps --help to exit 0 and any other flag error to exit 2.
func parseFlags(fs *flag.FlagSet, args []string) (int, bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitPassed, false
		}
		return exitUsage, false
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "unexpected argument %q\n", fs.Arg(0))
		return exitUsage, false
	}
	return 0, true
}

// configFailure reports a configuration error (the file, target and field
// are in its text) with exit code 2.
func configFailure(stderr io.Writer, err error) int {
	fmt.Fprintf(stderr, "s3errconform: %v\n", err)
	return exitUsage
}

func serveCommand(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("serve", "serve [--addr 127.0.0.1:PORT] [--soap-addr 127.0.0.1:PORT] [--region R] [--deviate NAME,...] [--list-deviations]", stderr)
	addr := fs.String("addr", "127.0.0.1:9300", "listen address (loopback unless you mean it)")
	region := fs.String("region", runner.ReferenceRegion, "the region the target answers for")
	deviate := fs.String("deviate", "", "comma-separated deviations from S3 to turn on (see --list-deviations)")
	list := fs.Bool("list-deviations", false, "list the deviations and exit")
	soapAddr := fs.String("soap-addr", "127.0.0.1:9443", "HTTPS listen address of the SOAP endpoint (empty: no SOAP)")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if *list {
		for _, d := range reftarget.Deviations() {
			fmt.Fprintf(stdout, "%-40s %s\n", d.Name, d.Description)
		}
		return exitPassed
	}
	var deviations []string
	if *deviate != "" {
		deviations = strings.Split(*deviate, ",")
	}
	identity := reftarget.Identity{AccessKey: envOr("S3EC_ACCESS_KEY", "s3ec-reference"), SecretKey: envOr("S3EC_SECRET_KEY", "s3ec-reference-secret")}
	srv, err := reftarget.Start(reftarget.Options{
		Addr: *addr, Region: *region, Identities: []reftarget.Identity{identity}, Deviations: deviations,
		SOAP: *soapAddr != "", SOAPAddr: *soapAddr,
	})
	if err != nil {
		fmt.Fprintf(stderr, "s3errconform serve: %v\n", err)
		return exitUsage
	}
	defer srv.Close()
	fmt.Fprintf(stdout, "reference target listening\n  endpoint:   %s\n  region:     %s\n  access key: %s\n", srv.URL(), *region, identity.AccessKey)
	if os.Getenv("S3EC_SECRET_KEY") == "" {
		fmt.Fprintf(stdout, "  secret key: %s (a fixed test key; set S3EC_SECRET_KEY to choose your own)\n", identity.SecretKey)
	} else {
		fmt.Fprintln(stdout, "  secret key: from $S3EC_SECRET_KEY")
	}
	if *soapAddr != "" {
		// The certificate is generated at start; a targets file trusts it
		// through ca_file.
		caFile := filepath.Join(os.TempDir(), fmt.Sprintf("s3errconform-reference-ca-%d.pem", os.Getpid()))
		if err := os.WriteFile(caFile, srv.CACertPEM(), 0o644); err != nil {
			fmt.Fprintf(stderr, "s3errconform serve: %v\n", err)
			return exitUsage
		}
		defer os.Remove(caFile)
		fmt.Fprintf(stdout, "  soap_url:   %s\n  soap_plain_http_url: %s\n  ca_file:    %s\n", srv.SOAPURL(), srv.SOAPPlainHTTPURL(), caFile)
	}
	if len(deviations) > 0 {
		fmt.Fprintf(stdout, "  deviations: %s\n", strings.Join(deviations, ", "))
	}
	fmt.Fprintln(stdout, "Press Ctrl-C to stop.")
	stopped := make(chan os.Signal, 1)
	signal.Notify(stopped, os.Interrupt, syscall.SIGTERM)
	<-stopped
	return exitPassed
}

func envOr(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}
