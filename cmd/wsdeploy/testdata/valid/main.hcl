# A minimal valid stack for the end-to-end tests of `wsdeploy validate`.

provider "local" {}

variable "timeout" {
  type    = number
  default = 300
}

function "echo" {
  runtime = "custom.debian12"
  code    = "./app"
  command = ["./bootstrap"]
  port    = 9000

  memory_size          = 512
  timeout              = var.timeout
  instance_concurrency = 10

  http_trigger "ws" {
    methods   = ["GET"]
    auth_type = "anonymous"
  }

  smoke {
    send   = "ping"
    expect = "ping"
  }
}
