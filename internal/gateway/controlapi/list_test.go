package controlapi

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"
)

func TestListFunctionsPagesAndFilters(t *testing.T) {
	e := newEnv(t)
	code := zipOf(t, "v1")
	for i := range 5 {
		in := fnInput(fmt.Sprintf("app-%d", i), code)
		stack := "a"
		if i%2 == 1 {
			stack = "b"
		}
		in.Tags = []*fc.Tag{{Key: dara.String("wsdeploy-stack"), Value: dara.String(stack)}}
		e.create(in)
	}
	e.create(fnInput("other", code))

	list := func(req *fc.ListFunctionsRequest) []string {
		t.Helper()
		var names []string
		for pages := 0; ; pages++ {
			resp, err := e.client.ListFunctions(req)
			if err != nil {
				t.Fatal(err)
			}
			if req.Limit != nil && len(resp.Body.Functions) > int(*req.Limit) {
				t.Errorf("page of %d over limit %d", len(resp.Body.Functions), *req.Limit)
			}
			for _, f := range resp.Body.Functions {
				names = append(names, *f.FunctionName)
				if f.State != nil || f.LastUpdateStatus != nil {
					t.Errorf("listed %s carries state fields, which FC's listing leaves out", *f.FunctionName)
				}
				if f.CodeChecksum == nil || f.FunctionArn == nil {
					t.Errorf("listed %s lacks codeChecksum or functionArn", *f.FunctionName)
				}
			}
			if resp.Body.NextToken == nil {
				return names
			}
			if pages > 10 {
				t.Fatal("pagination does not end")
			}
			req.NextToken = resp.Body.NextToken
		}
	}
	tag := func(v string) []*fc.Tag {
		return []*fc.Tag{{Key: dara.String("wsdeploy-stack"), Value: dara.String(v)}}
	}
	cases := []struct {
		name string
		req  *fc.ListFunctionsRequest
		want string
	}{
		{"all, pages of 2", &fc.ListFunctionsRequest{Limit: dara.Int32(2)}, "app-0,app-1,app-2,app-3,app-4,other"},
		{"prefix", &fc.ListFunctionsRequest{Prefix: dara.String("app-"), Limit: dara.Int32(4)}, "app-0,app-1,app-2,app-3,app-4"},
		{"tag a, pages of 1", &fc.ListFunctionsRequest{Tags: tag("a"), Limit: dara.Int32(1)}, "app-0,app-2,app-4"},
		{"tag b", &fc.ListFunctionsRequest{Tags: tag("b")}, "app-1,app-3"},
		{"tag key only", &fc.ListFunctionsRequest{Tags: []*fc.Tag{{Key: dara.String("wsdeploy-stack")}}}, "app-0,app-1,app-2,app-3,app-4"},
		{"unknown tag", &fc.ListFunctionsRequest{Tags: tag("c")}, ""},
		{"runtime", &fc.ListFunctionsRequest{Runtime: dara.String("custom.debian12"), Prefix: dara.String("o")}, "other"},
	}
	for _, c := range cases {
		if got := strings.Join(list(c.req), ","); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}

	resp, err := e.client.ListFunctions(&fc.ListFunctionsRequest{Limit: dara.Int32(5)})
	if err != nil || len(resp.Body.Functions) != 5 || resp.Body.NextToken == nil {
		t.Fatalf("limit 5 of 6: %v", err)
	}
	for _, bad := range []*fc.ListFunctionsRequest{{Limit: dara.Int32(0)}, {Limit: dara.Int32(101)}, {NextToken: dara.String("%%%")}} {
		_, err := e.client.ListFunctions(bad)
		sdkErr(t, err, "InvalidArgument", 400)
	}
	rec := e.raw("GET", "/2023-03-30/functions?tags="+url.QueryEscape(`{"Key":1}`), "")
	if rec.Code != 400 || !strings.Contains(rec.Body.String(), `"tags:`) {
		t.Errorf("malformed tags filter: %d %s", rec.Code, rec.Body)
	}
	// An empty listing is an empty array, not null.
	if rec := e.raw("GET", "/2023-03-30/functions?prefix=zzz", ""); rec.Code != 200 || !strings.Contains(rec.Body.String(), `"functions":[]`) {
		t.Errorf("empty listing: %d %s", rec.Code, rec.Body)
	}
}
