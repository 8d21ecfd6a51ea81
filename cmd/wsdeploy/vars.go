package main

import (
	"errors"
	"strings"

	"github.com/wsdeploy/wsdeploy/internal/engine/config"
)

// varList collects -var and -var-file in command-line order: their order
// decides which value wins, across both flags and both positions.
type varList struct{ args []config.VarArg }

// varFlag is the value of one of the two flags; both append to one varList.
type varFlag struct {
	list *varList
	file bool // -var-file rather than -var
}

func (f *varFlag) Set(v string) error {
	if f.file {
		if v == "" {
			return errors.New("-var-file needs a file name")
		}
		f.list.args = append(f.list.args, config.VarArg{File: v})
		return nil
	}
	if name, _, ok := strings.Cut(v, "="); !ok || strings.TrimSpace(name) == "" {
		return errors.New("-var expects NAME=VALUE, e.g. -var 'region=cn-hangzhou'")
	}
	f.list.args = append(f.list.args, config.VarArg{Assignment: v})
	return nil
}

// String is what help shows as the default: nothing.
func (f *varFlag) String() string { return "" }
