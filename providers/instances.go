package providers

import "context"

// Instances is implemented by providers that list a function's live
// instances (FC's ListInstances). Like CustomDomains it is separate from
// Provider, so plugins written before it keep compiling; `wsdeploy status`
// asks for it and says so when a provider lacks it.
type Instances interface {
	// ListInstances returns the function's active instances (FC's
	// withAllActive), in the provider's order; ErrNotFound when the
	// function does not exist.
	ListInstances(ctx context.Context, function string) ([]*Instance, error)
}

// Instance is one instance of a function (FC's InstanceInfo).
type Instance struct {
	ID           string // instanceId
	Qualifier    string
	VersionID    string // "0" for LATEST
	Status       string // as the provider says it ("" when it does not)
	ResourceType string
	CreatedMs    int64 // createdTimeMs; 0 when not reported
	// Connections is how many requests and WebSocket connections the
	// instance carries now. FC's InstanceInfo has no such field: nil when
	// the provider does not report it (FC), set by the local gateway.
	Connections *int
}

// States is implemented by providers that report where a function is in
// its lifecycle (FC's GetFunction state and lastUpdateStatus). It is not
// part of Function: FC's ListFunctions leaves these out, and a state that
// settles between plan and apply is not a change of the deployment (a
// saved plan's fingerprints cover Function).
type States interface {
	// FunctionState returns the function's state, or ErrNotFound.
	FunctionState(ctx context.Context, function string) (*FunctionState, error)
}

// FunctionState is a function's state and the status of its last update.
type FunctionState struct {
	State            string // Pending, Active or Failed
	StateReason      string
	LastUpdateStatus string // Successful, Failed or InProgress
	LastUpdateReason string
}
