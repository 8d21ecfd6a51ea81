function "echo" {
  runtime = 
}
