package providers

import "context"

type existedKey struct{}

// WithExisted returns a context in which a create that finds its resource
// already there, as asked, before its call (another run created it) calls
// found: the create succeeds, but created nothing, and an apply does not
// count it as added. The engine sets one per create step.
func WithExisted(ctx context.Context, found func()) context.Context {
	return context.WithValue(ctx, existedKey{}, found)
}

// ReportExisted tells ctx's listener, if any, that the create found its
// resource already there.
func ReportExisted(ctx context.Context) {
	if found, ok := ctx.Value(existedKey{}).(func()); ok && found != nil {
		found()
	}
}
