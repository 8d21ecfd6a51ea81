package host

import (
	"context"
	"fmt"

	"github.com/wsdeploy/wsdeploy/plugins/proto"
	"github.com/wsdeploy/wsdeploy/providers"
)

// lockCalls is providers.Locker over a plugin (protocol 1.2, offered by
// optional.go). The plugin answers a lock held by another run with its
// holder, which becomes the *providers.LockedError of Locker's contract:
// the engine waits on it (-lock-timeout) and the user reads who holds the
// lock, since when and from where.
type lockCalls struct{ p *Plugin }

var _ providers.Locker = lockCalls{}

func (c lockCalls) Lock(ctx context.Context, stack string, info providers.LockInfo) error {
	resp, err := callOptional(ctx, c.p, &locksFeature, "Lock", func(ctx context.Context) (*proto.LockResponse, error) {
		return c.p.rpc.Lock(ctx, &proto.LockRequest{Stack: stack, Info: proto.FromLockInfo(&info)})
	})
	if err != nil {
		return err
	}
	return c.held(stack, resp.HeldBy)
}

func (c lockCalls) Unlock(ctx context.Context, stack, id string) error {
	resp, err := callOptional(ctx, c.p, &locksFeature, "Unlock", func(ctx context.Context) (*proto.UnlockResponse, error) {
		return c.p.rpc.Unlock(ctx, &proto.UnlockRequest{Stack: stack, Id: id})
	})
	if err != nil {
		return err
	}
	return c.held(stack, resp.HeldBy)
}

func (c lockCalls) LockHolder(ctx context.Context, stack string) (*providers.LockInfo, error) {
	resp, err := callOptional(ctx, c.p, &locksFeature, "GetLockHolder", func(ctx context.Context) (*proto.GetLockHolderResponse, error) {
		return c.p.rpc.GetLockHolder(ctx, &proto.GetLockHolderRequest{Stack: stack})
	})
	if err != nil {
		return nil, err
	}
	if resp.Holder == nil {
		return nil, fmt.Errorf("provider plugin %q answered GetLockHolder for stack %q with no holder and no error: a plugin answers NOT_FOUND when nobody holds the lock", c.p.Name, stack)
	}
	h, err := proto.ToLockInfo(resp.Holder)
	if err != nil {
		return nil, fmt.Errorf("provider plugin %q: the holder of stack %q's lock: %w", c.p.Name, stack, err)
	}
	return h, nil
}

// held is nil when the plugin took or released the lock, else the
// *providers.LockedError that names the run holding it.
func (c lockCalls) held(stack string, m *proto.LockInfo) error {
	if m == nil {
		return nil
	}
	h, err := proto.ToLockInfo(m)
	if err != nil {
		return fmt.Errorf("provider plugin %q: the lock of stack %q is held, but the plugin's answer is unreadable: %w", c.p.Name, stack, err)
	}
	return &providers.LockedError{Stack: stack, Holder: *h}
}
