package providers

import (
	"context"
	"time"
)

// Progress is what a provider says while an operation waits on the cloud,
// such as a function that FC is still updating, for the apply's progress
// line.
type Progress struct {
	Function string
	// What is waited for, in a phrase: "FC is applying the update
	// (lastUpdateStatus InProgress)".
	What    string
	Elapsed time.Duration
}

type progressKey struct{}

// WithProgress returns a context whose operations report their waits to
// report. The engine sets one per step; report must be quick and safe for
// concurrent use.
func WithProgress(ctx context.Context, report func(Progress)) context.Context {
	return context.WithValue(ctx, progressKey{}, report)
}

// ReportProgress tells ctx's listener, if any, about a wait.
func ReportProgress(ctx context.Context, p Progress) {
	if report, ok := ctx.Value(progressKey{}).(func(Progress)); ok && report != nil {
		report(p)
	}
}
