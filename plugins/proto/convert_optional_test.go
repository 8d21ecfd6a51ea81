package proto

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/wsdeploy/wsdeploy/providers"
)

// Protocol 1.2's messages keep every field both ways: an instance's
// connections stay unknown (nil) when not counted, a lock's time keeps
// its nanoseconds, and a time that is not RFC 3339 is an error.
func TestInstancesStatesAndLocksRoundTrip(t *testing.T) {
	var in providers.Instance
	fill(reflect.ValueOf(&in).Elem(), 1)
	if got := ToInstance(FromInstance(&in)); !reflect.DeepEqual(got, &in) {
		t.Errorf("instance round trip lost a field:\n got %+v\nwant %+v", got, &in)
	}
	if got := ToInstance(FromInstance(&providers.Instance{ID: "c-1"})); got.Connections != nil {
		t.Errorf("uncounted connections came back as %d", *got.Connections)
	}
	zero := 0
	if got := ToInstance(FromInstance(&providers.Instance{ID: "c-1", Connections: &zero})); got.Connections == nil || *got.Connections != 0 {
		t.Errorf("zero connections came back as %v", got.Connections)
	}

	var st providers.FunctionState
	fill(reflect.ValueOf(&st).Elem(), 2)
	if got := ToFunctionState(FromFunctionState(&st)); !reflect.DeepEqual(got, &st) {
		t.Errorf("state round trip lost a field:\n got %+v\nwant %+v", got, &st)
	}

	li := &providers.LockInfo{ID: "abc", Operation: "apply", Who: "ci@runner-7", PID: 4242,
		Created: time.Date(2026, 12, 6, 3, 4, 5, 123456789, time.UTC)}
	got, err := ToLockInfo(FromLockInfo(li))
	if err != nil || !reflect.DeepEqual(got, li) {
		t.Errorf("lock info round trip: %+v, %v; want %+v", got, err, li)
	}
	if got, err := ToLockInfo(FromLockInfo(&providers.LockInfo{ID: "x"})); err != nil || !got.Created.IsZero() {
		t.Errorf("a lock without a time came back as %+v, %v", got, err)
	}
	if _, err := ToLockInfo(&LockInfo{Id: "x", Created: "yesterday"}); err == nil || !strings.Contains(err.Error(), `"yesterday" is not RFC 3339`) {
		t.Errorf("a bad time: %v", err)
	}
	if FromInstance(nil) != nil || ToInstance(nil) != nil || FromLockInfo(nil) != nil {
		t.Error("nil did not stay nil")
	}
	if got, err := ToLockInfo(nil); got != nil || err != nil {
		t.Errorf("nil lock info came back as %+v, %v", got, err)
	}
}
