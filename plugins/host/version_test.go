package host

import (
	"strings"
	"testing"
)

// A plugin of another protocol version is told apart in full: the error
// names both versions and ends on what to install.
func TestVersionMismatchNamesBothVersions(t *testing.T) {
	t.Parallel()
	p, err := open(ctx, "version", pluginPath("version"), testOptions(&syncBuffer{}))
	p.Close()
	if err == nil {
		t.Fatal("no error")
	}
	if want := "which speaks version 1 "; !strings.Contains(err.Error(), want) {
		t.Errorf("the error lacks %q:\n%v", want, err)
	}
	if want := ": install a build of the plugin for protocol 1, or a wsdeploy that speaks protocol 99"; !strings.HasSuffix(err.Error(), want) {
		t.Errorf("the error does not end with %q:\n%v", want, err)
	}
}
