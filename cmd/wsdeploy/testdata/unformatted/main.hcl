function "echo" {
runtime="custom.debian12"
  port = 9000
}
