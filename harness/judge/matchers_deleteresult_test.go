package judge

import (
	"strings"
	"testing"

	"github.com/s3errconform/s3errconform/harness/targets"
)

func TestHaveDeleteResult(t *testing.T) {
	const result = `<?xml version="1.0" encoding="UTF-8"?><DeleteResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">` +
		`<Deleted><Key>gone</Key></Deleted><Error><Key>kept</Key><VersionId>v1</VersionId><Code>NoSuchVersion</Code>` +
		`<Message>The specified version does not exist.</Message></Error></DeleteResult>`
	judgeResult := func(body string, entries ...DeleteEntry) string {
		r := synthetic(targets.ProfileStrict, "POST", 200, body)
		r.ResponseHeader.Set("Content-Type", "application/xml")
		return strings.Join(judgeObject(t, HaveDeleteResult(entries...), r), ",")
	}
	if f := judgeResult(result, Deleted("gone"), DeleteFailed("kept", "v1", "NoSuchVersion")); f != "" {
		t.Errorf("the recorded shape fails %s", f)
	}
	if f := judgeResult(result, Deleted("kept")); f != "entry kept" {
		t.Errorf("an <Error> where <Deleted> is due: failing %s", f)
	}
	if f := judgeResult(result, Deleted("absent")); f != "entry absent" {
		t.Errorf("a key the result does not report: failing %s", f)
	}
	bare := strings.NewReplacer("<VersionId>v1</VersionId>", "", "The specified version does not exist.", "Not found").Replace(result)
	if f := judgeResult(bare, DeleteFailed("kept", "v1", "NoSuchVersion")); f != "entry kept VersionId,message" {
		t.Errorf("an entry without VersionId and with another message: failing %s", f)
	}
	if f := judgeResult(`<Error><Code>NoSuchBucket</Code></Error>`, Deleted("gone")); !strings.Contains(f, "body") {
		t.Errorf("an error document instead of a DeleteResult: failing %s", f)
	}
}
