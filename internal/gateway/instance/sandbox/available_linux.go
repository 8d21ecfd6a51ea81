package sandbox

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"syscall"
	"time"
)

var availability struct {
	once   sync.Once
	reason string
}

// probeTimeout bounds the probe; building a sandbox takes milliseconds.
const probeTimeout = 30 * time.Second

// Available reports whether instances can run in sandboxes here, by
// building one once; when they cannot, reason says why and what to do.
func Available() (ok bool, reason string) {
	availability.once.Do(func() {
		if err := probe(); err != nil {
			availability.reason = explain(err, os.ReadFile)
		}
	})
	return availability.reason == "", availability.reason
}

func probe() error {
	dir, err := os.MkdirTemp("", "wsdeploy-sandbox-probe-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	code, root := dir+"/code", dir+"/root"
	for _, d := range []string{code, root} {
		if err := os.Mkdir(d, 0o700); err != nil {
			return err
		}
	}
	cmd, ch, err := Command(Config{Function: "probe", InstanceID: "probe", CodeDir: code, RootDir: root})
	if err != nil {
		return err
	}
	defer ch.Close()
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		ch.child.Close()
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), probeTimeout)
	defer cancel()
	err = ch.Begin(ctx)
	if werr := cmd.Wait(); err == nil && werr != nil {
		err = fmt.Errorf("%v: %s", werr, strings.TrimSpace(out.String()))
	}
	return err
}

// userNamespaceSwitches are the kernel settings that keep a user from
// making user namespaces: the value that does, and how to undo it.
var userNamespaceSwitches = []struct{ file, off, fix string }{
	{"/proc/sys/user/max_user_namespaces", "0", "sysctl -w user.max_user_namespaces=15000"},
	{"/proc/sys/kernel/unprivileged_userns_clone", "0", "sysctl -w kernel.unprivileged_userns_clone=1 (or run the gateway as root)"},
	{"/proc/sys/kernel/apparmor_restrict_unprivileged_userns", "1",
		"sysctl -w kernel.apparmor_restrict_unprivileged_userns=0 (Ubuntu 23.10+; or run the gateway as root)"},
}

// explain turns a failed probe into what the user can do about it. read
// reads a file of /proc/sys (os.ReadFile; tests pass others).
func explain(err error, read func(string) ([]byte, error)) string {
	msg := err.Error()
	full := errors.Is(err, syscall.ENOSPC) || strings.Contains(msg, "no space left on device")
	refused := errors.Is(err, os.ErrPermission) || strings.Contains(msg, "operation not permitted") || strings.Contains(msg, "permission denied")
	if !full && !refused {
		if errors.Is(err, syscall.EINVAL) || errors.Is(err, syscall.ENOSYS) {
			return "this kernel makes no user namespaces (" + msg + "; built without CONFIG_USER_NS?)"
		}
		return "the sandbox could not be built: " + msg
	}
	var fixes []string
	for _, s := range userNamespaceSwitches {
		if b, err := read(s.file); err == nil && strings.TrimSpace(string(b)) == s.off {
			fixes = append(fixes, s.fix)
		}
	}
	switch {
	case len(fixes) > 0:
		return "user namespaces are turned off here (" + msg + "); turn them on with " + strings.Join(fixes, "; ") +
			" (a file in /etc/sysctl.d/ keeps the setting after a reboot)"
	case full:
		return "no more user namespaces may be made here (" + msg + "): raise the limit, sysctl -w user.max_user_namespaces=15000"
	}
	return "user namespaces are refused here (" + msg + "): in a container (Docker, Podman, Kubernetes), whose seccomp " +
		"profile refuses them without CAP_SYS_ADMIN, run the gateway on the host or the container privileged " +
		"(docker run --privileged); elsewhere a security module (AppArmor, SELinux) refuses them: allow them for " +
		"wsdeploy, or run the gateway as root"
}
