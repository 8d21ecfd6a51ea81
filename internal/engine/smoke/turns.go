package smoke

import "context"

// turns bounds the checks that may hold a connection at once
// (Options.Parallelism). A check takes a turn for each handshake attempt
// and keeps it through the session, until its connection is closed; it
// gives it back while it waits between attempts, so a target waiting out
// propagation or capacity holds no place that others could use.
type turns chan struct{}

func newTurns(n int) turns { return make(turns, n) }

// take waits for a turn; false when ctx ended first.
func (t turns) take(ctx context.Context) bool {
	select {
	case t <- struct{}{}:
		return true
	case <-ctx.Done():
		return false
	}
}

func (t turns) give() { <-t }
