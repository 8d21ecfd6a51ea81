# A custom-container function: FC pulls the image and runs it; wsdeploy
# uploads no code. Only Function Compute runs images: the local gateway
# accepts the function (plan and apply work) but answers its trigger with
# 501 NotSupportedLocally. See README.md for what runs where.

stack = "container"

variable "image" {
  type        = string
  default     = "registry.cn-hangzhou.aliyuncs.com/my-namespace/echo-python:1.0"
  description = "The image, in Alibaba Cloud Container Registry (ACR) in the function's region."
}

variable "fc_endpoint" {
  type        = string
  default     = ""
  description = "Empty: FC's endpoint for the region. Set only to reach another FC-compatible API (a local gateway: http://127.0.0.1:PORT)."
}

provider "aliyun" {
  region   = "cn-hangzhou"
  endpoint = var.fc_endpoint
}

provider "local" {}

function "echo-container" {
  description = "WebSocket echo server in a custom container"
  runtime     = "custom-container"

  container {
    image = var.image
    # entrypoint and command default to the image's ENTRYPOINT and CMD.
  }
  port = 9000 # where the container's server listens

  memory_size          = 1024
  timeout              = 900
  instance_concurrency = 10

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
  value       = function.echo-container.http_trigger.ws.url
}
