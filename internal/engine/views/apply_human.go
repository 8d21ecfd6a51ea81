package views

import (
	"fmt"

	"github.com/wsdeploy/wsdeploy/internal/engine/apply"
)

type applyHuman struct{ *Human }

func (v *applyHuman) Progress(e apply.Event) {
	out := v.Streams.Stdout
	addr := out.Color.Paint(e.Change.Address, Bold)
	switch e.Type {
	case apply.Started:
		fmt.Fprintf(out, "%s: %s\n", addr, progressing[e.Action])
	case apply.Complete:
		fmt.Fprintf(out, "%s: %s complete after %s%s\n", addr, noun[e.Action], seconds(e.Elapsed), detailSuffix(e.Detail))
	case apply.Errored:
		fmt.Fprintf(out, "%s: %s after %s\n", addr, out.Color.Paint(noun[e.Action]+" failed", Red), seconds(e.Elapsed))
	case apply.Skipped:
		fmt.Fprintf(out, "%s: not attempted: %v\n", addr, e.Err)
	case apply.Progressing:
		fmt.Fprintf(out, "%s: %s [%s elapsed] %s\n", addr, still[e.Action], seconds(e.Elapsed), e.Detail)
	}
}

func (v *applyHuman) Result(res *apply.Result) {
	for _, f := range res.Failed {
		v.errorLine(f.Error())
	}
	out := v.Streams.Stdout
	counts := fmt.Sprintf("Resources: %d added, %d changed, %d destroyed.", res.Added, res.Changed, res.Destroyed)
	if res.Destroy {
		counts = fmt.Sprintf("Resources: %d destroyed.", res.Destroyed)
	}
	done := "Apply"
	if res.Destroy {
		done = "Destroy"
	}
	if len(res.Failed) == 0 && len(res.Skipped) == 0 {
		fmt.Fprintf(out, "\n%s %s\n", out.Color.Paint(done+" complete!", Bold, Green), counts)
		return
	}
	fmt.Fprintf(out, "\n%s %s %s, %d not attempted.\n", out.Color.Paint(done+" incomplete!", Bold, Red), counts,
		plural(len(res.Failed), "operation")+" failed", len(res.Skipped))
	fmt.Fprintln(out, "Fix the errors above and run the same command again: it plans only the remaining work.")
}

func (v *applyHuman) Outputs(outs []apply.Output) {
	if len(outs) == 0 {
		return
	}
	out := v.Streams.Stdout
	fmt.Fprintf(out, "\n%s\n\n", out.Color.Paint("Outputs:", Bold, Green))
	for _, o := range outs {
		fmt.Fprintf(out, "%s = %s\n", o.Name, outputValue(o))
	}
}

// detailSuffix is ": detail" after a completed step's line, when it has one.
func detailSuffix(detail string) string {
	if detail == "" {
		return ""
	}
	return ": " + detail
}
