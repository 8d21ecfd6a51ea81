package codezip

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Layout places code under Root, one directory per function id (not name,
// so a function deleted and recreated under the same name never sees its
// predecessor's code) and one version per checksum:
//
//	Root/<functionId>/<checksum>/      the unpacked code, an instance's working directory
//	Root/<functionId>/<checksum>.zip   the zip as uploaded, served by GetFunctionCode
//
// A version directory is complete whenever it exists (see Extract), so the
// committed function record, which names the checksum, is the only switch
// between versions.
type Layout struct {
	Root   string
	Limits Limits
}

// Dir is where a version's code is unpacked.
func (l Layout) Dir(functionID, checksum string) string {
	return filepath.Join(l.Root, functionID, checksum)
}

// ZipPath is where a version's zip is kept.
func (l Layout) ZipPath(functionID, checksum string) string {
	return l.Dir(functionID, checksum) + ".zip"
}

// Install keeps an upload as a version of the function's code and unpacks
// it, unless that version is already installed; it returns the checksum.
// The zip is fsynced and renamed into place (no copy: the upload lies under
// Root) before the directory appears, so an existing directory implies its
// zip.
func (l Layout) Install(functionID string, u *Upload) (string, error) {
	if err := checkID(functionID); err != nil {
		return "", err
	}
	sum := u.Checksum
	dir := l.Dir(functionID, sum)
	if _, err := os.Lstat(dir); err == nil {
		return sum, nil
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return "", err
	}
	if err := u.keep(l.ZipPath(functionID, sum)); err != nil {
		return "", err
	}
	if err := ExtractFrom(u.f, u.Size, dir, l.Limits); err != nil {
		if _, statErr := os.Lstat(dir); statErr == nil {
			return sum, nil // a concurrent Install of the same code won
		}
		os.Remove(l.ZipPath(functionID, sum)) // a refused version leaves nothing
		return "", err
	}
	return sum, nil
}

// Prune removes every version of the function's code except those in keep,
// and any leftover of an interrupted Install.
func (l Layout) Prune(functionID string, keep ...string) error {
	if err := checkID(functionID); err != nil {
		return err
	}
	des, err := os.ReadDir(filepath.Join(l.Root, functionID))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	kept := map[string]bool{}
	for _, k := range keep {
		kept[k] = true
	}
	var errs []error
	for _, de := range des {
		if version := strings.TrimSuffix(de.Name(), ".zip"); !kept[version] {
			errs = append(errs, os.RemoveAll(filepath.Join(l.Root, functionID, de.Name())))
		}
	}
	return errors.Join(errs...)
}

// Remove deletes all of a function's code.
func (l Layout) Remove(functionID string) error {
	if err := checkID(functionID); err != nil {
		return err
	}
	return os.RemoveAll(filepath.Join(l.Root, functionID))
}

// FunctionIDs lists the function ids that have code on disk, so that code of
// functions no longer in the store can be swept at startup.
func (l Layout) FunctionIDs() ([]string, error) {
	des, err := os.ReadDir(l.Root)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	var ids []string
	for _, de := range des {
		if de.IsDir() {
			ids = append(ids, de.Name())
		}
	}
	return ids, err
}

// checkID keeps an id to a single path component.
func checkID(id string) error {
	if id == "" || id == "." || id == ".." || strings.ContainsAny(id, `/\`) {
		return fmt.Errorf("codezip: bad function id %q", id)
	}
	return nil
}
