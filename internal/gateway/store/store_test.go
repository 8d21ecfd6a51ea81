package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"
)

func openT(t *testing.T, dir string) *Store {
	t.Helper()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func fn(name string) *fc.Function {
	return &fc.Function{
		FunctionName:         dara.String(name),
		FunctionId:           dara.String("id-" + name),
		Runtime:              dara.String("custom.debian12"),
		Timeout:              dara.Int32(30),
		EnvironmentVariables: map[string]*string{"K": dara.String("v")},
		Tags:                 []*fc.Tag{{Key: dara.String("wsdeploy-stack"), Value: dara.String("demo")}},
	}
}

func trig(name string) *fc.Trigger {
	return &fc.Trigger{
		TriggerName:   dara.String(name),
		TriggerType:   dara.String("http"),
		TriggerConfig: dara.String(`{"methods":["GET"],"authType":"anonymous"}`),
	}
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func mustCreate(t *testing.T, s *Store, names ...string) {
	t.Helper()
	for _, n := range names {
		if err := s.CreateFunction(fn(n)); err != nil {
			t.Fatal(err)
		}
	}
}

func TestReopenFindsEverything(t *testing.T) {
	dir := t.TempDir()
	s := openT(t, dir)
	mustCreate(t, s, "chat", "echo")
	want := map[string]*Trigger{}
	for _, tn := range []string{"ws", "http"} {
		tr, err := s.CreateTrigger("chat", trig(tn))
		if err != nil {
			t.Fatal(err)
		}
		want[tn] = tr
	}
	if err := s.PutConcurrency("chat", &fc.ConcurrencyConfig{ReservedConcurrency: dara.Int64(7)}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetTriggerPort("chat", "ws", 40001); err != nil {
		t.Fatal(err)
	}
	want["ws"].Port = 40001
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s = openT(t, dir)
	defer s.Close()
	for _, n := range []string{"chat", "echo"} {
		got, err := s.GetFunction(n)
		if err != nil {
			t.Fatal(err)
		}
		if jsonOf(t, got) != jsonOf(t, fn(n)) {
			t.Errorf("function %s after reopen:\n got %s\nwant %s", n, jsonOf(t, got), jsonOf(t, fn(n)))
		}
	}
	for tn, w := range want {
		got, err := s.GetTrigger("chat", tn)
		if err != nil {
			t.Fatal(err)
		}
		if got.URLID == "" || got.URLID != w.URLID {
			t.Errorf("trigger %s URL id %q after reopen, want %q", tn, got.URLID, w.URLID)
		}
		if jsonOf(t, got) != jsonOf(t, w) {
			t.Errorf("trigger %s after reopen:\n got %s\nwant %s", tn, jsonOf(t, got), jsonOf(t, w))
		}
		byID, err := s.TriggerByURLID(w.URLID)
		if err != nil || *byID.Trigger.TriggerName != tn || byID.Function != "chat" {
			t.Errorf("TriggerByURLID(%s) = %+v, %v", w.URLID, byID, err)
		}
	}
	if want["ws"].URLID == want["http"].URLID {
		t.Error("two triggers share a URL id")
	}
	c, err := s.GetConcurrency("chat")
	if err != nil || c.ReservedConcurrency == nil || *c.ReservedConcurrency != 7 {
		t.Errorf("concurrency after reopen = %v, %v", c, err)
	}
}

func TestErrorsAreDistinct(t *testing.T) {
	s := openT(t, t.TempDir())
	defer s.Close()
	mustCreate(t, s, "f")
	checks := []struct {
		name string
		err  error
		want error
		kind error
	}{
		{"get missing function", second(s.GetFunction("nope")), ErrFunctionNotFound, ErrNotFound},
		{"create existing function", s.CreateFunction(fn("f")), ErrFunctionExists, ErrExists},
		{"trigger of missing function", second(s.CreateTrigger("nope", trig("t"))), ErrFunctionNotFound, ErrNotFound},
		{"get missing trigger", second(s.GetTrigger("f", "t")), ErrTriggerNotFound, ErrNotFound},
		{"delete missing trigger", second(s.DeleteTrigger("f", "t")), ErrTriggerNotFound, ErrNotFound},
		{"missing concurrency", second(s.GetConcurrency("f")), ErrConcurrencyNotFound, ErrNotFound},
		{"concurrency of missing function", s.PutConcurrency("nope", &fc.ConcurrencyConfig{}), ErrFunctionNotFound, ErrNotFound},
		{"unknown URL id", second(s.TriggerByURLID("zzzz")), ErrTriggerNotFound, ErrNotFound},
		{"list triggers of missing function", third(s.ListTriggers("nope", ListOptions{})), ErrFunctionNotFound, ErrNotFound},
	}
	if _, err := s.CreateTrigger("f", trig("t2")); err != nil {
		t.Fatal(err)
	}
	_, err := s.CreateTrigger("f", trig("t2"))
	checks = append(checks, struct {
		name string
		err  error
		want error
		kind error
	}{"create existing trigger", err, ErrTriggerExists, ErrExists})
	for _, c := range checks {
		if !errors.Is(c.err, c.want) || !errors.Is(c.err, c.kind) {
			t.Errorf("%s: err = %v, want %v (a kind of %v)", c.name, c.err, c.want, c.kind)
		}
	}
	if errors.Is(second(s.GetFunction("nope")), ErrTriggerNotFound) {
		t.Error("a missing function is reported as a missing trigger")
	}
}

func second[A any](_ A, err error) error        { return err }
func third[A, B any](_ A, _ B, err error) error { return err }

func TestDeleteFunctionRefusedWhileTriggersExist(t *testing.T) {
	s := openT(t, t.TempDir())
	defer s.Close()
	mustCreate(t, s, "f")
	tr, err := s.CreateTrigger("f", trig("t"))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.PutConcurrency("f", &fc.ConcurrencyConfig{ReservedConcurrency: dara.Int64(3)}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DeleteFunction("f"); !errors.Is(err, ErrFunctionNotEmpty) {
		t.Fatalf("delete with a trigger: %v, want ErrFunctionNotEmpty", err)
	}
	if _, err := s.GetFunction("f"); err != nil {
		t.Fatalf("refused delete removed the function: %v", err)
	}
	if _, err := s.DeleteTrigger("f", "t"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.TriggerByURLID(tr.URLID); !errors.Is(err, ErrTriggerNotFound) {
		t.Errorf("URL id of a deleted trigger still resolves: %v", err)
	}
	gone, err := s.DeleteFunction("f")
	if err != nil || *gone.FunctionName != "f" {
		t.Fatalf("delete = %v, %v", gone, err)
	}
	// A function recreated under the same name starts clean.
	mustCreate(t, s, "f")
	if _, err := s.GetConcurrency("f"); !errors.Is(err, ErrConcurrencyNotFound) {
		t.Errorf("recreated function inherited a concurrency config: %v", err)
	}
	if ts, _, err := s.ListTriggers("f", ListOptions{}); err != nil || len(ts) != 0 {
		t.Errorf("recreated function inherited triggers: %v, %v", ts, err)
	}
}

func TestUpdateKeepsURLIDAndIsAtomic(t *testing.T) {
	s := openT(t, t.TempDir())
	defer s.Close()
	mustCreate(t, s, "f")
	tr, err := s.CreateTrigger("f", trig("t"))
	if err != nil {
		t.Fatal(err)
	}
	up, err := s.UpdateTrigger("f", "t", func(x *fc.Trigger) error {
		x.TriggerConfig = dara.String(`{"methods":["GET","POST"]}`)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := s.GetTrigger("f", "t")
	if up.URLID != tr.URLID || got.URLID != tr.URLID {
		t.Errorf("URL id changed on update: %q → %q / %q", tr.URLID, up.URLID, got.URLID)
	}
	if *got.Trigger.TriggerConfig != `{"methods":["GET","POST"]}` {
		t.Errorf("update not stored: %s", *got.Trigger.TriggerConfig)
	}
	if err := s.SetTriggerPort("f", "t", 41234); err != nil {
		t.Fatal(err)
	}
	up, err = s.UpdateTrigger("f", "t", func(x *fc.Trigger) error { x.Description = dara.String("d"); return nil })
	if err != nil || up.Port != 41234 || up.URLID != tr.URLID {
		t.Errorf("after SetTriggerPort and an update: %+v, %v; want port 41234 and the same URL id", up, err)
	}
	if err := s.SetTriggerPort("f", "nope", 1); !errors.Is(err, ErrTriggerNotFound) {
		t.Errorf("SetTriggerPort of a missing trigger: %v", err)
	}

	boom := errors.New("boom")
	_, err = s.UpdateFunction("f", func(f *fc.Function) error {
		f.Timeout = dara.Int32(99)
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("update error = %v", err)
	}
	if f, _ := s.GetFunction("f"); *f.Timeout != 30 {
		t.Errorf("failed update was written: timeout %d", *f.Timeout)
	}
	if _, err := s.UpdateFunction("f", func(f *fc.Function) error { f.FunctionName = dara.String("g"); return nil }); err == nil {
		t.Error("rename accepted")
	}
	if _, err := s.UpdateTrigger("f", "t", func(x *fc.Trigger) error { x.TriggerName = dara.String("u"); return nil }); err == nil {
		t.Error("trigger rename accepted")
	}
}

func names(fs []*fc.Function) string {
	var out []string
	for _, f := range fs {
		out = append(out, *f.FunctionName)
	}
	return strings.Join(out, ",")
}

func TestListFunctionsPages(t *testing.T) {
	s := openT(t, t.TempDir())
	defer s.Close()
	for i := range 7 {
		mustCreate(t, s, fmt.Sprintf("app-%d", i))
	}
	mustCreate(t, s, "aaa", "zzz")

	var pages []string
	opt := ListOptions{Prefix: "app-", Limit: 3}
	for {
		fs, next, err := s.ListFunctions(opt, nil)
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, names(fs))
		if next == "" {
			break
		}
		opt.NextToken = next
		if len(pages) == 1 { // a write between pages must not make the listing skip
			if _, err := s.DeleteFunction(next); err != nil {
				t.Fatal(err)
			}
			mustCreate(t, s, "app-0b")
		}
	}
	want := "app-0,app-1,app-2|app-4,app-5,app-6"
	if got := strings.Join(pages, "|"); got != want {
		t.Errorf("pages = %s, want %s", got, want)
	}

	odd := func(f *fc.Function) bool { n := *f.FunctionName; return n[len(n)-1]%2 == 1 }
	fs, next, err := s.ListFunctions(ListOptions{Prefix: "app-", Limit: 2}, odd)
	if err != nil || names(fs) != "app-1,app-5" || next != "" {
		t.Errorf("filtered page = %s next %q, %v; want app-1,app-5 and no next page", names(fs), next, err)
	}
	fs, _, _ = s.ListFunctions(ListOptions{NextToken: "a"}, nil)
	if names(fs) != "aaa,app-0,app-0b,app-1,app-2,app-4,app-5,app-6,zzz" {
		t.Errorf("unlimited listing = %s", names(fs))
	}
}

func TestListTriggersPages(t *testing.T) {
	s := openT(t, t.TempDir())
	defer s.Close()
	mustCreate(t, s, "f", "g")
	for _, n := range []string{"a", "b", "c"} {
		if _, err := s.CreateTrigger("f", trig(n)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.CreateTrigger("g", trig("other")); err != nil {
		t.Fatal(err)
	}
	ts, next, err := s.ListTriggers("f", ListOptions{Limit: 2})
	if err != nil || len(ts) != 2 || next != "c" {
		t.Fatalf("first page = %d triggers, next %q, %v", len(ts), next, err)
	}
	ts, next, err = s.ListTriggers("f", ListOptions{Limit: 2, NextToken: next})
	if err != nil || len(ts) != 1 || *ts[0].Trigger.TriggerName != "c" || next != "" {
		t.Fatalf("second page = %v, next %q, %v", ts, next, err)
	}
	if ts, _, _ := s.ListTriggers("g", ListOptions{}); len(ts) != 1 || ts[0].Function != "g" {
		t.Errorf("triggers of g = %v", ts)
	}
}

func TestSecondOpenFailsClearly(t *testing.T) {
	defer func(d time.Duration) { lockTimeout = d }(lockTimeout)
	lockTimeout = 100 * time.Millisecond
	dir := t.TempDir()
	s := openT(t, dir)
	defer s.Close()
	_, err := Open(dir)
	if err == nil || !strings.Contains(err.Error(), "in use by another gateway") {
		t.Fatalf("second open = %v", err)
	}
}
