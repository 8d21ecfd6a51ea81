package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
)

// fiftyFunctions declares f00..f49, each with a trigger; every third has
// max_instances, which apply sets in a second call after the create, so a
// kill can fall between the two.
func fiftyFunctions() string {
	var b strings.Builder
	b.WriteString("stack = \"fifty\"\n")
	for i := range 50 {
		fmt.Fprintf(&b, "\nfunction \"f%02d\" {\n  code = \"./src\"\n  environment = { N = \"%d\" }\n", i, i)
		if i%3 == 0 {
			b.WriteString("  max_instances = 2\n")
		}
		b.WriteString("  http_trigger \"ws\" {\n    auth_type = \"anonymous\"\n  }\n  smoke {\n    enabled = false\n  }\n}\n")
	}
	return b.String()
}

// `wsdeploy apply` killed with SIGKILL at a different point of a 50-function
// apply for each seed (before any step, between steps, near the end): the
// next plan is exactly the work the gateway lacks, the next apply does it,
// and nothing that was created is created again.
func TestE2EApplyKilledResumes(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3, 4} {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 50))
			stack, env := deployEnv(t)
			if err := os.WriteFile(filepath.Join(stack, "main.hcl"), []byte(fiftyFunctions()), 0o644); err != nil {
				t.Fatal(err)
			}
			// -1 kills during planning; n kills after n completed steps of
			// 100 (50 functions, 17 with a concurrency call, 50 triggers).
			after := []int{-1, rng.IntN(30), 30 + rng.IntN(40), 70 + rng.IntN(29)}[seed-1]
			done := killApplyAfter(t, env, stack, after)
			c := sdkClient(t, strings.TrimPrefix(env[0], "WSDEPLOY_GATEWAY_STATE_DIR="))
			// Requests the killed apply had sent may still be completing:
			// the plan counts only if the gateway did not change around it.
			var before map[string]remoteFunction
			var planned map[string]string
			for tries, settled := 0, false; !settled; tries++ {
				if tries == 10 {
					t.Fatal("the gateway's state kept changing after apply was killed")
				}
				holder := lockHolder(t, env, "fifty")
				before = remoteState(t, c)
				r := runBinaryEnv(t, env, stack, "", "-json", "plan")
				r.expect(t, exitOK)
				planned = plannedActions(t, r.stdout)
				settled = reflect.DeepEqual(before, remoteState(t, c)) && reflect.DeepEqual(holder, lockHolder(t, env, "fifty"))
			}
			if want := remainingWork(before); !reflect.DeepEqual(planned, want) {
				t.Fatalf("after a kill at %d steps (%d seen), the plan is\n%v\nwant exactly what is missing\n%v", after, done, planned, want)
			}
			// The killed apply's lock stays, as Terraform's does, until
			// force-unlock (a kill during planning may come before it).
			if h := lockHolder(t, env, "fifty"); h != nil {
				runBinaryEnv(t, env, stack, "", "force-unlock", "-force", h.ID).expect(t, exitOK)
			}
			runBinaryEnv(t, env, stack, "", "apply", "-auto-approve").expect(t, exitOK)
			runBinaryEnv(t, env, stack, "", "plan", "-detailed-exitcode").expect(t, exitOK)

			final := remoteState(t, c)
			if len(final) != 50 {
				t.Errorf("the gateway holds %d functions, want 50: %v", len(final), sortedKeys(final))
			}
			for name, f := range final {
				if len(f.triggerURLs) != 1 || f.triggerURLs["ws"] == "" {
					t.Errorf("%s: triggers %v, want ws only", name, f.triggerURLs)
				}
				if was, ok := before[name]; ok && (was.id != f.id || (was.triggerURLs["ws"] != "" && was.triggerURLs["ws"] != f.triggerURLs["ws"])) {
					t.Errorf("%s was created again: id %s → %s, URL %s → %s", name, was.id, f.id, was.triggerURLs["ws"], f.triggerURLs["ws"])
				}
			}
			t.Logf("killed after %d completed steps: %d functions existed, the re-run finished the rest", done, len(before))
		})
	}
}

// killApplyAfter runs apply -json and SIGKILLs it once it has reported n
// completed steps (n < 0: as soon as it prints anything, while it plans).
// It returns how many completed steps it saw.
func killApplyAfter(t *testing.T, env []string, dir string, n int) int {
	t.Helper()
	cmd := exec.Command(binary(t), "-json", "apply", "-auto-approve")
	cmd.Env = append(os.Environ(), env...)
	cmd.Dir = dir
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	seen := 0
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		var ev struct{ Type string }
		json.Unmarshal(sc.Bytes(), &ev)
		if ev.Type == "apply_complete" {
			seen++
		}
		if seen > n {
			break
		}
	}
	cmd.Process.Signal(syscall.SIGKILL)
	err = cmd.Wait()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("apply ended before the kill (after %d steps): %v", seen, err)
	}
	return seen
}

// plannedActions maps each planned change's address to its action.
func plannedActions(t *testing.T, stream string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, ev := range jsonEvents(t, stream) {
		if ev["type"] != "planned_change" {
			continue
		}
		c := ev["change"].(map[string]any)
		out[c["address"].(string)] = c["action"].(string)
	}
	return out
}

// remainingWork is what fiftyFunctions lacks on a gateway holding have.
func remainingWork(have map[string]remoteFunction) map[string]string {
	want := map[string]string{}
	for i := range 50 {
		name := fmt.Sprintf("f%02d", i)
		f, ok := have[name]
		switch {
		case !ok:
			want["function."+name] = "create"
		case i%3 == 0 && !f.reserved:
			want["function."+name] = "update"
		}
		if f.triggerURLs["ws"] == "" {
			want["function."+name+".http_trigger.ws"] = "create"
		}
	}
	return want
}
