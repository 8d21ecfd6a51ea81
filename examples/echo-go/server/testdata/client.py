"""Drives the echo server with the websockets library (Debian python3-websockets).

usage: client.py echo URL TEXT BINARY_HEX PING -> one JSON line with what came back
       client.py hold URL                  -> "open", then JSON with the close the server sent
"""

import asyncio
import json
import sys

import websockets


async def echo(url, text, binary, ping):
    async with websockets.connect(url) as ws:
        await ws.send(text)
        got_text = await ws.recv()
        await ws.send(binary)
        got_binary = await ws.recv()
        # The waiter resolves only on a pong that carries this ping's payload.
        await asyncio.wait_for(await ws.ping(ping), 10)
        await ws.close(1000, "bye")
        return {
            "text": got_text if isinstance(got_text, str) else None,
            "text_is_binary": isinstance(got_text, bytes),
            "binary_hex": got_binary.hex() if isinstance(got_binary, bytes) else None,
            "binary_is_binary": isinstance(got_binary, bytes),
            "pong_hex": ping.hex(),
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
        result = asyncio.run(echo(url, sys.argv[3], bytes.fromhex(sys.argv[4]), sys.argv[5].encode()))
    else:
        result = asyncio.run(hold(url))
    print(json.dumps(result), flush=True)


main()
