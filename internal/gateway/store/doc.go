// Package store is the local gateway's durable state: functions, their
// triggers and concurrency configs, kept in one bbolt file in the state
// directory.
//
// Records are Function Compute's own objects (the SDK's fc.Function,
// fc.Trigger and fc.ConcurrencyConfig) stored as JSON, exactly as the control
// API returns them, plus what the gateway keeps beside them for each
// trigger: its URL id, assigned when the trigger is created and never
// changed, and the data plane's listener port once recorded, so a trigger's
// URL survives updates and restarts. TriggerByURLID is the data plane's
// lookup.
//
// Every mutation is one bbolt transaction, committed with fsync before the
// call returns: a crash or kill -9 at any moment leaves either the old or the
// new state, and an acknowledged write is never lost. Rules that need to see
// more than one record at once live here, inside the transaction, because
// checking them in a caller would race with a concurrent writer: a function
// with triggers cannot be deleted (ErrFunctionNotEmpty), a trigger or
// concurrency config needs its function, names are unique
// (ErrFunctionExists, ErrTriggerExists). Field validation (names, limits,
// trigger config) is the control API's job; the store takes any name.
package store
