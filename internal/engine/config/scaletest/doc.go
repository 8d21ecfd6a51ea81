// Package scaletest writes the large stacks that the validate and plan
// benchmarks and the linearity tests load: one generator, so that the
// figures of docs/BENCHMARKS.md all describe the same stack.
package scaletest
