package harness

import (
	"net/http"
	"time"

	"github.com/s3errconform/s3errconform/harness/soap"
	"github.com/s3errconform/s3errconform/harness/targets"
	"github.com/s3errconform/s3errconform/harness/wire"
)

// SOAPRequester sends a check's SOAP requests, unretried, with one way of
// authenticating, to the target's SOAP endpoint.
type SOAPRequester struct {
	t         *T
	anonymous bool
	// creds replace the target's identity when not nil.
	creds *targets.Credentials
	// at is the Timestamp; zero means now.
	at    time.Time
	plain bool
	// omit names an authorization element left out; "" sends all.
	omit string
}

// SOAP returns a requester signing SOAP requests as the target's identity,
// now.
func (t *T) SOAP() SOAPRequester { return SOAPRequester{t: t} }

// SOAPAnonymous returns a requester sending SOAP requests without the
// authorization elements.
func (t *T) SOAPAnonymous() SOAPRequester { return SOAPRequester{t: t, anonymous: true} }

// SOAPWrongSecret returns a requester signing with the right access key and
// a wrong secret key.
func (t *T) SOAPWrongSecret() SOAPRequester {
	creds := t.env.wrongSecret()
	return SOAPRequester{t: t, creds: &creds}
}

// SOAPUnknownKey returns a requester signing with an access key no account
// has.
func (t *T) SOAPUnknownKey() SOAPRequester {
	creds := t.env.unknownAccessKey()
	return SOAPRequester{t: t, creds: &creds}
}

// SOAPAt returns a requester whose Timestamp (and so signature) is at.
func (t *T) SOAPAt(at time.Time) SOAPRequester { return SOAPRequester{t: t, at: at} }

// SOAPWithout returns a requester signing as the target's identity, now,
// but leaving the authorization element called element (AWSAccessKeyId,
// Timestamp or Signature) out of its requests.
func (t *T) SOAPWithout(element string) SOAPRequester { return SOAPRequester{t: t, omit: element} }

// SOAPOverPlainHTTP returns a requester sending signed SOAP requests to the
// plain-HTTP address of the SOAP endpoint (SOAPPlainHTTPURL). Its requests
// skip the check when the target has no such address.
func (t *T) SOAPOverPlainHTTP() SOAPRequester { return SOAPRequester{t: t, plain: true} }

// AccessKey is the access key this requester signs with ("" if anonymous).
func (r SOAPRequester) AccessKey() string {
	if sec := r.security(); sec != nil {
		return sec.AccessKey
	}
	return ""
}

func (r SOAPRequester) security() *soap.SOAPSecurity {
	if r.anonymous {
		return nil
	}
	creds := r.t.env.Target.Identity
	if r.creds != nil {
		creds = *r.creds
	}
	if creds.Empty() {
		return nil
	}
	at := r.at
	if at.IsZero() {
		at = time.Now()
	}
	return &soap.SOAPSecurity{AccessKey: creds.AccessKey, SecretKey: creds.SecretKey, Time: at, Omit: r.omit}
}

// Do sends one SOAP request of the check: req.Raw as is, or the envelope of
// req's operation and fields signed as this requester signs. A bucket or
// object it creates successfully is tracked for cleanup.
func (r SOAPRequester) Do(req soap.SOAPRequest) *wire.Response {
	c := r.t.env.soapClient()
	if r.plain && c.PlainURL == "" {
		r.t.skip(c.PlainWhyNot, 1)
	}
	body := req.Raw
	if body == nil {
		sec := r.security()
		if sec != nil {
			r.t.env.secrets.Add(sec.SecretKey)
		}
		body = soap.BuildSOAPEnvelope(req.Operation, req.Fields, sec)
	}
	resp := c.Do(r.t.ctx, req, body, r.plain)
	if req.Raw == nil && resp.Status == http.StatusOK && r.t.tracker != nil {
		if m, err := soap.ParseSOAPMessage(resp.Body); err == nil && m.Fault == nil {
			switch req.Operation {
			case "CreateBucket":
				r.t.tracker.Bucket(req.Bucket)
			case "PutObjectInline", "PutObject", "CopyObject":
				r.t.tracker.Object(req.Bucket, req.Key)
			}
		}
	}
	return resp
}

// SendRaw sends body, which need not be a SOAP envelope at all, as a SOAP
// request.
func (r SOAPRequester) SendRaw(body []byte) *wire.Response {
	return r.Do(soap.SOAPRequest{Raw: body})
}

// MalformedEnvelope sends a request whose body is not well-formed XML.
func (r SOAPRequester) MalformedEnvelope() *wire.Response {
	return r.SendRaw(soap.MalformedSOAPEnvelope())
}

// OperationWithoutEnvelope sends a bare operation element with no SOAP
// envelope around it.
func (r SOAPRequester) OperationWithoutEnvelope() *wire.Response {
	return r.SendRaw(soap.SOAPOperationWithoutEnvelope())
}

