// Package config turns a stack directory's *.hcl files into a typed, validated
// Stack. It evaluates variables (defaults, *.vars.hcl files, -var, -var-file,
// WSDEPLOY_VAR_<name>), locals and references between blocks (var.x, local.y,
// function.chat.name), then checks the result against Function Compute's
// rules before any API call is made. Every problem is an hcl.Diagnostic that
// points at the exact source range and says how to fix it, reported once:
// what derives from a value in error is skipped, not reported again.
// Warnings teach FC's behaviour (timeouts that end in 1006, triggers without
// a smoke test, secrets in command lines). Evaluation is linear in the size
// of the stack: each block sees only the values it refers to.
package config
