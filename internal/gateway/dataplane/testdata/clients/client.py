"""Drives a WebSocket through the gateway with the websockets library
(Debian python3-websockets).

usage: client.py echo URL TEXT BINARY_HEX PING CLOSE_CODE -> one JSON line
       client.py hold URL -> "open", then one JSON line with the close code
"""

import asyncio
import json
import sys

import websockets


async def echo(url, text, binary, ping, code):
    async with websockets.connect(url, max_size=None) as ws:
        await ws.send(text)
        got_text = await ws.recv()
        await ws.send(binary)
        got_binary = await ws.recv()
        # An iterable is sent as one fragmented message.
        await ws.send([text[:10], text[10:]])
        got_fragmented = await ws.recv()
        # The waiter resolves only on a pong that carries this ping's payload.
        await asyncio.wait_for(await ws.ping(ping), 10)
        await ws.close(code, "bye")
        return {
            "text": got_text if isinstance(got_text, str) else None,
            "binary_hex": got_binary.hex() if isinstance(got_binary, bytes) else None,
            "fragmented": got_fragmented if isinstance(got_fragmented, str) else None,
            "pong_hex": ping.hex(),
            "extensions": [e.name for e in ws.extensions],
            "close_code": ws.close_code,
            "close_reason": ws.close_reason,
        }


async def hold(url):
    async with websockets.connect(url) as ws:
        print("open", flush=True)
        try:
            await ws.recv()
        except websockets.ConnectionClosed:
            pass
        return {"close_code": ws.close_code, "close_reason": ws.close_reason}


def main():
    mode, url = sys.argv[1], sys.argv[2]
    if mode == "echo":
        args = sys.argv[3:]
        result = asyncio.run(echo(url, args[0], bytes.fromhex(args[1]), args[2].encode(), int(args[3])))
    else:
        result = asyncio.run(hold(url))
    print(json.dumps(result), flush=True)


main()
