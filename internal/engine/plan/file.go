package plan

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
)

// Save writes the plan as JSON: what was observed, the changes (secrets
// already masked) and the stack's hash. Neither the desired state nor code
// zips are written: Resume recomputes them.
func (p *Plan) Save(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(p)
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
// stack and the provider and attaches what apply writes.
func Load(r io.Reader) (*Plan, error) {
	var p Plan
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("not a wsdeploy plan file: %w", err)
	}
	if p.FormatVersion != FormatVersion {
		return nil, fmt.Errorf("the plan file has format version %d; this wsdeploy reads version %d: run wsdeploy plan -out FILE again", p.FormatVersion, FormatVersion)
	}
	if p.Stack == "" || p.StackHash == "" {
		return nil, fmt.Errorf("not a wsdeploy plan file: no stack or stack hash")
	}
	return &p, nil
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
