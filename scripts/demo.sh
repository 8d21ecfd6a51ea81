#!/usr/bin/env bash
# The README's main command (`make demo`): deploy the echo-go example to the
# bundled local gateway, with FC's 10 s trigger propagation, and prove it
# works with the WebSocket smoke test. No cloud account. Safe to run again:
# the second apply has nothing to change and the smoke test runs anyway.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# The demo's gateway keeps its state inside the checkout.
export WSDEPLOY_GATEWAY_STATE_DIR=${WSDEPLOY_GATEWAY_STATE_DIR:-$PWD/.wsdeploy/gateway}
wsdeploy=bin/wsdeploy
stack=examples/echo-go

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "Local gateway (state in $WSDEPLOY_GATEWAY_STATE_DIR)"
if ! $wsdeploy gateway status; then
	$wsdeploy gateway --detach
fi

step "Validate $stack"
$wsdeploy -chdir=$stack validate

step "Plan"
$wsdeploy -chdir=$stack plan

step "Apply, then smoke-test the WebSocket trigger"
$wsdeploy -chdir=$stack apply -auto-approve -smoke=all

url=$($wsdeploy -chdir=$stack -json apply -auto-approve -smoke=none |
	sed -n 's/.*"url":{[^}]*"value":"\([^"]*\)".*/\1/p' | head -n 1)
step "Done"
cat <<EOT
The echo service answers at ${url/http/ws}
  try it:      /usr/bin/python3 -m websockets ${url/http/ws}   (or any WebSocket client)
  its output:  WSDEPLOY_GATEWAY_STATE_DIR=$WSDEPLOY_GATEWAY_STATE_DIR $wsdeploy logs echo
  billing:     WSDEPLOY_GATEWAY_STATE_DIR=$WSDEPLOY_GATEWAY_STATE_DIR $wsdeploy billing
  stop it:     make demo-stop
EOT
