package controlapi

import (
	"crypto/rand"
	"fmt"
	"time"
)

// timeFormat is FC's createdTime/lastModifiedTime layout (UTC, seconds).
const timeFormat = "2006-01-02T15:04:05Z"

func fcTime(t time.Time) *string {
	s := t.UTC().Format(timeFormat)
	return &s
}

// newUUID is a random (version 4) UUID, the shape of FC's functionId,
// triggerId and request ids.
func newUUID() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

func newRequestID() string { return newUUID() }

func (h *Handler) functionARN(name string) string {
	return fmt.Sprintf("acs:fc:%s:%s:functions/%s", h.cfg.Region, h.cfg.AccountID, name)
}
