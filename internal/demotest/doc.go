// Package demotest runs the README's main command, `make demo`, the way a
// newcomer would: in a fresh copy of the working tree (what a commit of it
// would hold, without build output or state), twice.
package demotest
