package store

import (
	"fmt"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	bolt "go.etcd.io/bbolt"
)

// PutConcurrency sets a function's concurrency config. It fails with
// ErrFunctionNotFound.
func (s *Store) PutConcurrency(function string, c *fc.ConcurrencyConfig) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketFunctions).Get([]byte(function)) == nil {
			return fmt.Errorf("function %q: %w", function, ErrFunctionNotFound)
		}
		return put(tx.Bucket(bucketConcurrency), function, c)
	})
}

// GetConcurrency returns a function's concurrency config. It fails with
// ErrFunctionNotFound, or ErrConcurrencyNotFound when none is set.
func (s *Store) GetConcurrency(function string) (*fc.ConcurrencyConfig, error) {
	var c *fc.ConcurrencyConfig
	err := s.db.View(func(tx *bolt.Tx) (err error) {
		c, err = loadConcurrency(tx, function)
		return err
	})
	return c, err
}

func loadConcurrency(tx *bolt.Tx, function string) (*fc.ConcurrencyConfig, error) {
	if tx.Bucket(bucketFunctions).Get([]byte(function)) == nil {
		return nil, fmt.Errorf("function %q: %w", function, ErrFunctionNotFound)
	}
	c, ok, err := get[fc.ConcurrencyConfig](tx.Bucket(bucketConcurrency), function)
	if err == nil && !ok {
		err = fmt.Errorf("function %q: %w", function, ErrConcurrencyNotFound)
	}
	return c, err
}

// DeleteConcurrency removes a function's concurrency config. It fails with
// ErrFunctionNotFound or ErrConcurrencyNotFound.
func (s *Store) DeleteConcurrency(function string) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		if _, err := loadConcurrency(tx, function); err != nil {
			return err
		}
		return tx.Bucket(bucketConcurrency).Delete([]byte(function))
	})
}
