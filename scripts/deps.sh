#!/usr/bin/env bash
# Installs what the tests need, and only what is missing, so that a second run
# is fast and prints nothing. Used by `make deps`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Debian packages. Debian's python modules load only in Debian's /usr/bin/python3.
pkgs=()
if ! /usr/bin/python3 -c 'import websockets' 2>/dev/null; then
	pkgs+=(python3-websockets)
fi
# The completion scripts are checked by the shells they are for.
for sh in zsh fish; do
	command -v "$sh" >/dev/null || pkgs+=("$sh")
done
if ! command -v npm >/dev/null; then
	pkgs+=(nodejs npm)
fi
# The examples' tests: chat-redis starts its own redis-server and drives its
# page in Debian's Chromium; ci/ parses its workflow with python3-yaml and
# runs the workflow's scripts, which use jq.
command -v redis-server >/dev/null || pkgs+=(redis-server)
[ -x /usr/bin/chromium ] || pkgs+=(chromium)
# chat-domain's Chromium test trusts the gateway's CA through an NSS database.
command -v certutil >/dev/null || pkgs+=(libnss3-tools)
/usr/bin/python3 -c 'import yaml' 2>/dev/null || pkgs+=(python3-yaml)
command -v jq >/dev/null || pkgs+=(jq)
# The process provider plugin (plugins/examples/process) runs functions behind nginx.
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || pkgs+=(nginx-light)
# make lint regenerates the plugin protocol's code with protoc.
command -v protoc >/dev/null || pkgs+=(protobuf-compiler)
if ((${#pkgs[@]})); then
	sudo=""
	if [ "$(id -u)" -ne 0 ]; then sudo=sudo; fi
	echo "deps: installing ${pkgs[*]}"
	$sudo apt-get update -qq
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
fi

# npm projects (test clients, Node examples) from their lock files. npm ci
# leaves node_modules/.package-lock.json, newer than the lock it installed.
while IFS= read -r lock; do
	dir=$(dirname "$lock")
	if [ "$dir/node_modules/.package-lock.json" -nt "$lock" ]; then continue; fi
	echo "deps: npm ci in $dir"
	(cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
done < <(find examples -name package-lock.json -not -path '*/node_modules/*' | sort)
