package controlapi

import (
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/wsdeploy/wsdeploy/internal/gateway/store"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// FC 3.0 changes a function's tags after creation only through the tag API
// (UpdateFunction has no tags): TagResources, UntagResources and
// ListTagResources on /2023-03-30/tags-v2. Resources are named by ARN
// (acs:fc:<region>:<account>:functions/<name>); the resource type is
// fcspec.TagResourceFunction, which FC also spells TagResourceFunctionROS.

// functionsOf resolves ResourceId (function ARNs of this region and
// account) to function names, refusing other resource types.
func (h *Handler) functionsOf(ids []*string, typ *string) ([]string, error) {
	if t := dara.StringValue(typ); t != "" && !strings.EqualFold(t, fcspec.TagResourceFunction) && !strings.EqualFold(t, fcspec.TagResourceFunctionROS) {
		return nil, invalidArg("ResourceType", "%q: only functions carry tags here; use %q", t, fcspec.TagResourceFunction)
	}
	prefix := h.functionARN("")
	var names []string
	for i, id := range ids {
		name, ok := strings.CutPrefix(dara.StringValue(id), prefix)
		if !ok || name == "" {
			return nil, invalidArg("ResourceId", "entry %d %q is not a function ARN of this gateway, such as %q", i, dara.StringValue(id), h.functionARN("my-function"))
		}
		names = append(names, name)
	}
	return names, nil
}

// tagResources sets tags on functions, replacing the values of keys they
// already have.
func (h *Handler) tagResources(c *call) (any, error) {
	var in fc.TagResourcesInput
	if err := decodeBody(c.body, &in); err != nil {
		return nil, err
	}
	names, err := h.functionsOf(in.ResourceId, in.ResourceType)
	if err != nil {
		return nil, err
	}
	switch {
	case len(names) == 0:
		return nil, invalidArg("ResourceId", "is required: list the ARNs of the functions to tag")
	case len(in.Tag) == 0:
		return nil, invalidArg("Tag", "is required: list the tags to set as [{\"Key\":\"k\",\"Value\":\"v\"}]")
	}
	for i, t := range in.Tag {
		if t == nil || dara.StringValue(t.Key) == "" {
			return nil, invalidArg(fmt.Sprintf("Tag[%d].Key", i), "is required")
		}
	}
	return nil, h.changeTags(names, func(tags []*fc.Tag) []*fc.Tag {
		for _, t := range in.Tag {
			tags = slices.DeleteFunc(tags, func(o *fc.Tag) bool { return o != nil && dara.StringValue(o.Key) == *t.Key })
			tags = append(tags, &fc.Tag{Key: t.Key, Value: dara.String(dara.StringValue(t.Value))})
		}
		return tags
	})
}

// untagResources removes tag keys (or, with All, every tag) from functions.
// Keys a function does not have are ignored.
func (h *Handler) untagResources(c *call) (any, error) {
	q := c.r.URL.Query()
	var ids, keys []*string
	if err := jsonQuery(q, "ResourceId", &ids); err != nil {
		return nil, err
	}
	if err := jsonQuery(q, "TagKey", &keys); err != nil {
		return nil, err
	}
	all := q.Get("All") == "true"
	names, err := h.functionsOf(ids, dara.String(q.Get("ResourceType")))
	if err != nil {
		return nil, err
	}
	switch {
	case len(names) == 0:
		return nil, invalidArg("ResourceId", "is required: list the ARNs of the functions to untag")
	case len(keys) == 0 && !all:
		return nil, invalidArg("TagKey", "is required unless All is true")
	}
	return nil, h.changeTags(names, func(tags []*fc.Tag) []*fc.Tag {
		if all {
			return nil
		}
		return slices.DeleteFunc(tags, func(t *fc.Tag) bool {
			return t != nil && slices.ContainsFunc(keys, func(k *string) bool { return dara.StringValue(k) == dara.StringValue(t.Key) })
		})
	})
}

// changeTags applies change to each function's tags in turn, first checking
// that every function exists so that a bad name changes nothing.
func (h *Handler) changeTags(names []string, change func([]*fc.Tag) []*fc.Tag) error {
	for _, name := range names {
		if _, err := h.cfg.Store.GetFunction(name); err != nil {
			return toAPIError(err, name, "")
		}
	}
	for _, name := range names {
		unlock := h.locks.lock(name)
		_, err := h.cfg.Store.UpdateFunction(name, func(f *fc.Function) error {
			f.Tags = change(f.Tags)
			return validateTags(f.Tags)
		})
		unlock()
		if err != nil {
			return toAPIError(err, name, "")
		}
	}
	return nil
}

// listTagResources lists (function, tag) pairs, of the functions named by
// ResourceId or else of every function, that match the Tag filter (as
// ListFunctions' tags filter: every tag, an empty Value matching any).
func (h *Handler) listTagResources(c *call) (any, error) {
	q := c.r.URL.Query()
	var ids []*string
	var filter []*fc.Tag
	if err := jsonQuery(q, "ResourceId", &ids); err != nil {
		return nil, err
	}
	if err := jsonQuery(q, "Tag", &filter); err != nil {
		return nil, err
	}
	names, err := h.functionsOf(ids, dara.String(q.Get("ResourceType")))
	if err != nil {
		return nil, err
	}
	limit, start, err := tagPage(q)
	if err != nil {
		return nil, err
	}
	var fs []*fc.Function
	if len(names) == 0 {
		if fs, _, err = h.cfg.Store.ListFunctions(store.ListOptions{}, nil); err != nil {
			return nil, err
		}
	}
	for _, name := range names {
		f, err := h.cfg.Store.GetFunction(name)
		if err != nil {
			return nil, toAPIError(err, name, "")
		}
		fs = append(fs, f)
	}
	var pairs []*fc.TagResource
	for _, f := range fs {
		if !carriesAll(f.Tags, filter) {
			continue
		}
		for _, t := range f.Tags {
			pairs = append(pairs, &fc.TagResource{ResourceId: f.FunctionArn, ResourceType: dara.String(fcspec.TagResourceFunction), TagKey: t.Key, TagValue: t.Value})
		}
	}
	out := &fc.ListTagResourcesOutput{TagResources: []*fc.TagResource{}, RequestId: dara.String(c.reqID)}
	if start < len(pairs) {
		end := min(start+limit, len(pairs))
		out.TagResources = pairs[start:end]
		if end < len(pairs) {
			out.NextToken = dara.String(encodeToken(strconv.Itoa(end)))
		}
	}
	return out, nil
}

func carriesAll(tags, filter []*fc.Tag) bool {
	for _, w := range filter {
		if w == nil || !hasTag(tags, dara.StringValue(w.Key), dara.StringValue(w.Value)) {
			return false
		}
	}
	return true
}

// tagPage reads Limit and NextToken (an offset into the pairs).
func tagPage(q url.Values) (limit, start int, err error) {
	limit = defaultLimit
	if s := q.Get("Limit"); s != "" {
		if limit, err = strconv.Atoi(s); err != nil || limit < 1 || limit > maxLimit {
			return 0, 0, invalidArg("Limit", "%q is not a number from 1 to %d", s, maxLimit)
		}
	}
	if s := q.Get("NextToken"); s != "" {
		t, derr := decodeToken(s)
		n, aerr := strconv.Atoi(t)
		if derr != nil || aerr != nil || n < 0 {
			return 0, 0, invalidArg("NextToken", "is not a token this API returned")
		}
		start = n
	}
	return limit, start, nil
}

// jsonQuery decodes a query parameter that the SDK sends as JSON text.
func jsonQuery(q url.Values, key string, v any) error {
	s := q.Get(key)
	if s == "" {
		return nil
	}
	if err := json.Unmarshal([]byte(s), v); err != nil {
		return invalidArg(key, "must be a JSON array: %v", err)
	}
	return nil
}
