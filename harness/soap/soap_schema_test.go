package soap

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/beevik/etree"
)

// schemaPath is Amazon's AmazonS3.xsd, kept in testdata with its
// provenance.
const schemaPath = "testdata/AmazonS3.xsd"

// schemaRequests are requests of every operation as the suite builds them,
// one per way a check sends the operation, by name.
func schemaRequests() map[string]SOAPRequest {
	grant := Grant{CanonicalUserID: "a9a7b886d6fde241bf9b1c61be666e9", Permission: "FULL_CONTROL"}
	return map[string]SOAPRequest{
		"CreateBucket":                          CreateBucket("quotes"),
		"DeleteBucket":                          DeleteBucket("quotes"),
		"GetObjectAccessControlPolicy":          GetObjectAccessControlPolicy("quotes", "Nelson"),
		"GetBucketAccessControlPolicy":          GetBucketAccessControlPolicy("quotes"),
		"SetObjectAccessControlPolicy":          SetObjectAccessControlPolicy("quotes", "Nelson", grant),
		"SetObjectAccessControlPolicy no grant": SetObjectAccessControlPolicy("quotes", "Nelson"),
		"SetBucketAccessControlPolicy":          SetBucketAccessControlPolicy("quotes", grant, grant),
		"GetObject":                             GetObject("quotes", "Nelson"),
		"GetObjectExtended":                     GetObjectExtended("quotes", "Nelson", nil),
		"GetObjectExtended range if-match":      GetObjectExtended("quotes", "Nelson", &ByteRange{Start: 10, End: 20}, `"a"`, `"b"`),
		"PutObject":                             PutObject("quotes", "Nelson", []byte("data")),
		"PutObjectInline":                       PutObjectInline("quotes", "Nelson", []byte("data")),
		"DeleteObject":                          DeleteObject("quotes", "Nelson"),
		"ListBucket":                            ListBucket("quotes"),
		"ListAllMyBuckets":                      ListAllMyBuckets(),
		"GetBucketLoggingStatus":                GetBucketLoggingStatus("quotes"),
		"SetBucketLoggingStatus":                SetBucketLoggingStatus("quotes"),
		"CopyObject":                            CopyObject("quotes", "Nelson", "other", "Muntz"),
		"CopyObject if-match":                   CopyObject("quotes", "Nelson", "other", "Muntz", `"a"`),
	}
}

// TestEnvelopesValidateAgainstTheSchema: the operation element of every
// request the suite builds, for all 16 WSDL operations, signed, anonymous
// and without a Signature (the MissingSecurityElement check), validates
// against Amazon's schema with xmllint, so that a real SOAP S3 would judge
// the error a check is about, not a malformed request. A grant of an unknown
// permission (the MalformedACLError check, which is meant not to validate)
// must fail to, which shows the validation is not vacuous. The requests sent
// as raw bodies (malformed XML, no envelope, an unknown operation) are
// invalid on purpose and not built here.
func TestEnvelopesValidateAgainstTheSchema(t *testing.T) {
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		t.Skip("xmllint is not installed (Debian: libxml2-utils), so the request envelopes cannot be validated against AmazonS3.xsd")
	}
	if _, err := os.Stat(schemaPath); err != nil {
		t.Skipf("the schema is not there to validate against: %v", err)
	}
	requests := schemaRequests()
	for _, op := range Operations {
		if _, ok := requests[op]; !ok {
			t.Errorf("no request of WSDL operation %s is validated", op)
		}
	}
	at := time.Date(2009, 1, 1, 12, 0, 0, 0, time.UTC)
	signed := &SOAPSecurity{AccessKey: "AKIAIOSFODNN7EXAMPLE", SecretKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", Time: at}
	unsigned := *signed
	unsigned.Omit = "Signature"
	dir := t.TempDir()
	valid := map[string]string{} // file → what it holds
	write := func(name string, req SOAPRequest, sec *SOAPSecurity) string {
		file := filepath.Join(dir, strings.NewReplacer(" ", "-", "/", "-").Replace(name)+".xml")
		if err := os.WriteFile(file, operationElement(t, BuildSOAPEnvelope(req.Operation, req.Fields, sec)), 0o600); err != nil {
			t.Fatal(err)
		}
		return file
	}
	for name, req := range requests {
		valid[write(name+" signed", req, signed)] = name + ", signed"
		valid[write(name+" anonymous", req, nil)] = name + ", anonymous"
		valid[write(name+" without Signature", req, &unsigned)] = name + ", without Signature"
	}
	invalid := write("malformed grant", SetBucketAccessControlPolicy("quotes", Grant{CanonicalUserID: "a9a7", Permission: "FULL_CONTROLL"}), signed)
	files := append(slices.Sorted(func(yield func(string) bool) {
		for f := range valid {
			if !yield(f) {
				return
			}
		}
	}), invalid)
	out, _ := exec.Command(xmllint, append([]string{"--noout", "--schema", schemaPath}, files...)...).CombinedOutput()
	for _, f := range files {
		validates := strings.Contains(string(out), f+" validates")
		switch {
		case f == invalid && validates:
			t.Errorf("a grant of permission FULL_CONTROLL validates; the schema check proves nothing\n%s", out)
		case f != invalid && !validates:
			body, _ := os.ReadFile(f)
			t.Errorf("%s does not validate against AmazonS3.xsd:\n%s\n%s", valid[f], errorsFor(string(out), f), body)
		}
	}
}

// operationElement returns the operation element of a SOAP envelope as a
// document of its own: AmazonS3.xsd declares the operations, not the SOAP
// envelope around them.
func operationElement(t *testing.T, envelope []byte) []byte {
	t.Helper()
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(envelope); err != nil {
		t.Fatalf("envelope is not XML: %v\n%s", err, envelope)
	}
	op := doc.FindElement("/Envelope/Body/*")
	if op == nil {
		t.Fatalf("no operation element in the Body:\n%s", envelope)
	}
	out := etree.NewDocument()
	out.SetRoot(op.Copy())
	b, err := out.WriteToBytes()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// errorsFor picks xmllint's lines about file.
func errorsFor(out, file string) string {
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, file) {
			lines = append(lines, l)
		}
	}
	return fmt.Sprint(strings.Join(lines, "\n"))
}
