package instance

import (
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// FileSink is a LogSink that appends each function's lines to
// <dir>/<function>.log, one JSON Entry per line. Files are opened once and
// kept open; each line is one write, so a reader never sees two lines mixed.
type FileSink struct {
	dir   string
	mu    sync.Mutex
	files map[string]*logFile
	err   error // the first write error, for Err
}

type logFile struct {
	mu sync.Mutex // one writer at a time per function, not per sink
	f  *os.File
}

// NewFileSink creates dir if needed (private: output may hold secrets).
func NewFileSink(dir string) (*FileSink, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	return &FileSink{dir: dir, files: map[string]*logFile{}}, nil
}

// LogPath is the log file of function under dir.
func LogPath(dir, function string) string {
	return filepath.Join(dir, function+".log")
}

// Line implements LogSink.
func (s *FileSink) Line(function, instanceID, stream string, t time.Time, line string) {
	lf, err := s.file(function)
	if err == nil {
		b := Entry{Time: t, Instance: instanceID, Stream: stream, Line: line}.encode()
		lf.mu.Lock()
		_, err = lf.f.Write(b)
		lf.mu.Unlock()
	}
	if err != nil {
		s.mu.Lock()
		if s.err == nil {
			s.err = err
		}
		s.mu.Unlock()
	}
}

func (s *FileSink) file(function string) (*logFile, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if lf := s.files[function]; lf != nil {
		return lf, nil
	}
	if err := fcspec.CheckFunctionName(function); err != nil { // it names a file
		return nil, err
	}
	f, err := os.OpenFile(LogPath(s.dir, function), os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	lf := &logFile{f: f}
	s.files[function] = lf
	return lf, nil
}

// Err reports the first line that could not be written.
func (s *FileSink) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// Close closes every file; later lines reopen them.
func (s *FileSink) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	var first error
	for name, lf := range s.files {
		lf.mu.Lock()
		if err := lf.f.Close(); err != nil && first == nil {
			first = err
		}
		lf.mu.Unlock()
		delete(s.files, name)
	}
	return first
}
