package views

import (
	"fmt"
	"strings"
	"testing"
)

// The -json summary of `wsdeploy plugins` agrees in number with its count.
func TestPluginsSummaryAgreesInNumber(t *testing.T) {
	for n, want := range []string{"0 provider plugins found", "1 provider plugin found", "2 provider plugins found"} {
		var o testOutput
		list := make([]PluginInfo, n)
		for i := range list {
			list[i] = PluginInfo{Name: fmt.Sprint("p", i), Path: fmt.Sprint("/bin/wsdeploy-provider-p", i), Version: "v1"}
		}
		NewPlugins(newTestJSON(&o)).Plugins(list, "/plugins")
		lines := strings.Split(strings.TrimSpace(o.stdout.String()), "\n")
		if last := lines[len(lines)-1]; !strings.Contains(last, `"@message":"`+want+`"`) {
			t.Errorf("the summary is %s; want the message %q", last, want)
		}
	}
}
