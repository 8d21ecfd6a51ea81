// Package convert translates a Serverless Devs s.yaml of edition 3.0.0 (the
// fc3 component) into a wsdeploy stack: formatted HCL in the language of
// docs/configuration.md.
//
// Each fc3 resource becomes a function block; its first HTTP trigger an
// http_trigger block; its customDomain a custom_domain block (functions that
// share a domain name share the block). vars become variables, or locals when
// their value refers to something; env('NAME') becomes a variable named NAME, so
// WSDEPLOY_VAR_NAME or -var NAME=... sets it; ${resources.x.props.y} becomes a
// reference to function x where wsdeploy has the attribute.
//
// What cannot be translated is never dropped silently: it is listed as a Note
// and written as a comment in the block it belonged to, saying what and why.
// The input is the user's: any YAML, well formed or not, gives a result or an
// error that names the line, never a panic (FuzzConvert).
package convert
