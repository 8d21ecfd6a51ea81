// Drives a WebSocket through the gateway with Node's ws package, found
// through NODE_PATH (examples/echo-go/server/testdata/node/node_modules).
//
// usage: node client.cjs echo URL TEXT BINARY_HEX PING CLOSE_CODE -> one JSON line
//        node client.cjs hold URL -> "open", then one JSON line with the close code
'use strict';
const { once } = require('node:events');
const WebSocket = require('ws');

async function main() {
  const [mode, url, text, binaryHex, ping, code] = process.argv.slice(2);
  const ws = new WebSocket(url);
  await once(ws, 'open');

  // Each listener is attached before the frame that triggers it is sent.
  const roundTrip = async (send) => {
    const reply = once(ws, 'message');
    send();
    const [got, isBinary] = await reply;
    return { got, isBinary };
  };

  if (mode !== 'echo') {
    const closed = once(ws, 'close');
    console.log('open');
    const [closeCode, reason] = await closed;
    console.log(JSON.stringify({ close_code: closeCode, close_reason: reason.toString('utf8') }));
    return;
  }
  const t = await roundTrip(() => ws.send(text));
  const b = await roundTrip(() => ws.send(Buffer.from(binaryHex, 'hex')));
  // fin: false leaves the message open: two frames, one message.
  const f = await roundTrip(() => {
    ws.send(text.slice(0, 10), { fin: false });
    ws.send(text.slice(10), { fin: true });
  });
  const pong = once(ws, 'pong');
  ws.ping(Buffer.from(ping));
  const [pongData] = await pong;
  const closed = once(ws, 'close');
  ws.close(Number(code), 'bye');
  const [closeCode, reason] = await closed;
  console.log(JSON.stringify({
    text: t.isBinary ? null : t.got.toString('utf8'),
    binary_hex: b.isBinary ? b.got.toString('hex') : null,
    fragmented: f.isBinary ? null : f.got.toString('utf8'),
    pong_hex: pongData.toString('hex'),
    extensions: ws.extensions ? ws.extensions.split(',') : [],
    close_code: closeCode,
    close_reason: reason.toString('utf8'),
  }));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
