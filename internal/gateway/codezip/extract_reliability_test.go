package codezip

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"io/fs"
	"os"
	"strings"
	"testing"
)

// rawEntry writes an entry whose header declares size but whose deflated
// data is body: a zip that lies about what it unpacks to.
func rawEntry(t *testing.T, name string, size uint64, body []byte) []byte {
	t.Helper()
	var data bytes.Buffer
	fw, _ := flate.NewWriter(&data, flate.BestCompression)
	fw.Write(body)
	fw.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	h := &zip.FileHeader{Name: name, Method: zip.Deflate, UncompressedSize64: size, CompressedSize64: uint64(data.Len())}
	h.SetMode(0o644)
	w, err := zw.CreateRaw(h)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(data.Bytes())
	zw.Close()
	return buf.Bytes()
}

// What issue 9 lists beyond TestExtractRefusals: sizes that lie, a bomb
// by declared size at FC's limits, and names the file system cannot hold.
// Each is an *InvalidError (the control API's 400) and leaves nothing.
func TestExtractRefusesLiesAndLongNames(t *testing.T) {
	small := DefaultLimits
	small.MaxUnpackedBytes = 1 << 20
	deep := strings.Repeat("d/", 2048) + "f" // 4097 bytes: over PATH_MAX
	for _, c := range []struct {
		name    string
		archive []byte
		lim     Limits
		want    string
	}{
		{"size understated", rawEntry(t, "a", 10, make([]byte, 2<<20)), small, "corrupt data"},
		{"declared over FC's limit", rawEntry(t, "a", MaxUnpackedBytes+1, []byte("x")), DefaultLimits, "more than 500 MB"},
		{"name component over 255 bytes", mkzip(t, file(strings.Repeat("n", 300), "x")), DefaultLimits, "at most 255"},
		{"path over 4095 bytes", mkzip(t, file(deep, "x")), DefaultLimits, "at most 4095"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := newSandbox(t)
			err := Extract(c.archive, s.target, c.lim)
			var inv *InvalidError
			if !errors.As(err, &inv) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want an *InvalidError containing %q", err, c.want)
			}
			if _, err := os.Lstat(s.target); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("target exists after a refusal: %v", err)
			}
			if msg := s.outsideChanged(); msg != "" {
				t.Error(msg)
			}
		})
	}
}
