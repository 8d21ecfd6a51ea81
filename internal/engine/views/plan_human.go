package views

import (
	"fmt"
	"io"
	"strings"

	"github.com/wsdeploy/wsdeploy/internal/engine/plan"
)

type planHuman struct{ *Human }

func (v *planHuman) Progress(e plan.Progress) {
	out := v.Streams.Stdout
	switch e.Kind {
	case plan.BuildStart:
		fmt.Fprintf(out, "%s: Building...\n", out.Color.Paint(e.Address, Bold))
	case plan.BuildDone:
		fmt.Fprintf(out, "%s: Build complete after %s\n", out.Color.Paint(e.Address, Bold), seconds(e.Elapsed))
	case plan.RefreshStart:
		fmt.Fprintln(out, "Reading what the provider has...")
	}
}

func (v *planHuman) Plan(pl *plan.Plan) {
	out := v.Streams.Stdout
	if !pl.HasChanges() {
		msg := "No changes. Your functions match the configuration."
		if pl.Destroy {
			msg = fmt.Sprintf("No changes. Stack %q owns no functions on %s.", pl.Stack, pl.Provider.Name)
		}
		fmt.Fprintf(out, "\n%s\n", out.Color.Paint(msg, Bold, Green))
		return
	}
	fmt.Fprintf(out, "\nResource actions are indicated with the following symbols:\n")
	for _, a := range []plan.Action{plan.Create, plan.Update, plan.Delete, plan.Replace} {
		if used(pl, a) {
			fmt.Fprintf(out, "%s%s %s\n", pad(symbols[a]), painted(out.Color, a), legend[a])
		}
	}
	fmt.Fprintf(out, "\nwsdeploy will perform the following actions on %s:\n", providerName(pl.Provider))
	for _, c := range pl.Changes {
		if c.Action != plan.NoOp {
			writeChange(out, out.Color, c)
		}
	}
	s := pl.Summary()
	fmt.Fprintf(out, "\n%s %d to add, %d to change, %d to destroy.\n", out.Color.Paint("Plan:", Bold), s.Add, s.Change, s.Destroy)
	if len(pl.Targets) > 0 {
		fmt.Fprintf(out, "\n%s the plan covers only %s (-target); the rest of the stack may differ from its configuration.\n",
			out.Color.Paint("Note:", Bold, Yellow), strings.Join(pl.Targets, ", "))
	}
}

var legend = map[plan.Action]string{
	plan.Create:  "create",
	plan.Update:  "update in place",
	plan.Delete:  "destroy",
	plan.Replace: "destroy and then create replacement",
}

var phrase = map[plan.Action]string{
	plan.Create:  "will be created",
	plan.Update:  "will be updated in place",
	plan.Delete:  "will be destroyed",
	plan.Replace: "must be replaced",
}

func used(pl *plan.Plan, a plan.Action) bool {
	for _, c := range pl.Changes {
		if c.Action == a {
			return true
		}
	}
	return false
}

// pad right-aligns a marker in three columns, as Terraform does.
func pad(symbol string) string { return strings.Repeat(" ", 3-len(symbol)) }

func providerName(p plan.Provider) string {
	if p.Region != "" {
		return fmt.Sprintf("%s (%s)", p.Name, p.Region)
	}
	return p.Name
}

// writeChange renders one change as a Terraform-like block.
func writeChange(w io.Writer, c Color, ch *plan.Change) {
	fmt.Fprintf(w, "\n  %s\n", c.Paint(fmt.Sprintf("# %s %s", ch.Address, phrase[ch.Action]), Bold))
	if ch.Reason != "" {
		fmt.Fprintf(w, "  # (%s)\n", ch.Reason)
	}
	name := ch.Label
	switch ch.Kind {
	case plan.KindFunction:
	case plan.KindCustomDomain:
		name = ch.Domain
	default:
		name = ch.Trigger
	}
	head := fmt.Sprintf("%s%s %s %q", pad(symbols[ch.Action]), painted(c, ch.Action), ch.Kind, name)
	lines := attributeLines(c, ch)
	if len(lines) == 0 {
		fmt.Fprintln(w, head)
		return
	}
	fmt.Fprintln(w, head+" {")
	for _, l := range lines {
		fmt.Fprintln(w, l)
	}
	fmt.Fprintln(w, "    }")
}

// line is one attribute line before alignment.
type line struct {
	action plan.Action // NoOp: no marker
	path   string
	value  string
	note   string
}

func attributeLines(c Color, ch *plan.Change) []string {
	var ls []line
	for _, a := range ch.Attributes {
		l := line{action: a.Action, path: a.Path, value: attributeValue(c, a)}
		if a.ForcesReplacement {
			l.note = c.Paint("# forces replacement", Red)
		}
		ls = append(ls, l)
	}
	if ch.Code != nil {
		ls = append(ls, codeLine(ch))
	}
	width := 0
	for _, l := range ls {
		width = max(width, len(l.path))
	}
	out := make([]string, len(ls))
	for i, l := range ls {
		marker := " "
		if l.action != plan.NoOp {
			marker = c.Paint(symbols[l.action], symbolStyle(l.action))
		}
		s := fmt.Sprintf("      %s %-*s = %s", marker, width, l.path, l.value)
		if l.note != "" {
			s += " " + l.note
		}
		out[i] = s
	}
	return out
}

func attributeValue(c Color, a plan.Attribute) string {
	if a.Sensitive {
		return c.Paint("(sensitive value)", Dim)
	}
	switch a.Action {
	case plan.Update:
		return formatJSON(a.Before) + " → " + formatJSON(a.After)
	case plan.Delete:
		return formatJSON(a.Before) + " → null"
	}
	return formatJSON(a.After)
}

func codeLine(ch *plan.Change) line {
	code := ch.Code
	size := fmt.Sprintf("%s in %s", plural(code.Files, "file"), byteSize(code.Size))
	switch {
	case ch.Action == plan.Create || code.Before == "":
		return line{action: plan.Create, path: "code", value: fmt.Sprintf("new (CRC-64 %s, %s)", code.After, size)}
	case code.Changed():
		return line{action: plan.Update, path: "code", value: fmt.Sprintf("changed (%s → %s, %s)", code.Before, code.After, size)}
	case ch.Action == plan.Replace:
		return line{action: plan.Create, path: "code", value: fmt.Sprintf("unchanged (CRC-64 match), uploaded to the new function (%s)", size)}
	}
	return line{action: plan.NoOp, path: "code", value: "unchanged (CRC-64 match)"}
}
