package store

import (
	"errors"
	"fmt"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	bolt "go.etcd.io/bbolt"
)

func functionName(f *fc.Function) (string, error) {
	if f == nil || f.FunctionName == nil || *f.FunctionName == "" {
		return "", errors.New("store: function has no name")
	}
	return *f.FunctionName, nil
}

// GetFunction returns the function called name, or ErrFunctionNotFound.
func (s *Store) GetFunction(name string) (*fc.Function, error) {
	var f *fc.Function
	err := s.db.View(func(tx *bolt.Tx) (err error) {
		f, err = loadFunction(tx, name)
		return err
	})
	return f, err
}

func loadFunction(tx *bolt.Tx, name string) (*fc.Function, error) {
	f, ok, err := get[fc.Function](tx.Bucket(bucketFunctions), name)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("function %q: %w", name, ErrFunctionNotFound)
	}
	return f, nil
}

// CreateFunction stores f under its functionName, or fails with
// ErrFunctionExists if that name is taken.
func (s *Store) CreateFunction(f *fc.Function) error {
	name, err := functionName(f)
	if err != nil {
		return err
	}
	return s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketFunctions)
		if b.Get([]byte(name)) != nil {
			return fmt.Errorf("function %q: %w", name, ErrFunctionExists)
		}
		return put(b, name, f)
	})
}

// UpdateFunction reads the function called name, lets change modify it and
// stores the result, all in one transaction, so concurrent updates never
// lose each other's fields. change runs while the store is locked for
// writing: keep it fast (no I/O). If change fails nothing is written and its
// error is returned. A function cannot be renamed.
func (s *Store) UpdateFunction(name string, change func(*fc.Function) error) (*fc.Function, error) {
	var f *fc.Function
	err := s.db.Update(func(tx *bolt.Tx) (err error) {
		if f, err = loadFunction(tx, name); err != nil {
			return err
		}
		if err := change(f); err != nil {
			return err
		}
		if n, err := functionName(f); err != nil || n != name {
			return fmt.Errorf("store: function %q cannot be renamed", name)
		}
		return put(tx.Bucket(bucketFunctions), name, f)
	})
	if err != nil {
		return nil, err
	}
	return f, nil
}

// DeleteFunction removes the function called name and its configs
// (concurrency, provisioned instances), and returns what was removed. It refuses with ErrFunctionNotEmpty
// while the function has triggers: a trigger without its function would be
// an orphan that the data plane could still route to.
func (s *Store) DeleteFunction(name string) (*fc.Function, error) {
	var f *fc.Function
	err := s.db.Update(func(tx *bolt.Tx) (err error) {
		if f, err = loadFunction(tx, name); err != nil {
			return err
		}
		if tb := tx.Bucket(bucketTriggers).Bucket([]byte(name)); tb != nil {
			if k, _ := tb.Cursor().First(); k != nil {
				return fmt.Errorf("function %q: %w", name, ErrFunctionNotEmpty)
			}
			if err := tx.Bucket(bucketTriggers).DeleteBucket([]byte(name)); err != nil {
				return err
			}
		}
		for _, b := range functionConfigBuckets {
			if err := tx.Bucket(b).Delete([]byte(name)); err != nil {
				return err
			}
		}
		return tx.Bucket(bucketFunctions).Delete([]byte(name))
	})
	if err != nil {
		return nil, err
	}
	return f, nil
}

// ListFunctions returns one page of functions in name order, and the token
// for the next page ("" at the end). match, if not nil, filters before the
// limit counts, so pages are full whatever the filter.
func (s *Store) ListFunctions(opt ListOptions, match func(*fc.Function) bool) ([]*fc.Function, string, error) {
	var (
		fs   []*fc.Function
		next string
	)
	err := s.db.View(func(tx *bolt.Tx) (err error) {
		fs, next, err = list(tx.Bucket(bucketFunctions), opt, match)
		return err
	})
	return fs, next, err
}
