package controlapi

import (
	"net/http"
	"testing"
	"time"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

const testStateDelay = 5 * time.Second

func newStateEnv(t *testing.T, check func(*fc.Function) (fcspec.Code, string)) *env {
	t.Helper()
	e := &env{t: t, dir: t.TempDir(), now: time.Date(2024, 5, 1, 8, 15, 27, 0, time.UTC),
		stateDelay: testStateDelay, checkStart: check}
	e.start()
	return e
}

// state is GetFunction's state, lastUpdateStatus and their reason codes.
func (e *env) state(name string) (state, update, stateCode, updateCode string) {
	e.t.Helper()
	resp, err := e.client.GetFunction(dara.String(name), &fc.GetFunctionRequest{})
	if err != nil {
		e.t.Fatalf("GetFunction(%s): %v", name, err)
	}
	f := resp.Body
	return dara.StringValue(f.State), dara.StringValue(f.LastUpdateStatus), dara.StringValue(f.StateReasonCode), dara.StringValue(f.LastUpdateStatusReasonCode)
}

func (e *env) update(name string, in *fc.UpdateFunctionInput) (*fc.Function, error) {
	resp, err := e.client.UpdateFunction(dara.String(name), &fc.UpdateFunctionRequest{Body: in})
	if err != nil {
		return nil, err
	}
	return resp.Body, nil
}

func wantState(t *testing.T, e *env, name, state, update string) {
	t.Helper()
	if s, u, _, _ := e.state(name); s != state || u != update {
		t.Fatalf("%s: state %s, lastUpdateStatus %s; want %s, %s", name, s, u, state, update)
	}
}

func TestUpdateIsInProgressForTheStateDelay(t *testing.T) {
	e := newStateEnv(t, nil)
	e.create(fnInput("chat", zipOf(t, "v1")))
	wantState(t, e, "chat", "Active", "Successful")
	e.takeEvents()

	f, err := e.update("chat", &fc.UpdateFunctionInput{Timeout: dara.Int32(30)})
	if err != nil {
		t.Fatal(err)
	}
	if got := dara.StringValue(f.LastUpdateStatus); got != "InProgress" {
		t.Errorf("UpdateFunction answered lastUpdateStatus %s, want InProgress", got)
	}
	wantState(t, e, "chat", "Active", "InProgress")
	// The data plane keeps the previous configuration until the update is done.
	ev := e.takeEvents()
	if len(ev) != 1 || ev[0].Kind != FunctionUpdated || !ev[0].EffectiveAt.Equal(ev[0].Time.Add(testStateDelay)) {
		t.Fatalf("events %+v, want one FunctionUpdated effective %s after it", ev, testStateDelay)
	}

	// An update racing the one in progress is refused, as on FC.
	_, err = e.update("chat", &fc.UpdateFunctionInput{Timeout: dara.Int32(40)})
	se := sdkErr(t, err, "ConcurrentUpdateError", http.StatusConflict)
	if dara.StringValue(se.Message) == "" {
		t.Error("409 without a message")
	}

	e.advance(testStateDelay - time.Millisecond)
	wantState(t, e, "chat", "Active", "InProgress")
	e.advance(time.Millisecond)
	wantState(t, e, "chat", "Active", "Successful")
	if f, err = e.update("chat", &fc.UpdateFunctionInput{Timeout: dara.Int32(40)}); err != nil {
		t.Fatalf("update after the previous one settled: %v", err)
	}
	if dara.Int32Value(f.Timeout) != 40 {
		t.Errorf("timeout %d, want 40", dara.Int32Value(f.Timeout))
	}
}

func TestRacingUpdatesOneWinsTheOthersGetConcurrentUpdateError(t *testing.T) {
	e := newStateEnv(t, nil)
	e.create(fnInput("chat", zipOf(t, "v1")))
	errs := race(6, func(i int) error {
		_, err := e.update("chat", &fc.UpdateFunctionInput{Timeout: dara.Int32(int32(10 + i))})
		return err
	})
	if n := winners(t, errs, "ConcurrentUpdateError"); n != 1 {
		t.Errorf("%d racing updates succeeded, want 1", n)
	}
}

func TestContainerIsPendingForTheStateDelay(t *testing.T) {
	e := newStateEnv(t, nil)
	f := e.create(&fc.CreateFunctionInput{
		FunctionName:          dara.String("img"),
		Runtime:               dara.String("custom-container"),
		Handler:               dara.String("index.handler"),
		CustomContainerConfig: &fc.CustomContainerConfig{Image: dara.String("registry.cn-hangzhou.aliyuncs.com/ns/img:1")},
	})
	if got := dara.StringValue(f.State); got != "Pending" {
		t.Errorf("CreateFunction answered state %s, want Pending", got)
	}
	if s, _, code, _ := e.state("img"); s != "Pending" || code == "" {
		t.Fatalf("state %s (reason code %q), want Pending with a reason", s, code)
	}
	_, err := e.update("img", &fc.UpdateFunctionInput{Timeout: dara.Int32(30)})
	sdkErr(t, err, "ConcurrentUpdateError", http.StatusConflict)
	e.advance(testStateDelay)
	if s, _, code, _ := e.state("img"); s != "Active" || code != "" {
		t.Fatalf("state %s (reason code %q) after the delay, want Active without a reason", s, code)
	}
}

// brokenWhen fails the start check of functions whose environment has BROKEN.
func brokenWhen(f *fc.Function) (fcspec.Code, string) {
	if _, ok := f.EnvironmentVariables["BROKEN"]; ok {
		return fcspec.CodeCAFileNotFound, "/code/bootstrap does not exist"
	}
	return "", ""
}

func TestCodeThatCannotStartMakesTheFunctionFailed(t *testing.T) {
	e := newStateEnv(t, brokenWhen)
	in := fnInput("chat", zipOf(t, "v1"))
	in.EnvironmentVariables = map[string]*string{"BROKEN": dara.String("1")}
	e.create(in)
	if s, _, code, _ := e.state("chat"); s != "Failed" || code != "CAFileNotFound" {
		t.Fatalf("created with code that cannot start: state %s (%s), want Failed (CAFileNotFound)", s, code)
	}

	// An update that fixes it recovers the function once it settles.
	if _, err := e.update("chat", &fc.UpdateFunctionInput{EnvironmentVariables: map[string]*string{}}); err != nil {
		t.Fatal(err)
	}
	e.advance(testStateDelay)
	wantState(t, e, "chat", "Active", "Successful")

	// An update that breaks it fails, with the reason.
	if _, err := e.update("chat", &fc.UpdateFunctionInput{EnvironmentVariables: map[string]*string{"BROKEN": dara.String("1")}}); err != nil {
		t.Fatal(err)
	}
	wantState(t, e, "chat", "Active", "InProgress")
	e.advance(testStateDelay)
	if _, u, _, code := e.state("chat"); u != "Failed" || code != "CAFileNotFound" {
		t.Fatalf("lastUpdateStatus %s (%s), want Failed (CAFileNotFound)", u, code)
	}
}

func TestUnsettledFunctionSettlesAfterARestart(t *testing.T) {
	e := newStateEnv(t, nil)
	e.create(fnInput("chat", zipOf(t, "v1")))
	if _, err := e.update("chat", &fc.UpdateFunctionInput{Timeout: dara.Int32(30)}); err != nil {
		t.Fatal(err)
	}
	wantState(t, e, "chat", "Active", "InProgress")
	// The deadline lived in the old process: the new one settles at once
	// rather than leave the function InProgress for ever.
	e.restart()
	wantState(t, e, "chat", "Active", "Successful")
}

func TestWithoutStateDelayUpdatesSettleAtOnce(t *testing.T) {
	e := newEnv(t)
	e.create(fnInput("chat", zipOf(t, "v1")))
	f, err := e.update("chat", &fc.UpdateFunctionInput{Timeout: dara.Int32(30)})
	if err != nil {
		t.Fatal(err)
	}
	if got := dara.StringValue(f.LastUpdateStatus); got != "Successful" {
		t.Errorf("lastUpdateStatus %s, want Successful", got)
	}
	if _, err := e.update("chat", &fc.UpdateFunctionInput{Timeout: dara.Int32(31)}); err != nil {
		t.Errorf("a second update right after: %v", err)
	}
}
