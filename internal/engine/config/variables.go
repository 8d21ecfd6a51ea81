package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// EnvVarPrefix names the environment variables that set input variables.
const EnvVarPrefix = "WSDEPLOY_VAR_"

// DefaultVarsFile is read automatically, before *.auto.vars.hcl files, as
// Terraform reads terraform.tfvars.
const DefaultVarsFile = "wsdeploy.vars.hcl"

// AutoVarsSuffix marks variable files that are read automatically. Files
// ending in VarsSuffix are variable files, not part of the stack.
const (
	VarsSuffix     = ".vars.hcl"
	AutoVarsSuffix = ".auto.vars.hcl"
)

// varDecl is a variable block before its value is known.
type varDecl struct {
	v          *Variable
	def        cty.Value // NilVal when no default
	defErr     bool      // the default is in error (reported): the variable is not "required"
	nullable   bool
	validation []*hcl.Block
	typeRange  hcl.Range
}

func (l *loader) declareVariable(block *hcl.Block) *varDecl {
	content, diags := bodyContent(block.Body, variableSchema)
	l.diags = append(l.diags, diags...)
	name := block.Labels[0]
	if !hclsyntax.ValidIdentifier(name) {
		l.errorAt(block.LabelRanges[0], "Invalid variable name",
			fmt.Sprintf("%q is not a valid variable name: use letters, digits, '_' and '-', starting with a letter.", name))
	}
	decl := &varDecl{
		v:        &Variable{Name: name, Type: cty.DynamicPseudoType, DeclRange: block.DefRange},
		nullable: true,
	}
	if attr, ok := content.Attributes["type"]; ok {
		ty, diags := typeexpr.TypeConstraint(attr.Expr)
		l.diags = append(l.diags, diags...)
		if !diags.HasErrors() {
			decl.v.Type = ty
		}
		decl.typeRange = attr.Expr.Range()
	}
	d := &attrDecoder{attrs: content.Attributes, what: fmt.Sprintf("variable %q", name)}
	d.string("description", &decl.v.Description)
	d.bool("sensitive", &decl.v.Sensitive)
	d.bool("nullable", &decl.nullable)
	l.diags = append(l.diags, d.diags...)
	if attr, ok := content.Attributes["default"]; ok {
		val, diags := attr.Expr.Value(nil)
		l.diags = append(l.diags, diags...)
		decl.defErr = diags.HasErrors()
		if !diags.HasErrors() {
			conv, err := convert.Convert(val, decl.v.Type)
			decl.defErr = err != nil
			if err != nil {
				rng := attr.Expr.Range()
				l.diags = append(l.diags, &hcl.Diagnostic{
					Severity: hcl.DiagError, Summary: "Invalid default value for variable",
					Detail:  fmt.Sprintf("The default of variable %q does not match its type %s: %s.", name, typeexpr.TypeString(decl.v.Type), err),
					Subject: &rng,
				})
			} else {
				decl.def = conv
			}
		}
	}
	decl.validation = content.Blocks
	return decl
}

