package codezip

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
)

// entry is a validated zip entry, ready to write.
type entry struct {
	f    *zip.File
	path string // clean, relative, slash-separated
	kind fs.FileMode
}

// Extract unpacks archive into dir, which must not exist. It writes into a
// temporary sibling and renames it to dir only when everything is written:
// on any error dir is left absent and nothing else remains. A refusal of the
// archive itself is an *InvalidError.
func Extract(archive []byte, dir string, lim Limits) error {
	return ExtractFrom(bytes.NewReader(archive), int64(len(archive)), dir, lim)
}

// ExtractFrom is Extract of the size bytes of archive (an *os.File, so that
// a zip of any size is unpacked without being held in memory).
func ExtractFrom(archive io.ReaderAt, size int64, dir string, lim Limits) error {
	entries, err := scan(archive, size, lim)
	if err != nil {
		return err
	}
	if _, err := os.Lstat(dir); err == nil {
		return fmt.Errorf("extract: %s already exists", dir)
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dir), "."+filepath.Base(dir)+".tmp-")
	if err != nil {
		return err
	}
	if err := writeAll(tmp, entries, lim); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	if err := os.Rename(tmp, dir); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	return nil
}

// scan opens the archive and validates every entry before anything is
// written: names, types, duplicates, entries under symlinks, and the
// declared sizes against the limits.
func scan(archive io.ReaderAt, size int64, lim Limits) ([]entry, error) {
	r, err := zip.NewReader(archive, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) { // names are checked below
		return nil, invalid("", "not a valid zip archive: %v", err)
	}
	if len(r.File) > lim.MaxEntries {
		return nil, invalid("", "%d entries; the gateway accepts at most %d", len(r.File), lim.MaxEntries)
	}
	var (
		entries = make([]entry, 0, len(r.File))
		kinds   = map[string]fs.FileMode{} // path → type, to spot clashes
		total   uint64
	)
	for _, f := range r.File {
		p, err := entryPath(f.Name)
		if err != nil {
			return nil, err
		}
		if _, dup := kinds[p]; dup {
			return nil, invalid(f.Name, "appears twice in the archive")
		}
		kind := f.Mode().Type()
		kinds[p] = kind
		switch kind {
		case 0, fs.ModeDir, fs.ModeSymlink:
		default:
			return nil, invalid(f.Name, "is a special file (%v); only files, directories and symlinks are allowed", kind)
		}
		if f.Flags&0x1 != 0 {
			return nil, invalid(f.Name, "is encrypted; upload an unencrypted zip")
		}
		if kind != fs.ModeDir {
			if total += f.UncompressedSize64; total < f.UncompressedSize64 || total > uint64(lim.MaxUnpackedBytes) {
				return nil, invalid("", "unpacks to more than %d MB, the most Function Compute accepts", lim.MaxUnpackedBytes>>20)
			}
		}
		entries = append(entries, entry{f: f, path: p, kind: kind})
	}
	if err := checkRatio(total, size, lim); err != nil {
		return nil, err
	}
	for _, e := range entries {
		for dir := path.Dir(e.path); dir != "."; dir = path.Dir(dir) {
			switch kind, ok := kinds[dir]; {
			case ok && kind == fs.ModeSymlink:
				return nil, invalid(e.f.Name, "lies under the symlink %q; writing through a link could escape the code directory", dir)
			case ok && kind != fs.ModeDir:
				return nil, invalid(e.f.Name, "lies under %q, which the archive also has as a file", dir)
			}
		}
	}
	return entries, nil
}

func checkRatio(unpacked uint64, archive int64, lim Limits) error {
	if unpacked <= ratioFloor || archive == 0 {
		return nil
	}
	if ratio := unpacked / uint64(archive); ratio > uint64(lim.MaxRatio) {
		return invalid("", "unpacks to %d times its size (the limit is %d): this looks like a zip bomb", ratio, lim.MaxRatio)
	}
	return nil
}

// writeAll writes the entries under tmp through an os.Root, so that even a
// path this package failed to refuse cannot reach outside tmp.
func writeAll(tmp string, entries []entry, lim Limits) error {
	root, err := os.OpenRoot(tmp)
	if err != nil {
		return err
	}
	defer root.Close()
	budget := lim.MaxUnpackedBytes
	for _, e := range entries {
		if dir := path.Dir(e.path); dir != "." {
			if err := root.MkdirAll(dir, 0o755); err != nil {
				return err
			}
		}
		switch e.kind {
		case fs.ModeDir:
			err = root.MkdirAll(e.path, 0o755)
		case fs.ModeSymlink:
			err = writeLink(root, e)
		default:
			err = writeFile(root, e, &budget)
		}
		if err != nil {
			return err
		}
	}
	return os.Chmod(tmp, 0o755) // MkdirTemp made it 0700
}

func writeLink(root *os.Root, e entry) error {
	target, err := readEntry(e.f, maxLinkTarget)
	if err != nil {
		return err
	}
	if err := checkLinkTarget(e.path, string(target)); err != nil {
		return err
	}
	return root.Symlink(string(target), e.path)
}

// writeFile copies one file, counting its real size against budget (a
// declared size can lie), with its executable bits kept and the rest of its
// mode normalised, so the result does not depend on the zip tool or umask.
func writeFile(root *os.Root, e entry, budget *int64) error {
	rc, err := e.f.Open()
	if err != nil {
		return invalid(e.f.Name, "cannot be read: %v", err)
	}
	defer rc.Close()
	// O_EXCL also refuses to follow a symlink at the final component.
	out, err := root.OpenFile(e.path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	src := &readErr{r: io.LimitReader(rc, *budget+1)}
	n, err := io.Copy(out, src)
	*budget -= n
	switch {
	case src.err != nil: // the archive's fault, not the disk's
		err = invalid(e.f.Name, "corrupt data: %v", src.err)
	case err == nil && *budget < 0:
		err = invalid("", "unpacks to more than the allowed size")
	}
	if err == nil {
		err = out.Chmod(0o644 | e.f.Mode().Perm()&0o111)
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return err
}

func readEntry(f *zip.File, max int64) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, invalid(f.Name, "cannot be read: %v", err)
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, max+1))
	if err != nil {
		return nil, invalid(f.Name, "corrupt data: %v", err)
	}
	if int64(len(b)) > max {
		return nil, invalid(f.Name, "symlink target longer than %d bytes", max)
	}
	return b, nil
}

// readErr remembers a read failure, so that a corrupt entry (the client's
// fault) is told apart from a failed write (the gateway's).
type readErr struct {
	r   io.Reader
	err error
}

func (r *readErr) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	if err != nil && err != io.EOF {
		r.err = err
	}
	return n, err
}
