// Package sandbox runs one function instance the way Function Compute runs
// it: in namespaces of its own, so that code written for FC runs unchanged.
//
// The instance's leader is this same binary, re-executed (see Main) in new
// user, mount, network, PID, UTS and IPC namespaces. That "init" builds the
// instance's view and then starts the function's command as its child:
//
//   - a root of its own: the host's system directories (/usr, /etc, /bin,
//     /lib...) read-only, the unpacked code read-only at /code (the working
//     directory), a private /tmp sized by disk_size, fresh /proc and /dev,
//     and nothing of the gateway's state directory;
//   - a network stack of its own with only a loopback device, which also
//     holds Addr, a link-local address that exists in no other namespace:
//     the server listens on the function's port (9000 by default) in every
//     instance, and the gateway reaches it at Addr, so a server bound to
//     127.0.0.1 is refused, as on FC;
//   - the host's loopback services (a Redis on 127.0.0.1:6379, say) at the
//     same addresses inside, forwarded through the gateway.
//
// The gateway and init talk over a SOCK_SEQPACKET socket pair (fd 3 in
// init): the gateway sends the Config; init answers with the command's
// start or its exec error, with sockets it creates inside the namespace
// (a socket keeps the namespace it was made in, so the gateway connects
// them to Addr itself, with no hop in between, and the tunnel after the
// upgrade is a plain TCP splice), with connections accepted on forwarded
// ports, and with the command's exit status.
//
// Rootless, the user namespace maps the gateway's user to root inside, as
// FC runs custom runtimes as root; a gateway running as root gets the same
// mapping, so an instance holds no privilege over the host. Where the
// namespaces cannot be made (not Linux, user namespaces disabled),
// Available says why and the caller falls back to plain processes.
package sandbox
