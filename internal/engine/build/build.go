package build

import (
	"bytes"
	"context"
	"errors"
	"maps"
	"os"
	"os/exec"
	"slices"
	"strings"
)

// Command is one build to run.
type Command struct {
	Dir  string            // the stack directory
	Args []string          // argv; Args[0] is looked up in PATH
	Env  map[string]string // added to Environ, overriding what it sets
	// Environ is the environment the build inherits; nil means os.Environ().
	Environ []string
}

// Key identifies a build by what it runs, so that functions sharing a
// build block (one binary, several functions) build once.
func (c Command) Key() string {
	var b strings.Builder
	b.WriteString(c.Dir)
	for _, a := range c.Args {
		b.WriteString("\x00" + a)
	}
	b.WriteString("\x01")
	for _, k := range slices.Sorted(maps.Keys(c.Env)) {
		b.WriteString(k + "=" + c.Env[k] + "\x00")
	}
	return b.String()
}

// Run runs c and waits for it. A failure is an *Error; secrets are scrubbed
// from the command line and the output it holds.
func Run(ctx context.Context, c Command, secrets []string) error {
	if len(c.Args) == 0 {
		return &Error{Err: errors.New("the build command is empty")}
	}
	cmd := exec.CommandContext(ctx, c.Args[0], c.Args[1:]...)
	cmd.Dir = c.Dir
	cmd.Env = environ(c.Environ, c.Env)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		args := make([]string, len(c.Args))
		for i, a := range c.Args {
			args[i] = scrub(a, secrets)
		}
		return &Error{Args: args, Output: scrub(out.String(), secrets), Err: err}
	}
	return nil
}

// environ is base with add's variables set, later entries of a key
// replacing earlier ones as exec does.
func environ(base []string, add map[string]string) []string {
	if base == nil {
		base = os.Environ()
	}
	env := slices.Clone(base)
	for _, k := range slices.Sorted(maps.Keys(add)) {
		env = append(env, k+"="+add[k])
	}
	return env
}

func scrub(s string, secrets []string) string {
	for _, sec := range secrets {
		if sec != "" {
			s = strings.ReplaceAll(s, sec, "(sensitive value)")
		}
	}
	return s
}
