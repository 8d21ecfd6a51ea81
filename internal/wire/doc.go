// Package wire holds, in its subpackages, the formats other programs read:
// the -json event stream (jsonstream) and the saved-plan file (planfile).
// Each is its own set of types with an explicit format version, and none
// of them imports the engine: the engine converts its model to them, so
// renaming a field or a constant of the engine cannot change a format
// unnoticed. They live under internal/ because the formats are public but
// the Go types are not: programs read the JSON, not this package.
package wire
