package instance

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/testtier"
)

func TestReadLinesBoundsLongLines(t *testing.T) {
	in := strings.Repeat("x", MaxLineBytes+3616) + "\nshort\r\nlast"
	var got []string
	readLines(strings.NewReader(in), func(_ time.Time, l string) { got = append(got, l) })
	want0 := strings.Repeat("x", MaxLineBytes) + " …[3616 more bytes cut]"
	if len(got) != 3 || got[0] != want0 || got[1] != "short" || got[2] != "last" {
		t.Fatalf("lines = %d: %.40q...", len(got), got)
	}
}

func TestInstanceLongLine(t *testing.T) {
	testtier.NeedsProcesses(t)
	sink := newMemSink()
	start(t, spec(t, sink, "-longline", fmt.Sprint(4<<20)))
	long := sink.waitFor(t, "cut", func(e Entry) bool { return strings.Contains(e.Line, "more bytes cut") })
	if len(long.Line) > MaxLineBytes+64 {
		t.Errorf("a line of %d bytes reached the sink", len(long.Line))
	}
	sink.waitLine(t, "SHORT")
}

func TestTail(t *testing.T) {
	var tl tail
	for n := 1; n <= 5; n++ {
		tl.add(fmt.Sprint(n))
	}
	if got := strings.Join(tl.get(), ","); got != "1,2,3,4,5" {
		t.Errorf("tail = %s", got)
	}
	for n := 6; n <= 45; n++ {
		tl.add(fmt.Sprint(n))
	}
	got := tl.get()
	if len(got) != TailLines || got[0] != "26" || got[TailLines-1] != "45" {
		t.Errorf("tail = %v", got)
	}
}
