"""A WebSocket echo server for Function Compute's custom runtime.

Every message comes back as it came (text as text, binary as binary). A
plain GET answers with the instance that served it. Written for websockets
10.4 (Debian 12's python3-websockets); pin that version when vendoring.
"""

import asyncio
import http
import os
import signal

import websockets

INSTANCE = os.environ.get("FC_INSTANCE_ID", "local")
# Messages are held whole in memory: bound them.
MAX_MESSAGE = 16 * 1024 * 1024


def listen_port():
    """The port FC tells the instance to serve on."""
    for name in ("FC_SERVER_PORT", "FC_CUSTOM_LISTEN_PORT"):
        if os.environ.get(name):
            return int(os.environ[name])
    return 9000


async def page(path, headers):
    """Answers plain GETs; None lets a WebSocket handshake through."""
    if headers.get("Upgrade", "").lower() == "websocket":
        return None
    body = (f"echo-python: instance {INSTANCE} answered {path}; "
            "connect with a WebSocket client to this URL to echo messages.\n")
    return (http.HTTPStatus.OK,
            [("Content-Type", "text/plain; charset=utf-8")],
            body.encode())


async def echo(ws):
    peer = ws.remote_address
    try:
        async for message in ws:  # str for text, bytes for binary
            await ws.send(message)
    except websockets.ConnectionClosed:
        pass  # closed (or cut) while answering: nothing left to answer
    print(f"{peer} {ws.path}: connection ended: close {ws.close_code}", flush=True)


async def main():
    stop = asyncio.get_running_loop().create_future()
    # SIGTERM is how FC (and the local gateway) stops an instance.
    for sig in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(sig, stop.cancel)
    port = listen_port()
    # FC only reaches a server that listens on all interfaces.
    async with websockets.serve(echo, "0.0.0.0", port,
                                process_request=page, max_size=MAX_MESSAGE):
        print(f"echo-python: instance {INSTANCE} listening on 0.0.0.0:{port}", flush=True)
        try:
            await stop
        except asyncio.CancelledError:
            pass
        # Leaving the block closes every connection with 1001 (going away).
        print("echo-python: shutting down", flush=True)


if __name__ == "__main__":
    asyncio.run(main())
