package plan

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"

	ctyjson "github.com/zclconf/go-cty/cty/json"

	"github.com/wsdeploy/wsdeploy/internal/engine/config"
	"github.com/wsdeploy/wsdeploy/providers"
)

// absent is the fingerprint of a function that did not exist.
const absent = "absent"

// fingerprints digest what the refresh read. A digest covers everything
// read (configuration, code checksum, lastModifiedTime, triggers and their
// URLs, reserved concurrency), so any change on the remote side shows,
// even one within the second that lastModifiedTime resolves. It is a
// SHA-256: it holds no value a view could print. Functions are keyed by
// FC name, custom domains by address (custom_domain.<host>: no FC name
// has a dot).
func fingerprints(read map[string]*providers.Function, domains map[string]*providers.CustomDomain) map[string]string {
	out := make(map[string]string, len(read)+len(domains))
	for name, f := range read {
		out[name] = fingerprint(f)
	}
	for name, d := range domains {
		out[domainAddress(name)] = fingerprint(d)
	}
	return out
}

// fingerprint digests a function or a custom domain; nil is absent.
func fingerprint[T any](v *T) string {
	if v == nil {
		return absent
	}
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // strings, numbers and maps of them
	}
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// StackHash digests the stack's files (by base name, so that running from
// another directory does not matter), every variable's final value
// (however it was set: -var, -var-file, environment, default) and the
// certificate and key files of custom domains, which are not .hcl files.
// A saved plan applies only while it is unchanged.
func StackHash(s *config.Stack) string {
	h := sha256.New()
	fmt.Fprintf(h, "wsdeploy stack v1\x00%s\x00", s.Name)
	byBase := map[string][]byte{}
	for name, src := range s.Files {
		byBase[filepath.Base(name)] = src
	}
	for _, name := range slices.Sorted(maps.Keys(byBase)) {
		fmt.Fprintf(h, "file\x00%s\x00%d\x00", name, len(byBase[name]))
		h.Write(byBase[name])
	}
	vars := slices.Clone(s.Variables)
	slices.SortFunc(vars, func(a, b *config.Variable) int { return strings.Compare(a.Name, b.Name) })
	for _, v := range vars {
		val, _ := v.Value.UnmarkDeep()
		b, err := ctyjson.Marshal(val, val.Type())
		if err != nil {
			b = []byte(val.GoString())
		}
		fmt.Fprintf(h, "var\x00%s\x00%d\x00", v.Name, len(b))
		h.Write(b)
	}
	for _, d := range s.Domains { // sorted by host
		fmt.Fprintf(h, "domain\x00%s\x00%d\x00%d\x00", d.Name, len(d.Certificate), len(d.PrivateKey))
		h.Write([]byte(d.Certificate))
		h.Write([]byte(d.PrivateKey))
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}
