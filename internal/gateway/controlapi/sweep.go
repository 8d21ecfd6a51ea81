package controlapi

import (
	"errors"

	"github.com/alibabacloud-go/tea/dara"

	"github.com/wsdeploy/wsdeploy/internal/gateway/store"
)

// SweepCode removes code that no stored function uses: what a crash during
// an upload or between unpacking and committing left behind, versions kept for instances that no
// longer run, and code of deleted functions. Call it at startup, before
// serving and before any instance starts.
func (h *Handler) SweepCode() error {
	current := map[string]string{} // function id → its code checksum
	opt := store.ListOptions{Limit: 1000}
	for {
		fs, next, err := h.cfg.Store.ListFunctions(opt, nil)
		if err != nil {
			return err
		}
		for _, f := range fs {
			current[dara.StringValue(f.FunctionId)] = dara.StringValue(f.CodeChecksum)
		}
		if next == "" {
			break
		}
		opt.NextToken = next
	}
	ids, err := h.cfg.Code.FunctionIDs()
	if err != nil {
		return err
	}
	errs := []error{h.cfg.Code.SweepUploads()}
	for _, id := range ids {
		if sum, ok := current[id]; ok {
			errs = append(errs, h.cfg.Code.Prune(id, sum))
		} else {
			errs = append(errs, h.cfg.Code.Remove(id))
		}
	}
	return errors.Join(errs...)
}
