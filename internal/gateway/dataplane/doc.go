// Package dataplane is what WebSocket clients reach on the local gateway: one
// loopback listener per HTTP trigger, FC's request checks, placement on
// function instances (local processes, see package instance), and the
// reverse proxy that carries plain HTTP requests and tunnels WebSocket
// connections byte for byte.
//
// The gateway assembly feeds a Plane the desired state: SetFunction for each
// function's runtime spec and SetTrigger for each HTTP trigger, each with the
// time it takes effect, so a new or changed trigger is served only after FC's
// propagation delay while the old behaviour stays until then. A trigger's
// listener is bound at once (its port is reported back and stays the same
// across restarts when the assembly passes it in again) and answers 404 until
// the trigger has propagated.
//
// Each request goes through FC's checks in FC's order (trigger known 404,
// method 403, signature 400/403, limits 400, capacity 429), each refusal
// answered with X-Fc-Error-Type and FC's JSON body. It is then placed on an
// instance with a free slot (below instanceConcurrency), or on a new one;
// arrivals during a cold start queue on the starting instance up to its
// concurrency. A function with session affinity places by session id
// instead, each session on its instance while it lives (affinity.go). After a 101 the gateway owns both TCP sockets and only moves
// bytes, so every WebSocket feature passes untouched: on Linux an event
// loop of its own carries them (evloop_linux.go), elsewhere two goroutines
// per connection (relay). A connection is cut without a close frame
// (the client sees 1006) at the function's timeout, when its instance
// dies, or when idle-drop is on and no byte moved for that long.
//
// The hot path takes no global lock: a trigger's handler holds its own state,
// versions are read through atomic pointers, and placement is a CAS on an
// instance's slot count; locks are per function and only taken to start or
// retire an instance.
package dataplane
