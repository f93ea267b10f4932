package reftarget

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// anonymous is the caller of a request that carries no credentials.
const anonymous = ""

// maxKeyLength is S3's limit on object key length in bytes
// (KeyTooLongError's MaxSizeAllowed, REST.md §3).
const maxKeyLength = 1024

// object is a stored object. Its fields are never modified after it is
// stored, so copies may share the body and metadata.
type object struct {
	key  string
	body []byte
	// etag is the quoted hex MD5 of body, as S3 sends it.
	etag        string
	contentType string
	// metadata maps lower-case names, without the x-amz-meta- prefix, to
	// values.
	metadata     map[string]string
	lastModified time.Time
	// storageClass is "" for STANDARD (objects.go).
	storageClass string
	// tags are the object's tag set (tagging.go).
	tags map[string]string
	// versionID is "" in a bucket that never had versioning (versioning.go).
	versionID string
	// deleteMarker marks a version that is a delete marker (versioning.go).
	deleteMarker bool
	// lock is the object's retention and legal hold (objectlock.go).
	lock objectLock
	// partSizes are the sizes of the parts of an object completed from a
	// multipart upload; nil for one written whole (parts.go).
	partSizes []int
	// partNumber is the part a GET or HEAD with partNumber asks for; 0 for
	// the whole object (parts.go).
	partNumber int
	// restoring marks an archived object whose RestoreObject was accepted
	// (restore.go). S3 takes hours to finish a restore; this target never
	// does, so a restore stays in progress.
	restoring bool
	// written numbers the write that stored it (conflict.go).
	written uint64
}

type bucket struct {
	name  string
	owner string
	// region is where the bucket lives: the region of the endpoint that
	// created it (regions.go).
	region  string
	created time.Time
	objects map[string]object
	// versioning is "", "Enabled" or "Suspended" (versioning.go).
	versioning string
	// versions holds every version of a key, oldest first, once the bucket
	// has had versioning (versioning.go).
	versions map[string][]object
	// uploads are the multipart uploads in progress (multipart.go).
	uploads map[string]*upload
	// cfg holds the bucket's configuration subresources (bucketconfig.go).
	cfg *bucketConfig
}

// bucketInfo is a bucket as ListBuckets reports it.
type bucketInfo struct {
	name    string
	created time.Time
}

// listQuery selects the objects of a listing; both ListObjects versions map
// their parameters onto it.
type listQuery struct {
	prefix    string
	delimiter string
	// after: only keys and common prefixes sorting after it are returned.
	after   string
	maxKeys int
}

type listPage struct {
	objects        []object
	commonPrefixes []string
	truncated      bool
	// last is the last key or common prefix returned, where the next page
	// starts.
	last string
}

// store holds the buckets and objects and decides every S3 outcome that does
// not depend on the protocol, so REST and SOAP endpoints can share it.
// Callers are identified by access key; anonymous is "".
type store struct {
	region string
	dev    deviationSet
	// bucketLimit is how many buckets an account may have.
	bucketLimit int

	mu      sync.RWMutex
	buckets map[string]*bucket
	// held are the names of deleted buckets, each held for the region it
	// was deleted from for a while (regions.go).
	held map[string]heldName
}

func newStore(region string, dev deviationSet, bucketLimit int) *store {
	return &store{region: region, dev: dev, bucketLimit: bucketLimit, buckets: map[string]*bucket{}, held: map[string]heldName{}}
}

// ownedBy counts the buckets owner has, in every region; the caller holds
// s.mu.
func (s *store) ownedBy(owner string) int {
	n := 0
	for _, b := range s.buckets {
		if b.owner == owner {
			n++
		}
	}
	return n
}

// permits reports whether caller may act on what owner owns. Every bucket is
// private: only its owner may use it.
func (s *store) permits(caller, owner string) bool {
	if caller == anonymous {
		return s.dev.has(devAllowAnonymous)
	}
	return caller == owner
}

