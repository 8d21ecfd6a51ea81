package views

import (
	"fmt"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/wire/jsonstream"
)

// GatewayInfo describes a local gateway for `wsdeploy gateway` and its
// status and stop subcommands; its JSON is the -json stream's.
type GatewayInfo = jsonstream.GatewayInfo

// domainsText is the custom domain line of the human views: where they
// answer, and the CA to trust. "" for a gateway without them.
func domainsText(i GatewayInfo) string {
	if i.DomainHTTP == "" && i.DomainHTTPS == "" {
		return ""
	}
	return fmt.Sprintf("http://%s  https://%s (send the domain as Host; CA %s)", i.DomainHTTP, i.DomainHTTPS, i.CACertificate)
}

// GatewayFunction is one function's instances on a running gateway.
type GatewayFunction = jsonstream.GatewayFunction

// isolationText explains an isolation mode in a few words.
func isolationText(mode string) string {
	switch mode {
	case "sandbox":
		return "sandbox (each instance in its own namespaces: port 9000, code at /code, as on FC)"
	case "process":
		return "process (plain processes on ports of their own: not as on FC; see docs/gateway.md)"
	}
	return "unknown (a gateway older than this wsdeploy)"
}

// Gateway shows the gateway's lifecycle.
type Gateway interface {
	Base
	// Ready: the gateway serves (in the foreground, or detached).
	Ready(info GatewayInfo, detached bool)
	// Status: running or not, and when running each function's instances
	// (nil when unknown).
	Status(info GatewayInfo, running bool, functions []GatewayFunction)
	// Stopped: a gateway was stopped, or none ran.
	Stopped(info GatewayInfo, wasRunning bool)
}

// NewGateway builds the gateway view on base.
func NewGateway(base Base) Gateway {
	return pick(base,
		func(h *Human) Gateway { return &gatewayHuman{h} },
		func(j *JSON) Gateway { return &gatewayJSON{j} })
}

type gatewayHuman struct{ *Human }

func (v *gatewayHuman) Ready(info GatewayInfo, detached bool) {
	out := v.Streams.Stdout
	fmt.Fprintf(out, "%s local gateway (pid %d)\n", out.Color.Paint("Started", Bold, Green), info.PID)
	fmt.Fprintf(out, "  control API:  http://%s (metrics at /metrics)\n", info.ControlAddress)
	fmt.Fprintf(out, "  state:        %s\n", info.StateDir)
	fmt.Fprintf(out, "  isolation:    %s\n", isolationText(info.Isolation))
	if d := domainsText(info); d != "" {
		fmt.Fprintf(out, "  domains:      %s\n", d)
	}
	if detached {
		fmt.Fprintf(out, "  log:          %s\n  stop it with: wsdeploy gateway stop --state-dir %s\n", info.LogFile, info.StateDir)
	} else {
		fmt.Fprintln(out, "  stop it with Ctrl-C")
	}
}

func (v *gatewayHuman) Status(info GatewayInfo, running bool, functions []GatewayFunction) {
	out := v.Streams.Stdout
	if !running {
		fmt.Fprintf(out, "No local gateway is running for %s.\nStart one with: wsdeploy gateway --detach --state-dir %s\n", info.StateDir, info.StateDir)
		return
	}
	fmt.Fprintf(out, "Local gateway running (pid %d) since %s\n  control API: http://%s\n  state:       %s\n  isolation:   %s\n",
		info.PID, info.StartedAt.Local().Format(time.DateTime), info.ControlAddress, info.StateDir, isolationText(info.Isolation))
	if d := domainsText(info); d != "" {
		fmt.Fprintf(out, "  domains:     %s\n", d)
	}
	switch {
	case functions == nil: // the gateway could not tell; a note said why
		return
	case len(functions) == 0:
		fmt.Fprintln(out, "  functions:   none")
		return
	}
	fmt.Fprintln(out)
	w := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "FUNCTION\tINSTANCES\tPROVISIONED\tON DEMAND\tPROVISION TARGET")
	for _, f := range functions {
		target := "-"
		if f.ProvisionTarget > 0 {
			target = strconv.FormatInt(f.ProvisionTarget, 10)
		}
		fmt.Fprintf(w, "%s\t%d\t%d\t%d\t%s\n", f.Function, f.Provisioned+f.OnDemand, f.Provisioned, f.OnDemand, target)
	}
	w.Flush()
}

