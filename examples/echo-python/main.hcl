# A WebSocket echo server in Python on Function Compute's custom runtime.
# Deploy it to the local gateway with `wsdeploy -chdir=examples/echo-python apply`.

stack = "echo-python"

function "echo-python" {
  description = "WebSocket echo server (Python, websockets)"
  runtime     = "custom.debian12" # Python 3.11 at /usr/bin/python3
  code        = "./src"
  # No command: FC starts ./bootstrap in the code directory.
  port = 9000

  memory_size          = 512
  timeout              = 900 # seconds; an older connection is cut (1006)
  instance_concurrency = 1   # one connection per instance: each client gets its own

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
  value       = function.echo-python.http_trigger.ws.url
}
