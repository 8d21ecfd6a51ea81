package providers

import (
	"bytes"
	"io"
	"strings"
	"testing"
)

// A Code reads the same zip whether it holds it or a file does, as often
// as asked; a file shorter than Size is an error, not a short zip.
func TestCodeReadsMemoryOrFile(t *testing.T) {
	zip := []byte("PK\x03\x04 a zip, say")
	for name, c := range map[string]*Code{
		"memory": {Zip: zip},
		"file":   {File: bytes.NewReader(append([]byte(nil), zip...)), Size: int64(len(zip))},
		// A file larger than the zip: only Size bytes are the zip.
		"prefix": {File: strings.NewReader(string(zip) + "more"), Size: int64(len(zip))},
	} {
		if c.Len() != int64(len(zip)) {
			t.Errorf("%s: Len %d, want %d", name, c.Len(), len(zip))
		}
		for i := range 2 {
			if got, err := io.ReadAll(c.Reader()); err != nil || !bytes.Equal(got, zip) {
				t.Errorf("%s: read %d: %q, %v", name, i+1, got, err)
			}
		}
		if got, err := c.Bytes(); err != nil || !bytes.Equal(got, zip) {
			t.Errorf("%s: Bytes: %q, %v", name, got, err)
		}
	}
	short := &Code{File: strings.NewReader("PK"), Size: 10}
	if b, err := short.Bytes(); err == nil {
		t.Errorf("a short file: Bytes = %q, want an error", b)
	}
	if empty := (&Code{}); empty.Len() != 0 {
		t.Errorf("an empty Code: Len %d", empty.Len())
	}
}
