// Package daemon starts the local gateway as a background process and stops
// it again: what `wsdeploy gateway --detach`, `wsdeploy gateway stop` and
// the local provider (which starts a gateway when none runs) share.
package daemon
