// Package views renders what wsdeploy's commands have to say, and nothing
// else: commands decide, views print.
//
// As in Terraform's internal/command/views, every command has a view
// interface with a Human implementation (text for a terminal: results on
// stdout, errors and diagnostics on stderr, colour only when wanted) and a
// JSON implementation (a versioned event stream on stdout: one JSON object per
// line, the first one a "version" event). The JSON implementations convert
// the engine's values into the stream's own types (package
// internal/wire/jsonstream), naming engine constants through
// names_json.go, so the stream changes only where those types do. New picks the base view once per
// run from its ViewType; the command-specific constructors (NewPlan,
// NewApply, ...) build on it, switching on the base's Type, so that none
// meets a base it does not know.
//
// Diagnostics carry a source snippet when the file's source is known: a
// diagnostic's range is resolved against the source defensively, because
// ranges come from many places and a renderer must never panic on one that
// does not fit.
package views
