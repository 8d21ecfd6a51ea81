package plan

import (
	"context"
	"errors"
	"sync"
)

// defaultParallelism bounds the reads and packaging done at once.
const defaultParallelism = 10

// forEach runs fn for 0..n-1, at most limit at once, and returns every
// error joined in index order: a plan reports all its problems, in a
// stable order, not just the first.
func forEach(ctx context.Context, n, limit int, fn func(ctx context.Context, i int) error) error {
	var (
		wg    sync.WaitGroup
		errs  = make([]error, n+1)
		slots = make(chan struct{}, max(limit, 1))
	)
	for i := range n {
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
			errs[n] = ctx.Err()
		}
		if errs[n] != nil {
			break
		}
		wg.Add(1)
		go func() {
			defer func() { <-slots; wg.Done() }()
			errs[i] = fn(ctx, i)
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}
