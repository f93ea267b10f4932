package reftarget

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"hash/crc32"
	"net/http"
	"strings"
	"testing"
)

func sha256Base64(body []byte) string {
	sum := sha256.Sum256(body)
	return base64.StdEncoding.EncodeToString(sum[:])
}

func TestAdditionalChecksums(t *testing.T) {
	s := startServer(t, Options{})
	wantStatus(t, do(t, s, "PUT", "/bkt", nil), 200)
	body := []byte("hello")
	crc := crc32.ChecksumIEEE(body)
	good := map[string]string{
		"X-Amz-Checksum-Sha256": sha256Base64(body),
		"X-Amz-Checksum-Crc32":  base64.StdEncoding.EncodeToString([]byte{byte(crc >> 24), byte(crc >> 16), byte(crc >> 8), byte(crc)}),
	}
	// The check value of CRC-64/NVME (its catalogue entry's "123456789").
	if got := checksumOf(t, "crc64nvme", []byte("123456789")); got != "ae8b14860a799888" {
		t.Fatalf("crc64nvme check value %s", got)
	}
	for name, value := range good {
		wantStatus(t, send(t, s, request{method: "PUT", path: "/bkt/ok", body: body, as: &alice, header: http.Header{name: {value}}}), 200)
	}
	id := createUpload(t, s, "/bkt/mp")
	for _, path := range []string{"/bkt/k", "/bkt/mp?partNumber=1&uploadId=" + id} {
		doc := wantWordedError(t, send(t, s, request{method: "PUT", path: path, body: body, as: &alice,
			header: http.Header{"X-Amz-Checksum-Sha256": {sha256Base64([]byte("other"))}}}), "BadDigest", stripQuery(path))
		if doc.values["Message"] != "The SHA256 you specified did not match the calculated checksum." {
			t.Errorf("%s: message %q", path, doc.values["Message"])
		}
		doc = wantWordedError(t, send(t, s, request{method: "PUT", path: path, body: body, as: &alice,
			header: http.Header{"X-Amz-Checksum-Crc32c": {"not base64!"}}}), "InvalidRequest", stripQuery(path))
		if doc.values["Message"] != "Value for x-amz-checksum-crc32c header is invalid." {
			t.Errorf("%s: message %q", path, doc.values["Message"])
		}
	}
	wantStatus(t, do(t, s, "GET", "/bkt/k", nil), 404)
	wantError(t, send(t, s, request{method: "PUT", path: "/bkt/k", body: body, as: &alice,
		header: http.Header{"X-Amz-Checksum-Xxhash64": {"AAAAAAAAAAA="}}}), "NotImplemented", "/bkt/k", detail{"Header", "x-amz-checksum-xxhash64"})
}

func checksumOf(t *testing.T, alg string, body []byte) string {
	t.Helper()
	h := checksumAlgorithms[alg].new()
	h.Write(body)
	return hex.EncodeToString(h.Sum(nil))
}

func stripQuery(path string) string {
	p, _, _ := strings.Cut(path, "?")
	return p
}
