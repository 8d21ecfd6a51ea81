#!/usr/bin/env bash
# Regenerates the plugin protocol's Go code (plugins/proto) from its .proto.
# Installs what is missing, at pinned versions, so that everyone generates
# the same bytes: protoc from Debian's protobuf-compiler, the Go generators
# through the Go module proxy into bin/tools. Used by `make proto`.
#
# PROTO_OUT=DIR writes the code there instead of plugins/proto: make lint
# regenerates into a temp dir and compares (scripts/lint.sh).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out=${PROTO_OUT:-plugins/proto}

PROTOC_GEN_GO=v1.36.12     # google.golang.org/protobuf, as in go.mod
PROTOC_GEN_GO_GRPC=v1.6.2  # google.golang.org/grpc/cmd/protoc-gen-go-grpc

if ! command -v protoc >/dev/null; then
	sudo=""
	if [ "$(id -u)" -ne 0 ]; then sudo=sudo; fi
	echo "proto: installing protobuf-compiler"
	$sudo apt-get update -qq
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends protobuf-compiler >/dev/null
fi

tools="$PWD/bin/tools"
# install NAME MODULE VERSION: go install unless bin/tools has that version.
install() {
	local name=$1 module=$2 version=$3
	if [ -x "$tools/$name" ] && "$tools/$name" --version 2>/dev/null | grep -q -- "${version#v}\$"; then
		return
	fi
	echo "proto: installing $name $version"
	GOBIN="$tools" GOFLAGS=-mod=mod go install "$module@$version"
}
install protoc-gen-go google.golang.org/protobuf/cmd/protoc-gen-go "$PROTOC_GEN_GO"
install protoc-gen-go-grpc google.golang.org/grpc/cmd/protoc-gen-go-grpc "$PROTOC_GEN_GO_GRPC"

PATH="$tools:$PATH" protoc -I plugins/proto \
	--go_out="$out" --go_opt=paths=source_relative \
	--go-grpc_out="$out" --go-grpc_opt=paths=source_relative \
	plugins/proto/provider.proto
