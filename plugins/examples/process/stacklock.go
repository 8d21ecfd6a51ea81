package main

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/wsdeploy/wsdeploy/plugins/sdk"
)

// The stack lock (sdk.Locker, protocol 1.2): one JSON file per locked
// stack in the state directory, read and written under the store's file
// lock, which serializes every wsdeploy run on this machine; so taking
// the lock is a test-and-set. wsdeploy holds it for each apply, destroy,
// dev round and import, and breaks it with force-unlock.

var _ sdk.Locker = (*provider)(nil)

// stackLockPath is the file of stack's lock; the name is hex, so that any
// stack name makes one file name.
func (s store) stackLockPath(stack string) string {
	return filepath.Join(s.dir, "stack-locks", hex.EncodeToString([]byte(stack))+".json")
}

func (p *provider) Lock(_ context.Context, stack string, info sdk.LockInfo) error {
	return p.underStackLocks(func() error {
		h, err := p.st.lockHolder(stack)
		switch {
		case errors.Is(err, sdk.ErrNotFound):
			path := p.st.stackLockPath(stack)
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				return err
			}
			return writeJSON(path, info)
		case err != nil:
			return err
		case h.ID != info.ID: // the same ID: an attempt whose answer was lost took it
			return &sdk.LockedError{Stack: stack, Holder: *h}
		}
		return nil
	})
}

func (p *provider) Unlock(_ context.Context, stack, id string) error {
	return p.underStackLocks(func() error {
		h, err := p.st.lockHolder(stack)
		switch {
		case err != nil:
			return err
		case h.ID != id:
			return &sdk.LockedError{Stack: stack, Holder: *h}
		}
		return os.Remove(p.st.stackLockPath(stack))
	})
}

func (p *provider) LockHolder(_ context.Context, stack string) (h *sdk.LockInfo, err error) {
	err = p.underStackLocks(func() error {
		h, err = p.st.lockHolder(stack)
		return err
	})
	return h, err
}

// underStackLocks runs fn as the only writer of the state directory.
func (p *provider) underStackLocks(fn func() error) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	unlock, err := p.st.lock()
	if err != nil {
		return err
	}
	defer unlock()
	return fn()
}

// lockHolder reads stack's lock; sdk.ErrNotFound when nobody holds it.
func (s store) lockHolder(stack string) (*sdk.LockInfo, error) {
	b, err := os.ReadFile(s.stackLockPath(stack))
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("the lock of stack %q: %w", stack, sdk.ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	var h sdk.LockInfo
	if err := json.Unmarshal(b, &h); err != nil {
		return nil, fmt.Errorf("%s is damaged: %w; if no run holds the lock, delete the file", s.stackLockPath(stack), err)
	}
	return &h, nil
}
