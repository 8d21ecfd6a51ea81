// Package apply carries out a plan.Plan against a provider.
//
// Each change becomes a step (a replacement two: delete, then create), and
// steps wait for what they depend on: a function is written before its
// triggers, its triggers are deleted before it (FC refuses to delete a
// function that still has triggers); a custom domain is written after the
// functions it routes to, and a function deleted only once no domain
// routes to it. Independent steps run in parallel, up
// to Options.Parallelism. A failed step fails alone: what depends on it is
// skipped, everything else still runs, and the Result says what was done,
// what failed and what was not attempted. Nothing is ever done twice within
// an apply, deletions of what is already gone count as done, and creates
// rely on the provider's idempotence (it adopts a function or trigger that
// an earlier, lost answer created), so running plan and apply again after a
// failure finishes the rest without duplicates.
//
// Progress is reported through Options.Progress, one call at a time, for
// views to render; apply itself never prints.
package apply
