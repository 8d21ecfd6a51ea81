// Package statedir is the local gateway's state directory as both sides see
// it: the gateway creates it (mode 0700), its key pair (credentials, an INI
// file in the format of ~/.alibabacloud/credentials, mode 0600) and
// gateway.json (where the running gateway listens); clients (the local
// provider, `wsdeploy gateway status|stop`) read them to find the gateway,
// make it prove, with a key derived from the credentials, that it is the
// directory's gateway (Running, Identify), and only then sign requests to
// it: a stale gateway.json may name another program's pid and port.
package statedir
