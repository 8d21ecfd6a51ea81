// Package plan computes what apply would change: the desired state from a
// stack (each function as providers.Function, normalized with
// providers.Normalize, and its code's CRC-64), the observed state from the
// provider (what the stack owns, plus a read of every declared function it
// does not list, so another stack's function is refused rather than taken
// over), and the difference as ordered Changes with attribute diffs.
// Custom domains are resources too (custom_domain.<host>): FC keeps no
// tags on them, so a domain belongs to the stack when every route points
// to one of its functions (domain_refresh.go); a private key is never
// shown, and a key changes with its certificate (domains.go).
//
// A Plan is plain data, separate from how it is computed (here) and shown
// (internal/engine/views), as in Terraform's internal/plans. Nothing a view can print
// holds a secret: attribute values derived from sensitive variables,
// sensitive environment keys or sensitive provider settings are masked when
// the diff is made, and values the configuration no longer describes (a
// removed environment key) are masked too, since nothing says they are not
// secret. What apply must write (desired functions with their environment,
// code zips) rides along in unexported fields that JSON never sees.
//
// A saved plan (Save, Load) records fingerprints of everything it observed
// and a hash of the stack's files and variable values, but no desired state
// and no code: Resume recomputes both from the stack and refuses, with a
// *StaleError, when the files, the remote side or the built code differ
// from what was planned.
package plan
