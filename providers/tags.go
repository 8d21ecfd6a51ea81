package providers

import "context"

// Tags is implemented by providers that set a function's tags alone (FC's
// TagResources), without rewriting its configuration as UpdateFunction
// does: import adopts a function through it. Like Instances it is separate
// from Provider, so plugins written before it keep compiling; without it,
// import falls back to UpdateFunction with the configuration as read.
type Tags interface {
	// TagFunction adds tags to the function or changes their values,
	// leaving its other tags alone; ErrNotFound when it does not exist.
	// It refuses to change the StackTag of a function another stack owns.
	TagFunction(ctx context.Context, function string, tags map[string]string) error
}
