package reftarget

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/beevik/etree"
)

// Bucket settings of optional features: Transfer Acceleration
// (accelerate), Requester Pays (requestPayment), Block Public Access
// (publicAccessBlock) and the policy status derived from the bucket policy
// (policyStatus). Their documents are kept in the bucket's configuration
// under their subresource's name, as bucketconfig.go keeps its own.

func addBucketFeatureOperations(add addOperation) {
	for _, sub := range []string{"accelerate", "requestPayment", "publicAccessBlock"} {
		add(levelBucket, sub, http.MethodGet, (*Server).getBucketFeature)
		add(levelBucket, sub, http.MethodPut, (*Server).putBucketFeature)
	}
	add(levelBucket, "publicAccessBlock", http.MethodDelete, (*Server).deletePublicAccessBlock)
	add(levelBucket, "policyStatus", http.MethodGet, (*Server).getBucketPolicyStatus)
}

// featureDocuments are each setting's root element and the values S3's
// schema allows for its one required element, or nil for a setting whose
// elements are all optional booleans.
var featureDocuments = map[string]struct {
	root, element string
	values        []string
}{
	"accelerate":        {"AccelerateConfiguration", "Status", []string{"Enabled", "Suspended"}},
	"requestPayment":    {"RequestPaymentConfiguration", "Payer", []string{"Requester", "BucketOwner"}},
	"publicAccessBlock": {"PublicAccessBlockConfiguration", "", nil},
}

// featureDefault is the document of a setting never set: acceleration off
// (an empty configuration), the owner paying, and, since April 2023, every
// public access blocked (LocalStack test_s3_api.snapshot.json
// TestS3PublicAccessBlock::test_crud_public_access_block, recorded from
// AWS: get-default-public-access-block).
func featureDefault(sub string) []byte {
	switch sub {
	case "requestPayment":
		return []byte(`<RequestPaymentConfiguration xmlns="` + s3XMLNS + `"><Payer>BucketOwner</Payer></RequestPaymentConfiguration>`)
	case "publicAccessBlock":
		return []byte(`<PublicAccessBlockConfiguration xmlns="` + s3XMLNS + `"><BlockPublicAcls>true</BlockPublicAcls>` +
			`<IgnorePublicAcls>true</IgnorePublicAcls><BlockPublicPolicy>true</BlockPublicPolicy>` +
			`<RestrictPublicBuckets>true</RestrictPublicBuckets></PublicAccessBlockConfiguration>`)
	}
	return []byte(`<AccelerateConfiguration xmlns="` + s3XMLNS + `"/>`)
}

// publicAccessBlockRemoved marks, in the bucket's documents, a Block Public
// Access configuration that DeletePublicAccessBlock removed: unlike one
// never set, it has no default.
const publicAccessBlockRemoved = "publicAccessBlock-removed"

// errNoSuchPublicAccessBlock is AWS's answer to GetPublicAccessBlock once
// the configuration is deleted (the same snapshot:
// get-public-access-block-after-delete). The catalog's 132 codes do not
// hold it.
func errNoSuchPublicAccessBlock(bucketName string) *s3Error {
	return &s3Error{code: "NoSuchPublicAccessBlockConfiguration", message: "The public access block configuration was not found",
		status: http.StatusNotFound, details: []detail{{"BucketName", bucketName}}}
}

func (s *Server) getBucketFeature(q *restRequest) *s3Error {
	sub := subresourceOfFeature(q)
	var doc []byte
	err := s.onBucket(q, false, func(b *bucket) *s3Error {
		cfg := b.config()
		if _, removed := cfg.docs[publicAccessBlockRemoved]; removed && sub == "publicAccessBlock" {
			return errNoSuchPublicAccessBlock(b.name)
		}
		doc = cfg.docs[sub]
		if doc == nil {
			doc = featureDefault(sub)
		}
		return nil
	})
	if err != nil {
		return err
	}
	body := doc
	if !bytes.HasPrefix(bytes.TrimSpace(doc), []byte("<?xml")) {
		body = append([]byte(xml.Header), doc...)
	}
	q.w.Header().Set("Content-Type", "application/xml")
	q.w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	q.w.WriteHeader(http.StatusOK)
	q.w.Write(body)
	return nil
}

