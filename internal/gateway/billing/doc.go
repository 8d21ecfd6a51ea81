// Package billing is the local gateway's meter: it bills instances the way
// Function Compute bills WebSocket functions.
//
// An instance is billed while it is busy, that is while at least one
// connection or request is open on it. FC states two rules, and they are one
// rule: with instance concurrency 1 each connection is billed from its
// establishment to its end; with concurrency above 1, overlapping
// connections are billed once, from the first establishment to the last end
// (A from T1 to T3 and B from T2 to T4 bill T1..T4). Both are the union of
// the connection intervals of one instance, so the meter needs no
// concurrency setting, only the instance each connection runs on. Billed
// resource usage is billed time × the instance's memory in GB (GB-seconds).
//
// The hot path (Begin and the done func it returns) touches only that
// instance's own mutex and atomic counters of its function. Snapshot
// reports, per function, billed time and GB-seconds (connections still open
// count up to the meter's clock), connections, requests and what is open
// now. The meter does not depend on Prometheus; the server assembly exports
// Snapshot through a collector, for example:
//
//	wsdeploy_function_billed_seconds_total{function}   counter  Usage.Billed.Seconds()
//	wsdeploy_function_gb_seconds_total{function}       counter  Usage.GBSeconds
//	wsdeploy_function_connections_total{function}      counter  Usage.Connections
//	wsdeploy_function_requests_total{function}         counter  Usage.Requests
//	wsdeploy_function_active_connections{function}     gauge    Usage.ActiveConnections
//
// The totals never decrease between snapshots, as Prometheus counters must.
package billing
