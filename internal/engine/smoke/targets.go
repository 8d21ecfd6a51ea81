package smoke

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/engine/config"
	"github.com/wsdeploy/wsdeploy/providers"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// Mode selects the functions a smoke test checks (`apply -smoke=...`).
type Mode string

const (
	ModeAll     Mode = "all"     // every function with a GET trigger and smoke enabled
	ModeChanged Mode = "changed" // only those the apply created or changed
	ModeNone    Mode = "none"    // none
)

// ParseMode reads the -smoke flag.
func ParseMode(s string) (Mode, error) {
	switch m := Mode(s); m {
	case ModeAll, ModeChanged, ModeNone:
		return m, nil
	}
	return "", fmt.Errorf("-smoke=%q: use all, changed or none", s)
}

// Changes records what apply did to each trigger, by function label and
// trigger name (the shape of config.TriggerURLs).
type Changes map[string]map[string]Change

// Note records a change; the CLI calls it as apply completes trigger steps
// (create, or the create of a replacement → Created; update → Updated).
func (c Changes) Note(function, trigger string, kind ChangeKind, at time.Time) {
	if c[function] == nil {
		c[function] = map[string]Change{}
	}
	c[function][trigger] = Change{Kind: kind, At: at}
}

// Selection says which functions to check and what apply did to them.
type Selection struct {
	Mode Mode
	// Changed are the labels of the functions apply created or changed
	// (apply.Result.ChangedFunctions); ModeChanged checks only these.
	Changed []string
	// Only restricts the check to these labels (`wsdeploy smoke chat`).
	// A function named here is checked even if its smoke block is
	// disabled; naming one that is not declared, or has no GET trigger, is
	// an error.
	Only     []string
	Triggers Changes
	Sign     Signer // for fcspec.AuthFunction triggers
	// Domains records what apply did to each custom domain, by name: a
	// function is checked through each domain that routes to it too.
	Domains map[string]Change
	// Endpoint is where the target's custom domains answer outside DNS
	// (providers.Info.Domains); nil on FC.
	Endpoint *providers.DomainEndpoint
}

// Targets lists the checks of stack's functions, in the stack's order (by
// label): one per function with a trigger allowing GET, dialling the URL
// urls holds for that trigger.
func Targets(stack *config.Stack, urls config.TriggerURLs, sel Selection) ([]Target, error) {
	if sel.Mode == ModeNone {
		return nil, nil
	}
	if err := checkOnly(stack, sel.Only); err != nil {
		return nil, err
	}
	var out []Target
	for _, f := range stack.Functions {
		named := slices.Contains(sel.Only, f.Label)
		changed := named || sel.Mode != ModeChanged || slices.Contains(sel.Changed, f.Label)
		switch {
		case len(sel.Only) > 0 && !named:
			continue
		case f.Smoke != nil && !f.Smoke.Enabled && !named:
			continue
		}
		base := Target{Function: f.Label, FCName: f.Name, Smoke: config.Smoke{Timeout: config.DefaultSmokeTimeout}}
		if f.Smoke != nil {
			base.Smoke = *f.Smoke
		}
		if tr := smokeTrigger(f); tr != nil && changed {
			t := base
			t.Trigger, t.URL, t.AuthType = tr.Name, urls[f.Label][tr.Name], tr.AuthType
			t.Change = sel.Triggers[f.Label][tr.Name]
			if tr.AuthType == fcspec.AuthFunction {
				t.Sign = sel.Sign
			}
			out = append(out, t)
		}
		for _, t := range domainTargets(stack, f, base, sel) {
			// A domain apply changed is checked even when its function was not.
			if !changed && t.Change.Kind == Unchanged {
				continue
			}
			if _, err := domainTransport(http.DefaultTransport.(*http.Transport), t.Domain); err != nil {
				return nil, err
			}
			out = append(out, t)
		}
	}
	return out, nil
}

// checkOnly refuses names that cannot be smoke tested, saying why.
func checkOnly(stack *config.Stack, only []string) error {
	var labels []string
	for _, f := range stack.Functions {
		labels = append(labels, f.Label)
	}
	for _, name := range only {
		i := slices.Index(labels, name)
		if i < 0 {
			return fmt.Errorf("no function %q in this stack; it declares: %s", name, strings.Join(labels, ", "))
		}
		if f := stack.Functions[i]; smokeTrigger(f) == nil && !routedByDomain(stack, f) {
			return fmt.Errorf("function %q has no http_trigger allowing GET and no custom domain route allowing it, so no WebSocket client can connect: add a trigger or route with methods = [\"GET\"]", name)
		}
	}
	return nil
}

// routedByDomain reports whether a custom domain of stack routes GET to f.
func routedByDomain(stack *config.Stack, f *config.Function) bool {
	for _, d := range stack.Domains {
		if smokeRoute(d, f) != nil {
			return true
		}
	}
	return false
}

// smokeTrigger is the trigger a WebSocket client would use: the first (by
// name) that allows GET, preferring one whose public URL is open.
func smokeTrigger(f *config.Function) *config.HTTPTrigger {
	var first *config.HTTPTrigger
	for _, t := range f.Triggers {
		if !slices.Contains(t.Methods, "GET") {
			continue
		}
		if !t.DisableURLInternet {
			return t
		}
		if first == nil {
			first = t
		}
	}
	return first
}
