// Command echo is the conformance kit's function: a WebSocket echo server
// for FC's custom runtime (it listens on 0.0.0.0:$FC_SERVER_PORT), built on
// the standard library's net alone so that its code package stays small:
// the kit packages it on every plan, and a smaller binary keeps the kit
// fast under the race detector. Frames come back as they came (fragments,
// text, binary); pings get pongs; a close is answered and ends the
// connection. Any other request gets 200 "ok".
package main
