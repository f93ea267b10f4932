package wire

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/s3errconform/s3errconform/harness/targets"
)

// Environment variable names the reproductions use for the target's keys,
// so no secret is ever written into a report. They are the names `serve`
// takes its keys from, so its export lines make a reproduction runnable.
const (
	ReproAccessKeyVar = "S3EC_ACCESS_KEY"
	ReproSecretKeyVar = "S3EC_SECRET_KEY"
	// The second identity's are these with a "2".
	reproSecondSuffix = "2"
	// The expired session's keys and token, as serve names them.
	reproExpiredAccessKeyVar = "S3EC_EXPIRED_ACCESS_KEY"
	reproExpiredSecretKeyVar = "S3EC_EXPIRED_SECRET_KEY"
	reproExpiredTokenVar     = "S3EC_EXPIRED_TOKEN"
)

// Phases of a check a Transcript tells apart.
const (
	PhaseSetup   = "setup"
	PhaseCheck   = "check"
	PhaseCleanup = "cleanup"
)

// inlineBodyBytes is the largest body a reproduction writes as a shell
// string; larger or binary bodies go through base64.
const inlineBodyBytes = 512

// scriptBodyBytes is the largest body a reproduction script carries; a
// larger one is replaced by as many bytes of a filler, and the script
// says so.
const scriptBodyBytes = 64 << 10

// Transcript is every request one check's clients sent, in order, so that a
// failure can be replayed from a clean shell: the setup is gone after the
// run, so replaying the failing request alone meets NoSuchBucket.
type Transcript struct {
	mu       sync.Mutex
	steps    []Step
	cleaning bool
}

// Step is one request of a Transcript.
type Step struct {
	Phase    string
	Request  Request
	Exchange *Exchange
	target   *targets.Target
	identity targets.Credentials
}

// BeginCleanup marks the requests recorded from now on as the cleanup's.
func (tr *Transcript) BeginCleanup() {
	tr.mu.Lock()
	tr.cleaning = true
	tr.mu.Unlock()
}

// Steps returns the requests recorded so far.
func (tr *Transcript) Steps() []Step {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	return append([]Step(nil), tr.steps...)
}

func (tr *Transcript) add(c *Client, req Request, x *Exchange) {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	phase := PhaseCheck
	switch {
	case tr.cleaning:
		phase = PhaseCleanup
	case c.retry:
		// Only setup and cleanup use a retrying client.
		phase = PhaseSetup
	}
	tr.steps = append(tr.steps, Step{Phase: phase, Request: req, Exchange: x, target: c.target, identity: c.identity})
}

// RecordingTo returns a copy of c that adds every request it sends, and
// those of its Retrying copies, to tr.
func (c *Client) RecordingTo(tr *Transcript) *Client {
	cp := *c
	cp.transcript = tr
	return &cp
}

// ScriptInfo is what a reproduction script says about the check in its
// header comments.
type ScriptInfo struct {
	CheckID, Title, Target, Endpoint string
	// Failing are the failing verdicts' lines.
	Failing []string
}

