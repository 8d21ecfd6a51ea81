"""A WebSocket echo server for Function Compute's custom runtime.

Written as FC's guide says: it listens on 0.0.0.0:9000 and finds its code at
/code. Every message comes back as it came (text as text, binary as binary),
except "whoami", answered with the instance, the port the connection came in
on and the greeting read from /code. A plain GET answers with the instance
that served it. Written for websockets 10.4 (Debian 12's python3-websockets);
pin that version when vendoring.
"""

import asyncio
import http
import os
import signal
import sys

import websockets

INSTANCE = os.environ.get("FC_INSTANCE_ID", "local")
# FC's custom runtime sends traffic to port 9000 unless the function's port
# says otherwise; every instance has its own network, so all use 9000.
PORT = 9000
# Messages are held whole in memory: bound them.
MAX_MESSAGE = 16 * 1024 * 1024


def read_greeting():
    """Read at start, as code often reads its configuration: a server that
    cannot has no business listening."""
    try:
        with open("/code/greeting.txt", encoding="utf-8") as f:
            return f.read().strip()
    except OSError as err:
        sys.exit(f"echo-python: {err}: this server expects its code at /code, "
                 "as on Function Compute (and in the local gateway's sandbox)")


GREETING = read_greeting()


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
            if message == "whoami":
                message = f"instance {INSTANCE} port {ws.local_address[1]}: {GREETING}"
            await ws.send(message)
    except websockets.ConnectionClosed:
        pass  # closed (or cut) while answering: nothing left to answer
    print(f"{peer} {ws.path}: connection ended: close {ws.close_code}", flush=True)


async def main():
    stop = asyncio.get_running_loop().create_future()
    # SIGTERM is how FC (and the local gateway) stops an instance.
    for sig in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(sig, stop.cancel)
    # FC only reaches a server that listens on all interfaces.
    async with websockets.serve(echo, "0.0.0.0", PORT,
                                process_request=page, max_size=MAX_MESSAGE):
        print(f"echo-python: instance {INSTANCE} listening on 0.0.0.0:{PORT}", flush=True)
        try:
            await stop
        except asyncio.CancelledError:
            pass
        # Leaving the block closes every connection with 1001 (going away).
        print("echo-python: shutting down", flush=True)


if __name__ == "__main__":
    asyncio.run(main())
