// A session that outlives its connections: reconnecting-websocket (with ws
// as its WebSocket) reconnects each time the function's timeout cuts the
// connection (1006), and the client resumes with ?session=ID. Messages are
// numbered and sent one at a time; one whose ack was lost in a cut is sent
// again on the next connection, so acks run 1, 2, 3, ... without gap or
// repeat across connections.
//
//   node session.mjs URL [CUTS [CODE]]
// lives through CUTS closes with CODE (default 2 cuts, 1006; 1001 counts the
// server's "going away" of its PreStop hook), then prints one JSON line:
// the session id, each connection's instance, the close codes, the last ack.
import ReconnectingWebSocket from 'reconnecting-websocket';
import WebSocket from 'ws';

const [url, cutsArg, codeArg] = process.argv.slice(2);
const cuts = Number(cutsArg ?? 2);
const code = Number(codeArg ?? 1006);
const interval = 200; // ms between messages: the connection never idles

let session = null;
let next = 1;
let awaiting = false; // a message is out, its ack not yet back
const connections = [];
const closes = [];

const rws = new ReconnectingWebSocket(
  () => (session ? `${url}?session=${session}` : url),
  [],
  {
    WebSocket,
    minReconnectionDelay: 100, // the defaults wait 1 to 5 s
    maxReconnectionDelay: 2000,
    reconnectionDelayGrowFactor: 1.5,
    minUptime: 1000, // a connection this old resets the back-off
    maxRetries: 20,
  },
);

function fail(why) {
  console.error(why);
  process.exit(1);
}

function sendNext() {
  if (awaiting || rws.readyState !== ReconnectingWebSocket.OPEN) return;
  awaiting = true;
  rws.send(JSON.stringify({ seq: next }));
}

rws.addEventListener('message', (e) => {
  const m = JSON.parse(e.data);
  if (m.type === 'hello') {
    if (session && m.session !== session) fail(`session changed from ${session} to ${m.session}`);
    if (session && !m.resumed) fail('the server did not resume the session');
    session = m.session;
    connections.push({ instance: m.instance, resumed: m.resumed, first_seq: next });
    sendNext(); // the unacked message again, or the next one
    return;
  }
  if (m.type !== 'ack') return;
  if (m.seq !== next) fail(`ack ${m.seq}, expected ${next}`);
  awaiting = false;
  next++;
  // Done once the session has carried on for a while on its last connection.
  const last = connections.at(-1);
  if (closes.filter((c) => c === code).length >= cuts && next - last.first_seq >= 3) {
    rws.close(1000, 'done');
    console.log(JSON.stringify({ session, connections, closes, last_ack: m.seq }));
    process.exit(0);
  }
  setTimeout(sendNext, interval);
});

rws.addEventListener('close', (e) => {
  closes.push(e.code);
  awaiting = false; // whatever was out is resent after the next hello
});
