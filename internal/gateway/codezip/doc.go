// Package codezip takes in a function's code as the control API receives it
// (code.zipFile: a base64 zip) and lays it out on disk for instances to run.
//
// It decodes with a bound on the compressed size, computes FC's codeChecksum
// (CRC-64/ECMA of the zip bytes as an unsigned decimal), and unpacks safely:
// every entry name must be valid UTF-8 and stay inside the target directory
// (no "..", no absolute path), a symlink may only point inside it, no entry
// may sit under a symlink, special files are refused, executable bits are
// kept, and zip bombs are refused by limits on the entry count, the total
// unpacked size and the unpacked/compressed ratio. Unpacking goes to a
// temporary sibling directory that is renamed into place only when complete,
// so a failure or crash never leaves half a tree where code is expected.
//
// Layout names where each version of a function's code lives, so the
// control API (which installs it) and the data plane (which runs it) agree
// without sharing state.
package codezip
