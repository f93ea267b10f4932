package judge

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/beevik/etree"
	"github.com/onsi/gomega/types"

	"github.com/s3errconform/s3errconform/catalog"
	"github.com/s3errconform/s3errconform/harness/check"
	"github.com/s3errconform/s3errconform/harness/wire"
)

// DeleteEntry is what a DeleteObjects result must say about one key: a
// <Deleted> entry when Code is empty, an <Error> entry with Code otherwise.
type DeleteEntry struct {
	Key, VersionID, Code string
}

// Deleted expects key reported deleted.
func Deleted(key string) DeleteEntry { return DeleteEntry{Key: key} }

// DeleteFailed expects key (and versionID, when not empty) reported as an
// <Error> entry with code.
func DeleteFailed(key, versionID, code string) DeleteEntry {
	return DeleteEntry{Key: key, VersionID: versionID, Code: code}
}

// HaveDeleteResult succeeds on the 200 DeleteResult of a DeleteObjects
// request that reports each entry: S3 answers the request as a whole with
// 200 and puts each key's error in the body (S3 API reference
// DeleteObjects; LocalStack's recorded AWS answers). An <Error> entry
// carries Code, Key, VersionId when one was asked for, and the catalog's
// Message (compared as HaveS3Error compares messages).
func HaveDeleteResult(entries ...DeleteEntry) types.GomegaMatcher {
	m := &responseMatcher{title: "a 200 DeleteResult"}
	for _, e := range entries {
		if e.Code != "" {
			// The code the check is about, for its record.
			m.code = e.Code
			m.title = "a 200 DeleteResult with a per-key " + e.Code
			break
		}
	}
	m.judge = func(r *wire.Response) []check.Verdict {
		vs := append(successVerdicts(r, http.StatusOK), documentVerdict(r, "DeleteResult"))
		doc := etree.NewDocument()
		if doc.ReadFromBytes(r.Body) != nil || doc.Root() == nil {
			return vs
		}
		for _, want := range entries {
			vs = append(vs, deleteEntryVerdicts(r.Profile, doc.Root(), want)...)
		}
		return vs
	}
	return m
}

// deleteEntryVerdicts judges the result's entry for want's key.
func deleteEntryVerdicts(profile string, root *etree.Element, want DeleteEntry) []check.Verdict {
	field := "entry " + want.Key
	var found *etree.Element
	for _, e := range root.ChildElements() {
		if (e.Tag == "Deleted" || e.Tag == "Error") && childText(e, "Key") == want.Key {
			found = e
			break
		}
	}
	kind := "Deleted"
	if want.Code != "" {
		kind = "Error"
	}
	v := check.Verdict{Field: field, Expected: "<" + kind + ">", Observed: "absent"}
	if found == nil {
		return []check.Verdict{v}
	}
	v.Observed = describeDeleteEntry(found)
	v.Pass = found.Tag == kind
	if !v.Pass || want.Code == "" {
		return []check.Verdict{v}
	}
	// Field "code": the per-key code is what the check is about, and
	// reports headline it as a body's code.
	code := textVerdict(field, "Code", want.Code, found)
	code.Field, code.Expected = "code", want.Code
	code.Note = "the <Error> entry of key " + want.Key
	vs := []check.Verdict{v, code}
	if want.VersionID != "" {
		vs = append(vs, textVerdict(field, "VersionId", want.VersionID, found))
	}
	body := &wire.ErrorBody{Message: childText(found, "Message"), Elements: map[string][]string{}}
	if found.SelectElement("Message") != nil {
		body.Elements["Message"] = []string{body.Message}
	}
	message := messageVerdict(profile, catalog.MustLookup(want.Code), body)
	message.Note = strings.TrimPrefix(message.Note+"; ", "; ") + "the <Error> entry of key " + want.Key
	return append(vs, message)
}

// textVerdict compares the text of the entry's child element name.
func textVerdict(field, name, want string, entry *etree.Element) check.Verdict {
	v := check.Verdict{Field: field + " " + name, Expected: fmt.Sprintf("%q", want), Observed: "absent"}
	if entry.SelectElement(name) != nil {
		got := childText(entry, name)
		v.Observed, v.Pass = fmt.Sprintf("%q", got), got == want
	}
	return v
}

// describeDeleteEntry renders an entry for a verdict: its tag and children.
func describeDeleteEntry(e *etree.Element) string {
	parts := []string{}
	for _, c := range e.ChildElements() {
		parts = append(parts, fmt.Sprintf("%s=%q", c.Tag, strings.TrimSpace(c.Text())))
	}
	return "<" + e.Tag + "> " + strings.Join(parts, " ")
}

func childText(e *etree.Element, name string) string {
	if c := e.SelectElement(name); c != nil {
		return strings.TrimSpace(c.Text())
	}
	return ""
}
