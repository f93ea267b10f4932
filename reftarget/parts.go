package reftarget

import (
	"fmt"
	"net/http"
	"strconv"
)

// GetObject and HeadObject with partNumber: the bytes of one part of a
// multipart object, 206 with Content-Range and x-amz-mp-parts-count; an
// object not uploaded in parts is one part, the whole object (AWS's
// answers, recorded by LocalStack's snapshot tests: test_s3.snapshot.json
// test_get_object_part).

func addPartOperations(add addOperation) {
	add(levelObject, "partNumber", http.MethodGet, (*Server).getObjectPart)
	add(levelObject, "partNumber", http.MethodHead, (*Server).getObjectPart)
}

func (s *Server) getObjectPart(q *restRequest) *s3Error {
	n, err := s.partNumber(q) // multipart.go: an integer in 1..10000
	if err != nil {
		return err
	}
	if _, ok := q.r.Header["Range"]; ok {
		return newContextError("InvalidRequest", "Cannot specify both Range header and partNumber query parameter")
	}
	id, err := s.taggingVersion(q)
	if err != nil {
		return err
	}
	obj, err := s.store.objectVersion(q.caller, q.bucket, q.key, id, q.r.Method)
	if err != nil {
		return err
	}
	if s.dev.has(devPartNumberIgnored) {
		return s.serveObject(q, obj)
	}
	return s.serveObject(q, obj.part(n))
}

// partsOf are the sizes of an object's parts: one part, the whole object,
// when it was not uploaded in parts.
func partsOf(obj object) []int {
	if len(obj.partSizes) == 0 {
		return []int{len(obj.body)}
	}
	return obj.partSizes
}

// part returns obj narrowed to part n, to be served by serveObject.
func (obj object) part(n int) object {
	obj.partNumber = n
	return obj
}

// selectPart returns the bytes of the part obj.partNumber names, with
// Content-Range and, for a multipart object, x-amz-mp-parts-count; a part
// past the last is 416 InvalidPartNumber.
func selectPart(obj object, out http.Header) ([]byte, int, *s3Error) {
	sizes := partsOf(obj)
	if obj.partNumber > len(sizes) {
		return nil, 0, errInvalidPartNumber(obj.partNumber, len(sizes))
	}
	first := 0
	for _, size := range sizes[:obj.partNumber-1] {
		first += size
	}
	last := first + sizes[obj.partNumber-1] - 1
	if len(obj.partSizes) > 0 {
		out.Set("X-Amz-Mp-Parts-Count", strconv.Itoa(len(sizes)))
	}
	out.Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", first, last, len(obj.body)))
	return obj.body[first : last+1], http.StatusPartialContent, nil
}

// errInvalidPartNumber is AWS's answer to a part number past the object's
// last part (LocalStack test_get_object_part, part-doesnt-exist and
// part-no-multipart). The code is not in the error catalog, so the error
// is built here with AWS's status and wording rather than from it.
func errInvalidPartNumber(requested, count int) *s3Error {
	return &s3Error{code: "InvalidPartNumber", message: "The requested partnumber is not satisfiable",
		status:  http.StatusRequestedRangeNotSatisfiable,
		details: []detail{{"PartNumberRequested", strconv.Itoa(requested)}, {"ActualPartCount", strconv.Itoa(count)}}}
}
