package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"github.com/wsdeploy/wsdeploy/plugins/sdk"
)

// record is one function as stored: what wsdeploy wrote, plus the ports
// this provider chose. One JSON file per function, replaced atomically.
type record struct {
	Function *sdk.Function          `json:"function"` // Triggers empty: see Triggers
	Port     int                    `json:"port"`     // the instance's FC_SERVER_PORT
	Triggers map[string]*triggerRec `json:"triggers"`
}

type triggerRec struct {
	Trigger *sdk.HTTPTrigger `json:"trigger"`
	Port    int              `json:"port"` // nginx listens here
}

// store is the state directory's layout.
type store struct{ dir string }

func (s store) functionsDir() string          { return filepath.Join(s.dir, "functions") }
func (s store) recordPath(name string) string { return filepath.Join(s.functionsDir(), name+".json") }
func (s store) codePath(name, sum string) string {
	return filepath.Join(s.dir, "code", name, sum+".zip")
}
func (s store) runDir(name, sum string) string { return filepath.Join(s.dir, "run", name, sum) }
func (s store) logPath(name string) string     { return filepath.Join(s.dir, "logs", name+".log") }
func (s store) nginxDir() string               { return filepath.Join(s.dir, "nginx") }
func (s store) socket() string                 { return filepath.Join(s.dir, "supervisor.sock") }
func (s store) supervisorLog() string          { return filepath.Join(s.dir, "supervisor.log") }

// lock serializes writers across processes (two wsdeploy runs at once).
func (s store) lock() (unlock func(), err error) {
	if err := os.MkdirAll(s.functionsDir(), 0o755); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(filepath.Join(s.dir, "lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, err
	}
	return func() { f.Close() }, nil
}

// get reads one record; a missing one is sdk.ErrNotFound.
func (s store) get(name string) (*record, error) {
	b, err := os.ReadFile(s.recordPath(name))
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("function %q: %w", name, sdk.ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	var r record
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("%s is damaged: %w", s.recordPath(name), err)
	}
	if r.Triggers == nil {
		r.Triggers = map[string]*triggerRec{}
	}
	return &r, nil
}

func (s store) put(r *record) error {
	return writeJSON(s.recordPath(r.Function.Name), r)
}

// writeJSON replaces path with v as JSON, atomically.
func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return writeFile(path, b, 0o644)
}

// writeFile replaces path atomically, its mode perm from the start.
func writeFile(path string, b []byte, perm os.FileMode) error {
	tmp := path + ".tmp"
	os.Remove(tmp) // a leftover would keep its old mode
	if err := os.WriteFile(tmp, b, perm); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

func (s store) remove(name string) error {
	return os.Remove(s.recordPath(name))
}

// all reads every record, sorted by function name.
func (s store) all() ([]*record, error) {
	entries, err := os.ReadDir(s.functionsDir())
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []*record
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), ".json")
		if !ok {
			continue
		}
		r, err := s.get(name)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b *record) int { return strings.Compare(a.Function.Name, b.Function.Name) })
	return out, nil
}

// view is the function as wsdeploy reads it: triggers in, sorted by name.
func (r *record) view() *sdk.Function {
	f := *r.Function
	f.Triggers = nil
	for _, name := range slices.Sorted(maps.Keys(r.Triggers)) {
		t := *r.Triggers[name].Trigger
		f.Triggers = append(f.Triggers, &t)
	}
	return &f
}
