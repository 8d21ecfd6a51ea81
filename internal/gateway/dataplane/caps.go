package dataplane

import (
	"errors"
	"os"
	"time"
)

// Limits bound what clients can make the data plane hold: descriptors,
// memory, disk and time. The zero value takes the defaults.
type Limits struct {
	// MaxConnections caps client connections to all triggers together,
	// upgraded ones included. The default leaves a reserve of the
	// open-file limit to the rest of the gateway (see connCap).
	MaxConnections int
	// MaxTriggerConnections caps one trigger's; default MaxConnections.
	MaxTriggerConnections int
	// BodyTimeout bounds reading a request body of unknown length
	// (chunked), which the gateway takes whole; default DefaultBodyTimeout.
	BodyTimeout time.Duration
	// BodyMemory and BodySpool cap the bytes of such bodies held in
	// memory and in spool files, across all requests; defaults
	// DefaultBodyMemory and DefaultBodySpool.
	BodyMemory, BodySpool int64
	// SpoolDir is where bodies over 64 KiB wait; default os.TempDir().
	SpoolDir string
}

func (l Limits) normalized() (Limits, error) {
	if l.MaxConnections < 0 || l.MaxTriggerConnections < 0 || l.BodyTimeout < 0 || l.BodyMemory < 0 || l.BodySpool < 0 {
		return l, errors.New("dataplane: limits must not be negative (0 takes the default)")
	}
	if l.MaxConnections == 0 {
		l.MaxConnections = DefaultMaxConnections()
	}
	if l.MaxTriggerConnections == 0 || l.MaxTriggerConnections > l.MaxConnections {
		l.MaxTriggerConnections = l.MaxConnections
	}
	if l.BodyTimeout == 0 {
		l.BodyTimeout = DefaultBodyTimeout
	}
	if l.BodyMemory == 0 {
		l.BodyMemory = DefaultBodyMemory
	}
	if l.BodyMemory < 2*bodyChunk {
		return l, errors.New("dataplane: BodyMemory must hold at least 128 KiB")
	}
	if l.BodySpool == 0 {
		l.BodySpool = DefaultBodySpool
	}
	if l.SpoolDir == "" {
		l.SpoolDir = os.TempDir()
	}
	return l, nil
}
