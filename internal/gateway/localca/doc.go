// Package localca is the local gateway's certificate authority: created
// once in the state directory (the certificate at ca.pem, the key at
// ca-key.pem, 0600), it issues a leaf certificate for a custom domain
// that serves HTTPS without one of its own, so that a client which trusts
// ca.pem reaches wss://<domain>/ with full verification. Leaves live in
// memory only and are issued again after a restart.
package localca