func (v *gatewayHuman) Stopped(info GatewayInfo, wasRunning bool) {
	if !wasRunning {
		fmt.Fprintf(v.Streams.Stdout, "No local gateway was running for %s.\n", info.StateDir)
		return
	}
	fmt.Fprintf(v.Streams.Stdout, "Stopped the local gateway (pid %d) and its instances.\n", info.PID)
}

type gatewayJSON struct{ *JSON }

func (v *gatewayJSON) Ready(info GatewayInfo, detached bool) {
	v.emit(jsonstream.Info, "local gateway ready at "+info.ControlAddress, jsonstream.GatewayReady{Gateway: info, Detached: detached})
}

func (v *gatewayJSON) Status(info GatewayInfo, running bool, functions []GatewayFunction) {
	msg := "no local gateway is running"
	if running {
		msg = "local gateway running at " + info.ControlAddress
	}
	// nil functions (not running, or the gateway could not tell) are left out.
	v.emit(jsonstream.Info, msg, jsonstream.GatewayStatus{Gateway: info, Running: running, Functions: functions})
}

func (v *gatewayJSON) Stopped(info GatewayInfo, wasRunning bool) {
	v.emit(jsonstream.Info, "local gateway stopped", jsonstream.GatewayStopped{Gateway: info, WasRunning: wasRunning})
}

// LogEntry is one line of a function's log.
type LogEntry = jsonstream.LogEntry

// Logs shows `wsdeploy logs`.
type Logs interface {
	Base
	Entry(function string, e LogEntry)
}

// NewLogs builds the logs view on base.
func NewLogs(base Base) Logs {
	return pick(base,
		func(h *Human) Logs { return &logsHuman{h} },
		func(j *JSON) Logs { return &logsJSON{j} })
}

type logsHuman struct{ *Human }

func (v *logsHuman) Entry(_ string, e LogEntry) {
	out := v.Streams.Stdout
	fmt.Fprintf(out, "%s %s %s\n", out.Color.Paint(e.Time.Local().Format("15:04:05.000"), Dim), out.Color.Paint(e.Instance, Cyan), e.Line)
}

type logsJSON struct{ *JSON }

func (v *logsJSON) Entry(function string, e LogEntry) {
	v.emit(jsonstream.Info, e.Line, jsonstream.FunctionLog{Function: function, Entry: e})
}

// BillingRow is one function's metered usage.
type BillingRow = jsonstream.BillingRow

// Billing shows `wsdeploy billing`.
type Billing interface {
	Base
	Usage(rows []BillingRow)
}

// NewBilling builds the billing view on base.
func NewBilling(base Base) Billing {
	return pick(base,
		func(h *Human) Billing { return &billingHuman{h} },
		func(j *JSON) Billing { return &billingJSON{j} })
}

type billingHuman struct{ *Human }

func (v *billingHuman) Usage(rows []BillingRow) {
	if len(rows) == 0 {
		fmt.Fprintln(v.Streams.Stdout, "Nothing metered yet: no connection or request has reached an instance.")
		return
	}
	w := tabwriter.NewWriter(v.Streams.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "FUNCTION\tCONNECTIONS\tREQUESTS\tOPEN\tBILLED SECONDS\tGB-SECONDS\t")
	for _, r := range rows {
		fmt.Fprintf(w, "%s\t%d\t%d\t%d\t%.3f\t%.3f\t\n", r.Function, r.Connections, r.Requests, r.ActiveConnections, r.BilledSeconds, r.GBSeconds)
	}
	w.Flush()
}

type billingJSON struct{ *JSON }

func (v *billingJSON) Usage(rows []BillingRow) {
	if rows == nil {
		rows = []BillingRow{}
	}
	v.emit(jsonstream.Info, fmt.Sprintf("%d functions metered", len(rows)), jsonstream.Billing{Functions: rows})
}
