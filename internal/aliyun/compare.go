package aliyun

import (
	"reflect"

	"github.com/wsdeploy/wsdeploy/providers"
)

// observedFields are the Function fields that only a read fills, and the
// ones that other calls than CreateFunction set.
var observedFields = map[string]bool{
	"CodeChecksum": true, "CodeSize": true, "ARN": true, "LastModified": true,
	"Triggers": true, "OtherTriggers": true, "MaxInstances": true,
}

// configDiff names the configuration fields in which two normalized
// functions differ.
func configDiff(want, got *providers.Function) []string {
	var diff []string
	w, g := reflect.ValueOf(want).Elem(), reflect.ValueOf(got).Elem()
	for i := range w.NumField() {
		name := w.Type().Field(i).Name
		if !observedFields[name] && !reflect.DeepEqual(w.Field(i).Interface(), g.Field(i).Interface()) {
			diff = append(diff, name)
		}
	}
	return diff
}

// sameTrigger reports whether two normalized triggers have the same
// configuration.
func sameTrigger(a, b *providers.HTTPTrigger) bool {
	return a.Name == b.Name && a.Description == b.Description && a.AuthType == b.AuthType &&
		a.DisableURLInternet == b.DisableURLInternet && reflect.DeepEqual(a.Methods, b.Methods)
}

// sameDomain reports whether two normalized custom domains have the same
// configuration, leaving out the private key, which reads never hold.
func sameDomain(a, b *providers.CustomDomain) bool {
	x, y := *a, *b
	x.LastModified, y.LastModified = "", ""
	x.Cert, y.Cert = withoutPrivateKey(a.Cert), withoutPrivateKey(b.Cert)
	return reflect.DeepEqual(&x, &y)
}

func withoutPrivateKey(c *providers.Certificate) *providers.Certificate {
	if c == nil {
		return nil
	}
	n := *c
	n.PrivateKey = ""
	return &n
}
