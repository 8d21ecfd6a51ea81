package views

import (
	"time"

	"github.com/hashicorp/hcl/v2"
)

// ViewType is how a run shows its results: text for a person, or the JSON
// event stream for a program. It is decided once per run, from -json.
type ViewType int

const (
	// ViewHuman is text for a terminal; it is the zero value, so a run that
	// says nothing about its view gets it.
	ViewHuman ViewType = iota
	// ViewJSON is the versioned event stream on stdout.
	ViewJSON
)

func (t ViewType) String() string {
	if t == ViewJSON {
		return "json"
	}
	return "human"
}

// Base is what every command's view shows besides the command's own
// results. Only this package's *Human and *JSON are bases (the interface
// has an unexported method), so the command views built on one always find
// the renderer they need.
type Base interface {
	// Diagnostics shows diags with source snippets from sources, keyed by
	// the filenames used in the diagnostics' ranges.
	Diagnostics(diags hcl.Diagnostics, sources map[string][]byte)
	// Error reports a failure that is not tied to a source location.
	Error(err error)
	// Note tells the user something the command did on its own, such as
	// starting the local gateway.
	Note(msg string)
	// Type is the kind of view this is.
	Type() ViewType
	// renderers returns the base as what it is: the renderer of Type, and
	// nil for the other.
	renderers() (*Human, *JSON)
}

// Options choose the base view of one run.
type Options struct {
	Streams Streams
	Type    ViewType
	// Version is wsdeploy's version, announced by the JSON stream's first event.
	Version string
	// Now stamps JSON events; nil means time.Now.
	Now func() time.Time
}

// New returns the base view of one run: a *JSON that has already written
// the stream's version event for ViewJSON, else a *Human. Call it once per
// run so the version event comes once, first.
func New(opts Options) Base {
	switch opts.Type {
	case ViewJSON:
		return newJSON(opts)
	default:
		return &Human{Streams: opts.Streams}
	}
}

func (h *Human) Type() ViewType             { return ViewHuman }
func (h *Human) renderers() (*Human, *JSON) { return h, nil }
func (v *JSON) Type() ViewType              { return ViewJSON }
func (v *JSON) renderers() (*Human, *JSON)  { return nil, v }

// pick builds the command view of base's type: json on the JSON renderer,
// else human on the human one. Every NewX constructor goes through it, so
// none can meet a base it does not know.
func pick[V any](base Base, human func(*Human) V, json func(*JSON) V) V {
	h, j := base.renderers()
	switch base.Type() {
	case ViewJSON:
		return json(j)
	default:
		return human(h)
	}
}
