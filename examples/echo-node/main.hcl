# A WebSocket echo server in Node.js (ws) on Function Compute's custom runtime.
# `make deps` (or `npm ci` in src/) installs ws into src/node_modules first:
# the code directory is uploaded as it is, node_modules included.

stack = "echo-node"

function "echo-node" {
  description = "WebSocket echo server (Node.js, ws)"
  runtime     = "custom.debian10" # Node.js 20 in /var/fc/lang/nodejs20
  code        = "./src"
  # No command: FC starts ./bootstrap in the code directory.
  port = 9000

  memory_size          = 512
  timeout              = 900 # seconds; an older connection is cut (1006)
  instance_concurrency = 10

  http_trigger "ws" {
    methods   = ["GET"] # a WebSocket handshake is a GET
    auth_type = "anonymous"
  }

  smoke {
    send   = "hello"
    expect = "hello"
  }
}

output "url" {
  description = "Connect a WebSocket client here."
  value       = function.echo-node.http_trigger.ws.url
}
