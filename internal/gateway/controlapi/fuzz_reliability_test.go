package controlapi

import (
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"testing"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// FuzzTriggerConfig feeds arbitrary triggerConfig text (a JSON string inside
// the JSON body) of every trigger type to the control API's validation. It
// must never panic; a refusal is FC's 400 InvalidArgument with a message;
// an accepted http config is canonical (normalizing it again changes
// nothing) and is what the data plane can serve: methods present, valid and
// unique, a known authType, disableURLInternet set; another type's config
// is kept as sent and is a JSON object.
func FuzzTriggerConfig(f *testing.F) {
	for _, s := range []string{
		`{"methods":["GET"],"authType":"anonymous"}`,
		`{"methods":["GET","POST","GET"],"authType":"function","disableURLInternet":true}`,
		`{"methods":["get"]}`,
		`{"methods":[null],"authType":"jwt","authConfig":"{}"}`,
		`{"methods":[],"authType":""}`,
		`{"methods":"GET"}`,
		`{"methods":["GET"],"disableURLInternet":"yes"}`,
		`{"methods":["GET"],"authType":"anonymous","corsConfig":{"allowOrigins":["*"]}}`,
		`{"cronExpression":"@every 1m","enable":true}`,
		`[]`, `null`, `""`, `{`, ``,
	} {
		f.Add(uint8(0), s)
		f.Add(uint8(1), s)
	}
	f.Fuzz(func(t *testing.T, which uint8, raw string) {
		typ := fcspec.TriggerTypes[int(which)%len(fcspec.TriggerTypes)]
		out, err := normalizeTriggerConfig(typ, raw)
		if err != nil {
			var e *apiError
			if !errors.As(err, &e) || e.Status != http.StatusBadRequest || e.Code != "InvalidArgument" || e.Message == "" {
				t.Fatalf("%s %q refused with %#v, not FC's 400 InvalidArgument", typ, raw, err)
			}
			return
		}
		if typ != "http" {
			var obj map[string]json.RawMessage
			if out != raw || json.Unmarshal([]byte(out), &obj) != nil || obj == nil {
				t.Fatalf("%s config %q stored as %q", typ, raw, out)
			}
			return
		}
		var cfg fc.HTTPTriggerConfig
		if err := json.Unmarshal([]byte(out), &cfg); err != nil {
			t.Fatalf("%q normalized to %q, which does not parse: %v", raw, out, err)
		}
		methods := dara.StringSliceValue(cfg.Methods)
		if len(methods) == 0 || len(slices.Compact(slices.Sorted(slices.Values(methods)))) != len(methods) {
			t.Fatalf("%q normalized to methods %q: want some, each once", raw, methods)
		}
		for _, m := range methods {
			if fcspec.CheckMethod(m) != nil {
				t.Fatalf("%q normalized to method %q", raw, m)
			}
		}
		if fcspec.CheckAuthType(dara.StringValue(cfg.AuthType)) != nil || cfg.DisableURLInternet == nil {
			t.Fatalf("%q normalized to %q", raw, out)
		}
		if again, err := normalizeTriggerConfig(typ, out); err != nil || again != out {
			t.Fatalf("%q normalized to %q, and again to %q (%v)", raw, out, again, err)
		}
	})
}
