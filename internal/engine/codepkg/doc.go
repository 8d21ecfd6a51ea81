// Package codepkg turns a function's code directory into the zip that
// Function Compute receives as code.zipFile, with its codeChecksum
// (CRC-64/ECMA-182 of the zip, as an unsigned decimal). The engine skips an
// upload when that checksum equals the remote one, so the zip is
// deterministic: entries sorted by slash path, an explicit 0755 entry for
// every directory (empty ones survive), files 0644 or 0755 when any execute
// bit is set, the zip epoch (1980-01-01 00:00:00) on every entry, no extra
// fields, deflate at a fixed level; umask, listing order, mtimes and owners
// change nothing. A symlink whose target stays inside the directory is stored
// as a symlink, as FC and the local gateway keep them; one that leaves it, or
// a special file, is an error naming it. Sizes are checked against FC's
// inline-upload limits before anything is sent. The zip is written to an
// unnamed temporary file, its checksum computed on the way; a small one is
// then held in memory, a large one left in the file for the provider to
// stream, so that packing and planning cost no memory of the code's size.
//
// A .fcignore at the top of the directory excludes paths with .gitignore
// syntax; as in git, nothing inside an excluded directory can be re-included.
// Nothing else is excluded by default, except .fcignore itself, which is
// packaging configuration, not code ("!.fcignore" keeps it). The bytes
// depend on compress/flate: if a Go release changes its output, every
// checksum changes once, and TestGoldenChecksum says so.
package codepkg
