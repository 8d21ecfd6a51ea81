package store

import (
	"crypto/rand"
	"errors"
	"strings"
)

// urlIDLen characters of lower-case base32 (a-z, 2-7) keep an id valid in a
// DNS label and a URL path segment alike, so the server may put it in either
// (FC's URLs carry such an id in the host name). 32^10 ≈ 1e15 ids: a
// collision is retried, not expected.
const urlIDLen = 10

// newURLID draws a random id that taken reports as free.
func newURLID(taken func(string) bool) (string, error) {
	for range 16 {
		if id := strings.ToLower(rand.Text()[:urlIDLen]); !taken(id) {
			return id, nil
		}
	}
	return "", errors.New("store: no free URL id after 16 draws")
}
