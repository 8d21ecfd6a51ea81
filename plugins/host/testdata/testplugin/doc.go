// Command testplugin is a provider plugin for plugins/host's tests, good or
// broken on purpose: its mode is its name, wsdeploy-provider-<mode>, so one
// build serves every test through symlinks.
package main
