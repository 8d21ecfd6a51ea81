#!/usr/bin/env bash
# Plans and applies a stack of N functions (each with an HTTP trigger)
# against a local gateway process, then times a no-change plan: the control
# plane benchmark of docs/BENCHMARKS.md. Usage: bench/plan500.sh [N] [RUNS]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
n=${1:-500}
runs=${2:-5}
work=$(mktemp -d)
export WSDEPLOY_GATEWAY_STATE_DIR=$work/gw
trap 'bin/wsdeploy gateway stop >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

make -s build
mkdir -p "$work/stack/src"
printf '#!/bin/sh\nexec sleep 1000\n' >"$work/stack/src/bootstrap"
chmod +x "$work/stack/src/bootstrap"
{
	echo 'stack = "bench"'
	for i in $(seq 1 "$n"); do
		printf 'function "f%d" {\n  code = "./src"\n  timeout = 600\n  http_trigger "ws" {\n    auth_type = "anonymous"\n  }\n  smoke {\n    enabled = false\n  }\n}\n' "$i"
	done
} >"$work/stack/main.hcl"

bin/wsdeploy gateway --detach --propagation-delay=0s >/dev/null
ms() { date +%s%N | cut -c1-13; }

t0=$(ms)
bin/wsdeploy -chdir="$work/stack" apply -auto-approve >/dev/null
echo "apply, $n functions + $n triggers from empty: $(($(ms) - t0)) ms"
for r in $(seq 1 "$runs"); do
	t0=$(ms)
	bin/wsdeploy -chdir="$work/stack" plan -detailed-exitcode >/dev/null
	echo "no-change plan of $n functions, run $r: $(($(ms) - t0)) ms"
done
