package aliyun

import (
	"encoding/json"
	"fmt"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/wsdeploy/wsdeploy/providers"
)

// triggerConfig is an HTTP trigger's triggerConfig, the JSON text FC wants
// inside the JSON body. t must be normalized.
func triggerConfig(t *providers.HTTPTrigger) string {
	cfg := fc.HTTPTriggerConfig{
		Methods:            dara.StringSlice(nonNil(t.Methods)),
		AuthType:           dara.String(t.AuthType),
		DisableURLInternet: dara.Bool(t.DisableURLInternet),
	}
	b, _ := json.Marshal(&cfg) // strings and a bool: cannot fail
	return string(b)
}

// fromFCTrigger translates an HTTP trigger, parsing triggerConfig (never
// comparing it as text: key order and spacing are FC's business).
func fromFCTrigger(function string, raw *fc.Trigger) (*providers.HTTPTrigger, error) {
	t := &providers.HTTPTrigger{
		Name:         dara.StringValue(raw.TriggerName),
		Description:  dara.StringValue(raw.Description),
		LastModified: dara.StringValue(raw.LastModifiedTime),
	}
	if h := raw.HttpTrigger; h != nil {
		t.URLInternet, t.URLIntranet = dara.StringValue(h.UrlInternet), dara.StringValue(h.UrlIntranet)
	}
	var cfg fc.HTTPTriggerConfig
	if s := dara.StringValue(raw.TriggerConfig); s != "" {
		if err := json.Unmarshal([]byte(s), &cfg); err != nil {
			return nil, fmt.Errorf("FC trigger %q of function %q: triggerConfig is not the JSON of an HTTP trigger: %v", t.Name, function, err)
		}
	}
	t.Methods = strs(cfg.Methods)
	t.AuthType = dara.StringValue(cfg.AuthType)
	t.DisableURLInternet = dara.BoolValue(cfg.DisableURLInternet)
	return providers.NormalizeTrigger(t), nil
}
