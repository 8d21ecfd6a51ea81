// Package build runs a function's build block: the command, in the stack
// directory, with the block's environment added to wsdeploy's own, before
// the code directory is packaged (compiling a Go binary into it, say).
//
// The output is captured, not streamed: a build that succeeds says nothing,
// and one that fails returns an *Error holding the command, the exit status
// and the tail of what it printed, with known secrets scrubbed, so the user
// sees why without scrolling through a log.
package build