// resolveVariables gives every declared variable its value, from lowest to
// highest precedence: default, WSDEPLOY_VAR_<name>, wsdeploy.vars.hcl,
// *.auto.vars.hcl (lexical order), then -var and -var-file in command-line order.
func (l *loader) resolveVariables(decls map[string]*varDecl, autoVarFiles []Source) {
	values := map[string]cty.Value{}
	for name, decl := range decls {
		if decl.def != cty.NilVal {
			values[name] = decl.def
		}
	}
	environ := l.opts.Environ
	if environ == nil {
		environ = os.Environ()
	}
	for _, kv := range environ {
		k, raw, found := strings.Cut(kv, "=")
		if !found || !strings.HasPrefix(k, EnvVarPrefix) {
			continue
		}
		name := strings.TrimPrefix(k, EnvVarPrefix)
		decl, declared := decls[name]
		if !declared {
			continue // as Terraform: the environment may hold variables of other stacks
		}
		if v, ok := l.parseRawValue(decl, raw, "environment variable "+k); ok {
			values[name] = v
		}
	}
	for _, src := range autoVarFiles {
		l.readVarFile(decls, values, src)
	}
	for _, arg := range l.opts.Vars {
		if arg.File != "" {
			src, err := os.ReadFile(arg.File)
			if err != nil {
				l.diags = append(l.diags, &hcl.Diagnostic{
					Severity: hcl.DiagError, Summary: "Cannot read variable file",
					Detail: fmt.Sprintf("-var-file %s: %v. Paths are relative to the working directory (after -chdir).", arg.File, friendlyPathError(err)),
				})
				continue
			}
			l.readVarFile(decls, values, Source{Filename: filepath.Clean(arg.File), Bytes: src})
			continue
		}
		name, raw, found := strings.Cut(arg.Assignment, "=")
		name = strings.TrimSpace(name)
		if !found || name == "" {
			l.diags = append(l.diags, &hcl.Diagnostic{
				Severity: hcl.DiagError, Summary: "Invalid -var option",
				Detail: fmt.Sprintf("The given -var option %q is not correctly specified. It must be a variable name and value separated by an equals sign, like -var key=value.", arg.Assignment),
			})
			continue
		}
		decl, declared := decls[name]
		if !declared {
			l.diags = append(l.diags, &hcl.Diagnostic{
				Severity: hcl.DiagError, Summary: "Value for undeclared variable",
				Detail: fmt.Sprintf("A variable named %q was assigned with -var, but the stack declares no such variable.%s Declare it with a variable %q block.",
					name, didYouMean(name, sortedKeys(decls)), name),
			})
			continue
		}
		if v, ok := l.parseRawValue(decl, raw, "-var "+name); ok {
			values[name] = v
		}
	}

	for _, name := range sortedKeys(decls) {
		decl := decls[name]
		v, ok := values[name]
		switch {
		case !ok && decl.defErr:
			v = cty.UnknownVal(decl.v.Type) // the default's error says it all
		case !ok:
			l.errorAt(decl.v.DeclRange, "No value for required variable",
				fmt.Sprintf("Variable %q has no default and no value was given. Set it with -var %s=VALUE, in %s or a *%s file, or with the environment variable %s%s.",
					name, name, DefaultVarsFile, AutoVarsSuffix, EnvVarPrefix, name))
			v = cty.UnknownVal(decl.v.Type)
		case v.IsNull() && !decl.nullable:
			l.errorAt(decl.v.DeclRange, "Required variable not set",
				fmt.Sprintf("Variable %q is not nullable, but its value is null.", name))
		}
		decl.v.Value = v
		l.stack.Variables = append(l.stack.Variables, decl.v)
	}
}

// parseRawValue turns a string from the command line or the environment into
// a value: as-is for string variables, as an HCL expression otherwise.
func (l *loader) parseRawValue(decl *varDecl, raw, origin string) (cty.Value, bool) {
	if decl.v.Type == cty.String || decl.v.Type == cty.DynamicPseudoType {
		return cty.StringVal(raw), true // as Terraform: untyped variables take the text as it is
	}
	expr, diags := hclsyntax.ParseExpression([]byte(raw), origin, hcl.InitialPos)
	if diags.HasErrors() {
		l.diags = append(l.diags, &hcl.Diagnostic{
			Severity: hcl.DiagError, Summary: "Invalid value for variable",
			Detail: fmt.Sprintf("The value of variable %q from %s is not a valid %s: %s",
				decl.v.Name, origin, typeexpr.TypeString(decl.v.Type), diags[0].Summary),
		})
		return cty.NilVal, false
	}
	val, diags := expr.Value(nil)
	if diags.HasErrors() {
		l.diags = append(l.diags, &hcl.Diagnostic{
			Severity: hcl.DiagError, Summary: "Invalid value for variable",
			Detail: fmt.Sprintf("The value of variable %q from %s must be a literal: %s", decl.v.Name, origin, diags[0].Detail),
		})
		return cty.NilVal, false
	}
	return l.convertVarValue(decl, val, origin, nil)
}

