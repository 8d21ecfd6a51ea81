// Drives the echo server with the ws package (pinned in package-lock.json).
//
// usage: node client.mjs echo URL TEXT BINARY_HEX PING -> one JSON line with what came back
//        node client.mjs hold URL                  -> "open", then JSON with the close the server sent
import { once } from 'node:events';
import WebSocket from 'ws';

const [mode, url, text, binaryHex, ping] = process.argv.slice(2);
const ws = new WebSocket(url);
await once(ws, 'open');

// Each listener is attached before the frame that triggers it is sent.
async function roundTrip(data) {
  const reply = once(ws, 'message');
  ws.send(data);
  const [got, isBinary] = await reply;
  return { got, isBinary };
}

if (mode === 'echo') {
  const t = await roundTrip(text);
  const b = await roundTrip(Buffer.from(binaryHex, 'hex'));
  const pong = once(ws, 'pong');
  ws.ping(Buffer.from(ping));
  const [pongData] = await pong;
  const closed = once(ws, 'close');
  ws.close(1000, 'bye');
  const [code, reason] = await closed;
  console.log(JSON.stringify({
    text: t.isBinary ? null : t.got.toString('utf8'),
    text_is_binary: t.isBinary,
    binary_hex: b.isBinary ? b.got.toString('hex') : null,
    binary_is_binary: b.isBinary,
    pong_hex: pongData.toString('hex'),
    close_code: code,
    close_reason: reason.toString('utf8'),
  }));
} else {
  const closed = once(ws, 'close');
  console.log('open');
  const [code, reason] = await closed;
  console.log(JSON.stringify({ close_code: code, close_reason: reason.toString('utf8') }));
}
