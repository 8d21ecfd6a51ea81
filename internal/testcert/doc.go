// Package testcert issues throwaway X.509 certificates for tests: a CA,
// certificates it signs, and self-signed ones, with the validity a test
// asks for (an expired certificate is a test case too). Everything is in
// memory and PEM-encoded as stacks and providers take it. Production code
// has its own CA (internal/gateway/localca); this is for tests only.
package testcert
