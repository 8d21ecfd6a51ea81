# A WebSocket echo server in Go on Function Compute's custom runtime.
# Deploy it to the local gateway with `wsdeploy -chdir=examples/echo-go apply`.

stack = "echo-go"

variable "timeout" {
  type        = number
  default     = 900
  description = "Seconds a WebSocket connection may stay open before FC cuts it (close code 1006)."
}

function "echo" {
  description = "WebSocket echo server (Go, coder/websocket)"
  runtime     = "custom.debian12"
  code        = "./dist"
  command     = ["./bootstrap"]
  port        = 9000

  memory_size          = 512
  timeout              = var.timeout
  instance_concurrency = 10

  # Compile a static Linux binary into the code directory before packaging.
  build {
    command     = ["go", "build", "-trimpath", "-o", "dist/bootstrap", "./server"]
    environment = { CGO_ENABLED = "0", GOOS = "linux", GOARCH = "amd64" }
  }

  http_trigger "ws" {
    methods   = ["GET"]
    auth_type = "anonymous"
  }

  smoke {
    send   = "hello"
    expect = "hello"
  }
}

output "url" {
  description = "Connect a WebSocket client here."
  value       = function.echo.http_trigger.ws.url
}
