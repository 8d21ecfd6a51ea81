package controlapi

import (
	"encoding/json"
	"slices"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// normalizeTriggerConfig validates triggerConfig (a JSON string inside the
// JSON body) for its trigger type and returns the text to store. An http
// config is parsed and re-encoded with FC's defaults filled (authType
// function, disableURLInternet false) and duplicate methods dropped, so
// that what GetTrigger returns is canonical; other types must be a JSON
// object and are kept as sent.
func normalizeTriggerConfig(typ, raw string) (string, error) {
	if raw == "" {
		return "", invalidArg("triggerConfig", `is required: a JSON string such as {"methods":["GET"],"authType":"%s"}`, fcspec.AuthAnonymous)
	}
	if typ != fcspec.TriggerTypeHTTP {
		var obj map[string]json.RawMessage
		if err := decodeJSON("triggerConfig", "triggerConfig.", []byte(raw), &obj); err != nil {
			return "", err
		}
		if obj == nil { // JSON null decodes without an error
			return "", invalidArg("triggerConfig", "must be a JSON object, not null")
		}
		return raw, nil
	}
	var cfg fc.HTTPTriggerConfig
	if err := decodeJSON("triggerConfig", "triggerConfig.", []byte(raw), &cfg); err != nil {
		return "", err
	}
	if len(cfg.Methods) == 0 {
		return "", invalidArg("triggerConfig.methods", "is required: list the HTTP methods the trigger accepts (a WebSocket handshake is a GET)")
	}
	var methods []*string
	for _, m := range cfg.Methods {
		if m == nil {
			return "", invalidArg("triggerConfig.methods", "contains null")
		}
		if err := fcspec.CheckMethod(*m); err != nil {
			return "", invalidArg("triggerConfig.methods", "%v", err)
		}
		if !slices.ContainsFunc(methods, func(s *string) bool { return *s == *m }) {
			methods = append(methods, m)
		}
	}
	cfg.Methods = methods
	if dara.StringValue(cfg.AuthType) == "" {
		cfg.AuthType = dara.String(fcspec.DefaultAuthType)
	}
	if err := fcspec.CheckAuthType(*cfg.AuthType); err != nil {
		return "", invalidArg("triggerConfig.authType", "%v", err)
	}
	if cfg.DisableURLInternet == nil {
		cfg.DisableURLInternet = dara.Bool(false)
	}
	b, err := json.Marshal(&cfg)
	return string(b), err
}
