#!/usr/bin/env bash
# The checks of `make lint`, each one failing with what to run to fix it:
# go.mod tidy, gofmt, go vet, staticcheck, govulncheck and the plugin
# protocol's generated code against its .proto. staticcheck and govulncheck
# are pinned by go.mod's tool directives; nothing here needs the internet
# beyond the Go module proxy (and Debian's protoc, which scripts/proto.sh
# installs when missing).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
GO=${GO:-go}

# The vulnerability database: the Go vulnerability database's source
# module, golang.org/x/vulndb, carries every report as an OSV file under
# data/osv, and govulncheck reads a directory of OSV files as its -db. So
# the database comes through the module proxy, pinned here, and is as fresh
# as this version: raise it (the newest pseudo-version the proxy serves)
# to learn of newer vulnerabilities.
VULNDB_VERSION=${VULNDB_VERSION:-v0.0.0-20261105234957-e22db6528018}

failed=()
step() { echo "lint: $1"; }
fail() { echo "lint: $1" >&2; failed+=("$2"); }

step "go mod tidy"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! $GO mod tidy -diff >"$tmp/tidy.diff" 2>&1; then
	cat "$tmp/tidy.diff" >&2
	fail "go mod tidy would change go.mod/go.sum (above): run go mod tidy and commit the result" tidy
fi

step "gofmt"
out=$(find . -name '*.go' -not -path './.git/*' -not -path '*/testdata/*' -not -path '*/node_modules/*' -print0 | xargs -0 -r gofmt -l)
if [ -n "$out" ]; then
	echo "$out" >&2
	fail "gofmt -w needed on the files above" gofmt
fi

step "go vet"
$GO vet ./... || fail "go vet found the problems above" vet

step "staticcheck"
$GO tool staticcheck ./... || fail "staticcheck found the problems above (staticcheck.conf holds the exclusions, each with its reason)" staticcheck

step "govulncheck (database: golang.org/x/vulndb@$VULNDB_VERSION)"
$GO mod download golang.org/x/vulndb@"$VULNDB_VERSION"
db=$($GO env GOMODCACHE)/golang.org/x/vulndb@$VULNDB_VERSION/data/osv
# Findings the code reaches, one line each: module, ID, fixed version.
$GO tool govulncheck -db "file://$db" -format json ./... >"$tmp/vuln.json"
jq -r 'select(.finding) | .finding | select(.trace[0].function != null)
	| "\(.trace[0].module)\t\(.osv)\t\(.fixed_version // "no fix")"' "$tmp/vuln.json" | sort -u >"$tmp/vuln.txt"
if grep -v '^stdlib' "$tmp/vuln.txt" >&2; then
	fail "govulncheck: the code reaches the vulnerabilities above: go get MODULE@FIXED, go mod tidy (details: go tool govulncheck -db file://$db ./...)" govulncheck
fi
# The standard library's fixes come with a newer Go, which is the machines'
# choice, not go.mod's (CONTRIBUTING.md): reported, not failed.
if grep '^stdlib' "$tmp/vuln.txt" >"$tmp/stdlib.txt"; then
	echo "lint: warning: $(wc -l <"$tmp/stdlib.txt") standard-library vulnerabilities reached, fixed in a newer Go than $($GO env GOVERSION):" >&2
	cut -f2,3 "$tmp/stdlib.txt" | tr '\t' ' ' | sed 's/^/  /' >&2
fi

step "plugin protocol code against plugins/proto/provider.proto"
mkdir "$tmp/proto"
PROTO_OUT="$tmp/proto" scripts/proto.sh
for f in plugins/proto/*.pb.go; do
	if ! diff -u "$f" "$tmp/proto/$(basename "$f")" >&2; then
		fail "$f differs from what scripts/proto.sh generates (above): run make proto and commit the result" proto
	fi
done
for f in "$tmp"/proto/*.pb.go; do
	[ -e "plugins/proto/$(basename "$f")" ] || fail "plugins/proto lacks $(basename "$f"): run make proto" proto
done

if ((${#failed[@]})); then
	echo "lint: failed: ${failed[*]}" >&2
	exit 1
fi
echo "lint: ok"
