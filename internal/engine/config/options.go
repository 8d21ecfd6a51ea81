package config

import "github.com/wsdeploy/wsdeploy/providers"

// VarArg is one -var NAME=VALUE or -var-file FILE argument. Their order on the
// command line decides precedence (later wins), as in Terraform.
type VarArg struct {
	// File is set for -var-file; otherwise Assignment holds "NAME=VALUE".
	File       string
	Assignment string
}

// Options are the inputs of Load besides the stack directory.
type Options struct {
	Vars []VarArg
	// Environ is consulted for WSDEPLOY_VAR_<name>; nil means os.Environ().
	Environ []string
	// ProviderSchemas are the providers a provider block may name, with the
	// settings each accepts (built-ins and discovered plugins).
	ProviderSchemas map[string]providers.Schema
}
