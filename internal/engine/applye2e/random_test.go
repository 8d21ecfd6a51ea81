package applye2e

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// Random stacks within FC's limits deploy, change into other random
// stacks (functions kept, changed, added and removed) and are destroyed;
// after every apply the next plan is empty. The seeds are fixed so a
// failure reproduces; add the seed of any bug found to the list.
func TestRandomStacksSettle(t *testing.T) {
	for seed := uint64(1); seed <= 24; seed++ {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 0x5eed))
			g := newGateway(t)
			p := g.provider(t)
			sd := newStackDir(t)
			sd.writeCode("other", "other")
			var src string
			for gen := range 3 {
				src = randomStack(rng)
				stack := sd.load(src)
				converge(t, stack, p)
				if t.Failed() {
					t.Fatalf("generation %d:\n%s", gen, src)
				}
			}
			stack := loadStack(t, sd.dir)
			mustApply(t, mustPlanDestroy(t, stack, p), p)
			if left := g.functions(t); len(left) != 0 {
				t.Errorf("destroy left %v", left)
			}
		})
	}
}

// randomStack writes a stack of up to five functions drawn from a pool of
// labels, so that successive stacks share some.
func randomStack(rng *rand.Rand) string {
	var b strings.Builder
	b.WriteString("stack = \"random\"\n")
	for _, label := range []string{"alpha", "beta", "gamma", "delta", "eps"} {
		if rng.IntN(3) > 0 {
			writeFunction(&b, rng, label)
		}
	}
	return b.String()
}

func writeFunction(b *strings.Builder, rng *rand.Rand, label string) {
	fmt.Fprintf(b, "\nfunction %q {\n", label)
	attr := func(name string, v any) { fmt.Fprintf(b, "  %s = %s\n", name, hclValue(v)) }
	maybe := func() bool { return rng.IntN(2) == 0 }

	runtimes := []string{"custom.debian12", "custom.debian11", "custom.debian10", "custom", "custom-container"}
	rt := runtimes[rng.IntN(len(runtimes))]
	if rt != "custom.debian12" || maybe() {
		attr("runtime", rt)
	}
	if rt == "custom-container" {
		fmt.Fprintf(b, "  container {\n    image = %s\n", hclValue(fmt.Sprintf("registry.cn-hangzhou.aliyuncs.com/ns/app:%d", rng.IntN(5))))
		if maybe() {
			fmt.Fprintf(b, "    entrypoint = %s\n", hclValue(randomWords(rng, 1, 3)))
		}
		if maybe() {
			fmt.Fprintf(b, "    command = %s\n", hclValue(randomWords(rng, 0, 3)))
		}
		b.WriteString("  }\n")
	} else {
		attr("code", []string{"./app", "./other"}[rng.IntN(2)])
		if maybe() {
			attr("command", append([]string{"./bootstrap"}, randomWords(rng, 0, 2)...))
		}
		if maybe() {
			attr("args", randomWords(rng, 0, 3))
		}
	}
	if maybe() {
		attr("description", randomText(rng, 40))
	}
	if maybe() {
		attr("port", 1024+rng.IntN(60000))
	}
	mem := 512
	if maybe() {
		mem = 128 + 64*rng.IntN(64) // up to 4160 MB
		attr("memory_size", mem)
	}
	if maybe() {
		// Within FC's ratio: memory(GB)/4 ≤ cpu ≤ memory(GB), in 0.05 steps.
		lo := max(1, int((float64(mem)/1024/4+0.0499)/0.05))
		hi := int(float64(mem) / 1024 / 0.05)
		if hi >= lo {
			attr("cpu", float64(lo+rng.IntN(hi-lo+1))*5/100)
		}
	}
	if maybe() {
		attr("disk_size", []int{512, 10240}[rng.IntN(2)])
	}
	if maybe() {
		attr("timeout", 1+rng.IntN(86400))
	}
	if maybe() {
		attr("instance_concurrency", 1+rng.IntN(200))
	}
	if maybe() {
		attr("max_instances", rng.IntN(10))
	}
	if maybe() {
		attr("environment", randomMap(rng, "K", 5))
	}
	if maybe() {
		attr("tags", randomMap(rng, "t", 3))
	}
	if maybe() {
		fmt.Fprintf(b, "  health_check {\n    http_get_url = %s\n    timeout_seconds = %d\n    period_seconds = %d\n  }\n",
			hclValue("/"+strings.ReplaceAll(randomWords(rng, 1, 1)[0], " ", "%20")), 1+rng.IntN(3), 1+rng.IntN(120))
	}
	// FC allows one http trigger per function: none, or one whose name
	// changes from one random stack to the next.
	if name := []string{"", "ws", "api", "admin"}[rng.IntN(4)]; name != "" {
		methods := []string{"GET"}
		for _, m := range []string{"POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH"} {
			if rng.IntN(4) == 0 {
				methods = append(methods, m)
			}
		}
		rng.Shuffle(len(methods), func(i, j int) { methods[i], methods[j] = methods[j], methods[i] })
		fmt.Fprintf(b, "  http_trigger %q {\n    methods = %s\n", name, hclValue(methods))
		if maybe() {
			fmt.Fprintf(b, "    auth_type = %s\n", hclValue([]string{"anonymous", "function"}[rng.IntN(2)]))
		}
		if rng.IntN(5) == 0 {
			b.WriteString("    disable_url_internet = true\n")
		}
		if maybe() {
			fmt.Fprintf(b, "    description = %s\n", hclValue(randomText(rng, 30)))
		}
		b.WriteString("  }\n")
	}
	b.WriteString("}\n")
}

func randomWords(rng *rand.Rand, lo, hi int) []string {
	words := []string{"serve", "--log", "debug", "-v", "x", "hello world", "é", "a=b"}
	out := []string{}
	for range lo + rng.IntN(hi-lo+1) {
		out = append(out, words[rng.IntN(len(words))])
	}
	return out
}

// randomText mixes ASCII, accents, quotes, newlines and HCL's template
// characters, which must all round-trip.
func randomText(rng *rand.Rand, n int) string {
	chars := []rune("abcXYZ 019-_.,:/\"\\\n\t$%{}éü—中")
	var s []rune
	for range rng.IntN(n + 1) {
		s = append(s, chars[rng.IntN(len(chars))])
	}
	return string(s)
}

func randomMap(rng *rand.Rand, prefix string, n int) map[string]string {
	m := map[string]string{}
	for range rng.IntN(n + 1) {
		m[fmt.Sprintf("%s_%d", prefix, rng.IntN(8))] = randomText(rng, 12)
	}
	return m
}

// hclValue writes v as an HCL literal.
func hclValue(v any) string {
	switch x := v.(type) {
	case string:
		r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\t", `\t`, "${", "$${", "%{", "%%{")
		return `"` + r.Replace(x) + `"`
	case []string:
		parts := make([]string, len(x))
		for i, s := range x {
			parts[i] = hclValue(s)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case map[string]string:
		var parts []string
		for k, val := range x {
			parts = append(parts, k+" = "+hclValue(val))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	default:
		return fmt.Sprint(x)
	}
}
