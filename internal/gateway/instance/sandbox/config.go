package sandbox

import "net/netip"

// Addr is where the gateway reaches an instance's server: a link-local
// address on the loopback device of the instance's own network namespace.
// It is the same in every instance and routes nowhere else: only sockets
// made inside that namespace can connect to it.
var Addr = netip.MustParseAddr("169.254.90.1")

// CodePath is where FC mounts the code, and the instance's working directory.
const CodePath = "/code"

// Config is what init needs to build an instance's sandbox and start its
// command. Paths of Source fields are the host's; Path and Args are as the
// command sees them inside.
type Config struct {
	Function   string
	InstanceID string

	CodeDir string // the unpacked code, mounted read-only at CodePath

	Path string   // the executable, inside the sandbox
	Args []string // argv, Args[0] included
	Env  []string

	// TmpBytes sizes the private /tmp (disk_size); 0 leaves tmpfs's default.
	TmpBytes int64

	// Binds are host directories shown read-only inside, such as the
	// directories of PATH that live outside the system directories, or
	// FC's /var/fc/lang paths mapped to the host's interpreters.
	Binds []Bind

	// Masks are host directories inside the system directories shown
	// whole (a state directory under /opt, say) that instances must not
	// see: each is covered by an empty, read-only file system inside.
	// They must be free of symbolic links (filepath.EvalSymlinks).
	Masks []string

	// ForwardPorts are TCP ports that listen on the host's loopback; each is
	// served on 127.0.0.1 and ::1 inside and relayed to the host.
	ForwardPorts []int

	// RootDir is an empty host directory that init mounts the new root on
	// (in its own mount namespace: the host sees it stay empty).
	RootDir string
}

// Bind shows the host's Source read-only at Target inside the sandbox.
type Bind struct {
	Source string
	Target string
}
