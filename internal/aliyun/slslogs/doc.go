// Package slslogs reads a Function Compute function's logs from Simple Log
// Service (SLS), where FC writes them when the function has a logConfig
// (project and logstore). It calls SLS's GetLogs through the official
// OpenAPI client (github.com/alibabacloud-go/sls-20201230/v6), which shares
// its transport, signing helpers and credentials with the FC client the
// aliyun provider already uses.
//
// It pages through a time window in ascending time, retries a page SLS
// reports incomplete, and follows (-f) by polling windows that end a little
// before now, since SLS indexes a line a moment after FC writes it.
package slslogs
