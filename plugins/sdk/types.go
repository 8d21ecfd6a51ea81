package sdk

import (
	"github.com/zclconf/go-cty/cty"

	"github.com/wsdeploy/wsdeploy/providers"
)

// The types a provider deals in, so that a plugin needs one import.
type (
	Provider        = providers.Provider
	Info            = providers.Info
	Function        = providers.Function
	HTTPTrigger     = providers.HTTPTrigger
	HealthCheck     = providers.HealthCheck
	Container       = providers.Container
	VPC             = providers.VPC
	Log             = providers.Log
	Lifecycle       = providers.Lifecycle
	SessionAffinity = providers.SessionAffinity
	DomainEndpoint  = providers.DomainEndpoint
	Code            = providers.Code
	Schema          = providers.Schema
	SchemaAttribute = providers.SchemaAttribute

	// The optional interfaces (protocol 1.1): a Provider that also
	// implements them serves their calls; one that does not answers them
	// Unimplemented, which wsdeploy reports as such.
	CustomDomains = providers.CustomDomains
	CustomDomain  = providers.CustomDomain
	Certificate   = providers.Certificate
	TLS           = providers.TLS
	Route         = providers.Route
	Sessions      = providers.Sessions
	Session       = providers.Session
	// Protocol 1.2's: `wsdeploy status` lists instances and states, import
	// tags a function alone, apply and destroy hold the stack's lock.
	Instances     = providers.Instances
	Instance      = providers.Instance
	States        = providers.States
	FunctionState = providers.FunctionState
	Tags          = providers.Tags
	Locker        = providers.Locker
	LockInfo      = providers.LockInfo
	LockedError   = providers.LockedError
)

// ErrNotFound is what a provider returns (wrapped or not) for a missing
// function or trigger; it crosses the wire as its own status.
var ErrNotFound = providers.ErrNotFound

// StackTag is the tag that records which stack owns a function.
const StackTag = providers.StackTag

// Setting types for a SchemaAttribute.
var (
	String = cty.String
	Number = cty.Number
	Bool   = cty.Bool
)

// ListOf and MapOf are list and map setting types.
func ListOf(elem cty.Type) cty.Type { return cty.List(elem) }
func MapOf(elem cty.Type) cty.Type  { return cty.Map(elem) }

// Normalize is the form in which the engine compares what it wrote with
// what a provider reads back (FC's defaults filled in, empty as nil); a
// provider that stores exactly what it was given passes the conformance
// kit without calling it.
func Normalize(f *Function) *Function { return providers.Normalize(f) }
