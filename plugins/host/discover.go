package host

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// Prefix is how a provider plugin's executable is named:
// wsdeploy-provider-<name>, where <name> is the provider block's label.
const Prefix = "wsdeploy-provider-"

// EnvPluginDir names plugin directories (separated like PATH) searched
// after -plugin-dir.
const EnvPluginDir = "WSDEPLOY_PLUGIN_DIR"

// validName is a provider name a plugin file may carry.
var validName = regexp.MustCompile(`^[a-z][a-z0-9_-]*$`)

// Search is where plugins are looked for: Dirs in order, then PATH. The
// first executable with the right name wins.
type Search struct {
	Dirs []string
	Path []string
}

// DefaultSearch is wsdeploy's search: the -plugin-dir flag (flagDir, may
// be ""), WSDEPLOY_PLUGIN_DIR, ~/.wsdeploy/plugins, then PATH.
func DefaultSearch(flagDir string, getenv func(string) string) Search {
	var s Search
	if flagDir != "" {
		s.Dirs = append(s.Dirs, flagDir)
	}
	s.Dirs = append(s.Dirs, filepath.SplitList(getenv(EnvPluginDir))...)
	if home := getenv("HOME"); home != "" {
		s.Dirs = append(s.Dirs, filepath.Join(home, ".wsdeploy", "plugins"))
	}
	s.Path = filepath.SplitList(getenv("PATH"))
	return s
}

// String says where plugins are searched, for error messages.
func (s Search) String() string {
	where := slices.Clone(s.Dirs)
	if len(s.Path) > 0 {
		where = append(where, "the directories of PATH")
	}
	if len(where) == 0 {
		return "nowhere (no plugin directory and an empty PATH)"
	}
	return strings.Join(where, ", ")
}

// ErrNotFound is returned (wrapped) by Find when no plugin has the name.
var ErrNotFound = errors.New("no such provider plugin")

// Find returns the path of the plugin for provider name.
func (s Search) Find(name string) (string, error) {
	for _, dir := range s.all() {
		p := filepath.Join(dir, Prefix+name)
		if isExecutable(p) {
			return p, nil
		}
	}
	return "", fmt.Errorf("%w: no executable %s%s in %s", ErrNotFound, Prefix, name, s)
}

// Found is one plugin executable.
type Found struct {
	Name string
	Path string
	// Shadowed are executables with the same name later in the search,
	// which are never run.
	Shadowed []string
}

// List returns every plugin found, by name, each from the first place
// that has it.
func (s Search) List() []Found {
	var out []Found
	index := map[string]int{}
	for _, dir := range s.all() {
		entries, err := os.ReadDir(dir)
		if err != nil {
			continue // a missing directory holds no plugins
		}
		for _, e := range entries {
			name, ok := strings.CutPrefix(e.Name(), Prefix)
			path := filepath.Join(dir, e.Name())
			if !ok || !validName.MatchString(name) || !isExecutable(path) {
				continue
			}
			if i, seen := index[name]; seen {
				out[i].Shadowed = append(out[i].Shadowed, path)
				continue
			}
			index[name] = len(out)
			out = append(out, Found{Name: name, Path: path})
		}
	}
	slices.SortFunc(out, func(a, b Found) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// all is every directory in search order, each once; an empty PATH entry
// is the current directory, as for the shell.
func (s Search) all() []string {
	var out []string
	for _, d := range append(slices.Clone(s.Dirs), s.Path...) {
		if d == "" {
			d = "."
		}
		if !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	return out
}

func isExecutable(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode().IsRegular() && st.Mode().Perm()&0o111 != 0
}