// UnknownOperation sends a signed request for an operation the S3 WSDL does
// not define.
func (r SOAPRequester) UnknownOperation(name string) *wire.Response {
	return r.Do(soap.SOAPRequest{Operation: name})
}

// CreateBucket is the SOAP CreateBucket operation.
func (r SOAPRequester) CreateBucket(bucket string) *wire.Response {
	return r.Do(soap.CreateBucket(bucket))
}

// DeleteBucket is the SOAP DeleteBucket operation.
func (r SOAPRequester) DeleteBucket(bucket string) *wire.Response {
	return r.Do(soap.DeleteBucket(bucket))
}

// ListBucket is the SOAP ListBucket operation with no prefix, marker or
// delimiter.
func (r SOAPRequester) ListBucket(bucket string) *wire.Response { return r.Do(soap.ListBucket(bucket)) }

// ListAllMyBuckets is the SOAP ListAllMyBuckets operation.
func (r SOAPRequester) ListAllMyBuckets() *wire.Response { return r.Do(soap.ListAllMyBuckets()) }

// GetObject is the SOAP GetObject operation, asking for metadata and the
// data inline.
func (r SOAPRequester) GetObject(bucket, key string) *wire.Response {
	return r.Do(soap.GetObject(bucket, key))
}

// GetObjectExtended is the SOAP GetObjectExtended operation, with a byte
// range when rng is not nil and the IfMatch ETags given.
func (r SOAPRequester) GetObjectExtended(bucket, key string, rng *soap.ByteRange, ifMatch ...string) *wire.Response {
	return r.Do(soap.GetObjectExtended(bucket, key, rng, ifMatch...))
}

// PutObject is the SOAP PutObject operation, its data sent as a DIME
// attachment.
func (r SOAPRequester) PutObject(bucket, key string, data []byte) *wire.Response {
	return r.Do(soap.PutObject(bucket, key, data))
}

// PutObjectWithoutAttachment is the SOAP PutObject operation announcing
// ContentLength bytes but sent as a plain SOAP message, with no attachment.
func (r SOAPRequester) PutObjectWithoutAttachment(bucket, key string, contentLength int) *wire.Response {
	req := soap.PutObject(bucket, key, make([]byte, contentLength))
	req.Attachment = nil
	return r.Do(req)
}

// PutObjectInline is the SOAP PutObjectInline operation: data travels
// base64-encoded in the Data element.
func (r SOAPRequester) PutObjectInline(bucket, key string, data []byte) *wire.Response {
	return r.Do(soap.PutObjectInline(bucket, key, data))
}

// DeleteObject is the SOAP DeleteObject operation.
func (r SOAPRequester) DeleteObject(bucket, key string) *wire.Response {
	return r.Do(soap.DeleteObject(bucket, key))
}

// CopyObject is the SOAP CopyObject operation, with the CopySourceIfMatch
// ETags given.
func (r SOAPRequester) CopyObject(srcBucket, srcKey, dstBucket, dstKey string, ifMatch ...string) *wire.Response {
	return r.Do(soap.CopyObject(srcBucket, srcKey, dstBucket, dstKey, ifMatch...))
}

// GetBucketAccessControlPolicy is the SOAP GetBucketAccessControlPolicy
// operation.
func (r SOAPRequester) GetBucketAccessControlPolicy(bucket string) *wire.Response {
	return r.Do(soap.GetBucketAccessControlPolicy(bucket))
}

// SetBucketAccessControlPolicy is the SOAP SetBucketAccessControlPolicy
// operation.
func (r SOAPRequester) SetBucketAccessControlPolicy(bucket string, grants ...soap.Grant) *wire.Response {
	return r.Do(soap.SetBucketAccessControlPolicy(bucket, grants...))
}

// GetObjectAccessControlPolicy is the SOAP GetObjectAccessControlPolicy
// operation.
func (r SOAPRequester) GetObjectAccessControlPolicy(bucket, key string) *wire.Response {
	return r.Do(soap.GetObjectAccessControlPolicy(bucket, key))
}

// SetObjectAccessControlPolicy is the SOAP SetObjectAccessControlPolicy
// operation.
func (r SOAPRequester) SetObjectAccessControlPolicy(bucket, key string, grants ...soap.Grant) *wire.Response {
	return r.Do(soap.SetObjectAccessControlPolicy(bucket, key, grants...))
}

// GetBucketLoggingStatus is the SOAP GetBucketLoggingStatus operation.
func (r SOAPRequester) GetBucketLoggingStatus(bucket string) *wire.Response {
	return r.Do(soap.GetBucketLoggingStatus(bucket))
}

// SetBucketLoggingStatus is the SOAP SetBucketLoggingStatus operation
// turning logging off.
func (r SOAPRequester) SetBucketLoggingStatus(bucket string) *wire.Response {
	return r.Do(soap.SetBucketLoggingStatus(bucket))
}

// soapClient is the run's SOAP client, made on first use: most targets
// have no SOAP endpoint.
func (e *Env) soapClient() *soap.Client {
	e.soapOnce.Do(func() { e.soap = soap.NewClient(e.Target, e.secrets) })
	return e.soap
}
