package reftarget

import (
	"bytes"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"hash"
	"hash/crc32"
	"hash/crc64"
	"maps"
	"net/http"
	"slices"
	"strings"
)

// Additional checksums (x-amz-checksum-ALGORITHM, S3 User Guide "Checking
// object integrity"): the body of PutObject and UploadPart must match every
// one sent. The target keeps no checksum with the object: it only checks.

// checksumAlgorithms are the algorithms S3 accepts, by the lower-case suffix
// of their header, each with its name as S3's messages spell it.
var checksumAlgorithms = map[string]struct {
	name string
	new  func() hash.Hash
}{
	"crc32":  {"CRC32", func() hash.Hash { return crc32.NewIEEE() }},
	"crc32c": {"CRC32C", func() hash.Hash { return crc32.New(crc32.MakeTable(crc32.Castagnoli)) }},
	"sha1":   {"SHA1", sha1.New},
	"sha256": {"SHA256", sha256.New},
	// CRC-64/NVME: polynomial 0xad93d23594c93659, reflected, init and
	// final XOR all ones, which is what hash/crc64 computes for the
	// reversed polynomial.
	"crc64nvme": {"CRC64NVME", func() hash.Hash { return crc64.New(crc64.MakeTable(0x9a6c9329ac4bc9b5)) }},
}

// checksumHeaderNotAlgorithm are x-amz-checksum-* headers that carry no
// checksum: x-amz-checksum-mode (GetObject/HeadObject: return checksums;
// the target has none to return), x-amz-checksum-algorithm and
// x-amz-checksum-type (CreateMultipartUpload/CopyObject: which checksum to
// keep; SDKs send them by default, and the parts are still checked by
// their own headers).
var checksumHeaderNotAlgorithm = map[string]bool{"mode": true, "algorithm": true, "type": true}

// checkChecksums verifies the x-amz-checksum-* headers of a request against
// its body. An algorithm this target cannot compute is refused naming its
// header, never ignored.
func checkChecksums(h http.Header, body []byte) *s3Error {
	const prefix = "x-amz-checksum-"
	for _, name := range slices.Sorted(maps.Keys(h)) {
		values := h[name]
		lower := strings.ToLower(name)
		suffix, ok := strings.CutPrefix(lower, prefix)
		if !ok || checksumHeaderNotAlgorithm[suffix] {
			continue
		}
		alg, known := checksumAlgorithms[suffix]
		if !known {
			return newError("NotImplemented", detail{"Header", lower})
		}
		sum := alg.new()
		sum.Write(body)
		calculated := sum.Sum(nil)
		sent, err := base64.StdEncoding.DecodeString(strings.Join(values, ","))
		if err != nil || len(sent) != len(calculated) {
			// LocalStack test_s3.snapshot.json test_put_object_checksum
			// and test_multipart_upload_part_checksum_exception
			// (put-wrong-checksum-no-b64), recorded from AWS.
			return newContextError("InvalidRequest", "Value for "+lower+" header is invalid.")
		}
		if !bytes.Equal(sent, calculated) {
			// Same tests, put-wrong-checksum-value: BadDigest worded per
			// algorithm, without the Content-MD5 case's digest elements.
			e := newError("BadDigest")
			e.message = "The " + alg.name + " you specified did not match the calculated checksum."
			return e
		}
	}
	return nil
}

// checkObjectChecksums is checkChecksums for the bodies of objects and
// parts.
func (s *Server) checkObjectChecksums(h http.Header, body []byte) *s3Error {
	err := checkChecksums(h, body)
	if err != nil && err.code == "BadDigest" && s.dev.has(devChecksumMismatchAccepted) {
		return nil
	}
	return err
}
