package host

import (
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/go-hclog"

	"github.com/wsdeploy/wsdeploy/providers"
)

// A plugin that panics reaches the user as wsdeploy shows it (its log at
// warn, then the error): one error that says it crashed and quotes the
// panic once, and no line of go-plugin's own, no raw JSON log line, no
// second copy of the stack in the log.
func TestACrashReachesTheUserOnce(t *testing.T) {
	cases := []struct {
		mode string
		call func(providers.Provider) error // nil: Open itself fails
		log  string                         // the whole log, as a pattern (fields come in any order)
		err  string                         // the whole error, as a pattern
	}{
		{
			mode: "crash-start",
			log:  ``,
			err: `provider plugin "crash-start" \(\S+/wsdeploy-provider-crash-start\) exited before completing the plugin handshake: ` +
				`it crashed, which is a bug in the plugin: report it to the plugin's author with the output below; its last output on stderr:
  about to fail: the configuration file is corrupt
  panic: boom at start
  
  goroutine 1 \[running\]:
  main\.main\(\)
  	\S+/testplugin/main\.go:\d+ \+0x[0-9a-f]+`,
		},
		{
			mode: "crash-call",
			call: func(p providers.Provider) error {
				_, err := p.CreateFunction(ctx, &providers.Function{Name: "f"}, nil)
				return err
			},
			log: `\S+ \[WARN\]  wsdeploy\.wsdeploy-provider-crash-call: configured: (region=cn-test token_sensitive=false|token_sensitive=false region=cn-test)
`,
			err: `provider plugin "crash-call" exited during CreateFunction: ` +
				`it crashed, which is a bug in the plugin: report it to the plugin's author with the output below; its last output on stderr:
  panic: boom in CreateFunction
  
  goroutine \d+ \[running\]:
  main\.\(\*memory\)\.CreateFunction\(.*\)
  	\S+/testplugin/memory\.go:\d+ \+0x[0-9a-f]+
  \S+\(.*\)
  	\S+\.go:\d+ \+0x[0-9a-f]+
  \S+\(.*\)`,
		},
	}
	for _, c := range cases {
		t.Run(c.mode, func(t *testing.T) {
			t.Parallel()
			log := &syncBuffer{}
			opts := testOptions(log)
			// As the CLI shows a plugin's log by default (WSDEPLOY_LOG unset).
			opts.Logger = hclog.New(&hclog.LoggerOptions{Name: "wsdeploy", Output: log, Level: hclog.Warn})
			p, err := openAndCall(t, c.mode, opts, c.call, nil)
			p.Close() // waits for the plugin's stderr to be read to its end
			if err == nil {
				t.Fatal("no error")
			}
			if !regexp.MustCompile(`^` + c.log + `$`).MatchString(log.String()) {
				t.Errorf("the log is not as expected; want the pattern\n%s\ngot\n%s", c.log, log.String())
			}
			if !regexp.MustCompile(`^` + c.err + `$`).MatchString(err.Error()) {
				t.Errorf("the error is not as expected; want the pattern\n%s\ngot\n%s", c.err, err)
			}
			if n := strings.Count(log.String()+err.Error(), "panic: "); n != 1 {
				t.Errorf("the panic reaches the user %d times, want once:\n%s\nError: %v", n, log.String(), err)
			}
		})
	}
}

// openAndCall opens the plugin of mode and, when call is not nil,
// configures it, changes its options with tweak (if any) and makes the
// call. It returns the plugin, not closed, and the error of Open or of
// the call.
func openAndCall(t *testing.T, mode string, opts Options, call func(providers.Provider) error, tweak func(*Options)) (*Plugin, error) {
	t.Helper()
	p, err := open(ctx, mode, pluginPath(mode), opts)
	if call == nil {
		return p, err
	}
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	prov, err := p.Configure(ctx, settings("cn-test"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if tweak != nil {
		tweak(&p.opts)
	}
	return p, call(prov)
}
