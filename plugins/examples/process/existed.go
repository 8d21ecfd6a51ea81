package main

import (
	"reflect"
	"slices"

	"github.com/wsdeploy/wsdeploy/plugins/sdk"
)

// A create that finds its function or trigger already there, as asked,
// was beaten to it by another run of the same stack (or by an attempt
// whose answer was lost): it succeeds and says so with sdk.ReportExisted,
// so that wsdeploy does not report it as added. Anything else already
// there is an error.

// sameAsAsked reports whether the stored function is the one a create
// asks for: the same stack's, with the same configuration and code.
func sameAsAsked(have, want *sdk.Function, code *sdk.Code) bool {
	owner := have.Tags[sdk.StackTag]
	if owner == "" || owner != want.Tags[sdk.StackTag] || code != nil && have.CodeChecksum != code.Checksum {
		return false
	}
	a, b := *sdk.Normalize(have), *sdk.Normalize(want)
	for _, f := range []*sdk.Function{&a, &b} { // the observed fields are this provider's
		f.CodeChecksum, f.CodeSize, f.ARN, f.LastModified, f.Triggers, f.OtherTriggers = "", 0, "", "", nil, nil
	}
	return reflect.DeepEqual(a, b)
}

// sameTrigger reports whether the stored trigger is the one a create asks
// for.
func sameTrigger(have, want *sdk.HTTPTrigger) bool {
	return slices.Equal(have.Methods, want.Methods) && have.AuthType == want.AuthType &&
		have.Description == want.Description && have.DisableURLInternet == want.DisableURLInternet
}
