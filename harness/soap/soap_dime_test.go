package soap

import (
	"bytes"
	"encoding/binary"
	"testing"
)

// TestEncodeDIME checks the layout of draft-nielsen-dime-02 byte by byte:
// two records, the first (MB) typed by the SOAP envelope URI, the last (ME)
// by a media type, every field padded to 4 bytes.
func TestEncodeDIME(t *testing.T) {
	msg := EncodeDIME([]byte("<e/>x"), []byte("data!"))
	type record struct {
		flags, typeFormat byte
		id, typ, data     string
	}
	var got []record
	for len(msg) > 0 {
		if len(msg) < 12 {
			t.Fatalf("%d bytes left, no record header", len(msg))
		}
		r := record{flags: msg[0], typeFormat: msg[1] >> 4}
		lengths := []int{int(binary.BigEndian.Uint16(msg[2:])), int(binary.BigEndian.Uint16(msg[4:])),
			int(binary.BigEndian.Uint16(msg[6:])), int(binary.BigEndian.Uint32(msg[8:]))}
		msg = msg[12:]
		var fields []string
		for _, n := range lengths {
			padded := n + (4-n%4)%4
			if !bytes.Equal(msg[n:padded], make([]byte, padded-n)) {
				t.Errorf("padding %q is not zeros", msg[n:padded])
			}
			fields = append(fields, string(msg[:n]))
			msg = msg[padded:]
		}
		if fields[0] != "" {
			t.Errorf("options %q", fields[0])
		}
		r.id, r.typ, r.data = fields[1], fields[2], fields[3]
		got = append(got, r)
	}
	want := []record{
		{flags: 1<<3 | 0x04, typeFormat: 0x2, typ: SOAPEnvelopeNS, data: "<e/>x"},
		{flags: 1<<3 | 0x02, typeFormat: 0x1, id: attachmentID, typ: "application/octet-stream", data: "data!"},
	}
	if len(got) != len(want) {
		t.Fatalf("%d records, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("record %d: %+v, want %+v", i, got[i], want[i])
		}
	}
}
