package wire

import (
	"fmt"
	"strings"

	"github.com/beevik/etree"
)

// ErrorBody is a parsed REST error document. Unknown elements, whitespace
// and any element order are tolerated: S3's own order is not fixed
// (REST.md §2).
type ErrorBody struct {
	// Root is the root element's local name; S3 sends "Error".
	Root string
	// Namespace is the root's namespace URI; S3 sends none.
	Namespace string
	Code      string
	Message   string
	// RawMessage is <Message> as sent, surrounding whitespace included
	// (Message and Elements are trimmed): for the messages AWS sends with a
	// trailing space.
	RawMessage string
	Resource   string
	RequestID  string
	HostID     string
	// Elements holds the text of every child of the root, by local name,
	// in document order; the named fields above are in it too.
	Elements map[string][]string
}

// Has reports whether the body has a child element called name.
func (b *ErrorBody) Has(name string) bool { return len(b.Elements[name]) > 0 }

// Element returns the first child element called name, or "".
func (b *ErrorBody) Element(name string) string {
	if v := b.Elements[name]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// parseDocument parses a response body that must be one XML document and
// returns its root, or an error saying plainly what the body is instead.
func ParseDocument(body []byte) (*etree.Element, error) {
	if len(strings.TrimSpace(string(body))) == 0 {
		return nil, fmt.Errorf("body is empty")
	}
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(body); err != nil {
		return nil, fmt.Errorf("body is not XML: %s; first bytes: %s", xmlProblem(body, err), FirstBytes(body))
	}
	root := doc.Root()
	if root == nil {
		return nil, fmt.Errorf("body has no XML root element; first bytes: %s", FirstBytes(body))
	}
	if n := len(doc.ChildElements()); n > 1 {
		return nil, fmt.Errorf("body is not one XML document: %d root elements; first bytes: %s", n, FirstBytes(body))
	}
	return root, nil
}

// ParseErrorBody parses a REST error document.
func ParseErrorBody(body []byte) (*ErrorBody, error) {
	root, err := ParseDocument(body)
	if err != nil {
		return nil, err
	}
	b := &ErrorBody{Root: root.Tag, Namespace: root.NamespaceURI(), Elements: map[string][]string{}}
	for _, child := range root.ChildElements() {
		b.Elements[child.Tag] = append(b.Elements[child.Tag], strings.TrimSpace(child.Text()))
		if child.Tag == "Message" && b.RawMessage == "" {
			b.RawMessage = child.Text()
		}
	}
	b.Code = b.Element("Code")
	b.Message = b.Element("Message")
	b.Resource = b.Element("Resource")
	b.RequestID = b.Element("RequestId")
	b.HostID = b.Element("HostId")
	return b, nil
}

// firstBytes quotes the start of a body for a message about why it could
// not be used. It does not know the run's Secrets, which redact the
// message later: so it cuts only between the values they know, whole.
func FirstBytes(body []byte) string {
	const n = 200
	text := RedactText(string(body))
	if shown := cutClean(text, n); len(shown) < len(text) {
		return fmt.Sprintf("%q...", shown)
	}
	return fmt.Sprintf("%q", text)
}
