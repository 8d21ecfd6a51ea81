package dataplane

import (
	"crypto/rand"
	"encoding/binary"
	"strconv"
	"sync/atomic"
	"time"
)

// requestIDs hands out x-fc-request-id values shaped like FC 3.0's
// ("1-<hex time>-<hex>-<hex>"; the shape is observed, not documented):
// unique per plane through a counter, and across planes through a random
// part drawn once.
type requestIDs struct {
	prefix string
	seq    atomic.Uint64
}

func newRequestIDs(now time.Time) *requestIDs {
	var b [4]byte
	_, _ = rand.Read(b[:]) // never fails on supported platforms
	return &requestIDs{prefix: "1-" + strconv.FormatInt(now.Unix(), 16) + "-" + strconv.FormatUint(uint64(binary.BigEndian.Uint32(b[:])), 16) + "-"}
}

func (r *requestIDs) next() (string, uint64) {
	n := r.seq.Add(1)
	return r.prefix + strconv.FormatUint(n, 16), n
}
