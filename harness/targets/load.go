package targets

import (
	"bytes"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// DefaultRegion is the signing region of a target that sets none.
const DefaultRegion = "us-east-1"

// ConfigError is every error Load, Parse and Select return for a bad
// targets file or target choice; the CLI maps it to exit code 2. Its text
// never contains a secret key.
type ConfigError struct {
	File string
	// Line is the 1-based line in File the problem is at; 0 when unknown.
	Line int
	// Target is the target's name, or "#N" (its 1-based position in the
	// list) while the name is missing or invalid. Names cannot contain '#',
	// so the two never clash.
	Target string
	// Field is the field's key; nested fields are dotted, e.g. "tls.ca_file".
	Field   string
	Problem string
}

func (e *ConfigError) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		if e.Line > 0 {
			fmt.Fprintf(&b, ":%d", e.Line)
		}
		b.WriteString(": ")
	}
	if e.Target != "" {
		if strings.HasPrefix(e.Target, "#") {
			fmt.Fprintf(&b, "target %s: ", e.Target)
		} else {
			fmt.Fprintf(&b, "target %q: ", e.Target)
		}
	}
	if e.Field != "" {
		fmt.Fprintf(&b, "field %q: ", e.Field)
	}
	b.WriteString(e.Problem)
	return b.String()
}

// The keys each mapping of a targets file accepts, in the order they are
// listed in messages.
var (
	fileFields        = []string{"targets"}
	targetFields      = []string{"name", "endpoint", "region", "addressing", "access_key_env", "secret_key_env", "access_key", "secret_key", "second_identity", "expired_session", "tls", "soap_url", "soap_delete_missing", "soap_plain_http_url", "unsupported", "profile", "timeout", "stalled_body_timeout", "kms", "other_region", "bucket_limit"}
	identityFields    = []string{"access_key_env", "secret_key_env", "access_key", "secret_key"}
	sessionFields     = append(identityFields[:len(identityFields):len(identityFields)], "session_token_env", "session_token")
	otherRegionFields = []string{"region", "endpoint"}
	tlsFields         = []string{"ca_file", "insecure_skip_verify"}
)

var (
	// Target names become report folder names, hence the narrow alphabet.
	targetNamePattern = regexp.MustCompile(`^[a-z0-9._-]+$`)
	envNamePattern    = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	// conventionalEnvName is the usual form of a variable name, the only
	// form messages quote.
	conventionalEnvName = regexp.MustCompile(`^[A-Z_][A-Z0-9_]*$`)
	yamlErrorPattern    = regexp.MustCompile(`(?s)^yaml: line (\d+): (.*)$`)
)

// Real targets files are a few KB; these bounds refuse a huge or endless
// file (or a list of thousands of targets) at once instead of spending
// minutes and gigabytes on it.
const (
	MaxFileSize = 1 << 20
	MaxTargets  = 256
)

// Load reads a targets file and returns its targets, resolved against the
// process environment.
func Load(path string) ([]*Target, error) {
	return LoadNamed(path, nil, true)
}

// LoadNamed reads a targets file and returns the targets called names, in
// that order; with all, every target; with neither, the file's only one.
// The whole file is checked, but environment variables are resolved only
// for the targets returned: a run against one target needs only that
// target's variables set.
func LoadNamed(path string, names []string, all bool) ([]*Target, error) {
	data, err := readBounded(path)
	if err != nil {
		return nil, &ConfigError{File: path, Problem: "cannot read the targets file: " + err.Error()}
	}
	return ParseNamed(path, data, os.Getenv, names, all)
}

// ParseNamed is LoadNamed on bytes (see Parse).
func ParseNamed(path string, data []byte, getenv func(string) string, names []string, all bool) ([]*Target, error) {
	parsed, err := parse(path, data, getenv, func(name string) bool { return all || slices.Contains(names, name) })
	if err != nil || all {
		return parsed, err
	}
	if len(names) == 0 {
		// The only target, its variables resolved; with several, Select
		// lists them to choose from.
		if _, err := Select(parsed, ""); err != nil {
			return nil, err
		}
		return Parse(path, data, getenv)
	}
	chosen := make([]*Target, 0, len(names))
	for _, name := range names {
		t, err := Select(parsed, name)
		if err != nil {
			return nil, err
		}
		chosen = append(chosen, t)
	}
	return chosen, nil
}

