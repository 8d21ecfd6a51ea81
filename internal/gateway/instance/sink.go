package instance

import "time"

// LogSink receives an instance's output, one line at a time, without the
// newline. Implementations must be safe for concurrent use: stdout and
// stderr of many instances arrive from different goroutines.
type LogSink interface {
	Line(function, instanceID, stream string, t time.Time, line string)
}

// Streams of a LogSink line.
const (
	Stdout = "stdout"
	Stderr = "stderr"
)

type discard struct{}

func (discard) Line(string, string, string, time.Time, string) {}
