package controlapi

import (
	"testing"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"
)

func TestConcurrencyConfig(t *testing.T) {
	e := newEnv(t)
	f := e.create(fnInput("chat", zipOf(t, "v1")))
	e.takeEvents()
	chat := dara.String("chat")

	got, err := e.client.GetConcurrencyConfig(chat)
	if err != nil || got.Body.ReservedConcurrency != nil || got.Body.FunctionArn != nil {
		t.Fatalf("unset config = %s, %v; want an empty object", jsonText(t, got.Body), err)
	}
	put := func(n int64) (*fc.PutConcurrencyConfigResponse, error) {
		return e.client.PutConcurrencyConfig(chat, &fc.PutConcurrencyConfigRequest{Body: &fc.PutConcurrencyInput{ReservedConcurrency: dara.Int64(n)}})
	}
	resp, err := put(5)
	if err != nil || dara.Int64Value(resp.Body.ReservedConcurrency) != 5 || dara.StringValue(resp.Body.FunctionArn) != dara.StringValue(f.FunctionArn) {
		t.Fatalf("put = %s, %v", jsonText(t, resp.Body), err)
	}
	got, err = e.client.GetConcurrencyConfig(chat)
	if err != nil || dara.Int64Value(got.Body.ReservedConcurrency) != 5 {
		t.Errorf("get after put = %s, %v", jsonText(t, got.Body), err)
	}
	for _, bad := range []int64{-1, 301} {
		_, err := put(bad)
		sdkErr(t, err, "InvalidArgument", 400)
	}
	_, err = e.client.PutConcurrencyConfig(chat, &fc.PutConcurrencyConfigRequest{Body: &fc.PutConcurrencyInput{}})
	sdkErr(t, err, "InvalidArgument", 400)
	if _, err := put(0); err != nil {
		t.Errorf("0 (the function disabled) refused: %v", err)
	}
	for range 2 { // deleting is idempotent
		if _, err := e.client.DeleteConcurrencyConfig(chat); err != nil {
			t.Fatal(err)
		}
	}
	if got, _ := e.client.GetConcurrencyConfig(chat); got.Body.ReservedConcurrency != nil {
		t.Errorf("after delete: %s", jsonText(t, got.Body))
	}
	var kinds []EventKind
	for _, ev := range e.takeEvents() {
		kinds = append(kinds, ev.Kind)
	}
	// put 5, put 0, delete (the second delete changed nothing)
	if jsonText(t, kinds) != `["ConcurrencyChanged","ConcurrencyChanged","ConcurrencyChanged"]` {
		t.Errorf("events = %v", kinds)
	}
}
