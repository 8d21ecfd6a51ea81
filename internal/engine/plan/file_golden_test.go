package plan

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/ with what the code produces now")

// goldenPlan is a saved plan with a change of every kind and action and
// every optional field set, as the engine makes them.
func goldenPlan() *Plan {
	return &Plan{
		Stack:    "chat",
		Provider: Provider{Name: "aliyun", Region: "cn-hangzhou", AccountID: "123", Endpoint: "127.0.0.1:9000"},
		Targets:  []string{"function.chat"},
		Changes: []*Change{
			{Address: "function.chat", Kind: KindFunction, Label: "chat", Function: "chat", Action: Update,
				Attributes: []Attribute{
					{Path: "timeout", Action: Update, Before: json.RawMessage(`300`), After: json.RawMessage(`900`)},
					{Path: "environment.TOKEN", Action: Create, Sensitive: true},
					{Path: "methods", Action: Delete, Before: json.RawMessage(`["GET","POST"]`)},
				},
				Code: &Code{Before: "1674601342520202379", After: "9310032211842771651", Files: 3, Size: 1024}},
			{Address: "function.chat.http_trigger.ws", Kind: KindHTTPTrigger, Label: "chat", Function: "chat", Trigger: "ws",
				Action: NoOp, URL: "https://chat.fcapp.run"},
			{Address: "function.chat.http_trigger.api", Kind: KindHTTPTrigger, Label: "chat", Function: "chat", Trigger: "api",
				Action: Create, Attributes: []Attribute{{Path: "auth_type", Action: Create, After: json.RawMessage(`"anonymous"`)}}},
			{Address: "function.chat.trigger.timer", Kind: KindTrigger, Label: "chat", Function: "chat", Trigger: "timer", Action: Delete},
			{Address: "custom_domain.chat.example.com", Kind: KindCustomDomain, Label: "chat.example.com", Domain: "chat.example.com",
				Action: Replace, Reason: "protocol cannot change in place",
				Attributes: []Attribute{{Path: "protocol", Action: Update, Before: json.RawMessage(`"HTTP"`), After: json.RawMessage(`"HTTPS"`), ForcesReplacement: true}},
				RoutesTo:   []string{"chat"}, RoutedTo: []string{"chat", "old"}},
		},
		Observed:  map[string]string{"chat": "sha256:def", "new": absent, "custom_domain.chat.example.com": "sha256:123"},
		StackHash: "sha256:abc",
		Created:   time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC),
	}
}

// TestPlanFileGolden pins the saved-plan file: written from the engine's
// Plan, it must read back into the same Plan. A change of the engine's
// model that reaches the file fails it.
func TestPlanFileGolden(t *testing.T) {
	for name, p := range map[string]*Plan{"plan.golden": goldenPlan(), "destroy-plan.golden": {
		Stack: "chat", Provider: Provider{Name: "local"}, Destroy: true,
		Changes: []*Change{}, Observed: map[string]string{}, StackHash: "sha256:abc", Created: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC),
	}} {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := p.Save(&buf); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", name)
			if *update {
				if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (go test -run TestPlanFileGolden -update creates it)", err)
			}
			if buf.String() != string(want) {
				t.Fatalf("the saved-plan file changed: a public format changed. Keep it readable (or bump planfile's version), "+
					"then go test -run TestPlanFileGolden -update.\ngot:\n%s\nwant:\n%s", buf.String(), want)
			}
			back, err := Load(bytes.NewReader(want))
			if err != nil {
				t.Fatal(err)
			}
			var again bytes.Buffer
			if err := back.Save(&again); err != nil {
				t.Fatal(err)
			}
			if again.String() != string(want) {
				t.Errorf("read back and saved again, the file differs:\n%s", again.String())
			}
		})
	}
}
