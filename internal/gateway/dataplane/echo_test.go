package dataplane

import (
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

type echoResult struct {
	Text        *string  `json:"text"`
	BinaryHex   *string  `json:"binary_hex"`
	Fragmented  *string  `json:"fragmented"`
	PongHex     string   `json:"pong_hex"`
	Extensions  []string `json:"extensions"`
	CloseCode   int      `json:"close_code"`
	CloseReason string   `json:"close_reason"`
}

// TestEcho drives a WebSocket through a trigger with real third-party
// clients: text, binary, a fragmented message, ping/pong, compression and a
// custom close code all pass the tunnel unchanged.
func TestEcho(t *testing.T) {
	e := newEnv(t)
	e.function("echo", nil)
	url := e.trigger("echo", nil)
	ws := "ws" + strings.TrimPrefix(url, "http") + "chat/room?id=1"

	for _, c := range clients {
		t.Run(c.name, func(t *testing.T) {
			c.require(t)
			// Long and repetitive, so permessage-deflate really compresses it.
			text := fmt.Sprintf("héllo ✓ %d ", rand.Int64()) + strings.Repeat("compress me ", 40)
			binary := make([]byte, 50_000) // many TCP segments; as hex, below the 128 KB argument limit
			for i := range binary {
				binary[i] = byte(rand.IntN(256))
			}
			ping := fmt.Sprintf("ping-%d", rand.Uint32())
			var got echoResult
			c.run(t, &got, "echo", ws, text, hex.EncodeToString(binary), ping, "4001")

			if got.Text == nil || *got.Text != text {
				t.Errorf("text echo: got %v, want %q", got.Text, text)
			}
			if got.BinaryHex == nil || *got.BinaryHex != hex.EncodeToString(binary) {
				t.Errorf("binary echo: the %d bytes did not come back as one binary message", len(binary))
			}
			if got.Fragmented == nil || *got.Fragmented != text {
				t.Errorf("fragmented echo: got %v, want %q", got.Fragmented, text)
			}
			if got.PongHex != hex.EncodeToString([]byte(ping)) {
				t.Errorf("pong payload %q, want the ping's", got.PongHex)
			}
			if !slices.Contains(got.Extensions, "permessage-deflate") {
				t.Errorf("extensions %v: permessage-deflate was not negotiated through the tunnel", got.Extensions)
			}
			if got.CloseCode != 4001 || got.CloseReason != "bye" {
				t.Errorf("close: %d %q, want the client's 4001 \"bye\" echoed", got.CloseCode, got.CloseReason)
			}
		})
	}
}
