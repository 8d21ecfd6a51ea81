package controlapi

import (
	"encoding/json"
	"net/url"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"
)

// functionFilter reads ListFunctions' filters: tags (a JSON array of
// {"Key","Value"}, as the SDK sends it; a function must carry every one, an
// empty Value matching any value) and runtime (exact).
func functionFilter(q url.Values) (func(*fc.Function) bool, error) {
	var want []*fc.Tag
	if s := q.Get("tags"); s != "" {
		if err := json.Unmarshal([]byte(s), &want); err != nil {
			return nil, invalidArg("tags", `must be a JSON array such as [{"Key":"k","Value":"v"}]: %v`, err)
		}
		for i, t := range want {
			if t == nil || dara.StringValue(t.Key) == "" {
				return nil, invalidArg("tags", "entry %d has no Key", i)
			}
		}
	}
	runtime := q.Get("runtime")
	if len(want) == 0 && runtime == "" {
		return nil, nil
	}
	return func(f *fc.Function) bool {
		if runtime != "" && dara.StringValue(f.Runtime) != runtime {
			return false
		}
		for _, w := range want {
			if !hasTag(f.Tags, *w.Key, dara.StringValue(w.Value)) {
				return false
			}
		}
		return true
	}, nil
}

func hasTag(tags []*fc.Tag, key, value string) bool {
	for _, t := range tags {
		if t != nil && dara.StringValue(t.Key) == key && (value == "" || dara.StringValue(t.Value) == value) {
			return true
		}
	}
	return false
}
