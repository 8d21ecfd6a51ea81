package codepkg

import (
	"compress/flate"
	"io"
	"sync"
)

// deflateLevel is fixed because the level shapes the bytes, and so the
// checksum: 6 is zlib's default, a fair trade of time for size.
const deflateLevel = 6

// flateWriters recycles compressors, as archive/zip's own does: each holds
// hundreds of kilobytes of state, and a package may have thousands of files.
var flateWriters sync.Pool

func newDeflater(w io.Writer) (io.WriteCloser, error) {
	if fw, ok := flateWriters.Get().(*flate.Writer); ok {
		fw.Reset(w)
		return &pooledDeflater{fw}, nil
	}
	fw, err := flate.NewWriter(w, deflateLevel)
	if err != nil {
		return nil, err
	}
	return &pooledDeflater{fw}, nil
}

type pooledDeflater struct{ fw *flate.Writer }

func (d *pooledDeflater) Write(p []byte) (int, error) { return d.fw.Write(p) }

func (d *pooledDeflater) Close() error {
	err := d.fw.Close()
	flateWriters.Put(d.fw)
	d.fw = nil
	return err
}
