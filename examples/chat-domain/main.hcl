# The chat room of the chat-redis example at a production-style address: behind a
# custom domain with HTTPS (wss://chat.example.test/ws), with cookie session
# affinity so that a browser that reconnects after a cut (the 1006 FC sends
# at the function's timeout) returns to the instance it was on.
#
# Locally, the gateway serves the domain on its own HTTPS port with a
# certificate from its local CA (wsdeploy gateway status shows both); see
# README.md for opening it in a browser. On Function Compute, replace the
# domain with one you own, point its CNAME at FC, and give the certificate:
#   wsdeploy -chdir=examples/chat-domain apply -var redis_addr=... \
#     -var certificate=chat.pem -var private_key=chat.key

stack = "chat-domain"

variable "redis_addr" {
  type        = string
  default     = "127.0.0.1:6379"
  sensitive   = true # a redis:// URL may carry a password
  description = "Redis for the room's pub/sub: host:port, or redis://[:password@]host:port[/db]."
}

variable "certificate" {
  type        = string
  default     = null
  description = "PEM certificate of the domain (required on FC; the local gateway issues one when null)."
}

variable "private_key" {
  type        = string
  default     = null
  description = "PEM private key of that certificate."
}

variable "timeout" {
  type        = number
  default     = 900
  description = "Seconds a connection lives before FC cuts it (1006) and the page reconnects."
}

function "chat" {
  description = "Chat room over Redis pub/sub, behind a custom domain with session affinity"
  runtime     = "custom.debian12"
  code        = "./dist"
  command     = ["./bootstrap"]
  port        = 9000

  memory_size = 512
  timeout     = var.timeout

  environment = {
    REDIS_ADDR = var.redis_addr
  }

  # The chat room's own server: a static Linux binary.
  build {
    command     = ["go", "build", "-trimpath", "-o", "dist/bootstrap", "../chat-redis/server"]
    environment = { CGO_ENABLED = "0", GOOS = "linux", GOARCH = "amd64" }
  }

  # FC sets a cookie on the first response (the page); the browser sends it
  # with the WebSocket handshake and with every reconnect, and FC routes
  # them to the same instance while the session lives. One session per
  # instance keeps two users apart, so the room still needs Redis.
  session_affinity {
    type                  = "cookie"
    sessions_per_instance = 1
    session_ttl           = 3600 # seconds
    session_idle_timeout  = 600
  }

  smoke {
    send   = "smoke test"
    expect = "/\"text\":\"smoke test\"/"
  }
}

# The page and its WebSocket (/ws) under one host, over HTTPS only: the
# page opens wss:// because it was loaded over https://.
custom_domain "chat.example.test" {
  protocol        = "HTTPS"
  certificate     = var.certificate
  private_key     = var.private_key
  tls_min_version = "TLSv1.2"

  route {
    path     = "/*"
    function = function.chat
    methods  = ["GET"]
  }
}

output "url" {
  description = "Open this page (see README.md for the local gateway's port and CA)."
  value       = "https://chat.example.test/"
}
