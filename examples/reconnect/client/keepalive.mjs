// Keep-alive against an idle-dropping network (the local gateway's
// --idle-drop, a NAT gateway on the way to FC): two connections that send
// no message; one pings every PING ms (ws answers pings with pongs), the
// other stays silent. The silent one is cut (1006); the pinging one stays
// open until this script closes it after HOLD ms.
//
//   node keepalive.mjs URL PING HOLD
// prints one JSON line: each connection's close code and lifetime.
import WebSocket from 'ws';

const [url, pingArg, holdArg] = process.argv.slice(2);
const ping = Number(pingArg);
const hold = Number(holdArg);

function open(name) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('error', reject);
    ws.once('open', () => resolve({ name, ws, opened: Date.now() }));
  });
}

function closed(c) {
  return new Promise((resolve) => {
    c.ws.once('close', (code) => resolve({ code, open_ms: Date.now() - c.opened, at: Date.now() }));
  });
}

const [pinger, silent] = await Promise.all([open('pinger'), open('silent')]);
const pingerClosed = closed(pinger);
const silentClosed = closed(silent);
const timer = setInterval(() => pinger.ws.ping(), ping);
setTimeout(() => pinger.ws.close(1000, 'done'), hold);

const [p, s] = await Promise.all([pingerClosed, silentClosed]);
clearInterval(timer);
console.log(JSON.stringify({
  pinger: { code: p.code, open_ms: p.open_ms },
  silent: { code: s.code, open_ms: s.open_ms },
  silent_cut_first: s.at <= p.at,
}));
