// A WebSocket server for a function whose timeout is shorter than the
// sessions its clients hold: FC cuts every connection at the timeout (the
// client sees 1006), so a session is not a connection. The client keeps
// its session id and resumes with ?session=ID on each reconnect; the server
// holds nothing between connections (the next one may land on another
// instance) and acknowledges each numbered message it receives. A real
// service keeps per-session state in shared storage (Redis, a database)
// under that id.
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { WebSocketServer } from 'ws';

const instance = process.env.FC_INSTANCE_ID || 'local';
const port = Number(process.env.FC_SERVER_PORT || process.env.FC_CUSTOM_LISTEN_PORT || 9000);
const sessionId = /^[0-9a-f-]{36}$/;

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/pre-stop') {
    preStop(res);
    return;
  }
  res.writeHead(426, { 'Content-Type': 'text/plain; charset=utf-8', Upgrade: 'websocket' });
  res.end(`reconnect: instance ${instance}: connect with a WebSocket client\n`);
});
const wss = new WebSocketServer({ server, maxPayload: 64 << 10 });

wss.on('connection', (ws, req) => {
  const asked = new URL(req.url, 'http://x').searchParams.get('session');
  const resumed = sessionId.test(asked ?? '');
  const session = resumed ? asked : randomUUID();
  const started = Date.now();
  console.log(`session ${session}: ${resumed ? 'resumed' : 'new'}`);
  ws.send(JSON.stringify({ type: 'hello', session, resumed, instance }));

  ws.on('message', (data) => {
    let msg;
    try {
      msg = JSON.parse(data);
    } catch {
      ws.close(1007, 'messages are JSON');
      return;
    }
    if (Number.isInteger(msg.seq)) {
      ws.send(JSON.stringify({ type: 'ack', seq: msg.seq, session, instance }));
    }
  });
  ws.on('error', (err) => console.log(`session ${session}: ${err.message}`));
  ws.on('close', (code) => {
    console.log(`session ${session}: connection ended after ${Date.now() - started} ms: close ${code}`);
  });
});

// FC's PreStop hook (lifecycle { pre_stop_timeout } in main.hcl): FC sends
// GET /pre-stop before it stops this instance. Closing each connection with
// 1001 (going away) tells the client to reconnect at once, to another
// instance, instead of finding a dead connection (1006) later. The answer
// waits until each close handshake is done (ws.close() only queues the
// frame), or 5 s, well inside the hook's timeout: once it has the answer,
// FC stops the process, and a frame still queued would go with it.
function preStop(res) {
  console.log(`pre-stop: closing ${wss.clients.size} connection(s) with 1001`);
  const closed = [...wss.clients].map((ws) => new Promise((resolve) => {
    ws.once('close', resolve);
    ws.close(1001, 'instance stopping');
  }));
  const bound = new Promise((resolve) => setTimeout(resolve, 5_000).unref());
  Promise.race([Promise.all(closed), bound]).then(() => {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end('ok');
  });
}

// FC only reaches a server that listens on all interfaces.
server.listen(port, '0.0.0.0', () => {
  console.log(`reconnect: instance ${instance} listening on 0.0.0.0:${port}`);
});

// SIGTERM is how FC (and the local gateway) stops an instance.
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    for (const ws of wss.clients) ws.close(1001, 'server shutting down');
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 10_000).unref();
  });
}
