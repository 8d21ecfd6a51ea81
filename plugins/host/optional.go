package host

import (
	"context"
	"errors"
	"fmt"

	"github.com/wsdeploy/wsdeploy/plugins/proto"
	"github.com/wsdeploy/wsdeploy/providers"
)

// The engine and the CLI find a provider's optional interfaces
// (providers.CustomDomains, Locker, ...) by type assertion, and must not
// call what the plugin lacks: a provider without locks is applied without
// one, and says so, while a lock call that fails stops the apply. So the
// adapter Configure returns implements exactly the interfaces the plugin
// reported. Go decides a value's methods by its type, so each set of
// features is a type: offers (offered_gen.go, generated from features by
// `go generate`) holds one constructor per set, and Configure picks one.
// A new optional interface is a calls type and a line in features.

//go:generate go test -run TestOffersAreGenerated -update-offers

// feature is one optional interface over a plugin.
type feature struct {
	calls   string // the type whose methods implement it (offered_gen.go)
	lacks   string // what a plugin without it does not do, for errors
	since   int    // the protocol minor that added it
	offered func(*proto.ConfigureResponse) bool
}

var (
	domainsFeature   = feature{"domainCalls", "does not manage custom domains", 1, (*proto.ConfigureResponse).GetCustomDomains}
	sessionsFeature  = feature{"sessionCalls", "does not expose sessions", 1, (*proto.ConfigureResponse).GetSessions}
	instancesFeature = feature{"instanceCalls", "does not list instances", 2, (*proto.ConfigureResponse).GetInstances}
	statesFeature    = feature{"stateCalls", "does not report function states", 2, (*proto.ConfigureResponse).GetStates}
	tagsFeature      = feature{"tagCalls", "does not set tags alone", 2, (*proto.ConfigureResponse).GetTags}
	locksFeature     = feature{"lockCalls", "has no stack locks", 2, (*proto.ConfigureResponse).GetLocks}
)

// features are the optional interfaces, in the order of offers' bits.
var features = []*feature{&domainsFeature, &sessionsFeature, &instancesFeature, &statesFeature, &tagsFeature, &locksFeature}

// offer is r as a providers.Provider that also implements what the plugin
// reported in its ConfigureResponse, and nothing else.
func (r *remote) offer(resp *proto.ConfigureResponse) providers.Provider {
	set := 0
	for i, f := range features {
		if f.offered(resp) {
			set |= 1 << i
		}
	}
	return offers[set](r)
}

// callOptional is call for the calls of the optional interfaces. They are
// offered only when the plugin says it has them, but a plugin may say so
// wrongly (one written in another language, or built against a protocol
// between versions): its Unimplemented answer then says which feature the
// plugin lacks, and matches errors.ErrUnsupported.
func callOptional[T any](ctx context.Context, p *Plugin, f *feature, method string, fn func(context.Context) (T, error)) (T, error) {
	resp, err := call(ctx, p, method, fn)
	var u *unimplementedError
	if errors.As(err, &u) {
		return resp, fmt.Errorf("provider plugin %q %s (it predates protocol %d.%d or does not implement them; it reports protocol %d.%d): %w",
			p.Name, f.lacks, proto.ProtocolVersion, f.since, p.ProtocolVersion, p.ProtocolMinor, errors.ErrUnsupported)
	}
	return resp, err
}
