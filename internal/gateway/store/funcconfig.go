package store

import (
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// A function config is a record kept beside its function (reserved
// concurrency, provisioned instances): it exists only while the function
// does, and DeleteFunction removes it with the function.

// putFunctionConfig stores v as function's record in bucket. It fails
// with ErrFunctionNotFound.
func (s *Store) putFunctionConfig(bucket []byte, function string, v any) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketFunctions).Get([]byte(function)) == nil {
			return fmt.Errorf("function %q: %w", function, ErrFunctionNotFound)
		}
		return put(tx.Bucket(bucket), function, v)
	})
}

// getFunctionConfig reads function's record in bucket. It fails with
// ErrFunctionNotFound, or notFound when none is set.
func getFunctionConfig[T any](s *Store, bucket []byte, function string, notFound error) (*T, error) {
	var v *T
	err := s.db.View(func(tx *bolt.Tx) (err error) {
		v, err = loadFunctionConfig[T](tx, bucket, function, notFound)
		return err
	})
	return v, err
}

func loadFunctionConfig[T any](tx *bolt.Tx, bucket []byte, function string, notFound error) (*T, error) {
	if tx.Bucket(bucketFunctions).Get([]byte(function)) == nil {
		return nil, fmt.Errorf("function %q: %w", function, ErrFunctionNotFound)
	}
	v, ok, err := get[T](tx.Bucket(bucket), function)
	if err == nil && !ok {
		err = fmt.Errorf("function %q: %w", function, notFound)
	}
	return v, err
}

// deleteFunctionConfig removes function's record in bucket. It fails with
// ErrFunctionNotFound or notFound.
func deleteFunctionConfig[T any](s *Store, bucket []byte, function string, notFound error) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		if _, err := loadFunctionConfig[T](tx, bucket, function, notFound); err != nil {
			return err
		}
		return tx.Bucket(bucket).Delete([]byte(function))
	})
}

// functionConfigBuckets are deleted with their function.
var functionConfigBuckets = [][]byte{bucketConcurrency, bucketProvision}
