# A chat room: one page and its WebSocket endpoint on one HTTP trigger, with
# instances sharing messages through Redis pub/sub (FC keeps no client on one
# instance). Deploy it with a Redis the instances can reach:
#   wsdeploy -chdir=examples/chat-redis apply -var redis_addr=127.0.0.1:6379

stack = "chat-redis"

variable "redis_addr" {
  type        = string
  default     = "127.0.0.1:6379"
  sensitive   = true # a redis:// URL may carry a password
  description = "Redis for the room's pub/sub: host:port, or redis://[:password@]host:port[/db] (rediss:// for TLS)."
}

# On Function Compute the instances reach an ApsaraDB for Redis in a VPC, which
# needs the function's VPC access and a RAM role FC can use to join it. These
# variables are null unless given, and a null setting is no setting, so the
# local gateway (whose instances use the host's network) runs without them:
#   wsdeploy apply -var role=acs:ram::<account>:role/<role> -var vpc_id=vpc-... \
#     -var 'vswitch_ids=["vsw-..."]' -var security_group_id=sg-... -var redis_addr=...
variable "role" {
  type        = string
  default     = null
  description = "RAM role FC gives the function (needed for VPC access on FC): acs:ram::<account id>:role/<name>."
}

variable "vpc_id" {
  type        = string
  default     = null
  description = "The VPC of the Redis instance (FC only)."
}

variable "vswitch_ids" {
  type        = list(string)
  default     = null
  description = "vSwitches of that VPC the instances attach to (FC only)."
}

variable "security_group_id" {
  type        = string
  default     = null
  description = "Security group the instances join; it must allow Redis's port (FC only)."
}

function "chat" {
  description = "Chat room over Redis pub/sub (Go, coder/websocket, go-redis)"
  runtime     = "custom.debian12"
  code        = "./dist"
  command     = ["./bootstrap"]
  port        = 9000

  memory_size = 512
  timeout     = 900 # seconds; the page reconnects when FC cuts a connection (1006)
  # Small on purpose: a few users already need several instances, so the
  # room only works because Redis carries messages between them.
  instance_concurrency = 2

  environment = {
    REDIS_ADDR = var.redis_addr
  }

  role = var.role
  vpc {
    vpc_id            = var.vpc_id
    vswitch_ids       = var.vswitch_ids
    security_group_id = var.security_group_id
  }

  # A static Linux binary carries its Redis client to FC: nothing to install there.
  build {
    command     = ["go", "build", "-trimpath", "-o", "dist/bootstrap", "./server"]
    environment = { CGO_ENABLED = "0", GOOS = "linux", GOARCH = "amd64" }
  }

  http_trigger "web" {
    methods   = ["GET"] # the page and the WebSocket handshake are both GETs
    auth_type = "anonymous"
  }

  # The smoke message goes through Redis and back: it proves the room works,
  # not only the handshake.
  smoke {
    send   = "smoke test"
    expect = "/\"text\":\"smoke test\"/"
  }
}

output "url" {
  description = "Open this page in two browsers and chat."
  value       = function.chat.http_trigger.web.url
}