func (s *Server) putBucketFeature(q *restRequest) *s3Error {
	sub := subresourceOfFeature(q)
	body, err := readBody(q.r, maxConfigSize)
	if err != nil {
		return err
	}
	// The bucket and the caller's access come before the body.
	if err := s.onBucket(q, false, func(*bucket) *s3Error { return nil }); err != nil {
		return err
	}
	if !s.validFeatureDocument(sub, body) && !s.dev.has(devConfigAcceptMalformed) {
		return newError("MalformedXML")
	}
	// LocalStack test_s3_api.snapshot.json
	// test_bucket_acceleration_configuration_exc, recorded from AWS.
	if sub == "accelerate" && strings.Contains(q.bucket, ".") && !s.dev.has(devAccelerateDottedBucketAccepted) {
		return newContextError("InvalidRequest", "S3 Transfer Acceleration is not supported for buckets with periods (.) in their names")
	}
	err = s.onBucket(q, true, func(b *bucket) *s3Error {
		cfg := b.config()
		cfg.docs[sub] = body
		if sub == "publicAccessBlock" {
			delete(cfg.docs, publicAccessBlockRemoved)
		}
		return nil
	})
	if err != nil {
		return err
	}
	q.w.WriteHeader(http.StatusOK)
	return nil
}

// validFeatureDocument checks a setting's document as S3's schema does:
// its root, and its required element with one of the allowed values
// (LocalStack's recorded AWS answers: MalformedXML for an accelerate
// Status "enabled" or "Random" and a Payer "Random").
func (s *Server) validFeatureDocument(sub string, body []byte) bool {
	want := featureDocuments[sub]
	doc := etree.NewDocument()
	if doc.ReadFromBytes(body) != nil || doc.Root() == nil || doc.Root().Tag != want.root {
		return false
	}
	if want.element == "" {
		return true
	}
	e := doc.Root().SelectElement(want.element)
	return e != nil && slices.Contains(want.values, strings.TrimSpace(e.Text()))
}

func (s *Server) deletePublicAccessBlock(q *restRequest) *s3Error {
	err := s.onBucket(q, true, func(b *bucket) *s3Error {
		cfg := b.config()
		delete(cfg.docs, "publicAccessBlock")
		cfg.docs[publicAccessBlockRemoved] = []byte{}
		return nil
	})
	if err != nil {
		return err
	}
	q.w.WriteHeader(http.StatusNoContent)
	return nil
}

// subresourceOfFeature is the setting a request names.
func subresourceOfFeature(q *restRequest) string {
	query := q.r.URL.Query()
	for sub := range featureDocuments {
		if query.Has(sub) {
			return sub
		}
	}
	return ""
}

type policyStatusResult struct {
	XMLName  xml.Name `xml:"PolicyStatus"`
	XMLNS    string   `xml:"xmlns,attr"`
	IsPublic bool
}

// getBucketPolicyStatus answers whether the bucket policy makes the bucket
// public; with no policy, NoSuchBucketPolicy as GetBucketPolicy
// (turbot/steampipe-plugin-aws#1136 lists AWS's CloudTrail record of it).
func (s *Server) getBucketPolicyStatus(q *restRequest) *s3Error {
	var policy []byte
	err := s.onBucket(q, false, func(b *bucket) *s3Error {
		var ok bool
		if policy, ok = b.config().docs["policy"]; !ok && !s.dev.has(devConfigMissingEmpty) {
			return s.configNotFound("policy", b.name)
		}
		return nil
	})
	if err != nil {
		return err
	}
	writeXML(q, policyStatusResult{XMLNS: s3XMLNS, IsPublic: publicPolicy(policy)})
	return nil
}

// publicPolicy reports a policy granting access to everyone: an Allow
// statement whose principal is "*" and that has no condition (S3 User
// Guide, "The meaning of public"; conditions that would still count as
// public are not told apart here).
func publicPolicy(policy []byte) bool {
	var doc struct{ Statement json.RawMessage }
	if json.Unmarshal(policy, &doc) != nil {
		return false
	}
	type statement struct {
		Effect    string
		Principal json.RawMessage
		Condition json.RawMessage
	}
	var statements []statement
	if json.Unmarshal(doc.Statement, &statements) != nil {
		var one statement
		if json.Unmarshal(doc.Statement, &one) != nil {
			return false
		}
		statements = []statement{one}
	}
	for _, st := range statements {
		if st.Effect == "Allow" && len(st.Condition) == 0 && everyone(st.Principal) {
			return true
		}
	}
	return false
}

// everyone reports a principal of "*", {"AWS": "*"} or {"AWS": [..., "*"]}.
func everyone(principal json.RawMessage) bool {
	var one string
	if json.Unmarshal(principal, &one) == nil {
		return one == "*"
	}
	var byKind map[string]json.RawMessage
	if json.Unmarshal(principal, &byKind) != nil {
		return false
	}
	var ids []string
	if json.Unmarshal(byKind["AWS"], &one) == nil {
		ids = []string{one}
	} else if json.Unmarshal(byKind["AWS"], &ids) != nil {
		return false
	}
	return slices.Contains(ids, "*")
}
