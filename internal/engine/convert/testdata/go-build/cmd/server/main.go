// Command server is a WebSocket-less stand-in for the Go service an s.yaml
// builds in its pre-deploy action: enough to build, which plan does.
package main

import (
	"flag"
	"net/http"
)

func main() {
	listen := flag.String("listen", "0.0.0.0:9000", "address")
	flag.Parse()
	http.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {})
	_ = http.ListenAndServe(*listen, nil)
}