// readBounded reads at most MaxFileSize+1 bytes of path: one byte more than
// allowed tells a file that is too large, whatever stat says (a pipe or
// /dev/zero has no size). Errors leave out the path, which callers name.
func readBounded(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err == nil {
		defer f.Close()
		var data []byte
		if data, err = io.ReadAll(io.LimitReader(f, MaxFileSize+1)); err == nil {
			return data, nil
		}
	}
	var pathErr *fs.PathError
	if errors.As(err, &pathErr) {
		err = pathErr.Err
	}
	return nil, err
}

// Parse is Load on bytes; path is used in messages, and its directory is
// what relative tls.ca_file paths resolve against. getenv supplies ${VAR}
// expansions and *_env keys; an empty result counts as unset.
func Parse(path string, data []byte, getenv func(string) string) ([]*Target, error) {
	return parse(path, data, getenv, func(string) bool { return true })
}

// parse is Parse resolving environment variables only for the targets
// resolve selects (every one when resolve is nil); the others are checked with unset variables allowed, and
// returned without the values that depend on them.
func parse(path string, data []byte, getenv func(string) string, resolve func(name string) bool) ([]*Target, error) {
	l := &loader{file: path, dir: filepath.Dir(path), getenv: getenv, resolve: resolve}
	if len(data) > MaxFileSize {
		return nil, &ConfigError{File: path, Problem: fmt.Sprintf("the targets file is larger than %d bytes (1 MiB); it should hold a top-level targets: list of at most %d targets, a few KB", MaxFileSize, MaxTargets)}
	}
	root, err := l.document(data)
	if err != nil {
		return nil, err
	}
	file := &scope{loader: l}
	top, err := file.section(root, "", fileFields)
	if err != nil {
		return nil, err
	}
	list := top.fields["targets"]
	if list == nil {
		return nil, top.fail("targets", "missing: the file must hold a top-level targets: list")
	}
	if list.Kind != yaml.SequenceNode {
		return nil, top.fail("targets", "must be a list of targets, got %s", describe(list))
	}
	if len(list.Content) == 0 {
		return nil, top.fail("targets", "is empty: define at least one target")
	}
	if len(list.Content) > MaxTargets {
		return nil, top.fail("targets", "has %d targets; at most %d are allowed in one file", len(list.Content), MaxTargets)
	}
	firstLine := make(map[string]int) // target name -> line of its name
	targets := make([]*Target, 0, len(list.Content))
	for i, item := range list.Content {
		t, err := l.target(i, dealias(item), firstLine)
		if err != nil {
			return nil, err
		}
		targets = append(targets, t)
	}
	return targets, nil
}

// Select returns the target called name, or the only target when name is
// empty; otherwise the error lists the names to choose from.
func Select(ts []*Target, name string) (*Target, error) {
	names := make([]string, len(ts))
	for i, t := range ts {
		if t.Name == name || (name == "" && len(ts) == 1) {
			return t, nil
		}
		names[i] = t.Name
	}
	switch {
	case len(ts) == 0:
		return nil, &ConfigError{Target: name, Problem: "no targets are defined"}
	case name == "":
		return nil, &ConfigError{Problem: fmt.Sprintf("%d targets are defined; choose one of: %s", len(ts), strings.Join(names, ", "))}
	default:
		return nil, &ConfigError{Target: name, Problem: "no such target; choose one of: " + strings.Join(names, ", ")}
	}
}

// loader holds what every part of one file's parse needs.
type loader struct {
	file   string
	dir    string
	getenv func(string) string
	// resolve, when set, selects the targets whose environment variables
	// must be set; nil selects every target.
	resolve func(name string) bool
}

// document decodes data into the root node of its single YAML document.
func (l *loader) document(data []byte) (*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &ConfigError{File: l.file, Problem: "the file is empty: it must hold a top-level targets: list"}
		}
		return nil, l.syntaxError(err)
	}
	if len(doc.Content) == 0 {
		return nil, &ConfigError{File: l.file, Problem: "the file is empty: it must hold a top-level targets: list"}
	}
	var next yaml.Node
	if err := dec.Decode(&next); !errors.Is(err, io.EOF) {
		if err != nil {
			return nil, l.syntaxError(err)
		}
		return nil, &ConfigError{File: l.file, Line: next.Line, Problem: "the file must hold a single YAML document, found another"}
	}
	return dealias(doc.Content[0]), nil
}

// syntaxError turns a YAML parser error into a ConfigError, lifting the
// line number out of the message. The parser's messages describe the
// problem without quoting the text, so no secret can leak through them.
func (l *loader) syntaxError(err error) error {
	msg := err.Error()
	if m := yamlErrorPattern.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		return &ConfigError{File: l.file, Line: line, Problem: "invalid YAML: " + m[2]}
	}
	return &ConfigError{File: l.file, Problem: "invalid YAML: " + strings.TrimPrefix(msg, "yaml: ")}
}

