package codepkg

import (
	"archive/zip"
	"bufio"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// zipEpoch is 1980-01-01 00:00:00 as an MS-DOS date, the earliest a zip can
// hold. Setting it directly, with FileHeader.Modified left zero, keeps
// archive/zip from adding an extended-timestamp extra field.
const zipEpoch = 1<<5 | 1 // year 1980+0, month 1, day 1

// errZipTooBig stops packing once the zip passes its limit, so a huge tree
// is refused without being compressed whole into memory.
var errZipTooBig = errors.New("zip too big")

// cappedFile is the zip being written: a temporary file, removed from its
// directory as soon as it is created (it lives while open, and nothing is
// left behind if wsdeploy dies), refusing to grow past max. The zip's
// CRC-64 is computed as it is written, so a large zip is never read back
// whole (see holdMax).
type cappedFile struct {
	f   *os.File
	w   *bufio.Writer
	crc hash.Hash64
	n   int64
	max int64
}

func (c *cappedFile) Write(p []byte) (int, error) {
	if c.n+int64(len(p)) > c.max {
		return 0, errZipTooBig
	}
	n, err := c.w.Write(p)
	c.crc.Write(p[:n]) // a hash never fails
	c.n += int64(n)
	return n, err
}

// holdMax is the largest zip held in memory once packed: a small one is
// read back and its file closed (a stack of thousands of functions must
// not hold a descriptor each); a larger one stays in its file, which the
// provider reads as it uploads, so that a large package costs no memory
// of its size.
const holdMax = 1 << 20

// finish flushes the zip and hands it over: in memory (held) when it is at
// most holdMax bytes, the file closed; else the file (file), open. sum is
// the zip's CRC-64.
func (c *cappedFile) finish() (held []byte, file *os.File, sum uint64, err error) {
	if err := c.w.Flush(); err != nil {
		return nil, nil, 0, err
	}
	if c.n > holdMax {
		f := c.f
		c.f = nil // the Archive owns it now
		return nil, f, c.crc.Sum64(), nil
	}
	b := make([]byte, c.n)
	if _, err := c.f.ReadAt(b, 0); err != nil {
		return nil, nil, 0, err
	}
	return b, nil, c.crc.Sum64(), nil
}

// close closes the file unless finish handed it over.
func (c *cappedFile) close() {
	if c.f != nil {
		c.f.Close()
	}
}

// zipper writes entries into a deterministic zip, counting what they unpack
// to.
type zipper struct {
	root        *os.Root
	dir         string
	out         *cappedFile
	zw          *zip.Writer
	unpacked    int64 // bytes of file contents and symlink targets
	maxUnpacked int64
	// buf is reused for every copy: io.Copy would allocate 32 KB per file
	// (os.File's WriteTo falls back to it), most of a package's garbage.
	buf []byte
}

// newZipper starts a zip in a temporary file; close removes it.
func newZipper(root *os.Root, dir string, maxZip, maxUnpacked int64) (*zipper, error) {
	f, err := os.CreateTemp("", "wsdeploy-zip-")
	if err != nil {
		return nil, fmt.Errorf("cannot package %s: %w", dir, err)
	}
	if err := os.Remove(f.Name()); err != nil {
		f.Close()
		return nil, fmt.Errorf("cannot package %s: %w", dir, err)
	}
	z := &zipper{root: root, dir: dir, maxUnpacked: maxUnpacked, buf: make([]byte, 32<<10),
		out: &cappedFile{f: f, w: bufio.NewWriterSize(f, 64<<10), crc: fcspec.NewCodeHash(), max: maxZip}}
	z.zw = zip.NewWriter(z.out)
	z.zw.RegisterCompressor(zip.Deflate, newDeflater)
	return z, nil
}

func (z *zipper) close() { z.out.close() }

// add writes one entry. Only the name, the mode and the contents reach the
// header: no times but the epoch, no owner, no extra fields.
func (z *zipper) add(e entry) error {
	//lint:ignore SA1019 Modified would add an extended-timestamp extra field; the DOS date alone keeps the bytes (and CRC-64) stable.
	h := &zip.FileHeader{Name: e.name, ModifiedDate: zipEpoch}
	var body io.Reader
	switch e.kind {
	case fs.ModeDir:
		h.SetMode(fs.ModeDir | 0o755)
	case fs.ModeSymlink:
		h.SetMode(fs.ModeSymlink | 0o777)
		body = strings.NewReader(e.target)
	default:
		h.Method = zip.Deflate
		h.SetMode(fileMode(e.exec))
		f, err := z.root.Open(e.name)
		if err != nil {
			return fileErr(z.dir, e.name, err, "cannot be read")
		}
		defer f.Close()
		body = f
	}
	w, err := z.zw.CreateHeader(h)
	if err != nil {
		return z.writeErr(e.name, "cannot be zipped", err)
	}
	if body == nil {
		return nil
	}
	n, err := io.CopyBuffer(w, struct{ io.Reader }{body}, z.buf) // hides WriterTo, so buf is used
	z.unpacked += n
	if err != nil {
		return z.writeErr(e.name, "cannot be read", err)
	}
	if z.unpacked > z.maxUnpacked {
		return &LimitError{Dir: z.dir, Size: z.unpacked, Limit: z.maxUnpacked}
	}
	return nil
}

// fileMode keeps only what matters to the code on FC: whether it runs.
func fileMode(exec bool) fs.FileMode {
	if exec {
		return 0o755
	}
	return 0o644
}

// writeErr tells the zip outgrowing its limit apart from a file's failure.
func (z *zipper) writeErr(name, reason string, err error) error {
	if errors.Is(err, errZipTooBig) {
		return &LimitError{Dir: z.dir, Zip: true, Size: z.out.max + 1, Limit: z.out.max}
	}
	return fileErr(z.dir, name, err, "%s", reason)
}

// finish writes the central directory and returns the zip (see
// cappedFile.finish).
func (z *zipper) finish() (held []byte, file *os.File, sum uint64, err error) {
	if err := z.zw.Close(); err != nil {
		return nil, nil, 0, z.writeErr("", "cannot be zipped", err)
	}
	if held, file, sum, err = z.out.finish(); err != nil {
		return nil, nil, 0, fmt.Errorf("cannot package %s: %w", z.dir, err)
	}
	return held, file, sum, nil
}
