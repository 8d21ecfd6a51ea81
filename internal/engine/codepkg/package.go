package codepkg

import (
	"io/fs"

	"github.com/wsdeploy/wsdeploy/providers"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// Archive is a code directory packed for upload. (The name Package is taken
// by the function that builds it.)
type Archive struct {
	Zip      []byte
	Checksum string // FC's codeChecksum of Zip
	Files    int    // regular files and symlinks (directories not counted)
	Size     int64  // unpacked: file contents plus symlink targets, in bytes
}

// Code is the archive as a provider uploads it.
func (a *Archive) Code() *providers.Code {
	return &providers.Code{Zip: a.Zip, Checksum: a.Checksum}
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
	zip, err := z.finish()
	if err != nil {
		return nil, err
	}
	return &Archive{Zip: zip, Checksum: fcspec.CodeChecksum(zip), Files: files, Size: z.unpacked}, nil
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