// target resolves the index-th entry of the targets list. firstLine maps the
// names seen so far to their lines, to report duplicates.
func (l *loader) target(index int, node *yaml.Node, firstLine map[string]int) (*Target, error) {
	s := &scope{loader: l, target: l.label(index, node)}
	s.lenient = l.resolve != nil && !l.resolve(s.target)
	sec, err := s.section(node, "", targetFields)
	if err != nil {
		return nil, err
	}
	t := &Target{}

	// label already took the name if it was valid; here it is checked for
	// real, with messages for what label silently passed over.
	if t.Name, err = sec.string("name"); err != nil {
		return nil, err
	}
	switch {
	case t.Name == "":
		return nil, sec.fail("name", "missing: every target needs a name")
	case !validTargetName(t.Name):
		return nil, sec.fail("name", "must use only a-z, 0-9, '-', '_' and '.' (it names the report folder), got %q", t.Name)
	}
	if line, dup := firstLine[t.Name]; dup && !sec.deferred("name") {
		return nil, sec.fail("name", "%q is already used by the target at line %d", t.Name, line)
	}
	firstLine[t.Name] = sec.line("name")

	if t.Endpoint, err = sec.endpoint("endpoint"); err != nil {
		return nil, err
	}
	if t.Region, err = sec.stringOr("region", DefaultRegion); err != nil {
		return nil, err
	}
	if t.Addressing, err = sec.oneOf("addressing", AddressingPath, AddressingPath, AddressingVirtual); err != nil {
		return nil, err
	}
	if t.Identity, err = sec.identity(); err != nil {
		return nil, err
	}
	second, err := sec.section("second_identity", identityFields)
	if err != nil {
		return nil, err
	}
	if t.SecondIdentity, err = second.identity(); err != nil {
		return nil, err
	}
	if !t.SecondIdentity.Empty() && t.SecondIdentity.AccessKey == t.Identity.AccessKey {
		field := "access_key_env"
		if second.has("access_key") {
			field = "access_key"
		}
		second.warn(field, "the second identity has the same access key as the first; cross-account checks will not test anything")
	}
	expired, err := sec.section("expired_session", sessionFields)
	if err != nil {
		return nil, err
	}
	if t.ExpiredSession, err = expired.session(); err != nil {
		return nil, err
	}
	tls, err := sec.section("tls", tlsFields)
	if err != nil {
		return nil, err
	}
	if t.TLS, err = tls.tls(); err != nil {
		return nil, err
	}
	if t.SOAPURL, err = sec.soapURL("soap_url"); err != nil {
		return nil, err
	}
	if t.SOAPDeleteMissing, err = sec.oneOf("soap_delete_missing", SOAPDeleteMissingFault, SOAPDeleteMissingFault, SOAPDeleteMissingSuccess); err != nil {
		return nil, err
	}
	if sec.has("soap_delete_missing") && t.SOAPURL == "" {
		sec.warn("soap_delete_missing", "has no effect without soap_url")
	}
	if t.SOAPPlainHTTPURL, err = sec.soapPlainHTTPURL("soap_plain_http_url", t.SOAPURL); err != nil {
		return nil, err
	}
	other, err := sec.section("other_region", otherRegionFields)
	if err != nil {
		return nil, err
	}
	if t.OtherRegion, err = other.otherRegion(t); err != nil {
		return nil, err
	}
	if t.Unsupported, err = sec.capabilities("unsupported"); err != nil {
		return nil, err
	}
	if t.Profile, err = sec.oneOf("profile", ProfileStrict, ProfileStrict, ProfileCompatible); err != nil {
		return nil, err
	}
	if t.Timeout, err = sec.duration("timeout", DefaultTimeout); err != nil {
		return nil, err
	}
	if t.StalledBodyTimeout, err = sec.duration("stalled_body_timeout", DefaultStalledBodyTimeout); err != nil {
		return nil, err
	}
	if t.BucketLimit, err = sec.positiveInt("bucket_limit"); err != nil {
		return nil, err
	}
	kms, err := sec.section("kms", kmsFields)
	if err != nil {
		return nil, err
	}
	if t.KMS, err = kms.kms(t.Region); err != nil {
		return nil, err
	}
	if t.KMS != (KMSKeys{}) && !t.Supports("sse-kms") {
		sec.warn("kms", "has no effect: the target declares sse-kms unsupported")
	}
	t.Warnings = s.warnings
	return t, nil
}

