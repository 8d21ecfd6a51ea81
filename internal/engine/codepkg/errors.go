package codepkg

import (
	"errors"
	"fmt"
	"io/fs"
)

// FileError is a path of the code directory that cannot be packaged.
type FileError struct {
	Dir    string // the code directory, as given
	Path   string // slash path relative to Dir; "" for Dir itself
	Reason string // why, and what to do
	Err    error  // the underlying I/O error, if any
}

func (e *FileError) Error() string {
	msg := "code directory " + e.Dir
	if e.Path != "" {
		msg += ": " + e.Path
	}
	msg += ": " + e.Reason
	if err := e.Err; err != nil {
		// A PathError would repeat the path, relative to another root.
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		msg += ": " + err.Error()
	}
	return msg
}

func (e *FileError) Unwrap() error { return e.Err }

func fileErr(dir, path string, err error, format string, args ...any) error {
	return &FileError{Dir: dir, Path: path, Reason: fmt.Sprintf(format, args...), Err: err}
}
