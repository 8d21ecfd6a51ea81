package controlapi

import (
	"os"
	"path/filepath"
	"testing"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"
)

func TestRestartKeepsFunctionsAndTriggerURLs(t *testing.T) {
	e := newEnv(t)
	f := e.create(fnInput("chat", zipOf(t, "v1")))
	tr := e.createTrigger("chat", "ws", `{"methods":["GET"],"authType":"anonymous"}`)
	e.restart()

	got, err := e.client.GetTrigger(dara.String("chat"), dara.String("ws"))
	if err != nil {
		t.Fatal(err)
	}
	if jsonText(t, got.Body) != jsonText(t, tr) {
		t.Errorf("trigger after restart:\n got %s\nwant %s", jsonText(t, got.Body), jsonText(t, tr))
	}
	gf, err := e.client.GetFunction(dara.String("chat"), &fc.GetFunctionRequest{})
	if err != nil || jsonText(t, gf.Body) != jsonText(t, f) {
		t.Errorf("function after restart: %v", err)
	}
}

func TestSweepCodeRemovesWhatNoFunctionUses(t *testing.T) {
	e := newEnv(t)
	f := e.create(fnInput("chat", zipOf(t, "v1")))
	root := e.h.cfg.Code.Root
	orphan := filepath.Join(root, "no-such-function", "123")
	stale := filepath.Join(root, dara.StringValue(f.FunctionId), "999")
	for _, d := range []string{orphan, stale} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.h.SweepCode(); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{filepath.Dir(orphan), stale} {
		if _, err := os.Stat(d); err == nil {
			t.Errorf("%s survived the sweep", d)
		}
	}
	if _, err := os.Stat(filepath.Join(e.h.CodeDir(f), "bootstrap")); err != nil {
		t.Errorf("current code swept: %v", err)
	}
}
