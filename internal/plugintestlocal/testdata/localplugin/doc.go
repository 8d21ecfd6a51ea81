// Command localplugin serves the bundled local provider as a plugin, so
// that the conformance kit runs the local provider out of process, through
// the protocol, exactly as it runs in process.
package main
