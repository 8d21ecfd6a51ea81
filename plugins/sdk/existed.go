package sdk

import (
	"context"
	"sync/atomic"

	"github.com/wsdeploy/wsdeploy/providers"
)

// ReportExisted is what a provider's CreateFunction or CreateTrigger
// calls when it found the resource already there, as asked (another run
// created it, or an attempt whose answer was lost did): the create
// succeeds, and wsdeploy does not count it as added (protocol 1.2; the
// answer's existed flag carries it).
func ReportExisted(ctx context.Context) { providers.ReportExisted(ctx) }

// watchExisted is ctx with a flag that ReportExisted sets during the call.
func watchExisted(ctx context.Context) (context.Context, *atomic.Bool) {
	found := new(atomic.Bool)
	return providers.WithExisted(ctx, func() { found.Store(true) }), found
}
