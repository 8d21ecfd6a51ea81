package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"

	"github.com/wsdeploy/wsdeploy/internal/arguments"
)

// exitStatus ends a run with a code once everything has been reported, so
// nothing is printed twice.
type exitStatus int

func (s exitStatus) Error() string { return fmt.Sprintf("exit status %d", int(s)) }

// exitCode turns the outcome of a run into the process exit status,
// reporting the errors no view has reported: usage errors and urfave's own.
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return exitOK
	}
	var status exitStatus
	if errors.As(err, &status) {
		return int(status)
	}
	help := "wsdeploy --help"
	var usage *arguments.UsageError
	if errors.As(err, &usage) {
		help = usage.Help
	}
	fmt.Fprintf(stderr, "Error: %s\nRun '%s' for usage.\n", err, help)
	return exitError
}

// osReason strips the operation and path from an *fs.PathError ("stat x:
// no such file or directory" → "no such file or directory") so that a
// message can name the path the way the user wrote it.
func osReason(err error) error {
	var pathErr *fs.PathError
	if errors.As(err, &pathErr) {
		return pathErr.Err
	}
	return err
}
