#!/usr/bin/env bash
# Peak memory of a code upload: a real gateway process and the real CLI
# applying one function whose code is SIZE_MB of random bytes (code that
# does not compress). Prints the gateway's VmHWM before and after the apply
# and the CLI's maximum RSS (GNU time). docs/BENCHMARKS.md, "Code upload
# memory". Usage: scripts/upload-mem.sh [WSDEPLOY_BINARY] [SIZE_MB...]
set -euo pipefail
bin=${1:-}
shift || true
sizes=("${@:-10 70}") # 70 MB of random bytes zips to about 70 MB, under the 75 MB inline limit
if [[ -z $bin ]]; then
	bin=$(mktemp -d)/wsdeploy
	go build -o "$bin" ./cmd/wsdeploy
fi
hwm() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status"; }
for size in ${sizes[@]}; do
	work=$(mktemp -d)
	mkdir -p "$work/stack/code" "$work/state"
	printf '#!/bin/sh\nexec sleep 3600\n' >"$work/stack/code/bootstrap"
	chmod +x "$work/stack/code/bootstrap"
	head -c "${size}M" /dev/urandom >"$work/stack/code/data.bin"
	cat >"$work/stack/main.hcl" <<HCL
stack = "upload-mem"
provider "local" {}
function "big" {
  runtime = "custom.debian12"
  code    = "./code"
  command = ["./bootstrap"]
}
HCL
	export WSDEPLOY_GATEWAY_STATE_DIR=$work/state
	"$bin" gateway --propagation-delay 0s >"$work/gateway.log" 2>&1 &
	gw=$!
	until [[ -s $work/state/gateway.json ]]; do sleep 0.1; done
	before=$(hwm "$gw")
	/usr/bin/time -f '%M' -o "$work/cli.rss" "$bin" -chdir="$work/stack" apply -auto-approve >"$work/apply.log" 2>&1 ||
		{ cat "$work/apply.log"; exit 1; }
	after=$(hwm "$gw")
	echo "code ${size} MB: gateway VmHWM ${before} -> ${after} KiB (+$(( (after - before) / 1024 )) MiB); CLI max RSS $(( $(cat "$work/cli.rss") / 1024 )) MiB"
	kill "$gw"
	wait "$gw" 2>/dev/null || true
	rm -rf "$work"
done
