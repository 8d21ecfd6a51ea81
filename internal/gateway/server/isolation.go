package server

import (
	"fmt"
	"log/slog"

	"github.com/wsdeploy/wsdeploy/internal/gateway/instance/memcg"
	"github.com/wsdeploy/wsdeploy/internal/gateway/instance/sandbox"
)

// How instances are isolated (Config.Isolation, gateway.json's isolation).
const (
	// IsolationSandbox runs each instance in namespaces of its own, as FC
	// does: port 9000 (the function's port) inside, code at /code.
	IsolationSandbox = "sandbox"
	// IsolationProcess runs each instance as a plain process on a free
	// loopback port of its own, in its code directory.
	IsolationProcess = "process"
)

// processModeDiffers says what a gateway without sandboxes does unlike FC.
const processModeDiffers = "instances run as plain processes: each listens on its own port in $FC_SERVER_PORT " +
	"(not 9000), runs in its code directory (/code paths in the command are rewritten, not in the code), " +
	"and shares the host's files, network and memory"

// memoryLimits finds the cgroup controller that limits instances to their
// memory_size, or says once why instances run without a limit.
func memoryLimits(log *slog.Logger) *memcg.Controller {
	c, why := memcg.Detect()
	if c == nil {
		log.Warn("memory: instances run without a memory limit (FC kills an instance over its memory_size): "+why, "memory_limits", false)
		return nil
	}
	log.Info("memory: instances limited to their memory_size by "+c.String(), "memory_limits", true)
	return c
}

// chooseIsolation settles the mode: a sandbox when asked for (the default)
// and possible here, else the process mode with one warning that says
// what differs from FC and how to get the faithful mode.
func chooseIsolation(asked string, log *slog.Logger) (string, error) {
	switch asked {
	case "", IsolationSandbox:
	case IsolationProcess:
		log.Info("isolation: process mode, as asked; "+processModeDiffers, "isolation", IsolationProcess)
		return IsolationProcess, nil
	default:
		return "", fmt.Errorf("--isolation %q: write %q (FC's way, the default) or %q", asked, IsolationSandbox, IsolationProcess)
	}
	if ok, why := sandbox.Available(); !ok {
		log.Warn(fallbackMessage(why), "isolation", IsolationProcess)
		return IsolationProcess, nil
	}
	return IsolationSandbox, nil
}

// fallbackMessage is the one warning of a gateway that cannot build
// sandboxes: what differs from FC, why (with what to do about it), and
// how to choose the process mode so that it is not a surprise.
func fallbackMessage(why string) string {
	return "isolation: no sandboxes here, so " + processModeDiffers + ". Why: " + why +
		". Once fixed, restart the gateway to get FC's way; to choose the process mode and not see this warning, " +
		"start the gateway with --isolation process (or WSDEPLOY_ISOLATION=process)"
}
