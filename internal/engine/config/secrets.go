package config

import (
	"strings"
	"unicode"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// maskText stands for a sensitive value in a diagnostic, as in plans.
const maskText = "(sensitive value)"

// scrubDiagnostics replaces the values of sensitive variables, provider
// settings and custom domains' private keys in the diagnostics' texts. Checks quote the value they refuse
// ("timeout is 987654", "auth type \"...\" is not one of ..."), and a
// value that came from a sensitive variable must not be printed that way.
func scrubDiagnostics(diags hcl.Diagnostics, stack *Stack) {
	var secrets []string
	for _, v := range stack.Variables {
		if v.Sensitive {
			secrets = appendValues(secrets, v.Value)
		}
	}
	for _, p := range stack.Providers {
		for name, sensitive := range p.Sensitive {
			if sensitive {
				secrets = appendValues(secrets, p.Settings[name])
			}
		}
	}
	for _, d := range stack.Domains {
		secrets = append(secrets, d.Secrets()...)
	}
	if len(secrets) == 0 {
		return
	}
	for _, d := range diags {
		d.Summary = scrub(d.Summary, secrets)
		d.Detail = scrub(d.Detail, secrets)
	}
}

// appendValues adds the strings and numbers inside v.
func appendValues(out []string, v cty.Value) []string {
	if v == cty.NilVal || v.IsNull() || !v.IsKnown() {
		return out
	}
	v, _ = v.UnmarkDeep()
	switch ty := v.Type(); {
	case ty == cty.String:
		if s := v.AsString(); s != "" {
			out = append(out, s)
		}
	case ty == cty.Number:
		out = append(out, v.AsBigFloat().Text('f', -1))
	case ty.IsCollectionType() || ty.IsObjectType() || ty.IsTupleType():
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			out = appendValues(out, e)
		}
	}
	return out
}

// scrub replaces each secret in text where it stands alone: not inside a
// longer word or number, so that a sensitive "80" masks "port is 80" but
// not "8080" (a short secret cannot be found safely inside words).
func scrub(text string, secrets []string) string {
	for _, s := range secrets {
		var b strings.Builder
		from := 0 // text[:from] is written
		for at := 0; ; {
			i := strings.Index(text[at:], s)
			if i < 0 {
				break
			}
			i += at
			end := i + len(s)
			alone := (i == 0 || !wordByte(text[i-1])) && (end == len(text) || !wordByte(text[end]))
			if alone || len(s) >= 6 {
				b.WriteString(text[from:i])
				b.WriteString(maskText)
				from = end
			}
			at = end
		}
		text = b.String() + text[from:]
	}
	return text
}

func wordByte(c byte) bool {
	return c < 0x80 && (unicode.IsLetter(rune(c)) || unicode.IsDigit(rune(c)))
}

// minKeyLine is the shortest line of a PEM key masked on its own: a
// shorter one (a body's last line, "AQ==") could be an innocent word.
const minKeyLine = 16

// Secrets are the texts of d that are secret: the private key, as read,
// and each line of its PEM body long enough to mask safely, so that the key is masked also where it
// is quoted with its line breaks escaped (a JSON request body in an error).
// Plans and logs mask them like sensitive variables.
func (d *CustomDomain) Secrets() []string {
	if strings.TrimSpace(d.PrivateKey) == "" {
		return nil
	}
	out := []string{d.PrivateKey}
	for _, line := range strings.Split(d.PrivateKey, "\n") {
		if line = strings.TrimSpace(line); len(line) >= minKeyLine && !strings.HasPrefix(line, "-----") && !strings.Contains(line, ":") {
			out = append(out, line)
		}
	}
	return out
}
