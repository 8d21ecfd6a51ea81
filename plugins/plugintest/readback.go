package plugintest

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/wsdeploy/wsdeploy/providers"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// observedOnly are the fields a provider fills in on reads: they are not
// compared with what was written (code and triggers are checked apart).
var observedOnly = map[string]bool{
	"CodeChecksum": true, "CodeSize": true, "ARN": true, "LastModified": true,
	"Triggers": true, "OtherTriggers": true,
}

// readBack fails unless GetFunction and ListFunctions return the function
// as the last apply wrote it, with the spec's triggers.
func (k *kit) readBack() *providers.Function {
	k.t.Helper()
	name := k.spec.function()
	got, err := k.p.GetFunction(k.ctx, name)
	if err != nil {
		k.fatalf("GetFunction(%q) after apply: %v", name, err)
	}
	k.sameFunction("GetFunction", got)

	listed, err := k.p.ListFunctions(k.ctx, k.spec.stack)
	if err != nil {
		k.fatalf("ListFunctions(%q): %v", k.spec.stack, err)
	}
	if len(listed) != 1 || listed[0].Name != name {
		k.fatalf("ListFunctions(%q) returned %s; want exactly [%s]", k.spec.stack, names(listed), name)
	}
	k.sameFunction("ListFunctions", listed[0])

	other, err := k.p.ListFunctions(k.ctx, k.spec.stack+"-other")
	if err != nil {
		k.fatalf("ListFunctions of another stack: %v", err)
	}
	if len(other) > 0 {
		k.fatalf("ListFunctions(%q) returned %s: a stack must see only the functions tagged %s=<its name>",
			k.spec.stack+"-other", names(other), providers.StackTag)
	}
	return got
}

// sameFunction compares every written field of got with what apply wrote,
// both normalized, then its code checksum and triggers.
func (k *kit) sameFunction(call string, got *providers.Function) {
	k.t.Helper()
	want, have := providers.Normalize(k.want), providers.Normalize(got)
	if field, w, h := firstDiff(want, have, observedOnly); field != "" {
		k.fatalf("%s(%q) reads back %s = %s; it was written as %s", call, got.Name, field, show(h), show(w))
	}
	if got.CodeChecksum != k.code {
		k.fatalf("%s(%q) reads back CodeChecksum = %q; the code uploaded has checksum %q (CRC-64, unsigned decimal)", call, got.Name, got.CodeChecksum, k.code)
	}
	var gotNames, wantNames []string
	for _, t := range have.Triggers {
		gotNames = append(gotNames, t.Name)
	}
	for _, t := range k.spec.triggers {
		wantNames = append(wantNames, t.name)
	}
	slices.Sort(wantNames)
	if !slices.Equal(gotNames, wantNames) {
		k.fatalf("%s(%q) reads back triggers %v; want %v", call, got.Name, gotNames, wantNames)
	}
	for _, ts := range k.spec.triggers {
		t := have.Triggers[slices.Index(gotNames, ts.name)]
		want := providers.NormalizeTrigger(&providers.HTTPTrigger{Name: ts.name, Methods: ts.methods, AuthType: fcspec.AuthAnonymous, Description: ts.description})
		if !slices.Equal(t.Methods, want.Methods) || t.AuthType != want.AuthType || t.Description != want.Description {
			k.fatalf("%s(%q) reads back trigger %q as methods %v, auth %q, description %q; want %v, %q, %q",
				call, got.Name, t.Name, t.Methods, t.AuthType, t.Description, want.Methods, want.AuthType, want.Description)
		}
	}
}

// firstDiff compares two pointers to structs of one type field by field,
// skipping the fields named in skip, and returns the first field that
// differs with both values ("" when none does).
func firstDiff(want, have any, skip map[string]bool) (field string, w, h any) {
	wv, hv := reflect.ValueOf(want).Elem(), reflect.ValueOf(have).Elem()
	for i := range wv.NumField() {
		field := wv.Type().Field(i).Name
		if skip[field] {
			continue
		}
		if w, h := wv.Field(i).Interface(), hv.Field(i).Interface(); !reflect.DeepEqual(w, h) {
			return field, w, h
		}
	}
	return "", nil, nil
}

// gone fails unless the function no longer exists.
func (k *kit) gone() {
	k.t.Helper()
	name := k.spec.function()
	if f, err := k.p.GetFunction(k.ctx, name); !errors.Is(err, providers.ErrNotFound) {
		k.fatalf("GetFunction(%q) after destroy returned (%v, %v); want an error matching providers.ErrNotFound", name, names([]*providers.Function{f}), err)
	}
	if listed, err := k.p.ListFunctions(k.ctx, k.spec.stack); err != nil || len(listed) > 0 {
		k.fatalf("ListFunctions(%q) after destroy returned (%s, %v); want nothing", k.spec.stack, names(listed), err)
	}
}

func names(fs []*providers.Function) string {
	var out []string
	for _, f := range fs {
		if f != nil {
			out = append(out, f.Name)
		}
	}
	return "[" + strings.Join(out, " ") + "]"
}

func show(v any) string {
	rv := reflect.ValueOf(v)
	switch {
	case rv.Kind() == reflect.Pointer && rv.IsNil():
		return "nil"
	case rv.Kind() == reflect.Pointer:
		return fmt.Sprintf("%+v", rv.Elem().Interface())
	case rv.Kind() == reflect.Slice && rv.Type().Elem().Kind() == reflect.Pointer: // []*Route
		out := make([]string, rv.Len())
		for i := range out {
			out[i] = show(rv.Index(i).Interface())
		}
		return "[" + strings.Join(out, " ") + "]"
	}
	return fmt.Sprintf("%#v", v)
}
