function "echo" {
  runtime = "custom.debian12"
  code    = "./app"
  command = ["./bootstrap"]

  http_trigger "ws" {
    methods = ["POST"]
  }
}
