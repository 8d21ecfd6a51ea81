package sdk

import (
	"context"
	"errors"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/wsdeploy/wsdeploy/plugins/proto"
	"github.com/wsdeploy/wsdeploy/providers"
)

// The stack lock's calls (protocol 1.2): a *LockedError the provider
// returns crosses the wire as the answer's held_by, so that wsdeploy
// tells the user who holds the lock, since when and from where.

func (s *server) Lock(ctx context.Context, req *proto.LockRequest) (*proto.LockResponse, error) {
	l, err := optional[Locker](s, featureLocks)
	if err != nil {
		return nil, err
	}
	info, err := proto.ToLockInfo(req.Info)
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	if info == nil {
		return nil, status.Error(codes.InvalidArgument, "Lock without the holder's info: wsdeploy always sends it")
	}
	held, err := heldBy(l.Lock(ctx, req.Stack, *info))
	return &proto.LockResponse{HeldBy: held}, err
}

func (s *server) Unlock(ctx context.Context, req *proto.UnlockRequest) (*proto.UnlockResponse, error) {
	l, err := optional[Locker](s, featureLocks)
	if err != nil {
		return nil, err
	}
	held, err := heldBy(l.Unlock(ctx, req.Stack, req.Id))
	return &proto.UnlockResponse{HeldBy: held}, err
}

func (s *server) GetLockHolder(ctx context.Context, req *proto.GetLockHolderRequest) (*proto.GetLockHolderResponse, error) {
	l, err := optional[Locker](s, featureLocks)
	if err != nil {
		return nil, err
	}
	h, err := l.LockHolder(ctx, req.Stack)
	if err != nil {
		return nil, proto.ToStatus(err)
	}
	return &proto.GetLockHolderResponse{Holder: proto.FromLockInfo(h)}, nil
}

// heldBy splits a Lock or Unlock result: a lock held by another run is
// an answer (its holder), anything else an error status.
func heldBy(err error) (*proto.LockInfo, error) {
	var held *providers.LockedError
	if errors.As(err, &held) {
		return proto.FromLockInfo(&held.Holder), nil
	}
	return nil, proto.ToStatus(err)
}
