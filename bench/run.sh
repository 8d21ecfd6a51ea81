#!/usr/bin/env bash
# Runs the benchmark suite of docs/BENCHMARKS.md: the data plane (echo
# directly, through the gateway and through nginx, interleaved; wsbench)
# and the control plane (plan500.sh). Installs nginx when missing.
# Usage: bench/run.sh [-smoke] [wsbench flags...]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! command -v nginx >/dev/null; then
	echo "bench: installing nginx (Debian's nginx-light: the proxy module, nothing more)" >&2
	apt-get update -qq && apt-get install -y -qq nginx-light >/dev/null
fi
# The stock service is not ours to run: the suite starts its own on loopback.
smoke=false
for a in "$@"; do [[ $a == -smoke || $a == --smoke ]] && smoke=true; done

bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
go build -o "$bin/wsbench" ./bench/wsbench
echo "== data plane: $bin/wsbench $* =="
"$bin/wsbench" "$@"

if $smoke; then
	bench/plan500.sh 20 1
else
	echo "== control plane: bench/plan500.sh 500 5 =="
	bench/plan500.sh 500 5
fi
