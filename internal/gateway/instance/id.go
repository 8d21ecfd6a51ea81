package instance

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"time"
)

// NewInstanceID returns a unique id shaped like FC's instance ids
// ("c-<hex time>-<hex>-<hex>"; the shape is observed, not documented).
func NewInstanceID() string {
	var b [10]byte
	_, _ = rand.Read(b[:]) // never fails on supported platforms
	return fmt.Sprintf("c-%08x-%s-%s", uint32(time.Now().Unix()), hex.EncodeToString(b[:4]), hex.EncodeToString(b[4:]))
}
