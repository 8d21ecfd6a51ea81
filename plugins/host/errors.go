package host

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/wsdeploy/wsdeploy/plugins/proto"
)

// startError explains why go-plugin could not start the plugin, in the
// terms of what the plugin's author or user can do about it.
func (p *Plugin) startError(err error) error {
	msg := err.Error()
	lower := strings.ToLower(msg)
	what := fmt.Sprintf("provider plugin %q (%s)", p.Name, p.Path)
	switch {
	case strings.Contains(lower, "incompatible api version"):
		theirs := "the plugin's protocol"
		if m := pluginVersion.FindStringSubmatch(msg); m != nil {
			theirs = "protocol " + m[1]
		}
		return fmt.Errorf("%s speaks another version of the provider protocol than this wsdeploy, which speaks version %d (%s): install a build of the plugin for protocol %d, or a wsdeploy that speaks %s",
			what, proto.ProtocolVersion, firstLine(msg), proto.ProtocolVersion, theirs)
	case strings.Contains(msg, "Failed to read any lines"), strings.Contains(msg, "plugin exited before we could connect"):
		p.waitExit()
		return fmt.Errorf("%s exited before completing the plugin handshake%s%s", what, p.crashHint(), p.lastWords())
	case strings.Contains(msg, "Unrecognized remote plugin message"):
		line := strings.TrimPrefix(firstLine(msg), "Unrecognized remote plugin message: ")
		return fmt.Errorf("%s printed %q on stdout where the plugin handshake was expected: a plugin's stdout belongs to the handshake, so it must log to stderr (sdk.Logger) and print nothing before sdk.Serve%s",
			what, line, p.lastWords())
	case strings.Contains(msg, "timeout while waiting for plugin to start"):
		return fmt.Errorf("%s did not complete the plugin handshake within %s: it hangs before calling sdk.Serve, or is not a wsdeploy provider plugin; it was killed%s",
			what, p.opts.StartTimeout, p.lastWords())
	}
	return fmt.Errorf("%s failed to start: %v%s", what, err, p.lastWords())
}

// pluginVersion finds the plugin's protocol version in go-plugin's
// "incompatible API version" error.
var pluginVersion = regexp.MustCompile(`Plugin version: (\d+)`)

// callError turns a failed call into what the engine and the user need:
// the provider's own error (with providers.ErrNotFound intact) when the
// plugin answered, else what happened to the plugin.
func (p *Plugin) callError(method string, err error) error {
	st, ok := status.FromError(err)
	if !ok {
		return err
	}
	what := fmt.Sprintf("provider plugin %q", p.Name)
	switch st.Code() {
	case codes.Unavailable:
		if p.waitExit() {
			return fmt.Errorf("%s exited during %s%s%s", what, method, p.crashHint(), p.lastWords())
		}
		return fmt.Errorf("%s: %s: the connection to the plugin failed: %s", what, method, st.Message())
	case codes.Unimplemented:
		return &unimplementedError{fmt.Errorf("%s does not implement %s (it reports protocol %d.%d): %s", what, method, p.ProtocolVersion, p.ProtocolMinor, st.Message())}
	}
	return proto.FromStatus(err)
}

// unimplementedError is a call the plugin does not serve, so that the
// optional calls (domains.go) can say which feature is missing.
type unimplementedError struct{ error }

func (e *unimplementedError) Unwrap() error { return e.error }

// exitWait bounds how long a failed call waits for the plugin to finish
// exiting, so that its last words are read before they are reported.
const exitWait = 5 * time.Second

// waitExit reports whether the plugin has exited, waiting a bounded time
// for an exit that the failure suggests is under way.
func (p *Plugin) waitExit() bool {
	if p.runner == nil {
		return false
	}
	select {
	case <-p.runner.exited:
		return true
	case <-time.After(exitWait):
		return false
	}
}

// crashHint says what a panic means to the user, "" when the plugin did
// not panic.
func (p *Plugin) crashHint() string {
	if !p.stderr.crashed() {
		return ""
	}
	return ": it crashed, which is a bug in the plugin: report it to the plugin's author with the output below"
}

// lastWords is the end of the plugin's stderr for an error message.
func (p *Plugin) lastWords() string {
	if s := p.stderr.String(); s != "" {
		return "; its last output on stderr:" + s
	}
	return ""
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
