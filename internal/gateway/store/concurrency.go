package store

import fc "github.com/alibabacloud-go/fc-20230330/v4/client"

// PutConcurrency sets a function's concurrency config. It fails with
// ErrFunctionNotFound.
func (s *Store) PutConcurrency(function string, c *fc.ConcurrencyConfig) error {
	return s.putFunctionConfig(bucketConcurrency, function, c)
}

// GetConcurrency returns a function's concurrency config. It fails with
// ErrFunctionNotFound, or ErrConcurrencyNotFound when none is set.
func (s *Store) GetConcurrency(function string) (*fc.ConcurrencyConfig, error) {
	return getFunctionConfig[fc.ConcurrencyConfig](s, bucketConcurrency, function, ErrConcurrencyNotFound)
}

// DeleteConcurrency removes a function's concurrency config. It fails with
// ErrFunctionNotFound or ErrConcurrencyNotFound.
func (s *Store) DeleteConcurrency(function string) error {
	return deleteFunctionConfig[fc.ConcurrencyConfig](s, bucketConcurrency, function, ErrConcurrencyNotFound)
}
