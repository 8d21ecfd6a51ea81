package aliyun

import (
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/wsdeploy/wsdeploy/providers"
)

func TestListFunctionsFindsOnlyItsStack(t *testing.T) {
	g := newGateway(t)
	p := g.provider(t)
	code := codeOf(t, "v1")
	stacks := map[string][]string{"a": {"a-0", "a-1", "a-2", "a-3", "a-4"}, "b": {"b-0", "b-1", "b-2"}}
	// Interleaved names, so that FC's pages mix the stacks.
	for i := range 5 {
		for _, stack := range []string{"b", "a"} {
			if i >= len(stacks[stack]) {
				continue
			}
			f := wsFunction(stacks[stack][i], stack)
			if i%2 == 1 {
				f.MaxInstances = nil
			}
			if _, err := p.CreateFunction(ctx, f, code); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := p.CreateTrigger(ctx, "a-1", &providers.HTTPTrigger{Name: "ws", Methods: []string{"GET"}}); err != nil {
		t.Fatal(err)
	}
	// A function nobody owns, and one whose stack name extends "a".
	if _, err := p.fc.CreateFunction(&fc.CreateFunctionRequest{Body: &fc.CreateFunctionInput{
		FunctionName: dara.String("a-untagged"), Runtime: dara.String("custom.debian12"), Handler: dara.String("index.handler"),
		Code: codeInput(code)}}); err != nil {
		t.Fatal(err)
	}
	if _, err := p.CreateFunction(ctx, wsFunction("a-prime", "a2"), code); err != nil {
		t.Fatal(err)
	}

	listPageSize = 2
	t.Cleanup(func() { listPageSize = 100 })
	for stack, want := range stacks {
		before := g.count("ListFunctions")
		fs, err := p.ListFunctions(ctx, stack)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, f := range fs {
			names = append(names, f.Name)
			got, err := p.GetFunction(ctx, f.Name)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(f, got) {
				t.Errorf("listed %s differs from GetFunction:\n%s\n%s", f.Name, jsonOf(f), jsonOf(got))
			}
		}
		if strings.Join(names, ",") != strings.Join(want, ",") {
			t.Errorf("stack %s: %v, want %v", stack, names, want)
		}
		if pages := g.count("ListFunctions") - before; pages < 2 {
			t.Errorf("stack %s listed in %d pages; the pagination was not exercised", stack, pages)
		}
	}
	a, _ := p.ListFunctions(ctx, "a")
	if len(a[1].Triggers) != 1 || a[0].MaxInstances == nil || *a[0].MaxInstances != 5 || a[1].MaxInstances != nil {
		t.Errorf("listing lacks triggers or concurrency: %s", jsonOf(a[:2]))
	}
	if fs, err := p.ListFunctions(ctx, "nobody"); err != nil || len(fs) != 0 {
		t.Errorf("unknown stack: %v, %d functions", err, len(fs))
	}
	if _, err := p.ListFunctions(ctx, ""); err == nil {
		t.Error("an empty stack name was accepted: it would list every tagged function")
	}
}

func TestListFunctionsInParallelManyFunctions(t *testing.T) {
	p := newGateway(t).provider(t)
	code := codeOf(t, "v1")
	var want []string
	for i := range 30 {
		name := fmt.Sprintf("fn-%02d", i)
		want = append(want, name)
		if _, err := p.CreateFunction(ctx, wsFunction(name, "big"), code); err != nil {
			t.Fatal(err)
		}
	}
	fs, err := p.ListFunctions(ctx, "big")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range fs {
		names = append(names, f.Name)
		sameConfig(t, f.Name, f, wsFunction(f.Name, "big"))
	}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("names %v", names)
	}
}

// Whatever FC's tags filter does, a listing holds only the stack's
// functions; an entry without tags is decided by GetFunction.
func TestListFunctionsFiltersAgain(t *testing.T) {
	g := newGateway(t)
	p := g.provider(t)
	code := codeOf(t, "v1")
	for _, f := range []*providers.Function{wsFunction("a-1", "a"), wsFunction("b-1", "b"), wsFunction("b-2", "b")} {
		if _, err := p.CreateFunction(ctx, f, code); err != nil {
			t.Fatal(err)
		}
	}
	g.setFault(func(w http.ResponseWriter, r *http.Request, _ int) bool {
		if r.Header.Get("x-acs-action") != "ListFunctions" {
			return false
		}
		// An unfiltered page: a foreign function with its tags, ours and
		// another foreign one without.
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"functions":[
			{"functionName":"b-1","runtime":"custom.debian12","tags":[{"Key":"wsdeploy-stack","Value":"b"}]},
			{"functionName":"a-1","runtime":"custom.debian12"},
			{"functionName":"b-2","runtime":"custom.debian12"}]}`))
		return true
	})
	fs, err := p.ListFunctions(ctx, "a")
	if err != nil || len(fs) != 1 || fs[0].Name != "a-1" {
		t.Fatalf("listing: %v, %s", err, jsonOf(fs))
	}
	sameConfig(t, "a-1 read through GetFunction", fs[0], wsFunction("a-1", "a"))
}