// label names the index-th target in messages: by its name when that is
// usable, so that even a problem found before the name is checked (an
// unknown key, say) points at the right target; else by its position.
func (l *loader) label(index int, node *yaml.Node) string {
	if node.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(node.Content); i += 2 {
			key, value := node.Content[i], dealias(node.Content[i+1])
			if key.Value != "name" || value.Kind != yaml.ScalarNode {
				continue
			}
			name, _, problem := expandEnv(value.Value, l.getenv)
			if problem == "" && validTargetName(name) {
				return name
			}
			break
		}
	}
	return "#" + strconv.Itoa(index+1)
}

// scope is one target being resolved (or the file's top level, with an
// empty target), collecting its warnings.
type scope struct {
	*loader
	target   string
	warnings []string
	// lenient allows unset environment variables: a target the command
	// does not use. The fields that reference one are deferred: their
	// values are left unchecked.
	lenient  bool
	deferred map[string]bool
}

// unresolvedValue stands, in a lenient scope, for an unset variable's value.
const unresolvedValue = "s3errconform-unresolved"

// deferKey marks field as depending on an unset variable.
func (s *scope) deferKey(field string) {
	if s.deferred == nil {
		s.deferred = map[string]bool{}
	}
	s.deferred[field] = true
}

// deferred reports whether key's value depends on an unset variable of a
// lenient scope, so that it cannot be checked.
func (sec *section) deferred(key string) bool { return sec.scope.deferred[sec.prefix+key] }

// section is one YAML mapping of a targets file, its keys checked.
type section struct {
	*scope
	// prefix is prepended to keys to name fields, e.g. "tls.".
	prefix string
	// node is the mapping; nil for an absent optional section.
	node *yaml.Node
	// fields maps each key present to its value; null values are left out,
	// so that "region:" with nothing after it means the default.
	fields map[string]*yaml.Node
}

// section checks that node is a mapping whose keys are all in allowed and
// given once.
func (s *scope) section(node *yaml.Node, prefix string, allowed []string) (*section, error) {
	sec := &section{scope: s, prefix: prefix, node: node, fields: make(map[string]*yaml.Node)}
	if node.Kind != yaml.MappingNode {
		what := "must"
		if prefix == "" && s.target == "" {
			what = "the file must"
		} else if prefix == "" {
			what = "each target must"
		}
		return nil, s.fail(node.Line, strings.TrimSuffix(prefix, "."), "%s be a mapping with the fields %s; got %s", what, strings.Join(allowed, ", "), describe(node))
	}
	keyLine := make(map[string]int)
	for i := 0; i+1 < len(node.Content); i += 2 {
		key, value := node.Content[i], dealias(node.Content[i+1])
		if key.Kind != yaml.ScalarNode || !slices.Contains(allowed, key.Value) {
			return nil, s.fail(key.Line, prefix+key.Value, "unknown field; allowed here: %s", strings.Join(allowed, ", "))
		}
		if line, dup := keyLine[key.Value]; dup {
			return nil, s.fail(key.Line, prefix+key.Value, "given twice (first at line %d)", line)
		}
		keyLine[key.Value] = key.Line
		if value.ShortTag() != "!!null" {
			sec.fields[key.Value] = value
		}
	}
	return sec, nil
}

// section returns the nested mapping under key; an absent key gives an
// empty section, so optional sections need no special case.
func (sec *section) section(key string, allowed []string) (*section, error) {
	node := sec.fields[key]
	if node == nil {
		return &section{scope: sec.scope, prefix: sec.prefix + key + ".", fields: map[string]*yaml.Node{}}, nil
	}
	return sec.scope.section(node, sec.prefix+key+".", allowed)
}

func (s *scope) fail(line int, field, format string, args ...any) error {
	return &ConfigError{File: s.file, Line: line, Target: s.target, Field: field, Problem: fmt.Sprintf(format, args...)}
}

// fail reports a problem with key, at its value's line, or at the section's
// when the key is absent.
func (sec *section) fail(key, format string, args ...any) error {
	return sec.scope.fail(sec.line(key), sec.prefix+key, format, args...)
}

// warn records a warning about key. Warnings live on the target already, so
// they name only the place and the field.
func (sec *section) warn(key, format string, args ...any) {
	w := &ConfigError{File: sec.file, Line: sec.line(key), Field: sec.prefix + key, Problem: fmt.Sprintf(format, args...)}
	sec.warnings = append(sec.warnings, w.Error())
}

func (sec *section) has(key string) bool { return sec.fields[key] != nil }

func (sec *section) line(key string) int {
	if n := sec.fields[key]; n != nil {
		return n.Line
	}
	if sec.node != nil {
		return sec.node.Line
	}
	return 0
}

