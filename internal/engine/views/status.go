package views

import (
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/wsdeploy/wsdeploy/internal/wire/jsonstream"
)

// StackStatus is what `wsdeploy status` shows: the stack's functions as
// the provider has them now. Its JSON is the -json stream's.
type StackStatus = jsonstream.StackStatus

// FunctionStatus is one function: declared, deployed, or both.
type FunctionStatus = jsonstream.FunctionStatus

// TriggerStatus is one HTTP trigger and its public URL.
type TriggerStatus = jsonstream.TriggerStatus

// InstanceStatus is one live instance.
type InstanceStatus = jsonstream.InstanceStatus

// Status shows `wsdeploy status`.
type Status interface {
	Base
	Status(s StackStatus)
}

// NewStatus builds the status view on base.
func NewStatus(base Base) Status {
	return pick(base,
		func(h *Human) Status { return &statusHuman{h} },
		func(j *JSON) Status { return &statusJSON{j} })
}

type statusHuman struct{ *Human }

func (v *statusHuman) Status(s StackStatus) {
	out := v.Streams.Stdout
	fmt.Fprintf(out, "Stack %s on provider %s: %s deployed.\n", s.Stack, s.Provider, plural(deployedCount(s.Functions), "function"))
	for _, f := range s.Functions {
		fmt.Fprintln(out)
		title := f.Address
		if title == "" {
			title = f.Name + " (not in the configuration: apply deletes it)"
		} else if f.Name != strings.TrimPrefix(f.Address, "function.") {
			title += " (FC name " + f.Name + ")"
		}
		fmt.Fprintln(out, out.Color.Paint(title, Bold))
		if !f.Deployed {
			fmt.Fprintln(out, "  not deployed: wsdeploy apply creates it")
			continue
		}
		state := dash(f.State)
		if f.StateReason != "" {
			state += " (" + f.StateReason + ")"
		}
		update := dash(f.LastUpdateStatus)
		if f.LastUpdateReason != "" {
			update += " (" + f.LastUpdateReason + ")"
		}
		fmt.Fprintf(out, "  state:        %s, last update %s\n", state, update)
		fmt.Fprintf(out, "  runtime:      %s\n", dash(f.Runtime))
		fmt.Fprintf(out, "  code:         %s (CRC-64), modified %s\n", dash(f.CodeChecksum), dash(f.LastModified))
		for _, t := range f.Triggers {
			fmt.Fprintf(out, "  %-14s%s (auth %s)\n", "trigger "+t.Name+":", dash(t.URL), t.AuthType)
		}
		for _, d := range f.Domains {
			fmt.Fprintf(out, "  domain:       %s\n", d)
		}
		v.instances(f)
	}
}

func (v *statusHuman) instances(f FunctionStatus) {
	out := v.Streams.Stdout
	switch {
	case f.Instances == nil:
		fmt.Fprintf(out, "  instances:    unknown: %s\n", f.InstancesUnknown)
		return
	case len(f.Instances) == 0:
		fmt.Fprintln(out, "  instances:    none running")
		return
	}
	conns, counted := 0, false
	for _, in := range f.Instances {
		if in.Connections != nil {
			conns, counted = conns+*in.Connections, true
		}
	}
	total := plural(len(f.Instances), "instance")
	if counted {
		total += ", " + plural(conns, "connection")
	}
	fmt.Fprintf(out, "  instances:    %s\n", total)
	w := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "    INSTANCE\tSTATUS\tCONNECTIONS")
	for _, in := range f.Instances {
		c := "-"
		if in.Connections != nil {
			c = strconv.Itoa(*in.Connections)
		}
		fmt.Fprintf(w, "    %s\t%s\t%s\n", in.ID, dash(in.Status), c)
	}
	w.Flush()
}

func deployedCount(fs []FunctionStatus) int {
	n := 0
	for _, f := range fs {
		if f.Deployed {
			n++
		}
	}
	return n
}

type statusJSON struct{ *JSON }

func (v *statusJSON) Status(s StackStatus) {
	if s.Functions == nil {
		s.Functions = []FunctionStatus{}
	}
	v.emit(jsonstream.Info, fmt.Sprintf("Stack %s on provider %s: %s deployed", s.Stack, s.Provider, plural(deployedCount(s.Functions), "function")),
		jsonstream.Status{Status: s})
}
