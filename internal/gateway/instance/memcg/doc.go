// Package memcg limits the memory of one function instance through a
// cgroup, as FC limits an instance to its memory_size: a process of an
// instance over its limit is killed by the kernel's OOM killer, and the
// gateway can tell that this is why it died.
//
// Detect, once per gateway, finds a controller the gateway may use, in the
// gateway's own cgroup (from /proc/self/cgroup and /proc/self/mountinfo):
//
//   - cgroup v2, when the memory controller is delegated to it (listed in
//     its cgroup.controllers, and the group writable). Because v2 lets only
//     leaf groups hold processes once a controller is enabled for children,
//     the gateway first moves itself into a leaf "wsdeploy-<pid>-gateway"
//     when its group holds it; a group that holds other processes too
//     cannot be used (run the gateway in a scope of its own).
//   - else cgroup v1's memory hierarchy, when the gateway's memory cgroup
//     is writable (root, or a group the user owns).
//
// Instance groups live in a "wsdeploy-<pid>" parent. New sets the limit:
// memory.max and memory.swap.max=0 (so swap does not hide the limit) with
// memory.oom.group=1 (the whole instance dies, as on FC) on v2;
// memory.limit_in_bytes and memory.memsw.limit_in_bytes (where swap is
// accounted) on v1, where the OOM killer ends one process, the largest.
// OOMKilled reads the oom_kill count (v2 memory.events, v1
// memory.oom_control); a v1 kernel older than 4.13 has none, and then it
// reports whether the group hit its limit, to be read with a SIGKILL exit.
//
// Close kills what is left (cgroup.kill on v2, SIGKILL to each of
// cgroup.procs otherwise) and removes the group; Controller.Close removes
// the parent at gateway stop, and Detect removes the groups of gateways
// that no longer run, killing their orphaned instances.
package memcg
