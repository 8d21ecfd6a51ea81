// Package wiretest helps the wire formats' tests check that every value of
// an engine enumeration has its wire name, so that a constant added to the
// engine cannot reach a format under its engine spelling.
package wiretest
