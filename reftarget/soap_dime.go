package reftarget

import (
	"encoding/binary"
	"mime"
)

// dimeContentType is the media type of a DIME message, in which SOAP
// PutObject carries its data as an attachment (SOAP.md §3).
const dimeContentType = "application/dime"

// isDIME reports whether a request's Content-Type is DIME's.
func isDIME(contentType string) bool {
	mediaType, _, err := mime.ParseMediaType(contentType)
	return err == nil && mediaType == dimeContentType
}

// decodeDIME splits a DIME message (draft-nielsen-dime-02) into the SOAP
// envelope of its first record and the data of the records after it, each
// chunked record joined with its continuations; ok is false for anything
// that is not a complete DIME message.
func decodeDIME(msg []byte) (envelope []byte, attachments [][]byte, ok bool) {
	var payloads [][]byte
	chunked := false
	for first := true; ; first = false {
		if len(msg) < 12 || msg[0]>>3 != 1 || (msg[0]&0x04 != 0) != first {
			return nil, nil, false
		}
		last, more := msg[0]&0x02 != 0, msg[0]&0x01 != 0
		lengths := []int{int(binary.BigEndian.Uint16(msg[2:])), int(binary.BigEndian.Uint16(msg[4:])),
			int(binary.BigEndian.Uint16(msg[6:])), int(binary.BigEndian.Uint32(msg[8:]))}
		msg = msg[12:]
		var data []byte
		for i, n := range lengths { // OPTIONS, ID, TYPE, DATA, each padded to 4 bytes
			padded := n + (4-n%4)%4
			if padded > len(msg) || padded < n {
				return nil, nil, false
			}
			if i == 3 {
				data = msg[:n]
			}
			msg = msg[padded:]
		}
		if chunked {
			payloads[len(payloads)-1] = append(payloads[len(payloads)-1], data...)
		} else {
			payloads = append(payloads, append([]byte(nil), data...))
		}
		chunked = more
		if last {
			if more || len(msg) != 0 {
				return nil, nil, false
			}
			return payloads[0], payloads[1:], true
		}
	}
}
