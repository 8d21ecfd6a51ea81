package main

import (
	"bufio"
	"crypto/sha1"
	"encoding/base64"
	"log"
	"net"
	"net/textproto"
	"os"
	"strings"
)

func main() {
	port := os.Getenv("FC_SERVER_PORT")
	if port == "" {
		port = "9000"
	}
	ln, err := net.Listen("tcp", net.JoinHostPort("0.0.0.0", port))
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("echo: listening on %s", ln.Addr())
	for {
		c, err := ln.Accept()
		if err != nil {
			log.Fatal(err)
		}
		go serve(c)
	}
}

// websocketGUID is RFC 6455's constant for Sec-WebSocket-Accept.
const websocketGUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

func serve(c net.Conn) {
	defer c.Close()
	r := bufio.NewReader(c)
	tp := textproto.NewReader(r)
	line, err := tp.ReadLine()
	if err != nil {
		return
	}
	head, err := tp.ReadMIMEHeader()
	if err != nil {
		return
	}
	key := head.Get("Sec-WebSocket-Key")
	if !strings.HasPrefix(line, "GET ") || !strings.EqualFold(head.Get("Upgrade"), "websocket") || key == "" {
		c.Write([]byte("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"))
		return
	}
	sum := sha1.Sum([]byte(key + websocketGUID))
	c.Write([]byte("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " +
		base64.StdEncoding.EncodeToString(sum[:]) + "\r\n\r\n"))
	for {
		f, err := readFrame(r)
		if err != nil {
			return
		}
		switch f.opcode {
		case opPing:
			f.opcode = opPong
		case opPong:
			continue
		}
		if _, err := c.Write(f.bytes()); err != nil || f.opcode == opClose {
			return
		}
	}
}
