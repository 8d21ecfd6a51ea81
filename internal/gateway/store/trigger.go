package store

import (
	"errors"
	"fmt"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	bolt "go.etcd.io/bbolt"
)

// Trigger is a stored trigger: FC's object plus the gateway's URL id.
type Trigger struct {
	Function string `json:"function"` // the owning function's name
	// URLID identifies the trigger in its URL. It is assigned by
	// CreateTrigger and never changes; the server builds URLs from it.
	URLID string `json:"urlId"`
	// Port is the data plane's listener port for this trigger, recorded
	// with SetTriggerPort so that the URL survives restarts; 0 until then.
	Port    int         `json:"port,omitempty"`
	Trigger *fc.Trigger `json:"trigger"` // as the control API returns it, minus httpTrigger URLs
}

// urlRef is the value of the URL id index.
type urlRef struct {
	Function string `json:"function"`
	Trigger  string `json:"trigger"`
}

func triggerName(t *fc.Trigger) (string, error) {
	if t == nil || t.TriggerName == nil || *t.TriggerName == "" {
		return "", errors.New("store: trigger has no name")
	}
	return *t.TriggerName, nil
}

// triggerBucket returns the function's trigger bucket, creating it when
// create is set. It fails with ErrFunctionNotFound if the function is gone.
func triggerBucket(tx *bolt.Tx, function string, create bool) (*bolt.Bucket, error) {
	if tx.Bucket(bucketFunctions).Get([]byte(function)) == nil {
		return nil, fmt.Errorf("function %q: %w", function, ErrFunctionNotFound)
	}
	all := tx.Bucket(bucketTriggers)
	if create {
		return all.CreateBucketIfNotExists([]byte(function))
	}
	return all.Bucket([]byte(function)), nil // nil: no triggers yet
}

func loadTrigger(tx *bolt.Tx, function, name string) (*Trigger, *bolt.Bucket, error) {
	b, err := triggerBucket(tx, function, false)
	if err != nil {
		return nil, nil, err
	}
	if b != nil {
		t, ok, err := get[Trigger](b, name)
		if err != nil || ok {
			return t, b, err
		}
	}
	return nil, nil, fmt.Errorf("trigger %q of function %q: %w", name, function, ErrTriggerNotFound)
}

// GetTrigger returns a function's trigger. It fails with ErrFunctionNotFound
// or ErrTriggerNotFound.
func (s *Store) GetTrigger(function, name string) (*Trigger, error) {
	var t *Trigger
	err := s.db.View(func(tx *bolt.Tx) (err error) {
		t, _, err = loadTrigger(tx, function, name)
		return err
	})
	return t, err
}

// CreateTrigger stores t under the function and assigns its URL id. It fails
// with ErrFunctionNotFound or ErrTriggerExists.
func (s *Store) CreateTrigger(function string, t *fc.Trigger) (*Trigger, error) {
	name, err := triggerName(t)
	if err != nil {
		return nil, err
	}
	rec := &Trigger{Function: function, Trigger: t}
	err = s.db.Update(func(tx *bolt.Tx) error {
		b, err := triggerBucket(tx, function, true)
		if err != nil {
			return err
		}
		if b.Get([]byte(name)) != nil {
			return fmt.Errorf("trigger %q of function %q: %w", name, function, ErrTriggerExists)
		}
		ids := tx.Bucket(bucketURLIDs)
		if rec.URLID, err = newURLID(func(id string) bool { return ids.Get([]byte(id)) != nil }); err != nil {
			return err
		}
		if err := put(ids, rec.URLID, urlRef{function, name}); err != nil {
			return err
		}
		return put(b, name, rec)
	})
	if err != nil {
		return nil, err
	}
	return rec, nil
}

// UpdateTrigger reads a trigger, lets change modify it and stores the result
// in one transaction (see UpdateFunction). The URL id is kept; the trigger
// cannot be renamed.
func (s *Store) UpdateTrigger(function, name string, change func(*fc.Trigger) error) (*Trigger, error) {
	var rec *Trigger
	err := s.db.Update(func(tx *bolt.Tx) error {
		t, b, err := loadTrigger(tx, function, name)
		if err != nil {
			return err
		}
		if err := change(t.Trigger); err != nil {
			return err
		}
		if n, err := triggerName(t.Trigger); err != nil || n != name {
			return fmt.Errorf("store: trigger %q cannot be renamed", name)
		}
		rec = t
		return put(b, name, t)
	})
	if err != nil {
		return nil, err
	}
	return rec, nil
}

// SetTriggerPort records the data plane's listener port for a trigger. It
// fails with ErrFunctionNotFound or ErrTriggerNotFound.
func (s *Store) SetTriggerPort(function, name string, port int) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		t, b, err := loadTrigger(tx, function, name)
		if err != nil {
			return err
		}
		t.Port = port
		return put(b, name, t)
	})
}

// DeleteTrigger removes a trigger and its URL id, and returns what was
// removed.
func (s *Store) DeleteTrigger(function, name string) (*Trigger, error) {
	var rec *Trigger
	err := s.db.Update(func(tx *bolt.Tx) error {
		t, b, err := loadTrigger(tx, function, name)
		if err != nil {
			return err
		}
		if err := tx.Bucket(bucketURLIDs).Delete([]byte(t.URLID)); err != nil {
			return err
		}
		rec = t
		return b.Delete([]byte(name))
	})
	if err != nil {
		return nil, err
	}
	return rec, nil
}

// ListTriggers returns one page of a function's triggers in name order and
// the token for the next page. It fails with ErrFunctionNotFound.
func (s *Store) ListTriggers(function string, opt ListOptions) ([]*Trigger, string, error) {
	var (
		ts   []*Trigger
		next string
	)
	err := s.db.View(func(tx *bolt.Tx) error {
		b, err := triggerBucket(tx, function, false)
		if err != nil || b == nil {
			return err
		}
		ts, next, err = list[Trigger](b, opt, nil)
		return err
	})
	return ts, next, err
}

// TriggerByURLID finds the trigger a URL names: what the data plane does
// with every request. It fails with ErrTriggerNotFound.
func (s *Store) TriggerByURLID(id string) (*Trigger, error) {
	var t *Trigger
	err := s.db.View(func(tx *bolt.Tx) error {
		ref, ok, err := get[urlRef](tx.Bucket(bucketURLIDs), id)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("URL id %q: %w", id, ErrTriggerNotFound)
		}
		t, _, err = loadTrigger(tx, ref.Function, ref.Trigger)
		return err
	})
	return t, err
}
