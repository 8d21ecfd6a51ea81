package views

import (
	"io"
	"runtime"
	"time"

	"github.com/hashicorp/hcl/v2"

	"github.com/wsdeploy/wsdeploy/internal/wire/jsonstream"
)

// JSON is the base of every JSON view: one event per line on stdout.
type JSON struct {
	w   io.Writer
	now func() time.Time
}

var _ Base = (*JSON)(nil)

func newJSON(opts Options) *JSON {
	v := &JSON{w: opts.Streams.Stdout, now: opts.Now}
	if v.now == nil {
		v.now = time.Now
	}
	v.emit(jsonstream.Info, "wsdeploy "+opts.Version, jsonstream.Version{
		Wsdeploy: opts.Version,
		Go:       runtime.Version(),
		Platform: runtime.GOOS + "/" + runtime.GOARCH,
	})
	return v
}

// emit writes one event of the stream (see package jsonstream).
func (v *JSON) emit(level jsonstream.Level, message string, msg jsonstream.Message) {
	// Every message is built from strings, numbers and structs of them:
	// encoding cannot fail, and a failing writer has nowhere to report to.
	_ = jsonstream.Write(v.w, level, message, v.now(), msg)
}

func (v *JSON) Diagnostics(diags hcl.Diagnostics, sources map[string][]byte) {
	for _, d := range diags {
		jd := newJSONDiagnostic(d, sources)
		level, label := jsonstream.Error, "Error: "
		if jd.Severity == jsonstream.SeverityWarning {
			level, label = jsonstream.Warn, "Warning: "
		}
		v.emit(level, label+d.Summary, jsonstream.DiagnosticMessage{Diagnostic: jd})
	}
}

func (v *JSON) Error(err error) {
	v.Diagnostics(hcl.Diagnostics{{Severity: hcl.DiagError, Summary: err.Error()}}, nil)
}

func (v *JSON) Note(msg string) {
	v.emit(jsonstream.Info, msg, jsonstream.Note{})
}
