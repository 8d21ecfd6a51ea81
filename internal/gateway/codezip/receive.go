package codezip

import (
	"encoding/base64"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// Upload is a zip received from a client and spooled to a file under the
// layout's root, not yet a version of any function: memory stays bounded
// whatever the code's size. Close it when done; Install takes it over.
type Upload struct {
	f        *os.File
	kept     bool // renamed into the layout by Install
	Size     int64
	Checksum string // FC's codeChecksum of the zip
}

// uploadPrefix names spool files, so that SweepUploads finds those a crash
// left behind.
const uploadPrefix = ".upload-"

// Receive decodes code.zipFile, read as base64 from zipFile, into a spool
// file under Root, computing its checksum on the way and refusing more
// than Limits.MaxArchiveBytes. Refusals of the data are *InvalidError; an
// error of zipFile itself (the request body) is returned as it is; any
// other error is the gateway's storage failing (ENOSPC, EIO...).
func (l Layout) Receive(zipFile io.Reader) (*Upload, error) {
	src := &readErr{r: zipFile}
	u, err := l.spool(base64.NewDecoder(base64.StdEncoding, src))
	var corrupt base64.CorruptInputError
	switch {
	case src.err != nil:
		return nil, src.err
	case errors.As(err, &corrupt):
		return nil, invalid("", "not valid base64 (%v): send the zip encoded with standard base64", err)
	case errors.Is(err, io.ErrUnexpectedEOF): // the decoder's word for a length that is not a multiple of 4
		return nil, invalid("", "not valid base64 (its length is not a multiple of 4: padding missing?): send the zip encoded with standard base64")
	}
	return u, err
}

// spool writes the zip that r yields to a new upload file.
func (l Layout) spool(r io.Reader) (*Upload, error) {
	if err := os.MkdirAll(l.Root, 0o755); err != nil {
		return nil, err
	}
	f, err := os.CreateTemp(l.Root, uploadPrefix)
	if err != nil {
		return nil, err
	}
	u := &Upload{f: f}
	sum := fcspec.NewCodeHash()
	src := &readErr{r: io.LimitReader(r, l.Limits.MaxArchiveBytes+1)}
	u.Size, err = io.Copy(io.MultiWriter(f, sum), src)
	switch {
	case src.err != nil:
		err = src.err
	case err != nil: // the file's fault
	case u.Size > l.Limits.MaxArchiveBytes:
		err = tooBig(l.Limits)
	case u.Size == 0:
		err = invalid("", "empty: send a zip of the code directory")
	}
	if err != nil {
		u.Close()
		return nil, err
	}
	u.Checksum = fcspec.FormatCodeChecksum(sum.Sum64())
	return u, nil
}

// keep makes the upload durable at path: a file that is either absent or
// complete there.
func (u *Upload) keep(path string) error {
	err := u.f.Sync()
	if err == nil {
		err = u.f.Chmod(0o644)
	}
	if err == nil {
		err = os.Rename(u.f.Name(), path)
	}
	u.kept = err == nil
	return err
}

// Close releases the upload, removing its file unless Install kept it.
func (u *Upload) Close() error {
	if u == nil || u.f == nil {
		return nil
	}
	err := u.f.Close()
	if !u.kept {
		os.Remove(u.f.Name())
	}
	u.f = nil
	return err
}

// SweepUploads removes spool files that a crash left behind. Call it at
// startup, before serving.
func (l Layout) SweepUploads() error {
	des, err := os.ReadDir(l.Root)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	var errs []error
	for _, de := range des {
		if !de.IsDir() && strings.HasPrefix(de.Name(), uploadPrefix) {
			errs = append(errs, os.Remove(filepath.Join(l.Root, de.Name())))
		}
	}
	return errors.Join(append(errs, err)...)
}

func tooBig(lim Limits) error {
	return invalid("", "the zip is larger than %d MB, the most Function Compute accepts inline (%d MB as sent, in base64); shrink the code directory (leave out tests, caches, build outputs)", lim.MaxArchiveBytes>>20, lim.MaxArchiveBytes/3*4>>20)
}
