package reftarget

import (
	"bytes"
	"net/http"
	"strings"

	"github.com/beevik/etree"
)

// Bucket ACLs and the Object Ownership rules that govern them (S3 User
// Guide, "Controlling ownership of objects and disabling ACLs"): with
// BucketOwnerEnforced, S3's default for new buckets since April 2023,
// requests that set an ACL other than the bucket owner's full control fail
// with AccessControlListNotSupported, and CreateBucket with such an ACL
// fails with InvalidBucketAclWithObjectOwnership.

func addBucketACLOperations(add addOperation) {
	add(levelBucket, "acl", http.MethodGet, (*Server).getBucketACL)
	add(levelBucket, "acl", http.MethodPut, (*Server).putBucketACL)
}

// bucketCannedACLs are the canned ACLs a bucket may have.
var bucketCannedACLs = map[string]bool{
	"private": true, "public-read": true, "public-read-write": true, "authenticated-read": true,
	"aws-exec-read": true, "bucket-owner-read": true, "bucket-owner-full-control": true, "log-delivery-write": true,
}

// aclPermissions are the permissions an ACL grant may give.
var aclPermissions = map[string]bool{"FULL_CONTROL": true, "READ": true, "WRITE": true, "READ_ACP": true, "WRITE_ACP": true}

// checkCannedACL answers an x-amz-acl value S3 does not know: AWS sends
// InvalidArgument with an empty message (versitygw#1379).
func (s *Server) checkCannedACL(h http.Header) *s3Error {
	values, ok := h["X-Amz-Acl"]
	if !ok || s.dev.has(devACLCannedUnchecked) {
		return nil
	}
	if v := strings.Join(values, ","); !bucketCannedACLs[v] {
		return errInvalidArgument("", "x-amz-acl", v)
	}
	return nil
}

// ownerOnlyACL reports whether a canned ACL gives nobody but the owner
// access: the only ACLs BucketOwnerEnforced allows.
func ownerOnlyACL(canned string) bool {
	return canned == "" || canned == "private" || canned == "bucket-owner-full-control"
}

// aclsDisabled reports whether ownership disables ACLs other than the
// owner's full control.
func (s *Server) aclsDisabled(ownership string) bool {
	return ownership == "BucketOwnerEnforced" && !s.dev.has(devACLOwnershipIgnored)
}

// hasGrantHeaders reports x-amz-grant-* headers.
func hasGrantHeaders(h http.Header) bool {
	for name := range h {
		if strings.HasPrefix(strings.ToLower(name), "x-amz-grant-") {
			return true
		}
	}
	return false
}

// checkCreateBucketHeaders validates the ACL and ownership headers of
// CreateBucket before the bucket exists.
func (s *Server) checkCreateBucketHeaders(q *restRequest) *s3Error {
	h := q.r.Header
	if err := s.checkCannedACL(h); err != nil {
		return err
	}
	ownership := "BucketOwnerEnforced"
	if v := h.Get("X-Amz-Object-Ownership"); v != "" {
		if !objectOwnerships[v] {
			return errInvalidArgument("Invalid x-amz-object-ownership header: "+v, "x-amz-object-ownership", v)
		}
		ownership = v
	}
	if s.aclsDisabled(ownership) && (!ownerOnlyACL(h.Get("X-Amz-Acl")) || hasGrantHeaders(h)) {
		return newError("InvalidBucketAclWithObjectOwnership")
	}
	return nil
}

// configureNewBucket applies CreateBucket's headers to a bucket just
// created (not to one that already existed).
func (s *Server) configureNewBucket(q *restRequest) {
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	b, ok := s.store.buckets[q.bucket]
	if !ok || b.cfg != nil {
		return
	}
	cfg := b.config()
	if v := q.r.Header.Get("X-Amz-Object-Ownership"); v != "" {
		cfg.ownership = v
	}
	cfg.lockEnabled = strings.EqualFold(q.r.Header.Get("X-Amz-Bucket-Object-Lock-Enabled"), "true")
	if cfg.lockEnabled {
		// S3 turns versioning on in a bucket created with Object Lock.
		b.versioning = "Enabled"
	}
	cfg.acl = q.r.Header.Get("X-Amz-Acl")
}

