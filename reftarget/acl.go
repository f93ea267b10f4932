package reftarget

import (
	"bytes"
	"encoding/xml"
	"net/http"
)

func addObjectACLOperations(add addOperation) {
	add(levelObject, "acl", http.MethodGet, (*Server).getObjectACL)
	add(levelObject, "acl", http.MethodPut, (*Server).putObjectACL)
}

// cannedACLs are the x-amz-acl values S3 knows.
var cannedACLs = map[string]bool{
	"private": true, "public-read": true, "public-read-write": true, "authenticated-read": true,
	"aws-exec-read": true, "bucket-owner-read": true, "bucket-owner-full-control": true,
}

type accessControlPolicy struct {
	XMLName           xml.Name `xml:"AccessControlPolicy"`
	XMLNS             string   `xml:"xmlns,attr"`
	Owner             xmlOwner
	AccessControlList struct {
		Grant []xmlGrant
	}
}

type xmlGrant struct {
	Grantee struct {
		XSI  string `xml:"xmlns:xsi,attr"`
		Type string `xml:"xsi:type,attr"`
		ID   string
	}
	Permission string
}

// objectForACL is the object an ACL request names; missing says it does
// not exist and the deviation lets that pass.
func (s *store) objectForACL(caller, bucketName, key, versionID, method string) (missing bool, err *s3Error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	b, err := s.ownedBucket(caller, bucketName)
	if err != nil {
		return false, err
	}
	if _, err := s.find(b, key, versionID, method); err != nil {
		if err.code == "NoSuchKey" && s.dev.has(devACLMissingKeyOK) {
			return true, nil
		}
		return false, err
	}
	return false, nil
}

func (s *Server) aclTarget(q *restRequest) *s3Error {
	id, err := s.taggingVersion(q)
	if err != nil {
		return err
	}
	_, err = s.store.objectForACL(q.caller, q.bucket, q.key, id, q.r.Method)
	return err
}

// getObjectACL answers with the only ACL this target keeps: the owner has
// FULL_CONTROL.
func (s *Server) getObjectACL(q *restRequest) *s3Error {
	if err := s.aclTarget(q); err != nil {
		return err
	}
	writeXML(q, ownerFullControl(q.caller))
	return nil
}

// ownerFullControl is the access control policy this target keeps for
// every bucket and object: the owner has FULL_CONTROL. The group grants of
// canned ACLs are not rendered; no check reads them.
func ownerFullControl(caller string) accessControlPolicy {
	owner := canonicalUserID(caller)
	policy := accessControlPolicy{XMLNS: s3XMLNS, Owner: xmlOwner{owner}}
	grant := xmlGrant{Permission: "FULL_CONTROL"}
	grant.Grantee.XSI, grant.Grantee.Type, grant.Grantee.ID = "http://www.w3.org/2001/XMLSchema-instance", "CanonicalUser", owner
	policy.AccessControlList.Grant = []xmlGrant{grant}
	return policy
}

// putObjectACL accepts a canned ACL or an AccessControlPolicy and keeps
// nothing: objects stay private to their owner. In a bucket whose ACLs are
// disabled only the owner's full control is accepted.
func (s *Server) putObjectACL(q *restRequest) *s3Error {
	body, err := readBody(q.r, maxConfigSize)
	if err != nil {
		return err
	}
	if canned := q.r.Header.Get("X-Amz-Acl"); canned != "" && !cannedACLs[canned] {
		return errInvalidArgument("", "x-amz-acl", canned)
	}
	if err := s.checkACLWays(q.r.Header, body); err != nil { // bucketacl.go
		return err
	}
	ownerOnly := ownerOnlyACL(q.r.Header.Get("X-Amz-Acl")) && !hasGrantHeaders(q.r.Header)
	if len(bytes.TrimSpace(body)) > 0 {
		if xml.Unmarshal(body, &accessControlPolicy{}) != nil {
			return newError("MalformedACLError")
		}
		owner, grants, err := s.parseACL(body) // bucketacl.go
		if err != nil {
			return err
		}
		ownerOnly = ownerOnly && len(grants) <= 1 && (len(grants) == 0 || grants[0] == owner+":FULL_CONTROL")
	}
	if err := s.aclTarget(q); err != nil {
		return err
	}
	if err := s.checkObjectACL(q, ownerOnly); err != nil {
		return err
	}
	q.w.WriteHeader(http.StatusOK)
	return nil
}

// checkObjectACLHeaders refuses the ACL headers of an object write
// (PutObject, CopyObject, CreateMultipartUpload) that give anyone but the
// owner access, in a bucket whose ACLs are disabled.
func (s *Server) checkObjectACLHeaders(q *restRequest) *s3Error {
	return s.checkObjectACL(q, ownerOnlyACL(q.r.Header.Get("X-Amz-Acl")) && !hasGrantHeaders(q.r.Header))
}

// checkObjectACL refuses an object ACL other than the owner's full control
// in a bucket whose Object Ownership is BucketOwnerEnforced: S3 answers 400
// AccessControlListNotSupported (PutObject API reference; AWS's body quoted
// in anacronw/multer-s3#161 and jakejarvis/s3-sync-action#85).
func (s *Server) checkObjectACL(q *restRequest, ownerOnly bool) *s3Error {
	if ownerOnly {
		return nil
	}
	ownership, err := s.store.objectOwnership(q.caller, q.bucket)
	if err != nil {
		return err
	}
	if s.aclsDisabled(ownership) { // bucketacl.go
		return newError("AccessControlListNotSupported")
	}
	return nil
}

// objectOwnership is the Object Ownership setting of a bucket the caller
// owns; a bucket never configured has S3's default, BucketOwnerEnforced.
func (s *store) objectOwnership(caller, bucketName string) (string, *s3Error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	b, err := s.ownedBucket(caller, bucketName)
	if err != nil {
		return "", err
	}
	if b.cfg == nil {
		return "BucketOwnerEnforced", nil
	}
	return b.cfg.ownership, nil
}