// string returns key's value with ${VAR} references expanded, or "" when
// the key is absent. Its messages never quote the value, which may be a
// secret.
func (sec *section) string(key string) (string, error) {
	value, _, err := sec.stringWritten(key)
	return value, err
}

// stringWritten is string, also reporting whether any of the value is
// written in the file itself rather than coming from ${VAR} references.
func (sec *section) stringWritten(key string) (value string, written bool, err error) {
	node := sec.fields[key]
	if node == nil {
		return "", false, nil
	}
	if node.Kind != yaml.ScalarNode {
		return "", false, sec.fail(key, "must be a string, got %s", describe(node))
	}
	return sec.expand(key, node.Value)
}

// expand is expandEnv for key, failing with a ConfigError.
func (sec *section) expand(key, raw string) (value string, written bool, err error) {
	getenv := sec.getenv
	if sec.lenient {
		getenv = func(name string) string {
			if v := sec.getenv(name); v != "" {
				return v
			}
			sec.deferKey(sec.prefix + key)
			return unresolvedValue
		}
	}
	value, written, problem := expandEnv(raw, getenv)
	if problem != "" {
		return "", false, sec.fail(key, "%s", problem)
	}
	return value, written, nil
}

// expandEnv replaces each ${NAME} in raw with its environment value; "$${"
// writes a literal "${". Only the braced form is expanded, so a lone '$'
// (common in secrets) is taken as written. written reports whether any of
// the value is text from the file rather than from references. problem
// never quotes raw, which may be a secret.
func expandEnv(raw string, getenv func(string) string) (value string, written bool, problem string) {
	var b strings.Builder
	for {
		start := strings.Index(raw, "${")
		if start < 0 {
			break
		}
		if start > 0 && raw[start-1] == '$' {
			b.WriteString(raw[:start-1] + "${")
			written = true
			raw = raw[start+2:]
			continue
		}
		end := strings.IndexByte(raw[start:], '}')
		if end < 0 || !envNamePattern.MatchString(raw[start+2:start+end]) {
			return "", false, "has a ${ not followed by an environment variable name and }; write $${ for a literal ${"
		}
		name := raw[start+2 : start+end]
		env := getenv(name)
		if env == "" {
			if !shownVariable(name) {
				return "", false, "references ${...}: " + unsetVariable(name)
			}
			return "", false, fmt.Sprintf("references ${%s}, but that environment variable is unset or empty", name)
		}
		b.WriteString(raw[:start])
		b.WriteString(env)
		written = written || start > 0
		raw = raw[start+end+1:]
	}
	b.WriteString(raw)
	return b.String(), written || raw != "", ""
}

// stringOr is string with a default for an absent key. A key given but
// empty is an error: the default is had by leaving the key out.
func (sec *section) stringOr(key, fallback string) (string, error) {
	value, err := sec.string(key)
	if err != nil || !sec.has(key) || sec.deferred(key) {
		return fallback, err
	}
	if value == "" {
		return "", sec.fail(key, "is empty; leave it out for the default %q", fallback)
	}
	return value, nil
}

// oneOf is stringOr restricted to allowed values.
func (sec *section) oneOf(key, fallback string, allowed ...string) (string, error) {
	value, err := sec.stringOr(key, fallback)
	if err != nil {
		return "", err
	}
	if !slices.Contains(allowed, value) {
		return "", sec.fail(key, "must be one of %s, got %s", strings.Join(allowed, ", "), quoted(value))
	}
	return value, nil
}

func (sec *section) bool(key string) (bool, error) {
	node := sec.fields[key]
	if node == nil {
		return false, nil
	}
	if node.Kind == yaml.ScalarNode && node.ShortTag() == "!!bool" {
		var b bool
		if err := node.Decode(&b); err == nil {
			return b, nil
		}
	}
	if node.Kind == yaml.ScalarNode && node.ShortTag() == "!!str" {
		// A quoted or ${VAR} value: accept the same two words.
		value, err := sec.string(key)
		if err != nil || sec.deferred(key) {
			return false, err
		}
		if value == "true" || value == "false" {
			return value == "true", nil
		}
		return false, sec.fail(key, "must be true or false, got %s", quoted(value))
	}
	return false, sec.fail(key, "must be true or false, got %s", describe(node))
}