func (s *Server) getBucketACL(q *restRequest) *s3Error {
	if err := s.onBucket(q, false, func(*bucket) *s3Error { return nil }); err != nil {
		return err
	}
	writeXML(q, ownerFullControl(q.caller))
	return nil
}

func (s *Server) putBucketACL(q *restRequest) *s3Error {
	body, err := readBody(q.r, maxConfigSize)
	if err != nil {
		return err
	}
	if err := s.checkCannedACL(q.r.Header); err != nil {
		return err
	}
	if err := s.checkACLWays(q.r.Header, body); err != nil {
		return err
	}
	ownerOnly := ownerOnlyACL(q.r.Header.Get("X-Amz-Acl")) && !hasGrantHeaders(q.r.Header)
	if len(bytes.TrimSpace(body)) > 0 {
		owner, grants, err := s.parseACL(body)
		if err != nil {
			return err
		}
		ownerOnly = ownerOnly && len(grants) <= 1 && (len(grants) == 0 || grants[0] == owner+":FULL_CONTROL")
	}
	return s.onBucket(q, true, func(b *bucket) *s3Error {
		cfg := b.config()
		if s.aclsDisabled(cfg.ownership) && !ownerOnly {
			return newError("AccessControlListNotSupported")
		}
		cfg.acl = q.r.Header.Get("X-Amz-Acl")
		q.w.WriteHeader(http.StatusOK)
		return nil
	})
}

// checkACLWays: PutBucketAcl and PutObjectAcl take an ACL exactly one way, a canned ACL, grant
// headers or an AccessControlPolicy body. The wording is AWS's, recorded by
// LocalStack's snapshot tests (test_s3_bucket_acl_exceptions).
func (s *Server) checkACLWays(h http.Header, body []byte) *s3Error {
	_, canned := h["X-Amz-Acl"]
	grants := hasGrantHeaders(h)
	hasBody := len(bytes.TrimSpace(body)) > 0
	switch {
	case !canned && !grants && !hasBody && !s.dev.has(devACLNothingAccepted):
		e := newError("MissingSecurityHeader", detail{"MissingHeaderName", "x-amz-acl"})
		e.message = "Your request was missing a required header"
		return e
	case s.dev.has(devACLTwoWaysAccepted):
		return nil
	case canned && grants:
		e := newError("InvalidRequest")
		e.message = "Specifying both Canned ACLs and Header Grants is not allowed"
		return e
	case (canned || grants) && hasBody:
		e := newError("UnexpectedContent")
		e.message = "This request does not support content"
		return e
	}
	return nil
}

// parseACL validates an AccessControlPolicy as S3's schema does and
// returns its owner and its grants as "grantee:PERMISSION".
func (s *Server) parseACL(body []byte) (owner string, grants []string, err *s3Error) {
	if s.dev.has(devACLBodyUnchecked) {
		return "", nil, nil
	}
	malformed := newError("MalformedACLError")
	doc := etree.NewDocument()
	if doc.ReadFromBytes(body) != nil || doc.Root() == nil || doc.Root().Tag != "AccessControlPolicy" {
		return "", nil, malformed
	}
	root := doc.Root()
	if id := root.FindElement("Owner/ID"); id != nil {
		owner = strings.TrimSpace(id.Text())
	}
	for _, g := range root.FindElements("AccessControlList/Grant") {
		perm := ""
		if p := g.SelectElement("Permission"); p != nil {
			perm = strings.TrimSpace(p.Text())
		}
		if !aclPermissions[perm] {
			return "", nil, malformed
		}
		grantee := ""
		if id := g.FindElement("Grantee/ID"); id != nil {
			grantee = strings.TrimSpace(id.Text())
		} else if uri := g.FindElement("Grantee/URI"); uri != nil {
			grantee = strings.TrimSpace(uri.Text())
		}
		grants = append(grants, grantee+":"+perm)
	}
	return owner, grants, nil
}
