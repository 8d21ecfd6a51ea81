package host

import (
	"strings"

	"github.com/hashicorp/go-hclog"
)

// goPluginLogger is the logger go-plugin gets, so that a failing plugin
// reaches the user as one error (errors.go) rather than as that error and
// go-plugin's view of it. go-plugin logs two things through it:
//   - its own messages ("plugin process exited", "plugin failed to exit
//     gracefully"), which the host's errors say better: demoted to debug;
//   - the plugin's stderr, through Named(the plugin's file name): the
//     plugin's log lines keep their level (logStderr), but the lines of a
//     panic, which go-plugin logs as errors, are demoted to debug, since
//     the error that reports the crash quotes them (tail.go).
type goPluginLogger struct {
	hclog.Logger
	stderrName string
}

func (l goPluginLogger) Log(level hclog.Level, msg string, args ...any) {
	l.Logger.Log(min(level, hclog.Debug), msg, args...)
}
func (l goPluginLogger) Info(msg string, args ...any)  { l.Logger.Debug(msg, args...) }
func (l goPluginLogger) Warn(msg string, args ...any)  { l.Logger.Debug(msg, args...) }
func (l goPluginLogger) Error(msg string, args ...any) { l.Logger.Debug(msg, args...) }

func (l goPluginLogger) Named(name string) hclog.Logger {
	if name == l.stderrName {
		return stderrLogger{l.Logger.Named(name)}
	}
	return goPluginLogger{l.Logger.Named(name), l.stderrName}
}

func (l goPluginLogger) ResetNamed(name string) hclog.Logger {
	return goPluginLogger{l.Logger.ResetNamed(name), l.stderrName}
}

func (l goPluginLogger) With(args ...any) hclog.Logger {
	return goPluginLogger{l.Logger.With(args...), l.stderrName}
}

// stderrLogger receives the plugin's stderr from go-plugin: a JSON log
// line as a message with its fields, a plain line as a message alone.
type stderrLogger struct{ hclog.Logger }

// Error keeps the plugin's own error lines; a plain line that go-plugin
// logs as an error without the "[ERROR]" prefix is part of a panic.
func (l stderrLogger) Error(msg string, args ...any) {
	if len(args) == 0 && !strings.HasPrefix(msg, "[ERROR]") {
		l.Logger.Debug(msg)
		return
	}
	l.Logger.Error(msg, withoutTimestamp(args)...)
}

func (l stderrLogger) Warn(msg string, args ...any) { l.Logger.Warn(msg, withoutTimestamp(args)...) }
func (l stderrLogger) Info(msg string, args ...any) { l.Logger.Info(msg, withoutTimestamp(args)...) }
func (l stderrLogger) Debug(msg string, args ...any) {
	l.Logger.Debug(msg, withoutTimestamp(args)...)
}
func (l stderrLogger) Trace(msg string, args ...any) {
	l.Logger.Trace(msg, withoutTimestamp(args)...)
}

// withoutTimestamp drops the plugin's timestamp, which go-plugin appends
// to a JSON line's fields: the host's own log line has one already.
func withoutTimestamp(args []any) []any {
	if n := len(args); n >= 2 && args[n-2] == "timestamp" {
		return args[:n-2]
	}
	return args
}
