package shard

import (
	"io"
	"reflect"
	"testing"
)

// TestRequestRoundTrip: what the parent writes on a shard's command line
// is what the child reads, filters included.
func TestRequestRoundTrip(t *testing.T) {
	for _, want := range []request{
		{ids: "a.ids", out: "a.json"},
		{ids: "b.ids", out: "b.json", focus: []string{"NoSuch", "x y"}, skip: []string{"-dash"}, labelFilter: "rest && !HeadObject", verbose: true},
	} {
		args := want.args()
		if args[0] != Command {
			t.Fatalf("args start with %q, want the subcommand %q", args[0], Command)
		}
		got, err := parseRequest(args[1:], io.Discard)
		if err != nil {
			t.Fatalf("parsing %q: %v", args, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q read back as %+v, want %+v", args, got, want)
		}
	}
}
