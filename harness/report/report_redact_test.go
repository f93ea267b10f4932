package report

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/s3errconform/s3errconform/harness/check"
	"github.com/s3errconform/s3errconform/harness/wire"
)

func TestSecretsResultsRedactsEveryText(t *testing.T) {
	const key = "rEsUlTsTeStSeCrEt/K7MDENGbPxRfiCY0008"
	secrets := wire.NewSecrets()
	secrets.Add(key)
	in := Results{Target: "t", Warnings: []string{"w " + key}, Checks: []Result{{
		ID: "c", Failure: "f " + key, Skip: key, Observed: &Outcome{Message: key},
		Responses: []check.Judged{{Request: "GET /" + key, Verdicts: []check.Verdict{{Observed: key, Note: key}}}},
		Leftovers: []check.Leftover{{Error: key}},
	}}}
	out := RedactResults(secrets, in)
	data, _ := json.Marshal(out)
	if strings.Contains(string(data), key) {
		t.Errorf("results still show the key: %s", data)
	}
	if in.Checks[0].Failure != "f "+key || in.Checks[0].Observed.Message != key || in.Warnings[0] != "w "+key {
		t.Error("Results changed its argument")
	}
}
