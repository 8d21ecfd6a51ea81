package sandbox

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
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
			availability.reason = explain(err)
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

// explain turns a failed probe into what the user can do about it.
func explain(err error) string {
	msg := err.Error()
	if errors.Is(err, os.ErrPermission) || strings.Contains(msg, "operation not permitted") || strings.Contains(msg, "permission denied") {
		return "user namespaces are not allowed here (" + msg + "): allow them (sysctl kernel.unprivileged_userns_clone=1, " +
			"or on Ubuntu 24.04+ kernel.apparmor_restrict_unprivileged_userns=0) or run the gateway as root"
	}
	return "the sandbox could not be built: " + msg
}
