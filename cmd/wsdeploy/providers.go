package main

import (
	"github.com/wsdeploy/wsdeploy/providers"
	"github.com/wsdeploy/wsdeploy/providers/aliyun"
	"github.com/wsdeploy/wsdeploy/providers/local"
)

// providerSchemas are the providers a stack's provider block may name.
func providerSchemas() map[string]providers.Schema {
	return map[string]providers.Schema{
		local.Name:  local.Schema,
		aliyun.Name: aliyun.Schema,
	}
}
