package codepkg

import (
	"io/fs"
	"os"

	"github.com/wsdeploy/wsdeploy/providers"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// Archive is a code directory packed for upload. (The name Package is taken
// by the function that builds it.) A small zip is held in memory; a large
// one stays in an unnamed temporary file (removed from its directory when
// created), so that a plan holding it costs no memory of its size. The
// runtime closes that file once nothing refers to it (the Archive, or a
// Code made of it): an Archive needs no closing.
type Archive struct {
	Checksum string // FC's codeChecksum of the zip
	Files    int    // regular files and symlinks (directories not counted)
	Size     int64  // unpacked: file contents plus symlink targets, in bytes
	ZipSize  int64  // the zip, in bytes

	zip  []byte   // the zip, when at most holdMax bytes
	file *os.File // else the file that holds it
}

// Code is the archive as a provider uploads it.
func (a *Archive) Code() *providers.Code {
	c := &providers.Code{Zip: a.zip, Size: a.ZipSize, Checksum: a.Checksum}
	if a.file != nil {
		c.File = a.file
	}
	return c
}

// Package zips every file under dir that its IgnoreFile does not exclude.
// Identical sources give identical bytes on any machine (see the package
// documentation). Errors name the file and the reason: a *FileError for a
// path that cannot be packaged, a *LimitError for a package too big to
// upload inline.
func Package(dir string, opts Options) (*Archive, error) {
	maxZip, maxUnpacked := opts.limits()
	root, ig, err := openIgnoring(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	entries, err := walk(root, dir, ig)
	if err != nil {
		return nil, err
	}
	files, size := count(entries)
	if files == 0 {
		return nil, fileErr(dir, "", nil, "has nothing to package: no files, or %s excludes them all", IgnoreFile)
	}
	// Refuse before compressing anything when the listing already says no.
	if size > maxUnpacked {
		return nil, &LimitError{Dir: dir, Size: size, Limit: maxUnpacked}
	}
	z, err := newZipper(root, dir, maxZip, maxUnpacked)
	if err != nil {
		return nil, err
	}
	defer z.close()
	for _, e := range entries {
		if err := z.add(e); err != nil {
			return nil, err
		}
	}
	zip, file, sum, err := z.finish()
	if err != nil {
		return nil, err
	}
	return &Archive{Checksum: fcspec.FormatCodeChecksum(sum), Files: files, Size: z.unpacked, ZipSize: z.out.n, zip: zip, file: file}, nil
}

// count returns the number of files and symlinks and what they unpack to,
// as listed.
func count(entries []entry) (files int, size int64) {
	for _, e := range entries {
		switch e.kind {
		case 0:
			files++
			size += e.size
		case fs.ModeSymlink:
			files++
			size += int64(len(e.target))
		}
	}
	return files, size
}
