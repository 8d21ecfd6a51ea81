package sdk

import (
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/wsdeploy/wsdeploy/plugins/proto"
)

// The optional interfaces (protocol 1.1 and 1.2): their calls are served
// when the configured provider implements the interface, else answered
// Unimplemented, the answer wsdeploy also gets from a plugin built before
// them, so that it has one case to explain. Configure tells wsdeploy which
// the provider has, so that it asks only for those.

// feature names an optional interface in the answer that says the
// provider lacks it.
type feature struct {
	iface string // the sdk type
	lacks string // what a provider without it cannot do
}

var (
	featureDomains   = feature{"CustomDomains", "does not manage custom domains"}
	featureSessions  = feature{"Sessions", "does not expose sessions"}
	featureInstances = feature{"Instances", "does not list instances"}
	featureStates    = feature{"States", "does not report function states"}
	featureTags      = feature{"Tags", "does not set tags alone"}
	featureLocks     = feature{"Locker", "has no stack locks"}
)

// optional is the configured provider as the optional interface T, or the
// status that says it is not one.
func optional[T any](s *server, f feature) (T, error) {
	var zero T
	p, err := s.configured()
	if err != nil {
		return zero, err
	}
	x, ok := p.(T)
	if !ok {
		return zero, status.Errorf(codes.Unimplemented, "the provider (%T) %s: it does not implement sdk.%s", p, f.lacks, f.iface)
	}
	return x, nil
}

// offered is Configure's answer: which optional interfaces p implements.
func offered(p Provider) *proto.ConfigureResponse {
	_, domains := p.(CustomDomains)
	_, sessions := p.(Sessions)
	_, instances := p.(Instances)
	_, states := p.(States)
	_, tags := p.(Tags)
	_, locks := p.(Locker)
	return &proto.ConfigureResponse{CustomDomains: domains, Sessions: sessions,
		Instances: instances, States: states, Tags: tags, Locks: locks}
}
