package plan

import (
	"fmt"

	"github.com/wsdeploy/wsdeploy/providers"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// What cannot change in place, in one place so it is easy to correct.
//
// A function's runtime between a code package (custom, custom.debianN)
// and an image (custom-container): the function changes what its code is,
// and FC 3.0's UpdateFunction is not documented to convert between the two
// (unconfirmed against a live account; the local gateway would allow it).
// Replacing is always correct, at the price of new trigger URLs, which the
// reason says. Changes between custom runtimes (debian10 → debian12) are
// updates in place: FC documents them.
//
// A trigger's type: a declared http_trigger whose name a trigger of
// another type holds on the function (FC-REFERENCE.md: triggerType cannot
// be updated).

// replaceReason says why have cannot become want in place, and which
// attributes force it; "" when it can.
func replaceReason(have, want *providers.Function) (string, []string) {
	if (have.Runtime == fcspec.CustomContainer) != (want.Runtime == fcspec.CustomContainer) {
		return fmt.Sprintf("runtime %s → %s switches between a code package and a container image, which Function Compute does not change in place; "+
			"the function is deleted and created again, and its trigger URLs change", have.Runtime, want.Runtime), []string{"runtime"}
	}
	return "", nil
}

// triggerTypeReason is why a declared HTTP trigger replaces a trigger of
// the same name.
func triggerTypeReason(name string) string {
	return fmt.Sprintf("the function has a trigger named %q of another type; Function Compute cannot change a trigger's type, so it is deleted and an HTTP trigger created", name)
}

// Reasons for deletions and for replacing what a replaced function holds.
const (
	reasonUndeclared   = "owned by this stack but no longer declared"
	reasonWithFunction = "deleted with its function"
	reasonFunctionNew  = "its function is replaced"
	reasonDestroy      = "destroy deletes everything the stack owns"
)
