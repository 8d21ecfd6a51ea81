// Command wsdeploy deploys WebSocket services to Function Compute from HCL
// files.
//
// This package is only the command line: it turns arguments and global
// flags into calls to the engine and hands the results to internal/engine/views. It
// holds no business logic, so every verb can be tested with a fake engine and
// the real binary is tested end to end (see e2e_test.go).
//
// Global flags (-chdir, -json, -no-color, -var, -var-file) are accepted both
// before and after the verb; see internal/arguments (globals.go) for how the two positions merge.
// Exit codes are the contract of exitcodes.go.
package main
