package sandbox

import (
	"fmt"
	"io/fs"
	"os"
	"strings"
	"syscall"
	"testing"
)

// A probe that failed is explained by its cause, with what to do: the
// kernel setting that is off, the limit that is reached, the container
// that refuses namespaces.
func TestExplainSaysWhatToDo(t *testing.T) {
	clone := func(errno syscall.Errno) error {
		return &os.PathError{Op: "fork/exec", Path: "/proc/self/exe", Err: errno}
	}
	for _, tc := range []struct {
		name    string
		err     error
		sysctls map[string]string
		want    []string
	}{
		{"no user namespaces allowed", clone(syscall.ENOSPC), map[string]string{"/proc/sys/user/max_user_namespaces": "0"},
			[]string{"no space left on device", "sysctl -w user.max_user_namespaces=15000", "/etc/sysctl.d/"}},
		{"the limit reached", clone(syscall.ENOSPC), map[string]string{"/proc/sys/user/max_user_namespaces": "20"},
			[]string{"no more user namespaces", "user.max_user_namespaces"}},
		{"Debian's switch", clone(syscall.EPERM), map[string]string{"/proc/sys/kernel/unprivileged_userns_clone": "0"},
			[]string{"kernel.unprivileged_userns_clone=1", "run the gateway as root"}},
		{"Ubuntu's AppArmor switch", clone(syscall.EACCES), map[string]string{"/proc/sys/kernel/apparmor_restrict_unprivileged_userns": "1"},
			[]string{"kernel.apparmor_restrict_unprivileged_userns=0"}},
		{"a container", clone(syscall.EPERM), nil,
			[]string{"operation not permitted", "container", "CAP_SYS_ADMIN", "on the host"}},
		{"a mount refused inside", &SetupError{Msg: "mounting proc at /r/proc: operation not permitted"}, nil,
			[]string{"mounting proc", "CAP_SYS_ADMIN"}},
		{"no user namespaces in the kernel", clone(syscall.EINVAL), nil, []string{"CONFIG_USER_NS"}},
		{"anything else", fmt.Errorf("sandbox: sending the config: broken pipe"), nil, []string{"could not be built: sandbox: sending the config"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := explain(tc.err, func(file string) ([]byte, error) {
				if v, ok := tc.sysctls[file]; ok {
					return []byte(v + "\n"), nil
				}
				return nil, fs.ErrNotExist
			})
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("explain says %q; want it to say %q", got, w)
				}
			}
		})
	}
}
