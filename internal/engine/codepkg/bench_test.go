package codepkg

import (
	"fmt"
	"strings"
	"testing"
)

// BenchmarkPackage1000Files packages 1,000 small files in 20 directories,
// with a .fcignore of a few rules: the shape of a small Node.js service.
func BenchmarkPackage1000Files(b *testing.B) {
	nodes := []node{file(".fcignore", "*.log\nnode_modules/.cache/\n!keep.log\n")}
	var size int64
	for i := range 1000 {
		body := strings.Repeat(fmt.Sprintf("line %d of a small source file\n", i), 8)
		nodes = append(nodes, file(fmt.Sprintf("node_modules/pkg%02d/file%03d.js", i%20, i), body))
		size += int64(len(body))
	}
	dir := build(b, b.TempDir(), nodes...)
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		a, err := Package(dir, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if a.Files != 1000 {
			b.Fatalf("%d files", a.Files)
		}
	}
}