// Script renders tr as a POSIX shell script that replays the check with
// curl: its setup requests, its own requests (failing marks the one its
// failure is about; a request the transcript lacks, such as a SOAP one,
// is added from it), and its cleanup. The keys are read from
// $S3EC_ACCESS_KEY and friends, never written; every value is redacted
// with the exchanges' secrets.
//
// curl 7.75 to 8.0 (Debian 12 has 7.88) sign with --aws-sigv4 but send no
// x-amz-content-sha256, which S3 requires: every signed request carries it
// explicitly.
func (tr *Transcript) Script(info ScriptInfo, failing *Response) string {
	steps := tr.Steps()
	var failingX *Exchange
	if failing != nil {
		failingX = failing.Exchange
	}
	var b strings.Builder
	second, expired := false, false
	for _, s := range steps {
		if uses(s, s.target.SecondIdentity) {
			second = true
		}
		if uses(s, s.target.ExpiredSession) {
			expired = true
		}
	}
	b.WriteString("#!/bin/sh\n")
	fmt.Fprintf(&b, "# Reproduces s3errconform check %s against target %q (%s):\n", info.CheckID, info.Target, info.Endpoint)
	fmt.Fprintf(&b, "#   %s\n", info.Title)
	for _, line := range info.Failing {
		fmt.Fprintf(&b, "#   %s\n", oneLine(line))
	}
	b.WriteString("# It sends the check's setup requests, its own requests and its cleanup,\n")
	b.WriteString("# with the bucket names of the run. Needs curl 7.75 or later (--aws-sigv4).\n")
	fmt.Fprintf(&b, "# The target's keys come from $%s and $%s", ReproAccessKeyVar, ReproSecretKeyVar)
	if second {
		fmt.Fprintf(&b, ", its second identity's\n# from $%s%s and $%s%s", ReproAccessKeyVar, reproSecondSuffix, ReproSecretKeyVar, reproSecondSuffix)
	}
	b.WriteString(".\nset -u\n")
	fmt.Fprintf(&b, ": \"${%s:?set it to the target's access key}\" \"${%s:?set it to the target's secret key}\"\n", ReproAccessKeyVar, ReproSecretKeyVar)
	if second {
		fmt.Fprintf(&b, ": \"${%s%s:?set it to the second identity's access key}\" \"${%s%s:?set it to the second identity's secret key}\"\n",
			ReproAccessKeyVar, reproSecondSuffix, ReproSecretKeyVar, reproSecondSuffix)
	}
	if expired {
		fmt.Fprintf(&b, ": \"${%s:?set it to the expired session's access key}\" \"${%s:?set it to its secret key}\" \"${%s:?set it to its session token}\"\n",
			reproExpiredAccessKeyVar, reproExpiredSecretKeyVar, reproExpiredTokenVar)
	}
	vars := findRunValues(steps)
	if needsBodyFiles(steps) || len(vars) > 0 {
		b.WriteString("tmp=$(mktemp -d) || exit 1\ntrap 'rm -rf \"$tmp\"' EXIT\n")
	}
	found := false
	for _, s := range steps {
		found = found || failingX != nil && s.Exchange == failingX
	}
	// A failing request another client sent (SOAP) goes where the check
	// sent it: after its REST requests, before the cleanup.
	sentElsewhere := func() {
		if found || failing == nil || failingX == nil {
			return
		}
		found = true
		if line := failing.Repro(); line != "" {
			fmt.Fprintf(&b, "\n# the failing request\necho %s\n", ShellQuote("== the failing request; the run observed: "+observed(failingX)))
			b.WriteString(line + "\necho\n")
		}
	}
	phase := ""
	for i, s := range steps {
		if s.Exchange.URL == "" {
			continue
		}
		if s.Phase == PhaseCleanup {
			sentElsewhere()
		}
		if s.Phase != phase {
			phase = s.Phase
			fmt.Fprintf(&b, "\n# %s\n", phaseTitle(phase))
		}
		isFailing := s.Exchange == failingX
		file := ""
		if body := sentBody(s.Request); len(body) > 0 && !inlineBody(body) {
			file = fmt.Sprintf(`"$tmp/body%d"`, i)
			b.WriteString(bodyFile(file, body, s.Exchange))
		}
		args, stepNotes := curlArgs(s.target, s.identity, s.Request, s.Exchange, file)
		args = vars.substitute(args, i)
		describe := s.Exchange.Redact(s.Request.Method + " " + pathOf(s.Exchange.Secrets.URL(s.Exchange.URL)))
		// A step whose answer carries an id later steps use keeps it, so
		// the replay uses its own ids, not the run's.
		captures := vars.capturedAt(i)
		var saved []string
		if len(captures) > 0 {
			saved = []string{"-D", fmt.Sprintf(`"$tmp/h%d"`, i), "-o", fmt.Sprintf(`"$tmp/b%d"`, i)}
		}
		switch {
		case isFailing || s.Phase == PhaseCheck:
			title := "== " + describe
			if isFailing {
				title = "== the failing request: " + describe
			}
			fmt.Fprintf(&b, "echo %s\n", ShellQuote(title))
			if isFailing {
				fmt.Fprintf(&b, "echo %s\n", ShellQuote("== the run observed: "+observed(s.Exchange)))
			}
			if len(saved) > 0 {
				b.WriteString(curlLine(args, stepNotes, saved...) + fmt.Sprintf("\ncat \"$tmp/h%d\" \"$tmp/b%d\"\n", i, i))
			} else {
				b.WriteString(curlLine(args, stepNotes, "-i") + "\n")
			}
			b.WriteString("echo\n")
		default:
			// curl's -w reads '%' and '\' as its own escapes.
			escaped := strings.NewReplacer("%", "%%", `\`, `\\`).Replace(describe)
			status := fmt.Sprintf("%s: %s -> %%{http_code} (the run got %d)\\n", s.Phase, escaped, s.Exchange.Status)
			output := []string{"-o", "/dev/null"}
			if len(saved) > 0 {
				output = saved
			}
			b.WriteString(curlLine(args, stepNotes, append(output, "-w", ShellQuote(status))...) + "\n")
		}
		for _, v := range captures {
			b.WriteString(v.extract(i))
		}
	}
	sentElsewhere()
	if ids := runValues(steps, vars); len(ids) > 0 {
		b.WriteString("\n# Note: " + strings.Join(ids, ", ") + " in these requests are the run's; a replay gets new ones.\n")
	}
	script := b.String()
	switch {
	case failingX != nil:
		return failingX.Redact(script)
	case len(steps) > 0:
		return steps[0].Exchange.Redact(script)
	}
	return RedactText(script)
}

// uses reports whether step s signs with creds.
func uses(s Step, creds targets.Credentials) bool {
	if creds.Empty() || s.Request.Auth.Mode == AuthAnonymous {
		return false
	}
	used := s.identity
	if s.Request.Auth.Credentials != nil {
		used = *s.Request.Auth.Credentials
	}
	return used.AccessKey == creds.AccessKey
}

func phaseTitle(phase string) string {
	switch phase {
	case PhaseSetup:
		return "setup: what the check created before its requests"
	case PhaseCleanup:
		return "cleanup: what the check deleted when it ended"
	}
	return "the check's requests"
}

// observed is the status and error code an exchange got, for a comment.
func observed(x *Exchange) string {
	if x.Status == 0 {
		return "no answer: " + TransportProblem(x)
	}
	s := fmt.Sprintf("%d %s", x.Status, http.StatusText(x.Status))
	if body, err := ParseErrorBody(x.Body); err == nil && body.Code != "" {
		s += " " + body.Code
	}
	return x.Redact(s)
}

func pathOf(rawURL string) string {
	if u, err := url.Parse(rawURL); err == nil {
		return u.RequestURI()
	}
	return rawURL
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func needsBodyFiles(steps []Step) bool {
	for _, s := range steps {
		if body := sentBody(s.Request); len(body) > 0 && !inlineBody(body) {
			return true
		}
	}
	return false
}

func inlineBody(body []byte) bool { return utf8.Valid(body) && len(body) <= inlineBodyBytes }

// replayedBody is the body a reproduction sends for body: the same bytes,
// redacted, or for a body too large to carry, as many bytes of 'x'.
func replayedBody(body []byte, x *Exchange) []byte {
	if len(body) > scriptBodyBytes {
		return bytes.Repeat([]byte{'x'}, len(body))
	}
	return []byte(x.Redact(string(body)))
}

// bodyFile writes the shell lines that put replayedBody into file.
func bodyFile(file string, body []byte, x *Exchange) string {
	if len(body) > scriptBodyBytes {
		return fmt.Sprintf("# the run sent %d bytes; this sends as many bytes of 'x'\nhead -c %d /dev/zero | tr '\\0' x > %s\n", len(body), len(body), file)
	}
	encoded := base64.StdEncoding.EncodeToString(replayedBody(body, x))
	var b strings.Builder
	fmt.Fprintf(&b, "base64 -d > %s <<'EOF'\n", file)
	for len(encoded) > 76 {
		b.WriteString(encoded[:76] + "\n")
		encoded = encoded[76:]
	}
	b.WriteString(encoded + "\nEOF\n")
	return b.String()
}

// runValueParams are the query parameters whose values a server gives out:
// a replay gets new ones.
var runValueParams = []string{"uploadId", "versionId"}

// runValues names the query parameters of the transcript that carry values
// the server gave the run (upload and version ids) and that the script
// cannot take from the replay's own answers.
func runValues(steps []Step, vars runVars) []string {
	var names []string
	for _, s := range steps {
		for _, name := range runValueParams {
			if v := s.Request.Query.Get(name); v != "" && vars.find(v) == nil && !slices.Contains(names, name) {
				names = append(names, name)
			}
		}
	}
	return names
}

// runVar is a value a server gave the run (an upload or version id) that
// later requests send back: the script takes it from the replay's answer
// to step into a shell variable.
type runVar struct {
	value, name string
	step        int
	// header is the response header that carries it; otherwise element
	// is the body's element and nth which of them (1-based).
	header, element string
	nth             int
}

type runVars []*runVar

// findRunValues finds the upload and version ids steps send that an
// earlier step's answer gave: in x-amz-version-id, or in an UploadId or
// VersionId element of its body.
func findRunValues(steps []Step) runVars {
	var vars runVars
	for i, s := range steps {
		for _, param := range runValueParams {
			value := s.Request.Query.Get(param)
			// "null" is the id of every null version, the same in a
			// replay, and too common a word to replace.
			if value == "" || value == "null" || vars.find(value) != nil {
				continue
			}
			if v := answeredBy(steps[:i], value); v != nil {
				v.name = fmt.Sprintf("run_id%d", len(vars)+1)
				vars = append(vars, v)
			}
		}
	}
	return vars
}

// answeredBy is the first of steps whose answer carries value.
func answeredBy(steps []Step, value string) *runVar {
	for j, s := range steps {
		x := s.Exchange
		if x.ResponseHeader.Get("X-Amz-Version-Id") == value {
			return &runVar{value: value, step: j, header: "x-amz-version-id"}
		}
		for _, element := range []string{"UploadId", "VersionId"} {
			found := strings.Split(string(x.Body), "<"+element+">")
			for k, part := range found[1:] {
				if strings.HasPrefix(part, value+"</"+element+">") {
					return &runVar{value: value, step: j, element: element, nth: k + 1}
				}
			}
		}
	}
	return nil
}

func (vars runVars) find(value string) *runVar {
	for _, v := range vars {
		if v.value == value {
			return v
		}
	}
	return nil
}

func (vars runVars) capturedAt(step int) []*runVar {
	var at []*runVar
	for _, v := range vars {
		if v.step == step {
			at = append(at, v)
		}
	}
	return at
}

// extract is the shell line that sets v's variable from the answer step
// saved.
func (v *runVar) extract(step int) string {
	if v.header != "" {
		return fmt.Sprintf("%s=$(tr -d '\\r' < \"$tmp/h%d\" | sed -n 's/^[Xx]-[Aa][Mm][Zz]-[Vv][Ee][Rr][Ss][Ii][Oo][Nn]-[Ii][Dd]: *//p' | head -n 1)\n", v.name, step)
	}
	return fmt.Sprintf("%s=$(grep -o '<%s>[^<]*</%s>' \"$tmp/b%d\" | sed -n '%dp' | sed 's/<[^>]*>//g')\n", v.name, v.element, v.element, step, v.nth)
}

// substitute puts the variables of the values step's arguments send, taken
// from earlier answers, in place of the run's values.
func (vars runVars) substitute(args []string, step int) []string {
	out := make([]string, len(args))
	for i, arg := range args {
		for _, v := range vars {
			if v.step >= step {
				continue
			}
			for _, form := range []string{v.value, url.QueryEscape(v.value)} {
				ref := `"$` + v.name + `"`
				if strings.HasPrefix(arg, "'") {
					// Inside single quotes: close them around the variable.
					ref = `'` + ref + `'`
				}
				arg = strings.ReplaceAll(arg, form, ref)
			}
		}
		out[i] = arg
	}
	return out
}

func curlLine(args, notes []string, output ...string) string {
	line := strings.Join(append(append([]string{"curl", "-sS"}, output...), args...), " ")
	if len(notes) > 0 {
		line += "  # " + strings.Join(notes, "; ")
	}
	return line
}

// reproduce renders a request as one curl command line a vendor can paste
// into a shell, with the target's keys left as variables.
func reproduce(target *targets.Target, identity targets.Credentials, req Request, x *Exchange) string {
	if x.URL == "" {
		return ""
	}
	args, notes := curlArgs(target, identity, req, x, "")
	return x.Redact(curlLine(args, notes, "-i"))
}

// curlArgs are curl's arguments for req, after its output options, and
// notes on what curl cannot do the same way. bodyFile, when set, is the
// shell word of a file holding a body too long or binary to inline.
func curlArgs(target *targets.Target, identity targets.Credentials, req Request, x *Exchange, bodyFile string) (parts, notes []string) {
	if req.Method == http.MethodHead {
		parts = append(parts, "-I")
	} else if req.Method != http.MethodGet {
		parts = append(parts, "-X", req.Method)
	}
	body := sentBody(req)
	switch req.Auth.Mode {
	case AuthAnonymous:
	case AuthPresignV4:
		notes = append(notes, "the URL is presigned: presign it again with your keys")
	case AuthPresignV2:
		notes = append(notes, "the URL is presigned with signature version 2: presign it again with your keys")
	case AuthSigV2:
		notes = append(notes, "signed with signature version 2, which curl cannot do: sign it again with your keys")
	default:
		region := req.Auth.Region
		if region == "" {
			region = target.Region
		}
		parts = append(parts, "--aws-sigv4", ShellQuote("aws:amz:"+region+":s3"), "--user", reproUser(target, identity, req.Auth))
		if req.Auth.Credentials != nil && req.Auth.Credentials.SessionToken != "" {
			// The signer sent the token; curl sends and signs it as a header.
			parts = append(parts, "-H", `"x-amz-security-token: $`+reproExpiredTokenVar+`"`)
		}
		if !req.Auth.Time.IsZero() {
			notes = append(notes, "the suite signed it at "+req.Auth.Time.UTC().Format(time.RFC3339)+"; curl signs with the current time")
		}
		switch {
		case req.Auth.OmitPayloadHash:
			notes = append(notes, "the suite sent no x-amz-content-sha256 header, which curl 8 adds to S3 requests it signs")
		case req.Header.Get("x-amz-content-sha256") != "":
		case req.Auth.PayloadHash != "":
			parts = append(parts, "-H", ShellQuote("x-amz-content-sha256: "+req.Auth.PayloadHash))
			notes = append(notes, "curl before 8.1 signs the body's own hash whatever x-amz-content-sha256 says")
		default:
			// curl 7.75 to 8.0 sign no payload hash header of their own.
			sum := sha256.Sum256(replayedBody(body, x))
			parts = append(parts, "-H", ShellQuote("x-amz-content-sha256: "+hex.EncodeToString(sum[:])))
		}
	}
	names := make([]string, 0, len(req.Header))
	for name := range req.Header {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		for _, v := range req.Header[name] {
			parts = append(parts, "-H", ShellQuote(x.Redact(name+": "+v)))
		}
	}
	// curl sends no Content-Length with an empty body; net/http did (a PUT
	// or POST), and a server may answer differently without it (S3: 411).
	// An empty --data-binary makes curl send it as its own header: given
	// with -H, --aws-sigv4 would sign it, and servers that take it from
	// the framing rather than the headers (Go's net/http) then fail the
	// signature.
	if len(req.Body) == 0 && x.RequestHeader.Get("Content-Length") == "0" && req.Header.Get("Content-Length") == "" {
		parts = append(parts, "--data-binary", "''")
	}
	if len(body) > 0 {
		switch {
		case inlineBody(body):
			parts = append(parts, "--data-binary", ShellQuote(x.Redact(string(body))))
		case bodyFile != "":
			parts = append(parts, "--data-binary", "@"+bodyFile)
		default:
			parts = append(parts, "--data-binary", "@body.bin")
			notes = append(notes, fmt.Sprintf("body.bin: the %d-byte body the suite sent", len(body)))
		}
	}
	if req.Tamper != nil {
		notes = append(notes, "the suite edited the signed headers before sending: see the exchange")
	}
	if strings.HasPrefix(req.Header.Get("Content-Type"), "multipart/form-data") && strings.Contains(x.Redact(string(body)), Redacted) {
		notes = append(notes, "the form's signature is redacted: sign its policy again with your keys")
	}
	switch req.Framing {
	case FramingChunked:
		parts = append(parts, "-H", ShellQuote("Transfer-Encoding: chunked"))
	case FramingNone:
		notes = append(notes, "the suite sent no Content-Length and no body")
	case FramingTruncated:
		notes = append(notes, fmt.Sprintf("the suite announced Content-Length: %d, sent only the first %d bytes of the body and closed its side of the connection; curl cannot do that", len(req.Body), len(body)))
	case FramingStalled:
		notes = append(notes, fmt.Sprintf("the suite announced Content-Length: %d, sent only the first %d bytes of the body and then nothing, keeping the connection open; curl cannot do that", len(req.Body), len(body)))
	}
	if target.Addressing == targets.AddressingVirtual && req.Bucket != "" {
		if u, err := url.Parse(target.Endpoint); err == nil {
			parts = append(parts, "--connect-to", ShellQuote("::"+u.Host))
		}
	}
	parts = append(parts, ShellQuote(x.Secrets.URL(x.URL)))
	return parts, notes
}

// reproUser keeps the target's own keys as variables and shows the
// deliberately wrong ones a check used, which are no secrets.
func reproUser(target *targets.Target, identity targets.Credentials, a Auth) string {
	creds := identity
	if a.Credentials != nil {
		creds = *a.Credentials
	}
	access, secret := "$"+ReproAccessKeyVar, "$"+ReproSecretKeyVar
	if e := target.ExpiredSession; !e.Empty() && creds.AccessKey == e.AccessKey {
		return `"$` + reproExpiredAccessKeyVar + ":$" + reproExpiredSecretKeyVar + `"`
	}
	if creds.AccessKey != target.Identity.AccessKey {
		access = creds.AccessKey
		if creds.AccessKey == target.SecondIdentity.AccessKey {
			access = "$" + ReproAccessKeyVar + reproSecondSuffix
		}
	}
	if creds.SecretKey != target.Identity.SecretKey {
		secret = creds.SecretKey
		if creds.SecretKey == target.SecondIdentity.SecretKey {
			secret = "$" + ReproSecretKeyVar + reproSecondSuffix
		}
	}
	return `"` + access + ":" + secret + `"`
}

// ShellQuote quotes s for a POSIX shell.
func ShellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r == '-' || r == '_' || r == '.' || r == '/' || r == ':' || r == '=' || r == '@' ||
			('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') || ('0' <= r && r <= '9'))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
