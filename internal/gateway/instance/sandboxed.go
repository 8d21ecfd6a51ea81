package instance

import (
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/wsdeploy/wsdeploy/internal/gateway/instance/fclang"
	"github.com/wsdeploy/wsdeploy/internal/gateway/instance/memcg"
	"github.com/wsdeploy/wsdeploy/internal/gateway/instance/sandbox"
)

// Sandboxing is how an instance is isolated when Spec.Sandbox is set.
type Sandboxing struct {
	// DiskMB sizes the instance's private /tmp (FC's diskSize); 0 leaves
	// it unsized.
	DiskMB int

	// Hide lists host directories an instance must never see (the
	// gateway's state directory), even through a directory of PATH that
	// would contain them.
	Hide []string

	// Memory limits the instance to MemoryMB through a cgroup of its
	// own; nil runs it without a limit.
	Memory *memcg.Controller

	// Join relays the connections an instance makes to the host's
	// loopback services (see sandbox.Config.ForwardPorts); nil leaves
	// them out of the instance's sight.
	Join func(inner, outer net.Conn)
}

// maxForwardedPorts bounds the host loopback ports served inside one
// instance, so a host with thousands of listeners does not slow starts.
const maxForwardedPorts = 256

// sandboxConfig is what init needs for s: the command as seen inside, the
// binds and the forwarded ports.
func sandboxConfig(s Spec, path string, args, env []string, root string) sandbox.Config {
	return sandbox.Config{
		Function:     s.Function,
		InstanceID:   s.InstanceID,
		CodeDir:      s.CodeDir,
		Path:         path,
		Args:         args,
		Env:          env,
		TmpBytes:     int64(s.Sandbox.DiskMB) << 20,
		Binds:        sandboxBinds(s, env),
		Masks:        sandboxMasks(s.Sandbox.Hide),
		ForwardPorts: forwardedPorts(s),
		RootDir:      root,
	}
}

// systemPrefixes are shown inside anyway (see package sandbox).
var systemPrefixes = []string{"/usr", "/etc", "/opt", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"}

// sandboxBinds shows the directories of the instance's PATH that live
// outside the system directories (an nvm or pyenv installation, ~/go/bin)
// and FC's language paths, all read-only.
func sandboxBinds(s Spec, env []string) []sandbox.Bind {
	pathList := envValue(env, "PATH")
	var binds []sandbox.Bind
	seen := map[string]bool{}
	add := func(source, target string) {
		if !seen[target] {
			seen[target] = true
			binds = append(binds, sandbox.Bind{Source: source, Target: target})
		}
	}
	for _, dir := range filepath.SplitList(pathList) {
		if d, ok := pathDirToShow(dir, s.Sandbox.Hide); ok {
			add(d, d)
		}
	}
	for _, l := range fclang.Links(s.Runtime, fclang.LookPath(pathList)) {
		// A path inside a system directory (/opt/python3.12) would need a
		// mount point in the host's read-only view: left out.
		if l.Documented && !slices.ContainsFunc(systemPrefixes, func(p string) bool { return within(l.FCPath, p) }) {
			add(l.HostPath, l.FCPath)
		}
	}
	return binds
}

// sandboxMasks are the directories to hide that the system directories,
// shown whole, would show: a state directory under /opt or /usr/local.
// Each is resolved on the host first, so that the mask covers what the
// instance would reach.
func sandboxMasks(hide []string) []string {
	var masks []string
	for _, h := range hide {
		real, err := filepath.EvalSymlinks(h)
		if err != nil {
			continue // not there: nothing to see
		}
		if slices.ContainsFunc(systemPrefixes, func(p string) bool { return within(real, p) }) {
			masks = append(masks, real)
		}
	}
	return masks
}

// pathDirToShow is what to show for a directory of PATH: nothing for a
// system directory (already there) or one that does not exist; the whole
// installation for a bin or shims directory (its lib and versions beside
// it), unless that would show a hidden directory or a home directory as
// a whole.
func pathDirToShow(dir string, hide []string) (string, bool) {
	if !filepath.IsAbs(dir) {
		return "", false
	}
	dir = filepath.Clean(dir)
	for _, p := range systemPrefixes {
		if within(dir, p) {
			return "", false
		}
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return "", false
	}
	home, _ := os.UserHomeDir()
	showable := func(d string) bool {
		if d == "/" || home != "" && within(home, d) {
			return false
		}
		for _, h := range hide {
			if within(h, d) || within(d, h) {
				return false
			}
		}
		return true
	}
	if b := filepath.Base(dir); b == "bin" || b == "shims" {
		if parent := filepath.Dir(dir); showable(parent) {
			return parent, true
		}
	}
	return dir, showable(dir)
}

// within reports whether path is dir or below it.
func within(path, dir string) bool {
	return path == dir || strings.HasPrefix(path, strings.TrimSuffix(dir, "/")+"/")
}

// forwardedPorts are the host ports served inside s's sandbox: none
// unless there is a relay for them.
func forwardedPorts(s Spec) []int {
	if s.Sandbox.Join == nil {
		return nil
	}
	return hostPorts(s.Port)
}

// hostPorts lists the TCP ports that listen on the host's loopback (or on
// every address), but the function's own: init serves them inside.
func hostPorts(own int) []int {
	socks, err := listeners(0)
	if err != nil {
		return nil
	}
	var ports []int
	for _, s := range socks {
		ip := s.ip.Unmap()
		if (ip.IsLoopback() || ip.IsUnspecified()) && s.port != own {
			ports = append(ports, s.port)
		}
	}
	slices.Sort(ports)
	ports = slices.Compact(ports)
	return ports[:min(len(ports), maxForwardedPorts)]
}

// nsReady reports whether the sandboxed instance led by pid listens on
// its port where the gateway reaches it (a wildcard address, or
// sandbox.Addr), a LoopbackError if only on loopback, or why not yet. Its
// network namespace is its own, so every listener there is its.
func nsReady(fn string, ch *sandbox.Channel, pid, port int) (string, string, error) {
	var socks []socket
	err := ch.WithDiag(func(fd int) (err error) {
		socks, err = diagListenersOn(fd, port)
		return err
	})
	if err != nil { // no sock_diag: the namespace's procfs, slower
		socks, err = procNetListeners("/proc/"+strconv.Itoa(pid)+"/net", port)
	}
	if err != nil {
		// init has just ended (its exit is reported next), or procfs hides it.
		return "", "its listening sockets cannot be read: " + err.Error(), nil
	}
	var loop netip.Addr
	for _, s := range socks {
		ip := s.ip.Unmap()
		if ip.IsUnspecified() || ip == sandbox.Addr {
			return netip.AddrPortFrom(sandbox.Addr, uint16(port)).String(), "", nil
		}
		loop = ip
	}
	if loop.IsValid() {
		return "", "", &LoopbackError{Function: fn, Addr: netip.AddrPortFrom(loop, uint16(port)).String(), Port: port}
	}
	return "", "nothing listens on port " + strconv.Itoa(port), nil
}

func envValue(env []string, name string) string {
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, name+"="); ok {
			return v
		}
	}
	return ""
}
