package controlapi

import (
	"errors"
	"path/filepath"
	"syscall"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// apiError is toAPIError, except that a failure of the gateway's own
// storage becomes storageError's answer wherever it happened.
func (h *Handler) apiError(err error, fn, tn string) *apiError {
	if e := h.storageError(err); e != nil {
		h.cfg.Log.Error("control API cannot write the state directory", "error", err)
		return e
	}
	return toAPIError(err, fn, tn)
}

// storageError answers a failure to write code or the store that no retry
// can cure (a full disk, a quota, a read-only or failing file system), or
// returns nil for any other error. The answer is FC's 400
// LimitExceededError ("resources exceed the limit: delete what is not
// needed"), the documented code closest to a full disk, and a 4xx, which
// no FC client retries: a 500 would have the CLI retry for a quarter of a
// minute against a disk that stays full. Nothing is committed before the
// code and the store are written, so the deployed version keeps serving.
func (h *Handler) storageError(err error) *apiError {
	var errno syscall.Errno
	if !errors.As(err, &errno) {
		return nil
	}
	dir := filepath.Dir(h.cfg.Store.Path())
	const unchanged = "Nothing was changed: the deployed version keeps serving."
	switch errno {
	case syscall.ENOSPC, syscall.EDQUOT:
		return fcError(fcspec.CodeLimitExceeded, "the local gateway's disk is full: it cannot write to its state directory %s (%v). %s "+
			"Free space on that file system (or delete functions you no longer need), then deploy again", dir, err, unchanged)
	case syscall.EROFS:
		return fcError(fcspec.CodeLimitExceeded, "the local gateway cannot write to its state directory %s: the file system is read-only (%v). %s "+
			"Make it writable (or start the gateway with another --state-dir), then deploy again", dir, err, unchanged)
	case syscall.EIO:
		return fcError(fcspec.CodeLimitExceeded, "the local gateway's disk failed while writing its state directory %s (%v). %s "+
			"Check the disk (the kernel log says more), then deploy again", dir, err, unchanged)
	}
	return nil
}
