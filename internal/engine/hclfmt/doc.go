// Package hclfmt puts HCL files in their canonical layout, as `wsdeploy fmt`
// does, and describes a change as a unified diff.
//
// Formatting only touches whitespace (hclwrite.Format), but it is refused for a
// file that does not parse: a formatter guessing at broken syntax could turn a
// clear syntax error into a confusing one, so such files are reported with the
// parser's diagnostics and left as they are.
package hclfmt
