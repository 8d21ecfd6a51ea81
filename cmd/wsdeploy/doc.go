// Command wsdeploy deploys WebSocket services to Function Compute from HCL
// files.
//
// This package is only the command line: each verb's flags and arguments
// are parsed into a typed struct by internal/arguments, which the verb
// turns into calls to the engine, handing the results to the views of
// internal/engine/views (human or JSON, as arguments.Globals.View says). It
// holds no business logic; the real binary is tested end to end (see
// e2e_test.go).
//
// Global flags (-chdir, -json, -no-color, -var, -var-file, -plugin-dir) are
// accepted both before and after the verb; see internal/arguments/globals.go
// for how the two positions merge. Exit codes are the contract of
// exitcodes.go.
package main
