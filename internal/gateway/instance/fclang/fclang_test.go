package fclang

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// elf stands for an interpreter binary: what matters is that it is not a
// "#!" script.
const elf = "\x7fELF fake interpreter"

// put writes an executable file at root/rel, making its directories.
func put(t *testing.T, root, rel, content string) string {
	t.Helper()
	p := filepath.Join(root, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

// symlink makes root/rel a symlink to target (kept as given: relative
// targets stay relative).
func symlink(t *testing.T, root, rel, target string) string {
	t.Helper()
	p := filepath.Join(root, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, p); err != nil {
		t.Fatal(err)
	}
	return p
}

// debianHost lays out Debian's merged /usr: usr/bin/node, usr/bin/python3
// linking to python3.11, and bin linking to usr/bin.
func debianHost(t *testing.T, root string) {
	put(t, root, "usr/bin/node", elf)
	put(t, root, "usr/bin/python3.11", elf)
	symlink(t, root, "usr/bin/python3", "python3.11")
	symlink(t, root, "bin", "usr/bin")
}

// onDebian lays out debianHost and searches its /usr/bin.
func onDebian(t *testing.T, root string) func(string) (string, error) {
	debianHost(t, root)
	return LookPath(filepath.Join(root, "usr/bin"))
}

func TestLinks(t *testing.T) {
	node20 := Link{FCPath: "/var/fc/lang/nodejs20", Language: "nodejs", Exe: "node", FCVersion: "v20.10.0", Documented: true}
	node18 := Link{FCPath: "/var/fc/lang/nodejs18", Language: "nodejs", Exe: "node", FCVersion: "v18.19.0", Documented: true}
	py310 := Link{FCPath: "/var/fc/lang/python3.10", Language: "python", Exe: "python3", FCVersion: "3.10.9", Documented: true}
	py312 := Link{FCPath: "/var/fc/lang/python3.12", Language: "python", Exe: "python3", FCVersion: "3.12.4", Documented: true}
	optPy312 := Link{FCPath: "/opt/python3.12", Language: "python", Exe: "python3", FCVersion: "3.12.4", Documented: true}
	node22 := Link{FCPath: "/var/fc/lang/nodejs22", Language: "nodejs", Exe: "node"}
	py313 := Link{FCPath: "/var/fc/lang/python3.13", Language: "python", Exe: "python3"}

	// at fills in the host side of a Link.
	at := func(l Link, host, version string) Link {
		l.HostPath, l.HostVersion = host, version
		return l
	}

	for _, tc := range []struct {
		name    string
		runtime string
		// host lays out the host under root and returns the lookPath to use.
		host func(t *testing.T, root string) func(string) (string, error)
		want func(root string) []Link
	}{
		{
			name:    "debian10 on Debian: node and python3 from /usr, found through /bin",
			runtime: "custom.debian10",
			host: func(t *testing.T, root string) func(string) (string, error) {
				debianHost(t, root)
				return LookPath(filepath.Join(root, "bin"))
			},
			want: func(root string) []Link {
				usr := filepath.Join(root, "usr")
				return []Link{at(node20, usr, ""), at(node18, usr, ""), at(py310, usr, "3.11")}
			},
		},
		{
			name:    "debian11",
			runtime: "custom.debian11",
			host:    onDebian,
			want:    func(root string) []Link { return []Link{at(py312, filepath.Join(root, "usr"), "3.11")} },
		},
		{
			name:    "debian12: the documented /opt/python3.12 and the undocumented nodejs22 and python3.13",
			runtime: "custom.debian12",
			host:    onDebian,
			want: func(root string) []Link {
				usr := filepath.Join(root, "usr")
				return []Link{at(optPy312, usr, "3.11"), at(node22, usr, ""), at(py313, usr, "3.11")}
			},
		},
		{
			name:    "a host without node maps only python",
			runtime: "custom.debian10",
			host: func(t *testing.T, root string) func(string) (string, error) {
				put(t, root, "usr/bin/python3.11", elf)
				symlink(t, root, "usr/bin/python3", "python3.11")
				return LookPath(filepath.Join(root, "usr/bin"))
			},
			want: func(root string) []Link { return []Link{at(py310, filepath.Join(root, "usr"), "3.11")} },
		},
		{
			name:    "LookPath skips pyenv's shims before the system's python3",
			runtime: "custom.debian11",
			host: func(t *testing.T, root string) func(string) (string, error) {
				debianHost(t, root)
				put(t, root, ".pyenv/shims/python3", "#!/usr/bin/env bash\nexec pyenv exec python3 \"$@\"\n")
				return LookPath(filepath.Join(root, ".pyenv/shims") + ":" + filepath.Join(root, "usr/bin"))
			},
			want: func(root string) []Link { return []Link{at(py312, filepath.Join(root, "usr"), "3.11")} },
		},
		{
			name:    "a lookPath that answers with a shim maps nothing for that language",
			runtime: "custom.debian10",
			host: func(t *testing.T, root string) func(string) (string, error) {
				debianHost(t, root)
				shim := put(t, root, ".pyenv/shims/python3", elf) // even a binary: a shims directory is no prefix
				return func(name string) (string, error) {
					if name == "python3" {
						return shim, nil
					}
					return LookPath(filepath.Join(root, "usr/bin"))(name)
				}
			},
			want: func(root string) []Link {
				usr := filepath.Join(root, "usr")
				return []Link{at(node20, usr, ""), at(node18, usr, "")}
			},
		},
		{
			name:    "a script wrapper outside any shims directory is not an interpreter",
			runtime: "custom.debian11",
			host: func(t *testing.T, root string) func(string) (string, error) {
				put(t, root, "tools/bin/python3", "#!/bin/sh\nexec /somewhere/python3 \"$@\"\n")
				return LookPath(filepath.Join(root, "tools/bin"))
			},
			want: func(string) []Link { return nil },
		},
		{
			name:    "Volta's node links to volta-shim: a wrapper, not node",
			runtime: "custom.debian10",
			host: func(t *testing.T, root string) func(string) (string, error) {
				put(t, root, ".volta/bin/volta-shim", elf)
				symlink(t, root, ".volta/bin/node", "volta-shim")
				return LookPath(filepath.Join(root, ".volta/bin"))
			},
			want: func(string) []Link { return nil },
		},
		{
			name:    "nvm: the versioned prefix, and its version",
			runtime: "custom.debian10",
			host: func(t *testing.T, root string) func(string) (string, error) {
				put(t, root, ".nvm/versions/node/v20.10.0/bin/node", elf)
				return LookPath(filepath.Join(root, ".nvm/versions/node/v20.10.0/bin"))
			},
			want: func(root string) []Link {
				p := filepath.Join(root, ".nvm/versions/node/v20.10.0")
				return []Link{at(node20, p, "20.10.0"), at(node18, p, "20.10.0")}
			},
		},
		{
			name:    "a link to a binary of another name: the link's own prefix",
			runtime: "custom.debian11",
			host: func(t *testing.T, root string) func(string) (string, error) {
				put(t, root, "opt/py/bin/python3.12", elf) // no python3 beside it
				symlink(t, root, "local/bin/python3", filepath.Join(root, "opt/py/bin/python3.12"))
				return LookPath(filepath.Join(root, "local/bin"))
			},
			want: func(root string) []Link { return []Link{at(py312, filepath.Join(root, "local"), "3.12")} },
		},
		{
			name:    "FC's own directory on the host maps to itself",
			runtime: "custom.debian10",
			host: func(t *testing.T, root string) func(string) (string, error) {
				debianHost(t, root)
				put(t, root, "var/fc/lang/nodejs20/bin/node", elf)
				return LookPath(filepath.Join(root, "usr/bin"))
			},
			want: func(root string) []Link {
				usr := filepath.Join(root, "usr")
				return []Link{at(node20, filepath.Join(root, "var/fc/lang/nodejs20"), ""), at(node18, usr, ""), at(py310, usr, "3.11")}
			},
		},
		{
			name:    "nothing found",
			runtime: "custom.debian10",
			host: func(*testing.T, string) func(string) (string, error) {
				return func(string) (string, error) { return "", errors.New("not found") }
			},
			want: func(string) []Link { return nil },
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			lookPath := tc.host(t, root)
			got := links(tc.runtime, lookPath, root)
			if want := tc.want(root); !reflect.DeepEqual(got, want) {
				t.Errorf("links(%q):\n got %+v\nwant %+v", tc.runtime, got, want)
			}
		})
	}
}

// Runtimes other than the Debian custom ones have no language directories
// to map, whatever the host has.
func TestLinksOtherRuntimes(t *testing.T) {
	root := t.TempDir()
	debianHost(t, root)
	lookPath := LookPath(filepath.Join(root, "usr/bin"))
	for _, runtime := range []string{"custom", "custom-container", "nodejs20", "python3.10", "", "CUSTOM.DEBIAN10"} {
		if got := links(runtime, lookPath, root); got != nil {
			t.Errorf("links(%q) = %+v, want none", runtime, got)
		}
	}
}

func TestLookPathNotFound(t *testing.T) {
	root := t.TempDir()
	put(t, root, "a/python3", "#!/bin/sh\n")
	put(t, root, "b/python3", elf) // not under a bin/ directory: no prefix
	_, err := LookPath("relative/bin:" + filepath.Join(root, "a") + ":" + filepath.Join(root, "b"))("python3")
	if err == nil || !strings.Contains(err.Error(), "python3") {
		t.Fatalf("err = %v, want not found naming python3", err)
	}
}

func TestVersionOf(t *testing.T) {
	for _, tc := range []struct{ real, prefix, want string }{
		{"/usr/bin/python3.11", "/usr", "3.11"},
		{"/usr/bin/node", "/usr", ""},
		{"/h/.nvm/versions/node/v20.10.0/bin/node", "/h/.nvm/versions/node/v20.10.0", "20.10.0"},
		{"/h/.pyenv/versions/3.12.4/bin/python3.12", "/h/.pyenv/versions/3.12.4", "3.12.4"},
		{"/opt/node-v22.1.0-linux-x64/bin/node", "/opt/node-v22.1.0-linux-x64", "22.1.0"},
		{"/opt/app-2.0/bin/node", "/opt/app-2.0", ""},
	} {
		if got := versionOf(tc.real, tc.prefix); got != tc.want {
			t.Errorf("versionOf(%q, %q) = %q, want %q", tc.real, tc.prefix, got, tc.want)
		}
	}
}
