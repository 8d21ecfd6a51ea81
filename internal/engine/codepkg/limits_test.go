package codepkg

import (
	"encoding/base64"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestUnpackedLimit(t *testing.T) {
	dir := build(t, t.TempDir(), file("a", strings.Repeat("x", 60)), file("b/c", strings.Repeat("y", 40)))
	if _, err := Package(dir, Options{MaxUnpackedBytes: 100}); err != nil {
		t.Fatalf("exactly at the limit: %v", err)
	}
	_, err := Package(dir, Options{MaxUnpackedBytes: 99})
	var le *LimitError
	if !errors.As(err, &le) || le.Zip || le.Size != 100 || le.Limit != 99 {
		t.Fatalf("err = %v, want an unpacked LimitError of 100 > 99", err)
	}
	for _, want := range []string{dir, "100 bytes", "99 bytes", ".fcignore"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q lacks %q", err, want)
		}
	}
}

func TestZipLimit(t *testing.T) {
	// Random bytes do not compress: the zip outgrows them.
	noise := make([]byte, 64<<10)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range noise {
		noise[i] = byte(r.Uint32())
	}
	dir := build(t, t.TempDir(), file("noise.bin", string(noise)), file("z.txt", "after"))
	a, err := Package(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Package(dir, Options{MaxZipBytes: a.ZipSize}); err != nil {
		t.Fatalf("exactly at the limit: %v", err)
	}
	_, err = Package(dir, Options{MaxZipBytes: 32 << 10})
	var le *LimitError
	if !errors.As(err, &le) || !le.Zip || le.Limit != 32<<10 {
		t.Fatalf("err = %v, want a zip LimitError at 32 KB", err)
	}
	for _, want := range []string{dir, "more than 32768 bytes", ".fcignore", "OSS"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q lacks %q", err, want)
		}
	}
}

func TestDefaultLimitsAreFCs(t *testing.T) {
	zip, unpacked := Options{}.limits()
	// 100 MB as sent: the base64 of a 75 MB zip.
	if zip != 75<<20 || unpacked != 500<<20 || int64(base64.StdEncoding.EncodedLen(int(zip))) != 100<<20 {
		t.Errorf("limits %d, %d", zip, unpacked)
	}
	if got := (&LimitError{Dir: "d", Zip: true, Size: 80 << 20, Limit: MaxZipBytes}).Error(); !strings.Contains(got, "75 MB") || !strings.Contains(got, "100 MB as sent") {
		t.Errorf("message %q", got)
	}
	if got := (&LimitError{Dir: "d", Size: 600 << 20, Limit: MaxUnpackedBytes}).Error(); !strings.Contains(got, "600 MB") || !strings.Contains(got, "500 MB") {
		t.Errorf("message %q", got)
	}
}
