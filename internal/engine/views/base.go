package views

import (
	"time"

	"github.com/hashicorp/hcl/v2"
)

// Base is what every command's view shows besides the command's own
// results.
type Base interface {
	// Diagnostics shows diags with source snippets from sources, keyed by
	// the filenames used in the diagnostics' ranges.
	Diagnostics(diags hcl.Diagnostics, sources map[string][]byte)
	// Error reports a failure that is not tied to a source location.
	Error(err error)
	// Note tells the user something the command did on its own, such as
	// starting the local gateway.
	Note(msg string)
}

// Options choose the base view of one run.
type Options struct {
	Streams Streams
	JSON    bool
	// Version is wsdeploy's version, announced by the JSON stream's first event.
	Version string
	// Now stamps JSON events; nil means time.Now.
	Now func() time.Time
}

// New returns the base view of one run: a *Human, or a *JSON that has
// already written the stream's version event. Call it once per run so the
// version event comes once, first.
func New(opts Options) Base {
	if !opts.JSON {
		return &Human{Streams: opts.Streams}
	}
	return newJSON(opts)
}
