// Package jsonstream is the -json event stream: one JSON object per line on
// stdout, each with the envelope fields (type, format_version, @level,
// @message, @timestamp) and the fields of its message type. Every message
// type is a struct here with its own wire names; the views convert the
// engine's values into them (internal/engine/views/*_json.go), so the
// stream changes only when this package does. The first event of a run is
// a Version message, as Terraform's machine-readable UI starts with one.
//
// The stream's format is versioned by FormatVersion: adding a message type
// or an optional field keeps it; renaming, removing or changing the meaning
// of one bumps it. docs/deploying.md documents the stream for its readers.
package jsonstream