// positiveInt reads a whole number greater than zero; 0 when absent.
func (sec *section) positiveInt(key string) (int, error) {
	node := sec.fields[key]
	if node == nil {
		return 0, nil
	}
	raw := node.Value
	if node.Kind == yaml.ScalarNode && node.ShortTag() == "!!str" {
		// A quoted or ${VAR} value.
		value, err := sec.string(key)
		if err != nil || sec.deferred(key) {
			return 0, err
		}
		raw = value
	} else if node.Kind != yaml.ScalarNode || node.ShortTag() != "!!int" {
		return 0, sec.fail(key, "must be a whole number greater than zero, got %s", describe(node))
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n <= 0 {
		return 0, sec.fail(key, "must be a whole number greater than zero, got %s", quoted(raw))
	}
	return n, nil
}

func (sec *section) duration(key string, fallback time.Duration) (time.Duration, error) {
	if !sec.has(key) {
		return fallback, nil
	}
	value, err := sec.string(key)
	if err != nil || sec.deferred(key) {
		return fallback, err
	}
	d, err := time.ParseDuration(value)
	if err != nil {
		return 0, sec.fail(key, "must be a Go duration such as 10s or 1m30s, got %s", quoted(value))
	}
	if d <= 0 {
		return 0, sec.fail(key, "must be greater than zero, got %s", quoted(value))
	}
	return d, nil
}

// capabilities reads a list of capability labels, each from the closed list.
func (sec *section) capabilities(key string) ([]string, error) {
	node := sec.fields[key]
	if node == nil {
		return nil, nil
	}
	if node.Kind != yaml.SequenceNode {
		return nil, sec.fail(key, "must be a list of capability labels such as [versioning, sigv2], got %s", describe(node))
	}
	labels := make([]string, 0, len(node.Content))
	for _, item := range node.Content {
		item = dealias(item)
		if item.Kind != yaml.ScalarNode {
			return nil, sec.scope.fail(item.Line, sec.prefix+key, "must be a list of capability labels, got %s in it", describe(item))
		}
		label, _, err := sec.expand(key, item.Value)
		if err != nil {
			return nil, err
		}
		if sec.deferred(key) {
			continue
		}
		if err := ValidateCapability(label); err != nil {
			return nil, sec.scope.fail(item.Line, sec.prefix+key, "%v", err)
		}
		if !slices.Contains(labels, label) {
			labels = append(labels, label)
		}
	}
	return labels, nil
}

// endpoint reads the REST base URL and returns it as scheme://host[:port],
// the form request paths are appended to.
func (sec *section) endpoint(key string) (string, error) {
	raw, err := sec.string(key)
	if err != nil {
		return "", err
	}
	if raw == "" {
		return "", sec.fail(key, "missing: every target needs an endpoint such as http://127.0.0.1:9000")
	}
	if sec.deferred(key) {
		return "", nil
	}
	u, err := sec.absoluteURL(key, raw)
	if err != nil {
		return "", err
	}
	if u.Path != "" && u.Path != "/" {
		return "", sec.fail(key, "must have no path (requests put the bucket and key there), got %s", quotedURL(raw))
	}
	if u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
		return "", sec.fail(key, "must have no query or fragment, got %s", quotedURL(raw))
	}
	return u.Scheme + "://" + u.Host, nil
}

func (sec *section) soapURL(key string) (string, error) {
	raw, err := sec.string(key)
	if err != nil || raw == "" || sec.deferred(key) {
		return "", err
	}
	u, err := sec.absoluteURL(key, raw)
	if err != nil {
		return "", err
	}
	if u.Scheme == "http" {
		sec.warn(key, "is plain http://; S3 accepts SOAP only over HTTPS, so a real S3 would refuse these requests")
	}
	return raw, nil
}

// soapPlainHTTPURL reads the optional plain-HTTP address of the SOAP
// endpoint, which only a plain http:// URL can be.
func (sec *section) soapPlainHTTPURL(key, soapURL string) (string, error) {
	raw, err := sec.string(key)
	if err != nil || raw == "" || sec.deferred(key) {
		return "", err
	}
	u, err := sec.absoluteURL(key, raw)
	if err != nil {
		return "", err
	}
	if u.Scheme != "http" {
		return "", sec.fail(key, "must be a plain http:// URL (it is where the suite checks that SOAP over HTTP is refused), got %s", quotedURL(raw))
	}
	if soapURL == "" {
		sec.warn(key, "has no effect without soap_url")
	}
	return raw, nil
}

func (sec *section) absoluteURL(key, raw string) (*url.URL, error) {
	// Credentials have their own fields; a URL carrying some must not be
	// echoed back.
	if strings.Contains(raw, "@") {
		return nil, sec.fail(key, "must not contain '@' (credentials belong in the access_key/secret_key fields)")
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" || u.Opaque != "" {
		return nil, sec.fail(key, "must be an absolute http or https URL, got %s", quotedURL(raw))
	}
	return u, nil
}

