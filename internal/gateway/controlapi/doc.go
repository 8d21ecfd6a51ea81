// Package controlapi is the local gateway's Function Compute control API:
// an http.Handler that serves the FC 3.0 (2023-03-30) paths for functions,
// function code, triggers, concurrency configs, sessions (the Session
// API, answered from Config.Sessions, the data plane's) and tags (TagResources, UntagResources, ListTagResources: how
// FC changes tags after creation), so that the official SDK, pointed at
// the gateway, cannot tell it from FC.
//
// Requests and responses are the SDK's own model structs (fc.CreateFunctionInput,
// fc.Function, fc.Trigger, ...), so the JSON shapes match by construction;
// the nulls the SDK sends for unset maps and lists mean "not given". The
// handler fills what FC fills (ids, ARNs, times, state, defaults,
// codeChecksum), validates as FC does with a 400 InvalidArgument whose
// message names the field, and answers errors with FC's body
// {"Code","Message","RequestId"} and statuses. Every response carries an
// x-acs-request-id header.
//
// State lives in a store.Store and code under a codezip.Layout; the handler
// keeps nothing of its own but a per-function lock. Authentication is a hook
// (Config.Authenticate, normally fcauth.VerifyACS3); trigger URLs come from
// the data plane (Config.TriggerURLs); and every committed change is
// reported through Config.Notify (see Event), which is how the data plane
// learns to restart instances and to let new trigger settings take effect
// after FC's propagation delay. The assembly also calls SweepCode once at
// startup, and the data plane finds a function's unpacked code with CodeDir.
package controlapi
