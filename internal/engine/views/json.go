package views

import (
	"encoding/json"
	"io"
	"runtime"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
)

// FormatVersion is the version of the JSON event stream's format. Adding
// event types or fields keeps it; changing or removing them bumps it.
const FormatVersion = "1.0"

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
	v.emit("version", "info", "wsdeploy "+opts.Version, map[string]any{
		"wsdeploy": opts.Version,
		"go":       runtime.Version(),
		"platform": runtime.GOOS + "/" + runtime.GOARCH,
	})
	return v
}

// emit writes one event: the common fields, then the type's own fields.
// Keys come out sorted (encoding/json sorts maps), so output is stable.
func (v *JSON) emit(typ, level, message string, fields map[string]any) {
	event := map[string]any{
		"type":           typ,
		"format_version": FormatVersion,
		"@timestamp":     v.now().Format(time.RFC3339Nano),
		"@level":         level,
		"@message":       strings.ReplaceAll(message, "\n", " "), // one line, always
	}
	for k, val := range fields {
		event[k] = val
	}
	enc := json.NewEncoder(v.w)
	enc.SetEscapeHTML(false) // "<stdin>" should stay readable
	// Every value is built from strings, numbers and structs of them:
	// encoding cannot fail, and a failing writer has nowhere to report to.
	_ = enc.Encode(event)
}

func (v *JSON) Diagnostics(diags hcl.Diagnostics, sources map[string][]byte) {
	for _, d := range diags {
		jd := newJSONDiagnostic(d, sources)
		level, label := "error", "Error: "
		if jd.Severity == "warning" {
			level, label = "warn", "Warning: "
		}
		v.emit("diagnostic", level, label+d.Summary, map[string]any{"diagnostic": jd})
	}
}

func (v *JSON) Error(err error) {
	v.Diagnostics(hcl.Diagnostics{{Severity: hcl.DiagError, Summary: err.Error()}}, nil)
}

func (v *JSON) Note(msg string) {
	v.emit("log", "info", msg, nil)
}
