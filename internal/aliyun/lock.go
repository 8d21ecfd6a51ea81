package aliyun

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/wsdeploy/wsdeploy/providers"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// A stack's lock is a function of its own, wsdeploy-lock-<stack>, created
// with CreateFunction: FC creates a name once and answers
// FunctionAlreadyExists to every other attempt, which makes the create
// FC's only atomic test-and-set, the mutex. The holder is in its tags, read
// back with GetFunction. It carries no wsdeploy-stack tag, so no stack
// lists, plans or prunes it; it has no trigger, so it never runs.
const (
	lockTag     = "wsdeploy-lock" // the stack whose lock the function is
	lockIDTag   = "wsdeploy-lock-id"
	lockOpTag   = "wsdeploy-lock-operation"
	lockWhoTag  = "wsdeploy-lock-who"
	lockPIDTag  = "wsdeploy-lock-pid"
	lockTimeTag = "wsdeploy-lock-created"
	lockPrefix  = "wsdeploy-lock-"
)

// plainStack is a stack name that fits an FC function name as it is.
var plainStack = regexp.MustCompile(`^[A-Za-z0-9_-]{1,50}$`)

// LockFunctionName is the name of stack's lock function: the stack's name
// when FC's function names allow it, else a digest of it.
func LockFunctionName(stack string) string {
	if plainStack.MatchString(stack) {
		return lockPrefix + stack
	}
	sum := sha256.Sum256([]byte(stack))
	return lockPrefix + hex.EncodeToString(sum[:16])
}

// IsLockFunction says whether name is a stack's lock function, which
// views of a target's functions leave out: it is no service. (Function
// names starting with wsdeploy-lock- are wsdeploy's.)
func IsLockFunction(name string) bool { return strings.HasPrefix(name, lockPrefix) }

// Lock creates stack's lock function with info in its tags.
func (p *Provider) Lock(ctx context.Context, stack string, info providers.LockInfo) error {
	f := providers.Normalize(&providers.Function{
		Name:        LockFunctionName(stack),
		Description: "wsdeploy's lock of stack " + strconv.Quote(stack) + ": held while an apply or destroy runs; wsdeploy force-unlock breaks it",
		Runtime:     fcspec.DefaultRuntime,
		Command:     []string{"./bootstrap"},
		Tags: map[string]string{
			lockTag: stack, lockIDTag: info.ID, lockOpTag: info.Operation, lockWhoTag: clip(info.Who),
			lockPIDTag: strconv.Itoa(info.PID), lockTimeTag: info.Created.UTC().Format(time.RFC3339),
		},
	})
	in, err := createInput(f)
	if err != nil {
		return err
	}
	code, err := lockCode()
	if err != nil {
		return err
	}
	body, err := newFunctionBody(in, code)
	if err != nil {
		return err
	}
	_, err = p.call(ctx, "CreateFunction", func(ctx context.Context) error {
		return p.sendFunction(ctx, "CreateFunction", "POST", "/"+fcVersion+"/functions", body)
	})
	if !isCode(err, fcspec.CodeFunctionAlreadyExists) {
		return err
	}
	holder, rerr := p.LockHolder(ctx, stack)
	switch {
	case errors.Is(rerr, providers.ErrNotFound):
		// Released between the create and the read: the caller tries again.
		return &providers.LockedError{Stack: stack, Holder: providers.LockInfo{ID: "(released just now)"}}
	case rerr != nil:
		return fmt.Errorf("%w; reading who holds it: %v", err, rerr)
	case holder.ID == info.ID:
		return nil // an attempt whose answer was lost took it
	}
	return &providers.LockedError{Stack: stack, Holder: *holder}
}

// LockHolder reads the holder from the lock function's tags.
func (p *Provider) LockHolder(ctx context.Context, stack string) (*providers.LockInfo, error) {
	name := LockFunctionName(stack)
	raw, err := p.getFunction(ctx, name)
	if err != nil {
		return nil, err
	}
	tags := tagMap(raw.Tags)
	if tags[lockTag] != stack {
		return nil, fmt.Errorf("aliyun: function %q is not wsdeploy's lock of stack %q (its %s tag is %q): rename or delete it", name, stack, lockTag, tags[lockTag])
	}
	info := &providers.LockInfo{ID: tags[lockIDTag], Operation: tags[lockOpTag], Who: tags[lockWhoTag]}
	info.PID, _ = strconv.Atoi(tags[lockPIDTag])
	info.Created, _ = time.Parse(time.RFC3339, tags[lockTimeTag])
	return info, nil
}

// Unlock deletes the lock function when id holds it. The read and the
// delete are two calls: a force-unlock and a new Lock between them could
// see their lock deleted, which is why force-unlock asks first.
func (p *Provider) Unlock(ctx context.Context, stack, id string) error {
	holder, err := p.LockHolder(ctx, stack)
	if err != nil {
		return err
	}
	if holder.ID != id {
		return &providers.LockedError{Stack: stack, Holder: *holder}
	}
	return p.DeleteFunction(ctx, LockFunctionName(stack))
}

// clip keeps a tag value within FC's 128 characters.
func clip(s string) string {
	if len(s) > 128 {
		return s[:128]
	}
	return s
}

// lockCode is the lock function's code: FC wants a package, and this one
// says what the function is if anyone invokes it.
func lockCode() (*providers.Code, error) {
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	h := &zip.FileHeader{Name: "bootstrap", Method: zip.Deflate}
	h.SetMode(0o755)
	fw, err := w.CreateHeader(h)
	if err == nil {
		_, err = fw.Write([]byte("#!/bin/sh\necho 'this is a wsdeploy lock, not a service' >&2\nexit 1\n"))
	}
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		return nil, err
	}
	return &providers.Code{Zip: b.Bytes(), Checksum: fcspec.CodeChecksum(b.Bytes())}, nil
}

var _ providers.Locker = (*Provider)(nil)
