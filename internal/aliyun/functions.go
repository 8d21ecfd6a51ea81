package aliyun

import (
	"context"
	"errors"
	"fmt"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/wsdeploy/wsdeploy/providers"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// GetFunction reads a function with its triggers and reserved concurrency.
func (p *Provider) GetFunction(ctx context.Context, name string) (*providers.Function, error) {
	raw, err := p.getFunction(ctx, name)
	if err != nil {
		return nil, err
	}
	return p.complete(ctx, raw)
}

func (p *Provider) getFunction(ctx context.Context, name string) (*fc.Function, error) {
	var out *fc.Function
	_, err := p.call(ctx, "GetFunction", func(ctx context.Context) error {
		r, err := p.fc.GetFunctionWithContext(ctx, dara.String(name), &fc.GetFunctionRequest{}, noHeaders(), runtime())
		if err == nil {
			out = r.Body
		}
		return err
	})
	return out, err
}

// complete translates raw and adds what other calls tell: triggers and
// reserved concurrency.
func (p *Provider) complete(ctx context.Context, raw *fc.Function) (*providers.Function, error) {
	f := fromFC(raw)
	var err error
	if f.Triggers, f.OtherTriggers, err = p.listTriggers(ctx, f.Name); err != nil {
		return nil, err
	}
	if f.MaxInstances, err = p.getConcurrency(ctx, f.Name); err != nil {
		return nil, err
	}
	if f.Provisioned, err = p.getProvision(ctx, f.Name); err != nil {
		return nil, err
	}
	return f, nil
}

// CreateFunction creates f (code required unless it runs a container),
// waits until FC reports it ready (waitSettled), then sets its reserved
// concurrency and provisioned instances. If FC says the function exists, it is
// read back: when it is this stack's and matches f, an earlier attempt whose
// answer was lost created it (or a previous run did), and the create
// succeeds without a duplicate; otherwise FC's error stands, with why.
func (p *Provider) CreateFunction(ctx context.Context, f *providers.Function, code *providers.Code) (*providers.Function, error) {
	want := providers.Normalize(f)
	if err := checkOwned(want); err != nil {
		return nil, err
	}
	in, err := createInput(want)
	if err != nil {
		return nil, err
	}
	if want.Runtime == fcspec.CustomContainer {
		code = nil // the image is the code
	} else {
		if code == nil {
			return nil, fmt.Errorf("aliyun: CreateFunction %q: runtime %s needs a code package", want.Name, want.Runtime)
		}
		if code, err = checkedCode(code); err != nil {
			return nil, fmt.Errorf("aliyun: CreateFunction %q: %w", want.Name, err)
		}
	}
	body, err := newFunctionBody(in, code)
	if err != nil {
		return nil, fmt.Errorf("aliyun: CreateFunction %q: %w", want.Name, err)
	}
	attempts, err := p.call(ctx, "CreateFunction", func(ctx context.Context) error {
		return p.sendFunction(ctx, "CreateFunction", "POST", "/"+fcVersion+"/functions", body)
	})
	// Found on the first attempt, it was there before this call; on a
	// retry, an earlier attempt of this call may have created it.
	existed := attempts == 1 && isCode(err, fcspec.CodeFunctionAlreadyExists)
	if isCode(err, fcspec.CodeFunctionAlreadyExists) {
		err = p.adopt(ctx, want, code, err)
	}
	if err == nil {
		err = p.waitSettled(ctx, want.Name, "create")
	}
	if err != nil {
		return nil, err
	}
	if want.MaxInstances != nil {
		if err := p.putConcurrency(ctx, want.Name, *want.MaxInstances); err != nil {
			return nil, err
		}
	}
	if want.Provisioned != nil {
		if err := p.putProvision(ctx, want.Name, *want.Provisioned); err != nil {
			return nil, err
		}
	}
	if existed {
		providers.ReportExisted(ctx)
	}
	return p.GetFunction(ctx, want.Name)
}

// adopt decides whether an existing function is the one being created.
func (p *Provider) adopt(ctx context.Context, want *providers.Function, code *providers.Code, exists error) error {
	got, err := p.GetFunction(ctx, want.Name)
	if err != nil {
		return exists
	}
	if owner := ownerOf(got.Tags); owner != ownerOf(want.Tags) {
		return fmt.Errorf("%w; it belongs to stack %q, not %q: rename one of them", exists, owner, ownerOf(want.Tags))
	}
	diff := configDiff(want, got)
	if code != nil && got.CodeChecksum != code.Checksum {
		diff = append(diff, "code")
	}
	if len(diff) > 0 {
		return fmt.Errorf("%w; it belongs to this stack but differs in %v: run plan again", exists, diff)
	}
	return nil
}

// UpdateFunction makes the function match f: its configuration and code
// (when code is not nil) through UpdateFunction, then, once FC has applied
// the update (waitSettled), its tags through the tag API, its reserved
// concurrency through the concurrency API and its provisioned instances
// through the provision config API (LATEST). It refuses a function that
// another stack owns.
func (p *Provider) UpdateFunction(ctx context.Context, f *providers.Function, code *providers.Code) (*providers.Function, error) {
	want := providers.Normalize(f)
	if err := checkOwned(want); err != nil {
		return nil, err
	}
	cur, err := p.getFunction(ctx, want.Name)
	if err != nil {
		return nil, err
	}
	curTags := tagMap(cur.Tags)
	if owner := ownerOf(curTags); owner != "" && owner != ownerOf(want.Tags) {
		return nil, fmt.Errorf("aliyun: function %q belongs to stack %q, not %q: wsdeploy leaves it alone", want.Name, owner, ownerOf(want.Tags))
	}
	if want.Runtime == fcspec.CustomContainer {
		code = nil
	} else if code != nil {
		if code, err = checkedCode(code); err != nil {
			return nil, fmt.Errorf("aliyun: UpdateFunction %q: %w", want.Name, err)
		}
	}
	body, err := newFunctionBody(updateInput(want, cur), code)
	if err != nil {
		return nil, fmt.Errorf("aliyun: UpdateFunction %q: %w", want.Name, err)
	}
	_, err = p.call(ctx, "UpdateFunction", func(ctx context.Context) error {
		return p.sendFunction(ctx, "UpdateFunction", "PUT", "/"+fcVersion+"/functions/"+dara.PercentEncode(want.Name), body)
	})
	if err == nil {
		err = p.waitSettled(ctx, want.Name, "update")
	}
	if err != nil {
		return nil, err
	}
	if err := p.syncTags(ctx, dara.StringValue(cur.FunctionArn), curTags, want.Tags); err != nil {
		return nil, err
	}
	if want.MaxInstances != nil {
		err = p.putConcurrency(ctx, want.Name, *want.MaxInstances)
	} else {
		err = p.deleteConcurrency(ctx, want.Name)
	}
	if err != nil {
		return nil, err
	}
	if err := p.syncProvision(ctx, want.Name, want.Provisioned); err != nil {
		return nil, err
	}
	return p.GetFunction(ctx, want.Name)
}

// DeleteFunction deletes a function; FC refuses (FunctionNotEmpty) while it
// has triggers. A not-found after a retry means an earlier attempt did it.
func (p *Provider) DeleteFunction(ctx context.Context, name string) error {
	attempts, err := p.call(ctx, "DeleteFunction", func(ctx context.Context) error {
		_, err := p.fc.DeleteFunctionWithContext(ctx, dara.String(name), noHeaders(), runtime())
		return err
	})
	if attempts > 1 && errors.Is(err, providers.ErrNotFound) {
		return nil
	}
	return err
}

// checkOwned refuses a function without its stack tag: without it the
// stack could never find the function again.
func checkOwned(f *providers.Function) error {
	if ownerOf(f.Tags) == "" {
		return fmt.Errorf("aliyun: function %q has no %s tag; every function wsdeploy writes names its stack", f.Name, providers.StackTag)
	}
	return nil
}
