// Package demotest runs the README's main command, `make demo`, the way a
// newcomer would: in a fresh clone of the repository, twice.
package demotest
