// Package instance runs one Function Compute instance of a custom-runtime
// function as one local OS process, the way FC runs it in a sandbox: the
// function's command (or ./bootstrap) in its code directory, FC's environment
// and nothing of the gateway's own (see InheritedEnv), its own port.
//
// Start returns once the instance is ready: its server listens on a
// wildcard address of its port (asked of the kernel through sock_diag, or
// read from /proc/net/tcp{,6} without it, and matched to the process tree by
// socket inode), and its health check, when configured,
// answers 2xx. A server that listens only on 127.0.0.1 or ::1 is refused,
// because FC could not reach it, even though the gateway itself (which dials
// instances over loopback) could. A process that exits or misses the
// deadline is reported with the tail of its output.
//
// Each instance is a process group: Stop sends SIGTERM to the whole group,
// then SIGKILL after a grace period, and the group is killed whenever its
// leader exits, so no grandchild outlives its instance. Done reports any exit
// (crash detection). Every stdout/stderr line goes to a LogSink with its time
// and instance id; FileSink keeps one append-only JSON-lines file per
// function, which ReadLog reads back for `wsdeploy logs --since --follow`.
//
// Linux gives the full behaviour. Elsewhere the listener checks fall back to
// dialling the port, which cannot tell a loopback-only bind apart.
package instance
