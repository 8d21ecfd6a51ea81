//go:build !linux

package sandbox

// Available reports that sandboxes need Linux's namespaces.
func Available() (ok bool, reason string) {
	return false, "instances run in sandboxes only on Linux (namespaces)"
}
