# Sessions longer than the function's timeout: FC cuts every WebSocket
# connection at the timeout (the client sees 1006), so the client reconnects
# (reconnecting-websocket) and resumes its session. See README.md.

stack = "reconnect"

variable "timeout" {
  type        = number
  default     = 60
  description = "Seconds before FC cuts a connection (1006). Short on purpose; -var timeout=5 to watch reconnects quickly."
}

function "session" {
  description = "Resumable sessions over connections FC cuts at the timeout (Node.js, ws)"
  runtime     = "custom.debian10" # Node.js 20 in /var/fc/lang/nodejs20
  code        = "./server"
  # No command: FC starts ./bootstrap in the code directory.
  port = 9000

  memory_size          = 512
  timeout              = var.timeout
  instance_concurrency = 20

  # FC calls GET /pre-stop before it stops an instance; the server closes
  # its connections with 1001 so that clients reconnect at once.
  lifecycle {
    pre_stop_timeout = 10
  }

  http_trigger "ws" {
    methods   = ["GET"]
    auth_type = "anonymous"
  }

  smoke {
    send   = "{\"seq\":1}"
    expect = "/^\\{\"type\":\"ack\",\"seq\":1,/"
  }
}

output "url" {
  description = "Connect the clients in client/ here."
  value       = function.session.http_trigger.ws.url
}