// otherRegion reads the optional other_region section of target t, whose
// endpoint and region are already read: both fields are required, and each
// must differ from the target's own, since the checks send a request for a
// bucket of that region to the target's endpoint and expect a redirect.
func (sec *section) otherRegion(t *Target) (OtherRegion, error) {
	var o OtherRegion
	if sec.node == nil {
		return o, nil
	}
	var err error
	if !sec.has("region") {
		return o, sec.fail("region", "missing: other_region needs the name of a region of the same S3 other than the target's, such as us-west-2")
	}
	if o.Region, err = sec.string("region"); err != nil {
		return o, err
	}
	switch {
	case sec.deferred("region"):
	case o.Region == "":
		return o, sec.fail("region", "is empty: other_region needs the name of a region other than the target's, such as us-west-2")
	case o.Region == t.Region:
		return o, sec.fail("region", "is the target's own region %s; it must name another region of the same S3, whose buckets live elsewhere", quoted(o.Region))
	}
	if !sec.has("endpoint") {
		return o, sec.fail("endpoint", "missing: other_region needs the REST endpoint of that region, such as https://s3.us-west-2.amazonaws.com")
	}
	if o.Endpoint, err = sec.endpoint("endpoint"); err != nil {
		return o, err
	}
	if o.Endpoint != "" && o.Endpoint == t.Endpoint {
		return o, sec.fail("endpoint", "is the target's own endpoint %s; it must be the endpoint of region %s, where the suite creates that region's buckets (the target's endpoint must redirect requests for them)", quotedURL(o.Endpoint), quoted(o.Region))
	}
	return o, nil
}

// identity reads one identity's keys, from the environment or inline.
func (sec *section) identity() (Credentials, error) {
	accessKey, _, err := sec.key("access_key", "access_key_env")
	if err != nil {
		return Credentials{}, err
	}
	secretKey, secretWritten, err := sec.key("secret_key", "secret_key_env")
	if err != nil {
		return Credentials{}, err
	}
	switch {
	case accessKey != "" && secretKey == "":
		return Credentials{}, sec.fail("secret_key_env", "missing: an access key is given, so secret_key_env (or secret_key) is required too")
	case accessKey == "" && secretKey != "":
		return Credentials{}, sec.fail("access_key_env", "missing: a secret key is given, so access_key_env (or access_key) is required too")
	}
	if secretWritten {
		sec.warn("secret_key", "the secret is written in the targets file; prefer secret_key_env, naming an environment variable that holds it")
	}
	return Credentials{AccessKey: accessKey, SecretKey: secretKey}, nil
}

// session reads temporary credentials: an identity's keys and the
// session's token, all or none of them.
func (sec *section) session() (Credentials, error) {
	creds, err := sec.identity()
	if err != nil {
		return Credentials{}, err
	}
	token, tokenWritten, err := sec.key("session_token", "session_token_env")
	if err != nil {
		return Credentials{}, err
	}
	if tokenWritten {
		sec.warn("session_token", "the token is written in the targets file; prefer session_token_env, naming an environment variable that holds it")
	}
	switch {
	case !creds.Empty() && token == "":
		return Credentials{}, sec.fail("session_token_env", "missing: keys are given, so session_token_env (or session_token) is required too")
	case creds.Empty() && token != "":
		return Credentials{}, sec.fail("access_key_env", "missing: a session token is given, so the session's access_key_env and secret_key_env are required too")
	}
	creds.SessionToken = token
	return creds, nil
}

// key reads one key given either inline or through an environment
// variable. written reports that (part of) an inline value is in the file
// itself rather than in ${VAR} references.
func (sec *section) key(inlineKey, envKey string) (value string, written bool, err error) {
	if sec.has(inlineKey) && sec.has(envKey) {
		return "", false, sec.fail(envKey, "give either %s or %s, not both", sec.prefix+envKey, sec.prefix+inlineKey)
	}
	if sec.has(inlineKey) {
		value, written, err = sec.stringWritten(inlineKey)
		if err == nil && value == "" {
			err = sec.fail(inlineKey, "is empty; leave both keys out for an anonymous identity")
		}
		return value, written, err
	}
	variable, err := sec.string(envKey)
	if err != nil || !sec.has(envKey) {
		return "", false, err
	}
	// Quoting a malformed name would echo a secret pasted here by mistake.
	if !envNamePattern.MatchString(variable) {
		return "", false, sec.fail(envKey, "must name an environment variable (letters, digits and '_'); is the key itself written here instead?")
	}
	if value = sec.getenv(variable); value == "" {
		if sec.lenient {
			sec.deferKey(sec.prefix + envKey)
			return unresolvedValue, false, nil
		}
		return "", false, sec.fail(envKey, "%s", unsetVariable(variable))
	}
	return value, false, nil
}

