package codepkg

import (
	"bytes"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// A zip larger than holdMax stays in its temporary file, which has no name
// (nothing is left in the temporary directory, even while the Archive
// lives); a small one is held in memory. Either way the Code reads the
// zip whose CRC-64 is the checksum, computed as the zip was written.
func TestLargeZipStaysInAnUnnamedFile(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	noise := make([]byte, holdMax+64<<10) // deflate cannot shrink it
	r := rand.New(rand.NewPCG(3, 4))
	for i := range noise {
		noise[i] = byte(r.Uint32())
	}
	for _, c := range []struct {
		name   string
		body   []byte
		inFile bool
	}{{"small", []byte("hello"), false}, {"large", noise, true}} {
		a := pack(t, build(t, t.TempDir(), file("data.bin", string(c.body))))
		code := a.Code()
		if (code.File != nil) != c.inFile || (len(code.Zip) > 0) == c.inFile {
			t.Errorf("%s: in a file %v (%d bytes in memory), want in a file %v", c.name, code.File != nil, len(code.Zip), c.inFile)
		}
		zip := zipOf(t, a)
		if int64(len(zip)) != a.ZipSize || code.Len() != a.ZipSize || fcspec.CodeChecksum(zip) != a.Checksum {
			t.Errorf("%s: zip of %d bytes, ZipSize %d, Len %d, checksum %s, want %s", c.name, len(zip), a.ZipSize, code.Len(), a.Checksum, fcspec.CodeChecksum(zip))
		}
		if _, entries := unzip(t, zip); !bytes.Equal([]byte(entries["data.bin"].body), c.body) {
			t.Errorf("%s: data.bin does not round-trip", c.name)
		}
		if left, _ := os.ReadDir(tmp); len(left) != 0 {
			t.Errorf("%s: %d names left in the temporary directory, want none", c.name, len(left))
		}
	}
}
