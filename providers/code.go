package providers

import (
	"bytes"
	"fmt"
	"io"
)

// Code is a function's code package: a zip and its checksum. A small zip
// is held in memory (Zip); a large one stays in a file (File, usually a
// temporary *os.File) so that no copy of it need be in memory: a provider
// streams it to the remote side. Providers read the zip with Len, Reader
// and Bytes, which work for either.
type Code struct {
	// Zip is the zip in memory.
	Zip []byte
	// File holds the zip when Zip is empty: its first Size bytes. It is
	// read only with ReadAt, so that concurrent uploads of one package
	// (functions sharing a code directory) can share it.
	File io.ReaderAt
	Size int64
	// Checksum is the CRC-64 of the zip, as FC's codeChecksum.
	Checksum string
}

// inFile reports whether the zip is read from File.
func (c *Code) inFile() bool { return len(c.Zip) == 0 && c.File != nil }

// Len is the size of the zip in bytes.
func (c *Code) Len() int64 {
	if c.inFile() {
		return c.Size
	}
	return int64(len(c.Zip))
}

// Reader reads the whole zip from its start. Each call returns a new
// reader, so that a retried upload sends the zip again.
func (c *Code) Reader() io.Reader {
	if c.inFile() {
		return io.NewSectionReader(c.File, 0, c.Size)
	}
	return bytes.NewReader(c.Zip)
}

// Bytes is the zip in memory: Zip, or File read whole (for a protocol that
// sends the zip as one message). It costs a copy of the zip.
func (c *Code) Bytes() ([]byte, error) {
	if !c.inFile() {
		return c.Zip, nil
	}
	b := make([]byte, c.Size)
	if _, err := io.ReadFull(c.Reader(), b); err != nil {
		return nil, fmt.Errorf("reading the code package: %w", err)
	}
	return b, nil
}
