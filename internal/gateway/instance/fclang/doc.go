// Package fclang knows where Function Compute's custom runtimes keep their
// built-in languages (/var/fc/lang/nodejs20, /var/fc/lang/python3.10, ...)
// and which host installation can stand in for each, so that an instance's
// sandbox can show the host's interpreter at FC's path and a bootstrap such
// as `exec /var/fc/lang/nodejs20/bin/node /code/index.js` runs unchanged.
//
// Links answers for one runtime. Each Link's HostPath is the prefix of the
// host's interpreter (the directory whose bin/ holds it, found through its
// symlinks), so that bind-mounting HostPath read-only at FCPath makes
// FCPath/bin/node the host's node and FCPath/lib its libraries: with
// Debian's /usr/bin/node, HostPath is /usr.
//
// Version managers' shims (pyenv, rbenv, asdf: scripts in a "shims"
// directory that choose an interpreter at run time) and wrappers such as
// Volta's are not interpreters: their parent directory is no prefix and
// they need the user's home inside the sandbox. They are never mapped.
// LookPath searches a PATH past them to the first real interpreter; Links
// given another lookPath that answers with a shim maps nothing for that
// language.
//
// The table of FC's paths, with its sources, is in table.go. Nothing here
// runs a subprocess: a call costs a PATH search, a symlink resolution and a
// two-byte read per language, so Links needs no cache.
package fclang