func (l *loader) convertVarValue(decl *varDecl, val cty.Value, origin string, subject *hcl.Range) (cty.Value, bool) {
	conv, err := convert.Convert(val, decl.v.Type)
	if err != nil {
		l.diags = append(l.diags, &hcl.Diagnostic{
			Severity: hcl.DiagError, Summary: "Invalid value for variable",
			Detail: fmt.Sprintf("The value of variable %q from %s is not a valid %s: %s.",
				decl.v.Name, origin, typeexpr.TypeString(decl.v.Type), err),
			Subject: subject,
		})
		return cty.NilVal, false
	}
	return conv, true
}

// readVarFile applies a *.vars.hcl file: attributes only, literal values.
func (l *loader) readVarFile(decls map[string]*varDecl, values map[string]cty.Value, src Source) {
	l.stack.Files[src.Filename] = src.Bytes
	f, diags := hclsyntax.ParseConfig(src.Bytes, src.Filename, hcl.InitialPos)
	l.diags = append(l.diags, diags...)
	if diags.HasErrors() {
		return
	}
	attrs, diags := f.Body.JustAttributes()
	l.diags = append(l.diags, diags...)
	for _, name := range sortedKeys(attrs) {
		attr := attrs[name]
		decl, declared := decls[name]
		if !declared {
			l.diags = append(l.diags, &hcl.Diagnostic{
				Severity: hcl.DiagWarning, Summary: "Value for undeclared variable",
				Detail: fmt.Sprintf("The file assigns %q, but the stack declares no such variable.%s The value is ignored.",
					name, didYouMean(name, sortedKeys(decls))),
				Subject: attr.NameRange.Ptr(),
			})
			continue
		}
		val, diags := attr.Expr.Value(nil)
		l.diags = append(l.diags, diags...)
		if diags.HasErrors() {
			continue
		}
		if v, ok := l.convertVarValue(decl, val, src.Filename, attr.Expr.Range().Ptr()); ok {
			values[name] = v
		}
	}
}

// checkVariableValidations runs each variable's validation blocks against its
// final value.
func (l *loader) checkVariableValidations(decls map[string]*varDecl) {
	for _, name := range sortedKeys(decls) {
		decl := decls[name]
		if !decl.v.Value.IsKnown() {
			continue
		}
		ctx := &hcl.EvalContext{
			Variables: map[string]cty.Value{"var": cty.ObjectVal(map[string]cty.Value{name: decl.v.Value})},
			Functions: functions,
		}
		for _, block := range decl.validation {
			content, diags := bodyContent(block.Body, validationSchema)
			l.diags = append(l.diags, diags...)
			if diags.HasErrors() {
				continue
			}
			cond := content.Attributes["condition"]
			for _, tr := range cond.Expr.Variables() {
				if tr.RootName() != "var" || len(tr) < 2 || !isAttr(tr[1], name) {
					l.errorAt(tr.SourceRange(), "Invalid reference in variable validation",
						fmt.Sprintf("The condition of variable %q may only refer to var.%s.", name, name))
				}
			}
			result, diags := cond.Expr.Value(ctx)
			l.diags = append(l.diags, diags...)
			if diags.HasErrors() {
				continue
			}
			result, _ = result.Unmark()
			result, err := convert.Convert(result, cty.Bool)
			if err != nil || result.IsNull() {
				l.errorAt(cond.Expr.Range(), "Invalid validation condition", "The condition must be a boolean (true or false).")
				continue
			}
			if !result.IsKnown() || result.True() {
				continue
			}
			msg := "The value is not valid."
			d := &attrDecoder{ctx: ctx, attrs: content.Attributes, what: fmt.Sprintf("the validation of variable %q", name)}
			d.string("error_message", &msg)
			l.diags = append(l.diags, d.diags...)
			l.errorAt(cond.Expr.Range(), "Invalid value for variable",
				fmt.Sprintf("%s\n\nThis was checked by the validation rule of variable %q.", msg, name))
		}
	}
}

func isAttr(step hcl.Traverser, name string) bool {
	a, ok := step.(hcl.TraverseAttr)
	return ok && a.Name == name
}

func friendlyPathError(err error) string {
	if os.IsNotExist(err) {
		return "no such file"
	}
	return err.Error()
}
