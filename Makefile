# wsdeploy: `make demo` runs the main job, `make test` runs every test that
# needs no network (CI runs it through .ci/run): deps, lint, every test tier
# with -race, then each fuzz target briefly. `go test -short ./...` is the
# unit tier alone (CONTRIBUTING.md, "Test tiers").

GO ?= go
# Every go command make runs (and the tests' own go builds) uses Go 1.27.3,
# which the go command fetches from the module proxy once: the standard
# library of 1.26.8 has 13 vulnerabilities the gateway and the CLI reach
# (make lint lists them under 1.26), and its `go test -fuzz` can end in a
# bare "context deadline exceeded" on a busy machine (golang/go#75804).
# go.mod's toolchain line asks the same of a plain `go build` where
# GOTOOLCHAIN is left at auto; go.mod's go line keeps 1.26.8 buildable.
export GOTOOLCHAIN := go1.27.3
# Recursive (=) so that git runs only when a target needs the version.
VERSION = $(shell git describe --always --dirty 2>/dev/null || echo dev)
LDFLAGS = -X main.version=$(VERSION)

# Fuzz targets run briefly by `make test`, as package:FuzzName.
FUZZ_TARGETS ?= ./internal/engine/config:FuzzLoad ./internal/engine/hclfmt:FuzzFormat ./internal/engine/views:FuzzDiagnosticRange \
	./internal/engine/codepkg:FuzzIgnore ./internal/fcauth:FuzzParseAuthorization ./internal/fcauth:FuzzVerifyACS3 \
	./internal/fcauth:FuzzVerifyTrigger ./internal/fcauth:FuzzDateHeaders ./internal/gateway/codezip:FuzzUnpack \
	./internal/gateway/controlapi:FuzzCreateFunctionBody ./internal/gateway/controlapi:FuzzTriggerConfig ./internal/gateway/controlapi:FuzzSplitCode \
	./internal/gateway/dataplane:FuzzRequestChecks ./internal/engine/convert:FuzzConvert
# The end-to-end tests that run function instances, run again by `make test`
# in the process mode (WSDEPLOY_ISOLATION=process), as a host that cannot
# build sandboxes runs them: about 50 s. The rest of cmd/wsdeploy (control
# API faults, locks, plugins, the CLI's parsing) does not depend on how
# instances run; with it the pass would take twice as long.
PROCESS_MODE_TESTS ?= ^(TestE2EPlanApplyDestroy|TestE2ESmoke.*|TestE2ESecretsNeverLeak|TestE2EGatewayVerbsFindTheStacksGateway|TestE2EGatewayStatusInstances|TestE2EDev.*|TestE2ESessions|TestE2EStatus|TestE2EImportAdoptsHandMadeFunction|TestE2EOutput|TestGatewayDetachedLifecycle)$$
# An execution count, not a duration: in Go 1.26 a duration -fuzztime can end in a
# bare "context deadline exceeded" on a busy machine (golang/go#75804).
FUZZTIME ?= 5000x

.PHONY: build test test-short test-live lint deps demo demo-stop clean proto bench bench-smoke

build:
	$(GO) build -ldflags '$(LDFLAGS)' -o bin/wsdeploy ./cmd/wsdeploy

test: deps lint
	@# deps installs what the tests need; WSDEPLOY_REQUIRE_CLIENTS=1 turns a
	@# test's skip for a missing client or server into a failure.
	@# WSDEPLOY_LIVE= : never the live tier, even when the shell exports it.
	@# -timeout=15m: plugins/plugintest runs the conformance kit several times
	@# (about 3.5 min alone with -race) and takes longer on a loaded machine.
	WSDEPLOY_LIVE= WSDEPLOY_REQUIRE_CLIENTS=1 $(GO) test -race -count=1 -timeout=15m ./...
	@# Again in the process mode (PROCESS_MODE_TESTS); the race detector
	@# has seen this code above, and the gateway they run is a plain build.
	WSDEPLOY_LIVE= WSDEPLOY_REQUIRE_CLIENTS=1 WSDEPLOY_ISOLATION=process $(GO) test -count=1 -timeout=15m -run '$(PROCESS_MODE_TESTS)' ./cmd/wsdeploy
	@set -e; for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; fn=$${t#*:}; \
		echo "fuzz $$fn in $$pkg, $(FUZZTIME) executions"; \
		$(GO) test -run='^$$' -fuzz="^$$fn\$$" -fuzztime=$(FUZZTIME) $$pkg; \
	done

# The unit tier: in process, about a minute, nothing to install.
test-short:
	$(GO) test -short ./...

# The live tier (docs/gateway.md, "The live tier"): the fidelity tests that
# `make test` runs against the local gateway, run against real Function
# Compute. It creates (and deletes) functions in the account: it never runs
# without the variables below, and says so instead of passing.
LIVE_NEEDS = ALIBABA_CLOUD_ACCESS_KEY_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET WSDEPLOY_LIVE_REGION

test-live:
	@missing=""; for v in $(LIVE_NEEDS); do [ -n "$$(printenv $$v)" ] || missing="$$missing $$v"; done; \
	if [ -n "$$missing" ]; then \
		echo "skipped: make test-live runs the fidelity tests against real Function Compute and needs$$missing;"; \
		echo "  set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET (an AccessKey that may create and delete FC functions)"; \
		echo "  and WSDEPLOY_LIVE_REGION (e.g. cn-hangzhou); optional: ALIBABA_CLOUD_SECURITY_TOKEN, WSDEPLOY_LIVE_IMAGE."; \
		echo "  Nothing was run. See docs/gateway.md, \"The live tier\"."; \
		exit 1; \
	fi
	WSDEPLOY_LIVE=1 ALIBABA_CLOUD_ECS_METADATA_DISABLED=true $(GO) test -count=1 -timeout=45m -v ./internal/fidelity/

# go mod tidy, gofmt, vet, staticcheck, govulncheck (offline database) and
# the plugin protocol's generated code: scripts/lint.sh.
lint:
	@GO=$(GO) scripts/lint.sh

deps:
	@scripts/deps.sh

# The plugin protocol's generated Go code is committed; this regenerates it.
proto:
	@scripts/proto.sh

# The benchmark suite of docs/BENCHMARKS.md (about 12 minutes; installs nginx
# when missing); bench-smoke is a seconds-long run that proves the harness
# works, not how fast anything is.
bench:
	bench/run.sh $(BENCHFLAGS)

bench-smoke:
	bench/run.sh -smoke

demo: build
	@scripts/demo.sh

demo-stop: build
	WSDEPLOY_GATEWAY_STATE_DIR=$(CURDIR)/.wsdeploy/gateway bin/wsdeploy gateway stop

clean:
	rm -rf bin
