package aliyun

import (
	"encoding/json"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/wsdeploy/wsdeploy/providers"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// affinityConfig is sessionAffinityConfig, a JSON string on the wire:
// FC's HeaderFieldSessionAffinityConfig, whose fields are
// CookieSessionAffinityConfig's plus the header's name.
type affinityConfig = fc.HeaderFieldSessionAffinityConfig

// affinity reads sessionAffinity and its config; nil when FC reports none
// (NONE, or no field). A config FC sends that is not JSON leaves the
// counts zero, which Normalize fills and the next plan corrects.
func affinity(typ, config *string) *providers.SessionAffinity {
	t := dara.StringValue(typ)
	if t == "" || t == fcspec.AffinityNone {
		return nil
	}
	var c affinityConfig
	_ = json.Unmarshal([]byte(dara.StringValue(config)), &c)
	return &providers.SessionAffinity{
		Type:                  t,
		Header:                dara.StringValue(c.AffinityHeaderFieldName),
		SessionsPerInstance:   int(dara.Int64Value(c.SessionConcurrencyPerInstance)),
		SessionTTL:            int(dara.Int64Value(c.SessionTTLInSeconds)),
		SessionIdleTimeout:    int(dara.Int64Value(c.SessionIdleTimeoutInSeconds)),
		DisableSessionIDReuse: dara.BoolValue(c.DisableSessionIdReuse),
	}
}

// affinityInput is sessionAffinity and sessionAffinityConfig for a (nil
// for none: nothing is sent). Every field of the config is stated, zeros
// and false included; the header's name only with HEADER_FIELD, the one
// type whose config has it. a must be normalized.
func affinityInput(a *providers.SessionAffinity) (typ, config *string) {
	if a == nil {
		return nil, nil
	}
	c := affinityConfig{
		SessionConcurrencyPerInstance: dara.Int64(int64(a.SessionsPerInstance)),
		SessionTTLInSeconds:           dara.Int64(int64(a.SessionTTL)),
		SessionIdleTimeoutInSeconds:   dara.Int64(int64(a.SessionIdleTimeout)),
		DisableSessionIdReuse:         dara.Bool(a.DisableSessionIDReuse),
	}
	if a.Type == fcspec.AffinityHeaderField {
		c.AffinityHeaderFieldName = dara.String(a.Header)
	}
	b, _ := json.Marshal(&c) // a struct of pointers to numbers, strings and bools: cannot fail
	return dara.String(a.Type), dara.String(string(b))
}
