//go:build !linux

package memcg

import (
	"errors"
	"runtime"
)

// Controller is the gateway's memory controller; there is none off Linux.
type Controller struct{}

// Group is the memory cgroup of one instance; there is none off Linux.
type Group struct{}

var errNoCgroups = errors.New("memcg: cgroups exist only on Linux")

// Detect always fails off Linux.
func Detect() (*Controller, string) {
	return nil, "memory limits need Linux cgroups; on " + runtime.GOOS + " instances run without them"
}

func (c *Controller) String() string                    { return "no memory controller" }
func (c *Controller) New(string, int64) (*Group, error) { return nil, errNoCgroups }
func (c *Controller) Close() error                      { return nil }
func (g *Group) Dir() string                            { return "" }
func (g *Group) Add(int) error                          { return errNoCgroups }
func (g *Group) OOMKilled() (bool, error)               { return false, errNoCgroups }
func (g *Group) PeakBytes() int64                       { return 0 }
func (g *Group) Close() error                           { return nil }
