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

	"github.com/wsdeploy/wsdeploy/engine/config"
	"github.com/wsdeploy/wsdeploy/providers"
)

// absent is the fingerprint of a function that did not exist.
const absent = "absent"

// fingerprints digest what the refresh read. A digest covers everything
// read (configuration, code checksum, lastModifiedTime, triggers and their
// URLs, reserved concurrency), so any change on the remote side shows,
// even one within the second that lastModifiedTime resolves. It is a
// SHA-256: it holds no value a view could print.
func fingerprints(read map[string]*providers.Function) map[string]string {
	out := make(map[string]string, len(read))
	for name, f := range read {
		out[name] = fingerprint(f)
	}
	return out
}

func fingerprint(f *providers.Function) string {
	if f == nil {
		return absent
	}
	b, err := json.Marshal(f)
	if err != nil {
		panic(err) // strings, numbers and maps of them
	}
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// StackHash digests the stack's files (by base name, so that running from
// another directory does not matter) and every variable's final value
// (however it was set: -var, -var-file, environment, default). A saved
// plan applies only while it is unchanged.
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
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}
