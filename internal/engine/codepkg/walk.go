package codepkg

import (
	"errors"
	"io/fs"
	"os"
	"slices"
	"strings"
)

// entry is one path to put in the zip.
type entry struct {
	name   string      // slash path; a directory's ends in "/"
	kind   fs.FileMode // 0 (regular file), fs.ModeDir or fs.ModeSymlink
	exec   bool        // a regular file with any execute bit set
	size   int64       // a regular file's size when it was listed
	target string      // a symlink's target, as written
}

// walk lists what the package will hold, sorted by zip name so that the
// order does not depend on the file system. It reads through root, so a
// path swapped for a symlink while walking cannot lead outside dir. An
// excluded directory is not entered.
func walk(root *os.Root, dir string, ig *ignorer) ([]entry, error) {
	var entries []entry
	err := fs.WalkDir(root.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if p == "." {
			p = "" // the directory itself
		}
		if err != nil {
			return fileErr(dir, p, err, "cannot be listed")
		}
		if p == "" {
			return nil
		}
		if ig.excluded(p, d.IsDir()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if err := checkName(dir, p); err != nil {
			return err
		}
		e, err := describe(root, dir, p, d)
		if err != nil {
			return err
		}
		entries = append(entries, e)
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Byte order of full names puts a directory ("a/") before its contents
	// and is the same everywhere, unlike each file system's listing order.
	slices.SortFunc(entries, func(a, b entry) int { return strings.Compare(a.name, b.name) })
	return entries, nil
}

// describe turns one listed path into an entry, refusing special files and
// symlinks that leave the directory.
func describe(root *os.Root, dir, p string, d fs.DirEntry) (entry, error) {
	switch t := d.Type(); {
	case t.IsDir():
		return entry{name: p + "/", kind: fs.ModeDir}, nil
	case t.IsRegular():
		info, err := d.Info()
		if err != nil {
			return entry{}, fileErr(dir, p, err, "cannot be read")
		}
		return entry{name: p, exec: info.Mode().Perm()&0o111 != 0, size: info.Size()}, nil
	case t&fs.ModeSymlink != 0:
		target, err := root.Readlink(p)
		if err != nil {
			return entry{}, fileErr(dir, p, err, "cannot read the symlink")
		}
		if err := checkLink(dir, p, target); err != nil {
			return entry{}, err
		}
		return entry{name: p, kind: fs.ModeSymlink, target: target}, nil
	default:
		return entry{}, fileErr(dir, p, nil, "is %s; a code package holds only files, directories and symlinks: leave it out with %s", special(t), IgnoreFile)
	}
}

func special(t fs.FileMode) string {
	switch {
	case t&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case t&fs.ModeSocket != 0:
		return "a socket"
	case t&fs.ModeCharDevice != 0:
		return "a character device"
	case t&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file (" + t.String() + ")"
}

// openDir opens the code directory, with errors that say what is wrong with
// the path itself.
func openDir(dir string) (*os.Root, error) {
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fileErr(dir, "", nil, "does not exist; fix the function's code path, or run its build first")
	case err != nil:
		return nil, fileErr(dir, "", err, "cannot be read")
	case !info.IsDir():
		return nil, fileErr(dir, "", nil, "is not a directory; code names the directory to package, not a file or a zip")
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fileErr(dir, "", err, "cannot be opened")
	}
	return root, nil
}
