package fcauth

import (
	"container/heap"
	"crypto/sha256"
	"encoding/binary"
	"sync"
	"time"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// DefaultNonceCapacity bounds a NonceCache made with capacity <= 0: about 70
// signed requests a second sustained over the 15-minute window, in under
// 10 MB.
const DefaultNonceCapacity = 1 << 16

// NonceCache remembers the x-acs-signature-nonce of each verified request
// until the request's own x-acs-date is more than MaxSkew old, after which
// the date check refuses a replay anyway. It is bounded: when full of live
// entries it refuses new requests (Throttling) rather than forget one, since
// forgetting would reopen a replay. Safe for concurrent use.
type NonceCache struct {
	mu       sync.Mutex
	capacity int
	expiry   map[[32]byte]time.Time
	queue    expiryHeap
}

// NewNonceCache makes a cache of at most capacity nonces.
func NewNonceCache(capacity int) *NonceCache {
	if capacity <= 0 {
		capacity = DefaultNonceCapacity
	}
	return &NonceCache{capacity: capacity, expiry: make(map[[32]byte]time.Time)}
}

// Use records nonce for accessKeyID and refuses it (SignatureNonceUsed) when
// it is already recorded and live. signedAt is the request's signed date,
// which the caller has already found within MaxSkew of now. Nonces are
// per access key and stored hashed, so their length does not matter.
func (c *NonceCache) Use(accessKeyID, nonce string, signedAt, now time.Time) error {
	key := nonceKey(accessKeyID, nonce)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.evict(now)
	if _, ok := c.expiry[key]; ok {
		return controlError(fcspec.CodeNonceUsed,
			"x-acs-signature-nonce %.80q was already used by access key %q; send a fresh nonce with every request, including retries",
			nonce, accessKeyID)
	}
	expires := signedAt.Add(MaxSkew)
	if !expires.After(now) {
		return nil // stale: the date check refuses it, nothing to remember
	}
	if len(c.expiry) >= c.capacity {
		return controlError(fcspec.CodeThrottling,
			"too many signed requests in the last %s (%d nonces remembered); retry later", MaxSkew, c.capacity)
	}
	c.expiry[key] = expires
	heap.Push(&c.queue, entry{key, expires})
	return nil
}

// nonceKey hashes the pair with the id's length in front, so no two pairs
// share a key whatever bytes they hold.
func nonceKey(accessKeyID, nonce string) [32]byte {
	h := sha256.New()
	_ = binary.Write(h, binary.BigEndian, uint64(len(accessKeyID)))
	h.Write([]byte(accessKeyID))
	h.Write([]byte(nonce))
	var k [32]byte
	h.Sum(k[:0])
	return k
}

// Len is the number of live nonces as of the last Use.
func (c *NonceCache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.expiry)
}

// evict drops every entry that expired at or before now.
func (c *NonceCache) evict(now time.Time) {
	for len(c.queue) > 0 && !c.queue[0].expires.After(now) {
		e := heap.Pop(&c.queue).(entry)
		delete(c.expiry, e.key)
	}
}

type entry struct {
	key     [32]byte
	expires time.Time
}

// expiryHeap is a min-heap by expiry, so eviction touches only dead entries.
type expiryHeap []entry

func (h expiryHeap) Len() int           { return len(h) }
func (h expiryHeap) Less(i, j int) bool { return h[i].expires.Before(h[j].expires) }
func (h expiryHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *expiryHeap) Push(x any)        { *h = append(*h, x.(entry)) }
func (h *expiryHeap) Pop() any {
	old := *h
	e := old[len(old)-1]
	*h = old[:len(old)-1]
	return e
}
