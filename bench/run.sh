#!/usr/bin/env bash
# Runs the benchmark suite of docs/BENCHMARKS.md: the data plane (echo
# directly, through the gateway and through nginx, interleaved; wsbench)
# and the control plane (plan500.sh). Installs nginx when missing.
# Usage: [BASE=REV] bench/run.sh [-smoke] [wsbench flags...]
# BASE=REV also runs the gateway of git revision REV (target gateway-base),
# interleaved with this tree's, so that a change and its baseline are
# measured in the same run.
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
base=()
if [[ -n ${BASE:-} ]]; then
	rev=$(git rev-parse --verify "$BASE^{commit}")
	mkdir "$bin/base" && git archive "$rev" | tar -x -C "$bin/base"
	(cd "$bin/base" && go build -o "$bin/wsbench-base" ./bench/wsbench)
	base=(-base "$bin/wsbench-base")
	echo "== baseline: gateway-base is $rev ($(git log -1 --format=%s "$rev" | cut -c1-60)) =="
fi
echo "== data plane: $bin/wsbench ${base[*]} $* =="
"$bin/wsbench" "${base[@]}" "$@"

if $smoke; then
	bench/plan500.sh 20 1
else
	echo "== control plane: bench/plan500.sh 500 5 =="
	bench/plan500.sh 500 5
fi
