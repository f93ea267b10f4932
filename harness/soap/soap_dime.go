package soap

import (
	"bytes"
	"encoding/binary"
)

// DIMEContentType is the media type of a DIME message, in which SOAP
// PutObject sends its data as an attachment (SOAP.md §3).
const DIMEContentType = "application/dime"

// The DIME record type formats used (draft-nielsen-dime-02 §3.2.2).
const (
	dimeTypeMedia = 0x1 // TYPE is a media type
	dimeTypeURI   = 0x2 // TYPE is an absolute URI
)

// attachmentID identifies the attachment record: DIME wants a URI there,
// here a Content-ID one (RFC 2392). The envelope does not refer to it: the
// WSDL's PutObject takes its one attachment as the data.
const attachmentID = "cid:data@s3errconform"

// EncodeDIME returns the DIME message (draft-nielsen-dime-02) of a SOAP
// request with one attachment: a first record holding the envelope, typed
// by the SOAP envelope namespace URI as DIME prescribes for SOAP, and a last
// one holding the attachment as application/octet-stream.
func EncodeDIME(envelope, attachment []byte) []byte {
	var b bytes.Buffer
	dimeRecord(&b, true, false, dimeTypeURI, "", SOAPEnvelopeNS, envelope)
	dimeRecord(&b, false, true, dimeTypeMedia, attachmentID, "application/octet-stream", attachment)
	return b.Bytes()
}

// dimeRecord appends one unchunked record: the 12-byte header (VERSION 1,
// MB, ME, CF 0; TYPE_T; the lengths of OPTIONS, ID, TYPE and DATA) and
// the ID, TYPE and DATA fields, each padded to a multiple of 4 bytes.
func dimeRecord(b *bytes.Buffer, first, last bool, typeFormat byte, id, typ string, data []byte) {
	flags := byte(1 << 3) // VERSION 1 in the top five bits
	if first {
		flags |= 1 << 2
	}
	if last {
		flags |= 1 << 1
	}
	header := []byte{flags, typeFormat << 4}
	header = binary.BigEndian.AppendUint16(header, 0)
	header = binary.BigEndian.AppendUint16(header, uint16(len(id)))
	header = binary.BigEndian.AppendUint16(header, uint16(len(typ)))
	header = binary.BigEndian.AppendUint32(header, uint32(len(data)))
	b.Write(header)
	for _, field := range [][]byte{[]byte(id), []byte(typ), data} {
		b.Write(field)
		b.Write(make([]byte, (4-len(field)%4)%4))
	}
}
