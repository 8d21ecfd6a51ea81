package dataplane

import (
	"sync/atomic"
	"time"
)

// versions is a value that changes at set times: FC's propagation made
// explicit. Readers (every request) load one pointer; writers are
// serialised by the caller and replace the whole list.
type versions[T any] struct {
	list atomic.Pointer[[]stamped[T]]
}

type stamped[T any] struct {
	at time.Time
	v  T
}

// at returns the value in effect at now.
func (vs *versions[T]) at(now time.Time) (T, bool) {
	if l := vs.list.Load(); l != nil {
		for i := len(*l) - 1; i >= 0; i-- {
			if !(*l)[i].at.After(now) {
				return (*l)[i].v, true
			}
		}
	}
	var zero T
	return zero, false
}

// set makes v the value from at on. Versions that would have started at or
// after at are dropped: v is the newer wish. Versions before at stay, so the
// old behaviour lasts until at; those superseded by now are forgotten.
// Setting again what is already the newest wish changes nothing, so a
// caller that re-sends its whole desired state does not cut a pending
// change's delay short.
func (vs *versions[T]) set(v T, at, now time.Time, same func(a, b T) bool) {
	var next []stamped[T]
	if l := vs.list.Load(); l != nil {
		if n := len(*l); n > 0 && same((*l)[n-1].v, v) {
			return
		}
		for _, s := range *l {
			if s.at.Before(at) {
				next = append(next, s)
			}
		}
	}
	next = append(next, stamped[T]{at, v})
	vs.store(next, now)
}

// clear removes every version: nothing is in effect from now on.
func (vs *versions[T]) clear() { vs.list.Store(nil) }

// prune forgets the versions superseded by now.
func (vs *versions[T]) prune(now time.Time) {
	if l := vs.list.Load(); l != nil {
		vs.store(*l, now)
	}
}

func (vs *versions[T]) store(l []stamped[T], now time.Time) {
	first := 0
	for i, s := range l {
		if !s.at.After(now) {
			first = i
		}
	}
	l = append([]stamped[T](nil), l[first:]...)
	vs.list.Store(&l)
}

// all returns every value in effect now or later.
func (vs *versions[T]) all() []T {
	l := vs.list.Load()
	if l == nil {
		return nil
	}
	out := make([]T, len(*l))
	for i, s := range *l {
		out[i] = s.v
	}
	return out
}
