// Package reftarget is the suite's reference S3 target: an in-memory S3
// endpoint that answers the operations the suite uses like Amazon S3 and
// every error exactly as the catalog and the REST facts say. It is the
// default target, the oracle of the suite's own tests, and, started with
// named deviations, a target that is wrong in one known way.
//
// What it does not implement it refuses: a request naming a sub-resource
// or carrying a header it does not implement is answered 501
// NotImplemented (naming the header in <Header>, as S3 does for headers it
// does not support), never served as if the header were absent. The audit
// below covers every x-amz-* request header and sub-resource of the S3 API
// reference (botocore's s3 service-2.json, plus the newer checksum,
// conditional-write and append headers).
//
// # Sub-resources
//
// Implemented: accelerate, acl (bucket, object), analytics, inventory,
// metrics and intelligent-tiering (the documents by id, checked and kept;
// nothing is analysed, inventoried or tiered), attributes
// (GetObjectAttributes), cors, delete (DeleteObjects), encryption,
// legal-hold and retention (GET and PUT, with versionId), lifecycle,
// location, logging, notification, object-lock, ownershipControls,
// partNumber on GET and HEAD (a part of a multipart object; part 1 of any
// other is the whole object), policy, policyStatus, publicAccessBlock
// (every access blocked until set, as S3 does since April 2023),
// replication, requestPayment, restore (RestoreObject: 202 for an archived
// object, then 409 RestoreAlreadyInProgress, since its restores never
// finish), tagging (bucket, object), torrent
// (bucket: the error S3 answers), uploads and uploadId (multipart,
// UploadPartCopy included), versioning, versions, versionId, website,
// list-type, and the listing parameters.
//
// Refused (501): metadataConfiguration, metadataTable, renameObject,
// select, session, torrent on objects, the response-* overrides, and any
// method a sub-resource does not have here (DELETE /bucket?object-lock,
// POST /bucket?acl, DELETE /bucket/key?retention, ...):
// a request naming a sub-resource never falls through to the plain
// operation of its method. As S3 looks up the bucket, the caller's access
// and the key before dispatching an operation, a refused one still
// answers NoSuchBucket, AccessDenied and NoSuchKey first (lookup.go).
//
// # Headers implemented
//
//   - Signing and transport: x-amz-date, x-amz-content-sha256 (including
//     the STREAMING- forms), x-amz-security-token (answered as S3 answers
//     a token it does not know), x-amz-expected-bucket-owner,
//     x-amz-algorithm/-credential/-signature/-signedheaders/-expires
//     (presigned URLs).
//   - Object writes: x-amz-acl, x-amz-grant-* (see ACLs below),
//     x-amz-meta-*, x-amz-storage-class, x-amz-tagging,
//     x-amz-copy-source, x-amz-copy-source-if-*, x-amz-copy-source-version-id,
//     x-amz-copy-source-range (UploadPartCopy), x-amz-object-attributes
//     (GetObjectAttributes: ETag, StorageClass, ObjectSize; no Checksum or
//     ObjectParts, which the target does not keep),
//     x-amz-metadata-directive, x-amz-tagging-directive,
//     x-amz-bucket-object-lock-enabled, x-amz-object-ownership.
//   - Object Lock headers of PutObject and CreateMultipartUpload
//     (x-amz-object-lock-mode, -retain-until-date, -legal-hold): refused
//     with InvalidRequest in a bucket without Object Lock, checked and kept
//     in one with it (GetObjectRetention and GetObjectLegalHold return
//     them). They are refused (501) on CopyObject. A version's legal hold
//     and retention protect it as S3's do: DeleteObject and DeleteObjects
//     of that version are AccessDenied, and so is a PutObjectRetention
//     that shortens or removes the retention; x-amz-bypass-governance-retention
//     lifts GOVERNANCE (never COMPLIANCE, never a legal hold).
//   - Conditional writes: If-Match, and If-None-Match with "*" only, on
//     PutObject and CompleteMultipartUpload; If-None-Match with an ETag is
//     refused as S3 refuses it (501 NotImplemented naming the header).
//   - x-amz-checksum-crc32, -crc32c, -sha1, -sha256, -crc64nvme on
//     PutObject, UploadPart and DeleteObjects: verified against the body
//     (BadDigest, or InvalidRequest for a value that is not a checksum);
//     any other x-amz-checksum-ALGORITHM is refused.
//   - x-amz-server-side-encryption: AES256 (every object is stored under
//     the default SSE-S3 encryption anyway). SSE-C headers
//     (x-amz-server-side-encryption-customer-*) on writes are validated as
//     S3 does (InvalidArgument, InvalidEncryptionAlgorithmError) and, when
//     valid, refused: the target does not encrypt with a customer key.
//   - x-amz-server-side-encryption: aws:kms, with or without
//     x-amz-server-side-encryption-aws-kms-key-id, on PutObject, CopyObject
//     and CreateMultipartUpload: a minimal KMS (kms.go) knows the aws/s3
//     key and the keys of Options.KMSKeys, answers an unknown key with
//     KMS.NotFoundException and a disabled, pending-deletion or SIGN_VERIFY
//     key with S3's KMS errors; a write it accepts is answered with the
//     SSE-KMS headers, but nothing is encrypted.
//
// # Headers accepted without effect, and why that is S3's answer too
//
//   - x-amz-checksum-mode: S3 returns the checksums an object was stored
//     with; the target keeps none, so there are none to return.
//   - x-amz-checksum-algorithm, x-amz-checksum-type,
//     x-amz-sdk-checksum-algorithm: SDKs send them by default; they choose
//     which checksum S3 keeps, and the checksums actually sent are still
//     verified.
//   - x-amz-request-payer: only a bucket's owner can use it here, and S3
//     does not charge a Requester Pays bucket's owner as a requester, so
//     the header changes nothing (Requester Pays can be set and read).
//   - x-amz-confirm-remove-self-bucket-access: the bucket owner never loses
//     access here.
//   - x-amz-user-agent and other x-amz-* headers that are not S3 API
//     parameters: S3 ignores them.
//
// ACLs: the target keeps no ACL but the owner's full control. In a
// BucketOwnerEnforced bucket (S3's default) an ACL that gives anyone else
// access is refused with AccessControlListNotSupported, as S3 refuses it:
// x-amz-acl other than private or bucket-owner-full-control, or any
// x-amz-grant-* header, on PutObject, CopyObject, CreateMultipartUpload,
// PutObjectAcl and PutBucketAcl, and an AccessControlPolicy granting more.
// In a bucket whose ACLs are enabled they are checked (a valid canned
// ACL) and accepted without effect.
//
// # Headers refused (501 NotImplemented naming the header)
//
//   - x-amz-mfa (MFA delete), x-amz-bucket-object-lock-token,
//     x-amz-skip-destination-validation (notification destinations are not
//     validated), x-amz-website-redirect-location (not stored),
//     x-amz-write-offset-bytes (appends to directory buckets).
//   - x-amz-copy-source-server-side-encryption-customer-* (CopyObject,
//     UploadPartCopy).
//   - x-amz-server-side-encryption: aws:kms:dsse, aws:kms on other writes
//     than the three above, x-amz-server-side-encryption-aws-kms-key-id
//     outside them, -context and -bucket-key-enabled (the minimal KMS does
//     neither dual-layer encryption, encryption contexts nor bucket keys),
//     and the SSE-C headers on reads
//     and deletes (no object here is SSE-C encrypted).
//   - x-amz-max-parts, x-amz-part-number-marker (GetObjectAttributes: the
//     target keeps no part list to page through).
//   - x-amz-fwd-*, x-amz-request-route, x-amz-request-token
//     (WriteGetObjectResponse).
package reftarget
