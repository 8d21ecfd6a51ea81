// A WebSocket echo server for Function Compute's custom runtime, with the
// ws package, written as FC's guide says: it listens on 0.0.0.0:9000 and
// finds its code at /code. Every message comes back as it came (text as
// text, binary as binary), except "whoami", answered with the instance, the
// port the connection came in on and the greeting read from /code; a plain
// GET answers with the instance that served it.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { WebSocketServer } from 'ws';

const instance = process.env.FC_INSTANCE_ID || 'local';
// FC's custom runtime sends traffic to port 9000 unless the function's port
// says otherwise; every instance has its own network, so all use 9000.
const port = 9000;
// Read at start, as code often reads its configuration: a server that cannot
// has no business listening.
let greeting;
try {
  greeting = readFileSync('/code/greeting.txt', 'utf8').trim();
} catch (err) {
  console.error(`echo-node: ${err.message}: this server expects its code at /code, ` +
    'as on Function Compute (and in the local gateway\'s sandbox)');
  process.exit(1);
}

const server = http.createServer((req, res) => {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('use GET, or a WebSocket upgrade\n');
    return;
  }
  res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(`echo-node: instance ${instance} answered ${new URL(req.url, 'http://x').pathname}; ` +
    'connect with a WebSocket client to this URL to echo messages.\n');
});

// Messages are held whole in memory: bound them. ws answers pings itself.
const wss = new WebSocketServer({ server, maxPayload: 16 << 20 });

wss.on('connection', (ws, req) => {
  const started = Date.now();
  // Read now: once the socket is closed, its remoteAddress is undefined.
  const peer = `${req.socket.remoteAddress} ${req.url}`;
  ws.on('message', (data, isBinary) => {
    if (!isBinary && data.toString() === 'whoami') {
      ws.send(`instance ${instance} port ${req.socket.localPort}: ${greeting}`);
      return;
    }
    ws.send(data, { binary: isBinary });
  });
  ws.on('error', (err) => console.log(`${peer}: ${err.message}`));
  ws.on('close', (code) => {
    console.log(`${peer}: connection ended after ${Date.now() - started} ms: close ${code}`);
  });
});

// FC only reaches a server that listens on all interfaces.
server.listen(port, '0.0.0.0', () => {
  console.log(`echo-node: instance ${instance} listening on 0.0.0.0:${port}`);
});

// SIGTERM is how FC (and the local gateway) stops an instance: tell each
// client the server is going away (1001) so it knows to reconnect.
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    console.log('echo-node: shutting down');
    for (const ws of wss.clients) ws.close(1001, 'server shutting down');
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 10_000).unref();
  });
}