func (sec *section) tls() (TLS, error) {
	var t TLS
	insecure, err := sec.bool("insecure_skip_verify")
	if err != nil {
		return t, err
	}
	if insecure {
		t.InsecureSkipVerify = true
		sec.warn("insecure_skip_verify", "certificate checks are off; anyone on the path can impersonate the target")
	}
	caFile, err := sec.string("ca_file")
	if err != nil || caFile == "" || sec.deferred("ca_file") {
		return t, err
	}
	if !filepath.IsAbs(caFile) {
		caFile = filepath.Join(sec.dir, caFile)
	}
	pem, err := readBounded(caFile)
	if err != nil {
		return t, sec.fail("ca_file", "cannot read %s: %v", caFile, err)
	}
	if len(pem) > MaxFileSize {
		return t, sec.fail("ca_file", "%s is larger than %d bytes (1 MiB); it should hold the PEM certificates of the target's CA", caFile, MaxFileSize)
	}
	if !x509.NewCertPool().AppendCertsFromPEM(pem) {
		return t, sec.fail("ca_file", "%s holds no PEM certificate", caFile)
	}
	t.CAFile = caFile
	return t, nil
}

// validTargetName reports whether name is usable as a report folder name.
func validTargetName(name string) bool {
	return targetNamePattern.MatchString(name) && name != "." && name != ".."
}

// dealias follows YAML aliases (*name) to the node they stand for.
func dealias(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

// describe names a node's YAML type for "got ..." messages without quoting
// its value.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	switch n.ShortTag() {
	case "!!bool":
		return "a boolean"
	case "!!int", "!!float":
		return "a number"
	case "!!null":
		return "nothing"
	case "!!str":
		return "a string"
	}
	return "a " + strings.TrimPrefix(n.ShortTag(), "!!")
}

// redacted stands for a value a message leaves out, as in the reports.
const redacted = "REDACTED"

// looksLikeKey reports whether a value has the shape of an access key,
// secret key or token (16+ characters of a key alphabet, mixing letters
// and digits, or both cases and digits), which a message must not quote:
// a key pasted into the wrong field is a common slip.
func looksLikeKey(v string) bool {
	if len(v) < 16 {
		return false
	}
	var upper, lower, digit, underscore bool
	for _, c := range v {
		switch {
		case c >= 'A' && c <= 'Z':
			upper = true
		case c >= 'a' && c <= 'z':
			lower = true
		case c >= '0' && c <= '9':
			digit = true
		case c == '_':
			underscore = true
		case c == '+' || c == '/' || c == '=' || c == '-':
		default:
			return false
		}
	}
	return digit && (((upper || lower) && !underscore) || (upper && lower))
}

// quoted quotes a value for a message, or says it is left out.
func quoted(v string) string {
	if looksLikeKey(v) {
		return "a value shaped like a key (not shown)"
	}
	return strconv.Quote(v)
}

// quotedURL quotes a URL for a message with its query values and fragment
// redacted: they may hold a signature, a token or a key.
func quotedURL(raw string) string {
	base, query, hasQuery := strings.Cut(raw, "?")
	fragment := ""
	if hasQuery {
		query, fragment, _ = strings.Cut(query, "#")
	} else {
		base, fragment, _ = strings.Cut(base, "#")
	}
	if looksLikeKey(base) {
		return quoted(base)
	}
	shown := base
	if hasQuery {
		params := strings.Split(query, "&")
		for i, p := range params {
			name, value, hasValue := strings.Cut(p, "=")
			if looksLikeKey(name) {
				name = redacted
			}
			if hasValue && value != "" {
				value = redacted
			}
			params[i] = name
			if hasValue {
				params[i] += "=" + value
			}
		}
		shown += "?" + strings.Join(params, "&")
	}
	if fragment != "" {
		shown += "#" + redacted
	}
	return strconv.Quote(shown)
}

// shownVariable reports whether an environment variable name may be quoted:
// only names of the usual form (upper case, digits, '_') that do not look
// like a key pasted where its variable's name belongs.
func shownVariable(name string) bool {
	return conventionalEnvName.MatchString(name) && !looksLikeKey(name)
}

// unsetVariable says that the environment variable name is unset, naming
// it only when shownVariable allows.
func unsetVariable(name string) string {
	if shownVariable(name) {
		return fmt.Sprintf("environment variable %s is unset or empty", name)
	}
	return "the environment variable it names is unset or empty (the name is not shown: it looks like a key rather than a variable name; write the name of the variable that holds the key)"
}
