package apply

import (
	"github.com/wsdeploy/wsdeploy/engine/config"
	"github.com/wsdeploy/wsdeploy/providers"
)

// DeployedURLs gives the public URLs of the stack's triggers as the
// provider has them now, keyed like Result.URLs. deployed is what the
// provider lists for the stack (ListFunctions): wsdeploy keeps no state
// file, so `wsdeploy output` evaluates the outputs with these.
func DeployedURLs(stack *config.Stack, deployed []*providers.Function) config.TriggerURLs {
	byName := make(map[string]*providers.Function, len(deployed))
	for _, f := range deployed {
		byName[f.Name] = f
	}
	urls := config.TriggerURLs{}
	for _, f := range stack.Functions {
		have := byName[f.Name]
		if have == nil {
			continue
		}
		for _, t := range have.Triggers {
			if t.URLInternet == "" {
				continue
			}
			if urls[f.Label] == nil {
				urls[f.Label] = map[string]string{}
			}
			urls[f.Label][t.Name] = t.URLInternet
		}
	}
	return urls
}
