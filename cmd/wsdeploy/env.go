package main

import (
	"io"
	"os"

	"github.com/wsdeploy/wsdeploy/internal/engine/views"
)

// env is what a run reads and writes besides its arguments, so that tests
// can run the whole CLI in process.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	environ        []string
}

// streams describes the run's outputs for views: terminals get colour and
// wrapping (unless -no-color or NO_COLOR), anything else plain text.
func (e *env) streams(noColor bool) views.Streams {
	return views.Streams{
		Stdout: e.stream(e.stdout, noColor),
		Stderr: e.stream(e.stderr, noColor),
	}
}

func (e *env) stream(w io.Writer, noColor bool) views.Stream {
	if f, ok := w.(*os.File); ok {
		return views.NewStream(f, noColor, e.getenv)
	}
	return views.Stream{Writer: w}
}
