package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// FileName is the store's file inside the state directory.
const FileName = "state.db"

// schemaVersion is written on creation and checked on open, so that a future
// change of layout is detected instead of misread.
const schemaVersion = "1"

// lockTimeout bounds the wait for bbolt's file lock: a second gateway on the
// same state directory fails quickly with a clear error instead of hanging.
// A variable so that a test need not wait the full second.
var lockTimeout = time.Second

var (
	bucketMeta        = []byte("meta")
	bucketFunctions   = []byte("functions")   // name → fc.Function JSON
	bucketTriggers    = []byte("triggers")    // function name → bucket: trigger name → Trigger JSON
	bucketConcurrency = []byte("concurrency") // function name → fc.ConcurrencyConfig JSON
	bucketURLIDs      = []byte("urlids")      // URL id → urlRef JSON
	bucketProvision   = []byte("provision")   // function name → Provision JSON
	bucketDomains     = []byte("domains")     // domain name → fc.CustomDomain JSON (private key included)
	keySchema         = []byte("schema")
)

// Store is the gateway's state. It is safe for concurrent use.
type Store struct {
	db *bolt.DB
}

// Open opens (creating if needed) the store in dir.
func Open(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	path := filepath.Join(dir, FileName)
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: lockTimeout})
	if errors.Is(err, bolterrors.ErrTimeout) {
		return nil, fmt.Errorf("open %s: the state directory is in use by another gateway; stop it or use another --state-dir", path)
	}
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if err := db.Update(initBuckets); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return &Store{db: db}, nil
}

func initBuckets(tx *bolt.Tx) error {
	for _, name := range [][]byte{bucketMeta, bucketFunctions, bucketTriggers, bucketConcurrency, bucketURLIDs, bucketProvision, bucketDomains} {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return err
		}
	}
	meta := tx.Bucket(bucketMeta)
	switch v := meta.Get(keySchema); {
	case v == nil:
		return meta.Put(keySchema, []byte(schemaVersion))
	case string(v) != schemaVersion:
		return fmt.Errorf("state was written with schema %q; this gateway reads schema %s", v, schemaVersion)
	}
	return nil
}

// Close releases the file. Pending calls finish first.
func (s *Store) Close() error { return s.db.Close() }

// Path is the store's file.
func (s *Store) Path() string { return s.db.Path() }

func get[T any](b *bolt.Bucket, key string) (*T, bool, error) {
	raw := b.Get([]byte(key))
	if raw == nil {
		return nil, false, nil
	}
	v, err := decode[T](key, raw)
	return v, err == nil, err
}

func decode[T any](key string, raw []byte) (*T, error) {
	v := new(T)
	if err := json.Unmarshal(raw, v); err != nil {
		return nil, fmt.Errorf("store: corrupt record %q: %w", key, err)
	}
	return v, nil
}

func put(b *bolt.Bucket, key string, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put([]byte(key), raw)
}
