package plan

import (
	"fmt"
	"io"
	"os"

	"github.com/wsdeploy/wsdeploy/internal/wire/planfile"
)

// The file's names of the engine's kinds and actions. They are the
// format's, written out here rather than converted with a string(): an
// engine constant renamed must not rename what files say (a test checks
// that every constant has its entry).
var (
	fileKinds = map[Kind]planfile.Kind{
		KindFunction: planfile.KindFunction, KindHTTPTrigger: planfile.KindHTTPTrigger,
		KindTrigger: planfile.KindTrigger, KindCustomDomain: planfile.KindCustomDomain,
	}
	fileActions = map[Action]planfile.Action{
		NoOp: planfile.ActionNoOp, Create: planfile.ActionCreate, Update: planfile.ActionUpdate,
		Replace: planfile.ActionReplace, Delete: planfile.ActionDelete,
	}
	kindsOfFile   = invert(fileKinds)
	actionsOfFile = invert(fileActions)
)

func invert[K, V comparable](m map[K]V) map[V]K {
	out := make(map[V]K, len(m))
	for k, v := range m {
		out[v] = k
	}
	return out
}

// Save writes the plan as a plan file (see package planfile).
func (p *Plan) Save(w io.Writer) error {
	return planfile.Write(w, p.file())
}

// SaveFile writes the plan to path, readable by its owner only.
func (p *Plan) SaveFile(path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("saving the plan: %w", err)
	}
	if err := p.Save(f); err != nil {
		f.Close()
		return fmt.Errorf("saving the plan to %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("saving the plan to %s: %w", path, err)
	}
	return nil
}

// Load reads a saved plan. It is not Ready: Resume checks it against the
// stack and the provider and attaches what apply writes. A file of another
// format version is a *planfile.VersionError.
func Load(r io.Reader) (*Plan, error) {
	f, err := planfile.Read(r)
	if err != nil {
		return nil, err
	}
	return planOfFile(f)
}

// LoadFile reads a saved plan from path.
func LoadFile(path string) (*Plan, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("reading the plan: %w", err)
	}
	defer f.Close()
	p, err := Load(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return p, nil
}

// file is p in the plan file's types.
func (p *Plan) file() planfile.File {
	f := planfile.File{
		Stack: p.Stack, Destroy: p.Destroy, Targets: p.Targets, Observed: p.Observed, StackHash: p.StackHash, Created: p.Created,
		Provider: planfile.Provider{Name: p.Provider.Name, Region: p.Provider.Region, AccountID: p.Provider.AccountID, Endpoint: p.Provider.Endpoint},
	}
	if p.Changes != nil {
		f.Changes = make([]planfile.Change, len(p.Changes))
		for i, c := range p.Changes {
			f.Changes[i] = WireChange(c)
		}
	}
	return f
}

// WireChange is c in the wire's types: the plan file's, which the -json
// stream's planned_change event carries too.
func WireChange(c *Change) planfile.Change {
	w := planfile.Change{
		Address: c.Address, Kind: WireKind(c.Kind), Label: c.Label, Function: c.Function, Trigger: c.Trigger, Domain: c.Domain,
		Action: WireAction(c.Action), Reason: c.Reason, URL: c.URL, RoutesTo: c.RoutesTo, RoutedTo: c.RoutedTo,
	}
	for _, a := range c.Attributes {
		w.Attributes = append(w.Attributes, planfile.Attribute{Path: a.Path, Action: WireAction(a.Action), Before: a.Before, After: a.After,
			Sensitive: a.Sensitive, ForcesReplacement: a.ForcesReplacement})
	}
	if c.Code != nil {
		w.Code = &planfile.Code{Before: c.Code.Before, After: c.Code.After, Files: c.Code.Files, Size: c.Code.Size}
	}
	return w
}

// planOfFile is the engine's Plan of a file read, or an error naming the
// change whose kind or action the format does not have.
func planOfFile(f *planfile.File) (*Plan, error) {
	p := &Plan{
		Stack: f.Stack, Destroy: f.Destroy, Targets: f.Targets, Observed: f.Observed,
		StackHash: f.StackHash, Created: f.Created,
		Provider: Provider{Name: f.Provider.Name, Region: f.Provider.Region, AccountID: f.Provider.AccountID, Endpoint: f.Provider.Endpoint},
	}
	if f.Changes != nil {
		p.Changes = make([]*Change, len(f.Changes))
	}
	for i, w := range f.Changes {
		c, err := changeOfFile(w)
		if err != nil {
			return nil, fmt.Errorf("not a wsdeploy plan file: change %d (%s): %w", i+1, w.Address, err)
		}
		p.Changes[i] = c
	}
	return p, nil
}

func changeOfFile(w planfile.Change) (*Change, error) {
	kind, ok := kindsOfFile[w.Kind]
	if !ok {
		return nil, fmt.Errorf("unknown kind %q", w.Kind)
	}
	action, err := actionOfFile(w.Action)
	if err != nil {
		return nil, err
	}
	c := &Change{
		Address: w.Address, Kind: kind, Label: w.Label, Function: w.Function, Trigger: w.Trigger, Domain: w.Domain,
		Action: action, Reason: w.Reason, URL: w.URL, RoutesTo: w.RoutesTo, RoutedTo: w.RoutedTo,
	}
	for _, a := range w.Attributes {
		aa, err := actionOfFile(a.Action)
		if err != nil {
			return nil, fmt.Errorf("attribute %s: %w", a.Path, err)
		}
		c.Attributes = append(c.Attributes, Attribute{Path: a.Path, Action: aa, Before: a.Before, After: a.After,
			Sensitive: a.Sensitive, ForcesReplacement: a.ForcesReplacement})
	}
	if w.Code != nil {
		c.Code = &Code{Before: w.Code.Before, After: w.Code.After, Files: w.Code.Files, Size: w.Code.Size}
	}
	return c, nil
}

func actionOfFile(a planfile.Action) (Action, error) {
	if action, ok := actionsOfFile[a]; ok {
		return action, nil
	}
	return "", fmt.Errorf("unknown action %q", a)
}

// WireKind is k's name in the wire formats.
func WireKind(k Kind) planfile.Kind { return fileKinds[k] }

// WireAction is a's name in the wire formats.
func WireAction(a Action) planfile.Action { return fileActions[a] }
