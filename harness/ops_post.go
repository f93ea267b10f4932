package harness

import (
	"net/http"
	"time"

	"github.com/s3errconform/s3errconform/harness/targets"
	"github.com/s3errconform/s3errconform/harness/wire"
)

// PostObject sends a browser-based POST upload to bucket, signed as the
// requester's identity; like a browser, it sends no Authorization header.
func (r Requester) PostObject(bucket string, u wire.PostUpload) (*wire.Response, wire.PostForm) {
	form := r.PostForm(bucket, u)
	return r.PostRaw(bucket, form.ContentType, form.Body), form
}

// PostForm builds the form of a POST upload to bucket signed as the
// requester's identity, without sending it: for a check that sends it
// some other way (PostRaw).
func (r Requester) PostForm(bucket string, u wire.PostUpload) wire.PostForm {
	form, err := wire.BuildPostForm(u, bucket, r.credentials(), r.t.Target().Region, time.Now())
	if err != nil {
		panic(err) // the harness builds every form; a failure is a bug
	}
	// The signature and the policy it signs stay valid for an hour.
	for _, v := range []string{r.credentials().SecretKey, wire.WrongPostSecret, form.Signature, form.Policy} {
		r.t.env.secrets.Add(v)
	}
	return form
}

// PostRaw sends POST /bucket with body and Content-Type, anonymously: a
// request to the POST upload endpoint that need not be a valid form.
func (r Requester) PostRaw(bucket, contentType string, body []byte) *wire.Response {
	return r.Do(wire.Request{Method: http.MethodPost, Bucket: bucket, Body: body,
		Header: http.Header{"Content-Type": {contentType}}, Auth: wire.Auth{Mode: wire.AuthAnonymous}})
}

// credentials are the keys this requester signs with.
func (r Requester) credentials() targets.Credentials {
	if r.auth.Credentials != nil {
		return *r.auth.Credentials
	}
	return r.t.env.Target.Identity
}
