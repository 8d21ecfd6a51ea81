// Package statedir is the local gateway's state directory as both sides see
// it: the gateway creates it (mode 0700), its key pair (credentials, an INI
// file in the format of ~/.alibabacloud/credentials, mode 0600) and
// gateway.json (where the running gateway listens); clients (the local
// provider, `wsdeploy gateway status|stop`) read them to find and sign
// requests to the gateway.
package statedir
