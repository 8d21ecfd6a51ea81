package controlapi

import (
	"sort"
	"strings"
	"testing"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"
)

func tagText(tags []*fc.Tag) string {
	var kv []string
	for _, t := range tags {
		kv = append(kv, dara.StringValue(t.Key)+"="+dara.StringValue(t.Value))
	}
	sort.Strings(kv)
	return strings.Join(kv, ",")
}

func TestTagResourcesChangesTagsAfterCreation(t *testing.T) {
	e := newEnv(t)
	in := fnInput("chat", zipOf(t, "v1"))
	in.Tags = []*fc.Tag{{Key: dara.String("wsdeploy-stack"), Value: dara.String("demo")}, {Key: dara.String("team"), Value: dara.String("a")}}
	f := e.create(in)
	other := e.create(fnInput("other", zipOf(t, "v1")))
	e.takeEvents()
	arn := f.FunctionArn
	tagsOf := func(name string) string {
		t.Helper()
		resp, err := e.client.GetFunction(dara.String(name), &fc.GetFunctionRequest{})
		if err != nil {
			t.Fatal(err)
		}
		return tagText(resp.Body.Tags)
	}

	_, err := e.client.TagResources(&fc.TagResourcesRequest{Body: &fc.TagResourcesInput{
		ResourceId: []*string{arn}, ResourceType: dara.String("function"),
		Tag: []*fc.Tag{{Key: dara.String("team"), Value: dara.String("b")}, {Key: dara.String("env"), Value: dara.String("prod")}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if got := tagsOf("chat"); got != "env=prod,team=b,wsdeploy-stack=demo" {
		t.Errorf("after TagResources: %s", got)
	}

	_, err = e.client.UntagResources(&fc.UntagResourcesRequest{
		ResourceId: []*string{arn}, ResourceType: dara.String("function"), TagKey: []*string{dara.String("team"), dara.String("absent")},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := tagsOf("chat"); got != "env=prod,wsdeploy-stack=demo" {
		t.Errorf("after UntagResources: %s", got)
	}

	list, err := e.client.ListTagResources(&fc.ListTagResourcesRequest{ResourceType: dara.String("function"),
		Tag: []*fc.ListTagResourcesRequestTag{{Key: dara.String("wsdeploy-stack"), Value: dara.String("demo")}}})
	if err != nil {
		t.Fatal(err)
	}
	var pairs []string
	for _, p := range list.Body.TagResources {
		pairs = append(pairs, dara.StringValue(p.ResourceId)+" "+dara.StringValue(p.TagKey)+"="+dara.StringValue(p.TagValue))
	}
	sort.Strings(pairs)
	if want := dara.StringValue(arn) + " env=prod," + dara.StringValue(arn) + " wsdeploy-stack=demo"; strings.Join(pairs, ",") != want {
		t.Errorf("ListTagResources = %v, want %s", pairs, want)
	}

	_, err = e.client.UntagResources(&fc.UntagResourcesRequest{ResourceId: []*string{arn}, All: dara.Bool(true)})
	if err != nil || tagsOf("chat") != "" {
		t.Errorf("All: %v, tags %s", err, tagsOf("chat"))
	}
	if got := tagsOf("other"); got != "" || other.Tags != nil {
		t.Errorf("another function's tags changed: %s", got)
	}
	if ev := e.takeEvents(); len(ev) != 0 {
		t.Errorf("tag changes reported as %+v; they change nothing an instance sees", ev)
	}
}

func TestTagResourcesRefusals(t *testing.T) {
	e := newEnv(t)
	f := e.create(fnInput("chat", zipOf(t, "v1")))
	tag := func(ids []*string, typ string, tags ...*fc.Tag) error {
		_, err := e.client.TagResources(&fc.TagResourcesRequest{Body: &fc.TagResourcesInput{ResourceId: ids, ResourceType: dara.String(typ), Tag: tags}})
		return err
	}
	kv := &fc.Tag{Key: dara.String("k"), Value: dara.String("v")}
	missing := dara.String("acs:fc:cn-hangzhou:1234567890:functions/missing")

	se := sdkErr(t, tag([]*string{f.FunctionArn, missing}, "function", kv), "FunctionNotFound", 404)
	if !strings.Contains(dara.StringValue(se.Message), "missing") {
		t.Errorf("not-found message %q does not name the function", dara.StringValue(se.Message))
	}
	if resp, _ := e.client.GetFunction(dara.String("chat"), &fc.GetFunctionRequest{}); len(resp.Body.Tags) != 0 {
		t.Errorf("a refused request tagged chat: %s", tagText(resp.Body.Tags))
	}
	sdkErr(t, tag([]*string{dara.String("chat")}, "function", kv), "InvalidArgument", 400)
	sdkErr(t, tag([]*string{dara.String("acs:fc:us-west-1:1234567890:functions/chat")}, "function", kv), "InvalidArgument", 400)
	sdkErr(t, tag([]*string{f.FunctionArn}, "service", kv), "InvalidArgument", 400)
	sdkErr(t, tag([]*string{f.FunctionArn}, "function"), "InvalidArgument", 400)
	sdkErr(t, tag([]*string{f.FunctionArn}, "function", &fc.Tag{Value: dara.String("v")}), "InvalidArgument", 400)
	if err := tag([]*string{f.FunctionArn}, "ALIYUN::FC::FUNCTION", kv); err != nil {
		t.Errorf("the long resource type: %v", err)
	}

	var many []*fc.Tag
	for i := range maxTags + 1 {
		many = append(many, &fc.Tag{Key: dara.String(strings.Repeat("k", i+1)), Value: dara.String("v")})
	}
	sdkErr(t, tag([]*string{f.FunctionArn}, "function", many...), "InvalidArgument", 400)

	_, err := e.client.UntagResources(&fc.UntagResourcesRequest{ResourceId: []*string{f.FunctionArn}})
	sdkErr(t, err, "InvalidArgument", 400)
}
