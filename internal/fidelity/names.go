package fidelity

import (
	"fmt"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// checkFunctionName is FC's name rule, with what to shorten when a test's
// name breaks it. (config.Load checks the stack name's own rule.)
func checkFunctionName(name string) error {
	if err := fcspec.CheckFunctionName(name); err != nil {
		return fmt.Errorf("%w: shorten the test's short name (the prefix %s<run id>- takes %d characters)", err, Prefix, len(Prefix)+len(runID)+1)
	}
	return nil
}