func (s *store) listBuckets(caller string) ([]bucketInfo, *s3Error) {
	if !s.permits(caller, caller) {
		return nil, errAccessDenied()
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []bucketInfo
	for _, b := range s.buckets {
		if b.owner == caller {
			out = append(out, bucketInfo{b.name, b.created})
		}
	}
	slices.SortFunc(out, func(a, b bucketInfo) int { return strings.Compare(a.name, b.name) })
	return out, nil
}

// createBucket creates name for caller in the store's own region (the
// first listener's). locationConstraint is the one of the request's
// CreateBucketConfiguration, "" when there is none.
func (s *store) createBucket(caller, name, locationConstraint string) *s3Error {
	return s.createBucketIn(s.region, caller, name, locationConstraint)
}

// createBucketIn is createBucket through the endpoint of region.
func (s *store) createBucketIn(region, caller, name, locationConstraint string) *s3Error {
	if !s.permits(caller, caller) {
		return errAccessDenied()
	}
	if !s.dev.has(devAcceptInvalidBucketNames) && !validBucketName(name) {
		return newError("InvalidBucketName", detail{"BucketName", name})
	}
	if err := s.checkLocationConstraint(region, locationConstraint); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if b, ok := s.buckets[name]; ok {
		if !s.permits(caller, b.owner) {
			return s.errBucketTaken(name) // location.go
		}
		// us-east-1 answers 200 for legacy compatibility (REST.md §4),
		// for a bucket of its own region (localstack test_s3.py
		// test_create_bucket_with_existing_name: 409 from another region).
		if b.region == region && (region == "us-east-1" || s.dev.has(devBucketAlreadyOwnedOK)) {
			return nil
		}
		return newError("BucketAlreadyOwnedByYou", detail{"BucketName", name})
	}
	if err := s.heldElsewhere(region, name); err != nil { // regions.go
		return err
	}
	if s.ownedBy(caller) >= s.bucketLimit && !s.dev.has(devBucketLimitUnenforced) {
		return newError("TooManyBuckets")
	}
	s.buckets[name] = &bucket{name: name, owner: caller, region: region, created: time.Now().UTC(), objects: map[string]object{}}
	return nil
}

// regionName is the shape of AWS region names: us-east-1, eu-central-2,
// us-gov-west-1, ap-southeast-4.
var regionName = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]+$`)

// checkLocationConstraint accepts a missing constraint in every region (AWS
// requires one outside us-east-1; being lenient keeps simple clients working)
// and otherwise only the server's own region, spelled as AWS wants it.
func (s *store) checkLocationConstraint(region, constraint string) *s3Error {
	switch {
	case constraint == "" || s.dev.has(devLocationUnchecked):
		return nil
	case !regionName.MatchString(constraint) && constraint != "EU":
		// Not a region at all ("EU" is S3's legacy name for eu-west-1):
		// InvalidLocationConstraint naming it (AWS answer quoted in
		// versity/versitygw#1645).
		return newError("InvalidLocationConstraint", detail{"LocationConstraint", constraint})
	case constraint == "us-east-1" && region == "us-east-1":
		// us-east-1 is the default location and may not be named there
		// (minio-py#166); elsewhere it is just another region (aws-cli#3723).
		return newError("InvalidLocationConstraint", detail{"LocationConstraint", constraint})
	case constraint != region:
		return newContextError("IllegalLocationConstraintException",
			fmt.Sprintf("The %s location constraint is incompatible for the region specific endpoint this request was sent to.", constraint))
	}
	return nil
}

func (s *store) deleteBucket(caller, name string) *s3Error {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, err := s.ownedBucket(caller, name)
	if err != nil {
		return err
	}
	if !b.empty() && !s.dev.has(devDeleteNonEmptyBucket) {
		return newError("BucketNotEmpty")
	}
	delete(s.buckets, name)
	s.hold(b) // regions.go
	return nil
}

func (s *store) headBucket(caller, name string) *s3Error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	_, err := s.ownedBucket(caller, name)
	return err
}

func (s *store) listObjects(caller, name string, q listQuery) (listPage, *s3Error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	b, err := s.ownedBucket(caller, name)
	if err != nil {
		return listPage{}, err
	}
	var page listPage
	for _, key := range slices.Sorted(maps.Keys(b.objects)) {
		if !strings.HasPrefix(key, q.prefix) {
			continue
		}
		entry, isPrefix := key, false
		if q.delimiter != "" {
			if i := strings.Index(key[len(q.prefix):], q.delimiter); i >= 0 {
				entry, isPrefix = key[:len(q.prefix)+i+len(q.delimiter)], true
			}
		}
		if entry <= q.after {
			continue
		}
		if isPrefix && len(page.commonPrefixes) > 0 && page.commonPrefixes[len(page.commonPrefixes)-1] == entry {
			continue // rolled up into the common prefix already returned
		}
		if len(page.objects)+len(page.commonPrefixes) == q.maxKeys {
			page.truncated = true
			break
		}
		if isPrefix {
			page.commonPrefixes = append(page.commonPrefixes, entry)
		} else {
			page.objects = append(page.objects, b.objects[key])
		}
		page.last = entry
	}
	return page, nil
}

func (s *store) putObject(caller, bucketName string, obj object) *s3Error {
	_, err := s.putObjectVersion(caller, bucketName, obj, writeConditions{})
	return err
}

// errKeyTooLong is S3's answer to a key longer than maxKeyLength bytes.
func errKeyTooLong(key string) *s3Error {
	return newError("KeyTooLongError",
		detail{"Size", strconv.Itoa(len(key))},
		detail{"MaxSizeAllowed", strconv.Itoa(maxKeyLength)})
}

func (s *store) getObject(caller, bucketName, key string) (object, *s3Error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	b, err := s.objectBucket(caller, bucketName, key)
	if err != nil {
		return object{}, err
	}
	obj, ok := b.objects[key]
	if !ok {
		return object{}, s.noSuchKey(b, key)
	}
	return obj, nil
}

// deleteObject succeeds whether or not key exists (REST.md §4).
func (s *store) deleteObject(caller, bucketName, key string) *s3Error {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, err := s.objectBucket(caller, bucketName, key)
	if err != nil {
		return err
	}
	if _, ok := b.objects[key]; !ok && s.dev.has(devDeleteMissingKey404) {
		return errNoSuchKey(key)
	}
	b.remove(key)
	return nil
}

// ownedBucket returns the bucket caller may use. A missing bucket is
// reported even to callers without access, as S3 does. s.mu must be held.
func (s *store) ownedBucket(caller, name string) (*bucket, *s3Error) {
	b, ok := s.buckets[name]
	if !ok {
		return nil, errNoSuchBucket(name)
	}
	if !s.permits(caller, b.owner) {
		return nil, errAccessDenied()
	}
	return b, nil
}

// objectBucket is ownedBucket for object operations on key. s.mu must be
// held.
func (s *store) objectBucket(caller, name, key string) (*bucket, *s3Error) {
	b, err := s.ownedBucket(caller, name)
	if err != nil && err.code == "NoSuchBucket" && s.dev.has(devNoSuchBucketAsNoSuchKey) {
		return nil, errNoSuchKey(key)
	}
	return b, err
}

// canonicalUserID is the stable 64-hex owner ID S3 reports for an account.
func canonicalUserID(accessKey string) string {
	sum := sha256.Sum256([]byte("s3errconform-owner:" + accessKey))
	return hex.EncodeToString(sum[:])
}

// validBucketName applies the naming rules of S3 general-purpose buckets
// (AWS user guide, "Bucket naming rules").
func validBucketName(name string) bool {
	if len(name) < 3 || len(name) > 63 {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-') {
			return false
		}
	}
	if !isLetterOrDigit(name[0]) || !isLetterOrDigit(name[len(name)-1]) {
		return false
	}
	if strings.Contains(name, "..") || looksLikeIPv4(name) {
		return false
	}
	for _, prefix := range []string{"xn--", "sthree-", "amzn-s3-demo-"} {
		if strings.HasPrefix(name, prefix) {
			return false
		}
	}
	for _, suffix := range []string{"-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"} {
		if strings.HasSuffix(name, suffix) {
			return false
		}
	}
	return true
}

func isLetterOrDigit(c byte) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' }

// looksLikeIPv4 reports four dot-separated digit groups, like 192.168.5.4;
// S3 rejects the form whatever the numbers.
func looksLikeIPv4(name string) bool {
	parts := strings.Split(name, ".")
	if len(parts) != 4 {
		return false
	}
	for _, p := range parts {
		if p == "" || strings.Trim(p, "0123456789") != "" {
			return false
		}
	}
	return true
}
