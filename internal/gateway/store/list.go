package store

import (
	"bytes"

	bolt "go.etcd.io/bbolt"
)

// ListOptions selects one page of a listing, in name order.
type ListOptions struct {
	Prefix string // only names starting with Prefix
	Limit  int    // at most Limit items; 0 or less means no limit
	// NextToken continues a previous listing: pass the token it returned.
	// Tokens stay valid across writes; a listing never repeats or skips a
	// name that exists throughout.
	NextToken string
}

// list walks b in key order from the page start and decodes up to opt.Limit
// records that match. The returned token is the key of the next match, or
// "" when there is none, so a caller never needs an extra empty round trip.
func list[T any](b *bolt.Bucket, opt ListOptions, match func(*T) bool) ([]*T, string, error) {
	prefix := []byte(opt.Prefix)
	start := prefix
	if opt.NextToken > opt.Prefix {
		start = []byte(opt.NextToken)
	}
	var out []*T
	c := b.Cursor()
	for k, v := c.Seek(start); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		if v == nil { // a nested bucket, not a record
			continue
		}
		rec, err := decode[T](string(k), v)
		if err != nil {
			return nil, "", err
		}
		if match != nil && !match(rec) {
			continue
		}
		if opt.Limit > 0 && len(out) == opt.Limit {
			return out, string(k), nil
		}
		out = append(out, rec)
	}
	return out, "", nil
}
