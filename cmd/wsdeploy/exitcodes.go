package main

// Exit codes: one contract for every command, documented in the README and docs/deploying.md.
// Scripts and CI branch on them, so they never change meaning.
const (
	exitOK    = 0
	exitError = 1 // any error, including usage errors and -check failures
	// exitChanges: plan -detailed-exitcode found changes.
	exitChanges = 2
	// exitSmokeFailed: the post-deploy WebSocket smoke test failed.
	exitSmokeFailed = 3
	// exitUnreachable: a trigger never became reachable before the
	// propagation deadline.
	exitUnreachable = 4
)
